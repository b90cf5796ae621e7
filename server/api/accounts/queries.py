from __future__ import annotations

import strawberry

from api.access import actor_of
from api.accounts.types import UserType
from core.actors import is_signed_in


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Who is signed in, or null for an anonymous caller.")
    def me(self, info: strawberry.Info) -> UserType | None:
        actor = actor_of(info)
        return UserType.of(actor) if is_signed_in(actor) else None
