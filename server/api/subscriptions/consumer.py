"""The websocket consumer for /graphql: strawberry's, with limits and authentication.

Incoming messages over GRAPHQL_WS_MAX_MESSAGE_BYTES close the socket with 1009 (message
too big) before they are parsed; a client may run at most
GRAPHQL_WS_MAX_SUBSCRIPTIONS operations at once (the next gets an ``error`` message).

A connection is accepted at ``connection_init`` only for a signed-in user: an API token
in the payload (``{"token": "desk_…"}`` or ``{"Authorization": "Bearer desk_…"}``), else
the session cookie of the websocket request.  Anyone else is refused: graphql-transport-ws
closes with 4403, the legacy protocol answers ``connection_error``.

Browsers may open the socket only from the desk's own origin or one in
CORS_ALLOWED_ORIGINS / CSRF_TRUSTED_ORIGINS (strawberry refuses other handshakes with
HTTP 403), so another site cannot ride a visitor's cookie.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.conf import settings
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError

from accounts.permissions import is_signed_in
from accounts.tokens import bearer_secret, user_for_secret

MESSAGE_TOO_BIG = 1009


def _payload_secret(params: object) -> str | None:
    if not isinstance(params, dict):
        return None
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return token.strip()
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        if isinstance(value, str):
            return bearer_secret(value)
    return None


def _load_permissions(user) -> None:
    # Fills Django's permission caches on the user, so checks on the event loop later
    # never query.
    user.get_all_permissions()
    from accounts.roles import role_of

    role_of(user)


class DeskGraphQLWSConsumer(GraphQLWSConsumer):
    # No channel-layer channel per socket: the process's hub is the only listener, and a
    # per-socket channel would be one idle blocking Redis read per connection.  Channels
    # skips the layer when this alias is not configured.
    channel_layer_alias = "desk-sockets-use-the-hub"

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None):
        size = len(text_data or "") + len(bytes_data or b"")
        if size > settings.GRAPHQL_WS_MAX_MESSAGE_BYTES:
            await self.close(code=MESSAGE_TOO_BIG)
            return
        await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def on_ws_connect(self, context):
        secret = _payload_secret(context.get("connection_params"))
        if secret is not None:
            user = await database_sync_to_async(user_for_secret)(secret)
            if user is None:
                raise ConnectionRejectionError({"message": "Unknown or revoked API token."})
        else:
            user = self.scope.get("user")
            if not is_signed_in(user):
                raise ConnectionRejectionError(
                    {"message": "Sign in first: a session cookie or a token in connection_init."}
                )
        await database_sync_to_async(_load_permissions)(user)
        context["user"] = user
        return await super().on_ws_connect(context)


def websocket_app():
    from api.schema import schema

    return DeskGraphQLWSConsumer.as_asgi(
        schema=schema,
        max_subscriptions_per_connection=settings.GRAPHQL_WS_MAX_SUBSCRIPTIONS,
        allowed_origins=sorted({*settings.CORS_ALLOWED_ORIGINS, *settings.CSRF_TRUSTED_ORIGINS}),
    )
