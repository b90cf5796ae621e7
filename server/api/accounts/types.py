from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from accounts import selectors
from accounts.models import ApiToken
from accounts.roles import Role, role_of
from tickets.policy import desk_abilities


@strawberry.enum(name="Role", description="What a user may do (docs/accounts.md).")
class RoleEnum(Enum):
    REQUESTER = Role.REQUESTER.value
    AGENT = Role.AGENT.value
    ADMIN = Role.ADMIN.value


@strawberry.type(name="ApiToken", description="A personal API token (the secret is not kept).")
class ApiTokenType(relay.Node):
    id: relay.NodeID[int]
    name: str
    prefix: str = strawberry.field(
        description="The secret's first characters, to tell tokens apart."
    )
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(description="Within a minute.")
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> ApiTokenType:
        return cls(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


@strawberry.type(
    name="ViewerAbilities",
    description="What a user may do on the desk: the server's rules, for laying out screens.",
)
class ViewerAbilities:
    submit_tickets: bool = strawberry.field(description="Submit tickets.")
    see_all_tickets: bool = strawberry.field(
        description="See every ticket (otherwise only their own)."
    )
    see_stats: bool = strawberry.field(description="See the statistics (the dashboard).")


@strawberry.type(name="User", description="A person with an account.")
class UserType(relay.Node):
    id: relay.NodeID[int]
    username: str
    user: strawberry.Private[object]

    @strawberry.field(description="Null for an account in no role (it can do nothing).")
    def role(self) -> RoleEnum | None:
        role = role_of(self.user)
        return RoleEnum(role.value) if role else None

    @strawberry.field(description="What this user may do (`me { can }`: what you may do).")
    def can(self) -> ViewerAbilities:
        abilities = desk_abilities(self.user)
        return ViewerAbilities(
            submit_tickets=abilities.submit_tickets,
            see_all_tickets=abilities.see_all_tickets,
            see_stats=abilities.see_stats,
        )

    @strawberry.field(
        name="apiTokens", description="Your API tokens, newest first, revoked ones included."
    )
    def api_tokens(self) -> list[ApiTokenType]:
        return [ApiTokenType.of(t) for t in selectors.api_tokens_of(actor=self.user)]

    @classmethod
    def of(cls, user) -> UserType:
        return cls(id=user.pk, username=user.get_username(), user=user)
