"""Deployment checks (``manage.py check --deploy``): the server image and ``make stack`` run
them with ``--fail-level ERROR`` before migrating, so a production desk cannot start
without the settings a browser behind a proxy needs."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    errors = []
    if settings.DEBUG:
        errors.append(Error("DEBUG is on; set DEBUG=0 in production.", id="desk.E001"))
    if not settings.CSRF_TRUSTED_ORIGINS:
        errors.append(
            Error(
                "CSRF_TRUSTED_ORIGINS is empty; set it to the public origin(s) of the desk, "
                "e.g. https://desk.example.com.",
                id="desk.E002",
            )
        )
    return errors
