"""Sign-in on Django sessions, and personal API tokens."""

from __future__ import annotations

import strawberry
from django.contrib import auth
from strawberry.relay import GlobalID

from accounts import services
from api.access import CSRF_FAILED_MESSAGE, actor_of, client_ip, request_of
from api.accounts.types import ApiTokenType, UserType
from api.errors import FieldError, field_errors
from core.errors import DomainError, ErrorCode


@strawberry.type
class LoginPayload:
    user: UserType | None
    errors: list[FieldError]


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.type
class CreateApiTokenPayload:
    token: ApiTokenType | None
    secret: str | None = strawberry.field(
        description="The token itself, for `Authorization: Bearer …`. Shown only here, once."
    )
    errors: list[FieldError]


@strawberry.type
class RevokeApiTokenPayload:
    token: ApiTokenType | None
    errors: list[FieldError]


def _websocket_refusal() -> DomainError:
    return DomainError.single(
        None, ErrorCode.INVALID, "Sign in and out over HTTP (POST /graphql), not a websocket."
    )


def _decode_token_id(value: str) -> int:
    try:
        global_id = GlobalID.from_id(value)
        if global_id.type_name != "ApiToken":
            raise ValueError(global_id.type_name)
        return int(global_id.node_id)
    except Exception:  # noqa: BLE001 - any decoding failure is the same client mistake
        raise DomainError.single(
            "id", ErrorCode.INVALID_ID, f"{value[:60]!r} is not an API token id."
        ) from None


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        description=(
            "Sign in with a username and password: starts a session (cookie). Later "
            "cookie-authenticated POSTs must send the csrftoken cookie's value in an "
            "X-CSRFToken header. Repeated failures lock the name out for a while."
        )
    )
    def login(self, info: strawberry.Info, username: str, password: str) -> LoginPayload:
        request = request_of(info)
        try:
            if request is None:
                raise _websocket_refusal()
            if not getattr(request, "desk_csrf_ok", True):
                raise DomainError.single(None, ErrorCode.CSRF_FAILED, CSRF_FAILED_MESSAGE)
            user = services.check_credentials(
                username=username, password=password, ip=client_ip(request), request=request
            )
        except DomainError as exc:
            return LoginPayload(user=None, errors=field_errors(exc))
        auth.login(request, user)  # a new session id and a new CSRF token
        return LoginPayload(user=UserType.of(user), errors=[])

    @strawberry.mutation(description="End the session (nothing to do for a token or nobody).")
    def logout(self, info: strawberry.Info) -> LogoutPayload:
        request = request_of(info)
        if request is None:
            return LogoutPayload(ok=False, errors=field_errors(_websocket_refusal()))
        if getattr(request, "desk_token_id", None) is None:
            auth.logout(request)
        return LogoutPayload(ok=True, errors=[])

    @strawberry.mutation(
        name="createApiToken",
        description="A personal API token for scripts. Its secret is in this answer only.",
    )
    def create_api_token(self, info: strawberry.Info, name: str) -> CreateApiTokenPayload:
        try:
            token, secret = services.create_api_token(actor=actor_of(info), name=name)
        except DomainError as exc:
            return CreateApiTokenPayload(token=None, secret=None, errors=field_errors(exc))
        return CreateApiTokenPayload(token=ApiTokenType.of(token), secret=secret, errors=[])

    @strawberry.mutation(
        name="revokeApiToken",
        description="Revoke one of your API tokens; it is refused from then on.",
    )
    def revoke_api_token(self, info: strawberry.Info, id: strawberry.ID) -> RevokeApiTokenPayload:
        try:
            token = services.revoke_api_token(actor=actor_of(info), token_id=_decode_token_id(id))
        except DomainError as exc:
            return RevokeApiTokenPayload(token=None, errors=field_errors(exc))
        return RevokeApiTokenPayload(token=ApiTokenType.of(token), errors=[])
