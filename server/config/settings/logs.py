"""Logs: one JSON object per line with the request id (LOG_FORMAT=json, the default when DEBUG
is off), or plain text; see docs/deployment.md."""

from config.env import env_choice, env_log_level
from config.settings.base import DEBUG

LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", ("json", "text"))
LOG_LEVEL = env_log_level("LOG_LEVEL", "INFO")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.observability.RequestIdFilter"},
        "no_http_access": {"()": "config.observability.SkipServerAccessLines"},
    },
    "formatters": {
        "json": {"()": "config.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # One line per request comes from desk.request; Django's own would repeat 4xx/5xx.
    "loggers": {
        # Through the root handler only (Django's default adds a second console handler in
        # DEBUG) and at LOG_LEVEL.
        "django": {"handlers": [], "level": "NOTSET"},
        "django.request": {"level": "ERROR"},
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is the client's mistake, answered 4xx and
        # logged by desk.request: no traceback.
        "django.security.RequestDataTooBig": {"level": "CRITICAL"},
        # runserver's (Daphne's) access lines repeat desk.request; its websocket lines stay.
        "django.channels.server": {"filters": ["no_http_access"]},
        # Uvicorn's own lines (start, stop, websocket open/close) in the same format: its
        # handlers are replaced by ours once Django configures logging.
        "uvicorn": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": [], "propagate": True},
        # Its access lines would repeat desk.request (Django configures logging after
        # Uvicorn applied --no-access-log, so it is off here).
        "uvicorn.access": {"handlers": [], "propagate": False},
    },
}
