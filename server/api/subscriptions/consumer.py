"""The websocket consumer for /graphql: strawberry's, with limits from settings.

Incoming messages over GRAPHQL_WS_MAX_MESSAGE_BYTES close the socket with 1009 (message
too big) before they are parsed; a client may run at most
GRAPHQL_WS_MAX_SUBSCRIPTIONS operations at once (the next gets an ``error`` message).
"""

from __future__ import annotations

from django.conf import settings
from strawberry.channels import GraphQLWSConsumer

MESSAGE_TOO_BIG = 1009


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


def websocket_app():
    from api.schema import schema

    return DeskGraphQLWSConsumer.as_asgi(
        schema=schema, max_subscriptions_per_connection=settings.GRAPHQL_WS_MAX_SUBSCRIPTIONS
    )
