"""API token secrets: made, hashed and checked.

A secret is ``desk_`` plus 43 URL-safe characters (256 random bits).  The database holds
only its SHA-256, which is enough for a secret this random (no need for a slow password
hash) and lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from accounts.models import ApiToken

SECRET_PREFIX = "desk_"
DISPLAY_PREFIX_LENGTH = len(SECRET_PREFIX) + 6
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(seconds=60)
_MAX_SECRET_LENGTH = 200


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def bearer_secret(header: str | None) -> str | None:
    """The secret in an ``Authorization: Bearer <secret>`` header value, or None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def user_for_secret(secret: str | None):
    """The active user a live token belongs to, or None (unknown, revoked, inactive).

    Notes the token's use (at most once a minute per token).
    """
    if not secret or len(secret) > _MAX_SECRET_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    user.desk_token_id = token.pk  # how this request authenticated
    return user
