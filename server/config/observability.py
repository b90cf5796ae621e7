"""Production plumbing: health probes, a request id on every request, JSON log lines.

``HealthMiddleware`` answers ``/healthz`` (the process is up) and ``/readyz`` (the database
and, when REDIS_URL is set, Redis answer) before any other middleware, so probes work with
any Host header and never touch sessions.  ``RequestIdMiddleware`` takes the proxy's
``X-Request-ID`` (nginx's ``$request_id``) or makes one, returns it in the response, puts
it on every log line written while the request runs, and logs one ``desk.request`` line per
request.  ``JsonFormatter`` writes one JSON object per line (LOG_FORMAT=json).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import JsonResponse

from config.db_probe import database_status

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
access_log = logging.getLogger("desk.request")


class _Both:
    """A middleware Django runs without a thread hop under ASGI and plainly under WSGI."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self.handle(request)


# Health ---------------------------------------------------------------------------------


def readiness() -> dict[str, str]:
    """ "ok" or the error, per dependency: the database, and Redis when configured."""
    # Bounded (config/db_probe.py): a database that hangs is "timeout", within 1 s.
    checks: dict[str, str] = {"database": database_status()}
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            )
            with client:
                client.ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"{type(exc).__name__}: {exc}"[:200]
    return checks


def _ready_response(checks: dict[str, str]) -> JsonResponse:
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )


def _alive() -> JsonResponse:
    return JsonResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


class HealthMiddleware(_Both):
    def handle(self, request):
        if request.path == "/healthz":
            return _alive()
        if request.path == "/readyz":
            return _ready_response(readiness())
        return self.get_response(request)

    async def __acall__(self, request):
        if request.path == "/healthz":
            return _alive()
        if request.path == "/readyz":
            return _ready_response(await sync_to_async(readiness)())
        return await self.get_response(request)


# Request id and access log --------------------------------------------------------------


class RequestIdMiddleware(_Both):
    def _start(self, request) -> tuple[contextvars.Token, float]:
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        return request_id_var.set(request.id), time.perf_counter()

    def _finish(self, request, response, token, started) -> None:
        response["X-Request-ID"] = request.id
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        request_id_var.reset(token)

    def handle(self, request):
        token, started = self._start(request)
        response = self.get_response(request)
        self._finish(request, response, token, started)
        return response

    async def __acall__(self, request):
        token, started = self._start(request)
        response = await self.get_response(request)
        self._finish(request, response, token, started)
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


_STANDARD = set(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "request_id",
    "color_message",  # Uvicorn's ANSI-coloured copy of the message
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | str | bool) else str(value)
        if record.exc_info:
            entry["exc"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(entry, ensure_ascii=False)


class SkipServerAccessLines(logging.Filter):
    """Drops ``manage.py runserver``'s (Daphne's) per-request HTTP lines: desk.request
    writes one line per request already.  Its websocket lines pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        details = record.args
        return not (isinstance(details, dict) and "status" in details and "method" in details)
