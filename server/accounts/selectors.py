"""Reads about accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import ApiToken
from core.actors import require_signed_in


def api_tokens_of(*, actor) -> QuerySet[ApiToken]:
    """The actor's own tokens, newest first, revoked ones included."""
    require_signed_in(actor)
    return ApiToken.objects.filter(user=actor)
