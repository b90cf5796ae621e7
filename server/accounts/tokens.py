"""API token secrets: made, hashed and checked.

A secret is ``desk_`` plus 43 URL-safe characters (256 random bits).  The database holds
only its SHA-256, which is enough for a secret this random (no need for a slow password
hash) and lets a request find its token with one indexed lookup.  That lookup runs on
every API request, so its SQL is written once per process (``_TokenLookup``) rather than
built and compiled by the ORM each time (0.7 ms of CPU a request, docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models.expressions import Col
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


class _TokenLookup:
    """The live token with this digest and its active user, in one indexed query: what
    ``ApiToken.objects.select_related("user").filter(digest=..., revoked_at__isnull=True,
    user__is_active=True)`` asks, with the row read into a user as the ORM would (the
    backend's converters, ``from_db``)."""

    def __init__(self, alias: str):
        connection = connections[alias]
        quote = connection.ops.quote_name
        user_model = get_user_model()
        tokens, users = quote(ApiToken._meta.db_table), quote(user_model._meta.db_table)
        self.alias = alias
        self.user_model = user_model
        self.user_fields = user_model._meta.concrete_fields
        self.attnames = [field.attname for field in self.user_fields]
        last_used = ApiToken._meta.get_field("last_used_at")
        columns = [
            f"{tokens}.{quote(ApiToken._meta.pk.column)}",
            f"{tokens}.{quote(last_used.column)}",
            *(f"{users}.{quote(field.column)}" for field in self.user_fields),
        ]
        user_id = ApiToken._meta.get_field("user").column
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {tokens} INNER JOIN {users} "
            f"ON {tokens}.{quote(user_id)} = {users}.{quote(user_model._meta.pk.column)} "
            f"WHERE {tokens}.{quote(ApiToken._meta.get_field('digest').column)} = %s "
            f"AND {tokens}.{quote(ApiToken._meta.get_field('revoked_at').column)} IS NULL "
            f"AND {users}.{quote(user_model._meta.get_field('is_active').column)} LIMIT 1"
        )
        self.converters = [
            _converters(connection, field)
            for field in (ApiToken._meta.pk, last_used, *self.user_fields)
        ]

    def __call__(self, digest: str):
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [digest])
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for value, (column, converters) in zip(row, self.converters, strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            values.append(value)
        token_id, last_used_at, *user_values = values
        user = self.user_model.from_db(self.alias, self.attnames, user_values)
        return token_id, last_used_at, user


def _converters(connection, field) -> tuple[Col, list]:
    column = Col(field.model._meta.db_table, field)
    return column, [
        *connection.ops.get_db_converters(column),
        *column.get_db_converters(connection),
    ]


@functools.cache
def _lookup(alias: str) -> _TokenLookup:
    return _TokenLookup(alias)


def user_for_secret(secret: str | None):
    """The active user a live token belongs to, or None (unknown, revoked, inactive).

    Notes the token's use (at most once a minute per token).
    """
    if not secret or len(secret) > _MAX_SECRET_LENGTH:
        return None
    found = _lookup(ApiToken.objects.db)(digest_of(secret))
    if found is None:
        return None
    token_id, last_used_at, user = found
    now = timezone.now()
    if last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    user.desk_token_id = token_id  # how this request authenticated
    return user
