"""The websocket consumer for /graphql: strawberry's, with limits and authentication.

A connection is accepted at ``connection_init`` only for a signed-in user
(api.subscriptions.actors: an API token in the payload, else the session cookie of the
handshake).  Anyone else is refused: graphql-transport-ws closes with 4403, the legacy
protocol answers ``connection_error`` and closes with 4403.  When the database cannot be
reached to check the credentials, the socket is closed with 1013 (try again later).

What a client can make the server hold is bounded:
- a socket that has not been acknowledged within GRAPHQL_WS_INIT_TIMEOUT seconds is closed
  with 4408 (1013 when it is the server still checking its credentials);
- a message over GRAPHQL_WS_MAX_MESSAGE_BYTES closes the socket with 1009 (Daphne's own
  limit answers the same, api.subscriptions.daphne);
- at most MAX_UNREAD_MESSAGES messages wait to be handled (more: closed with 1008);
- any invalid message closes the socket with 4400 (api.subscriptions.handlers), and from
  the moment the server closes a socket, whatever the client still sends is dropped;
- at most GRAPHQL_WS_MAX_SUBSCRIPTIONS operations at once (the next gets an ``error``).

Browsers may open the socket only from the desk's own origin or one in
CORS_ALLOWED_ORIGINS / CSRF_TRUSTED_ORIGINS (strawberry refuses other handshakes with
HTTP 403), so another site cannot ride a visitor's cookie.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import Error as DatabaseError
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError

from api.subscriptions import daphne
from api.subscriptions.actors import Refused, authenticate
from api.subscriptions.handlers import (
    TRY_AGAIN_LATER,
    UNAVAILABLE_REASON,
    DeskLegacyWSHandler,
    DeskTransportWSHandler,
    ServiceUnavailable,
)

logger = logging.getLogger(__name__)

MESSAGE_TOO_BIG = 1009
POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011
INIT_TIMEOUT = 4408
MAX_UNREAD_MESSAGES = 32

daphne.amend()


class DeskGraphQLWSConsumer(GraphQLWSConsumer):
    # No channel-layer channel per socket: the process's hub is the only listener, and a
    # per-socket channel would be one idle blocking Redis read per connection.  Channels
    # skips the layer when this alias is not configured.
    channel_layer_alias = "desk-sockets-use-the-hub"
    graphql_transport_ws_handler_class = DeskTransportWSHandler
    graphql_ws_handler_class = DeskLegacyWSHandler

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.closing = False
        self.acknowledged = False
        self.authenticating = False
        self.init_deadline: asyncio.Task | None = None

    async def connect(self) -> None:
        await super().connect()
        self.init_deadline = asyncio.create_task(self._close_unless_acknowledged())

    async def _close_unless_acknowledged(self) -> None:
        await asyncio.sleep(settings.GRAPHQL_WS_INIT_TIMEOUT)
        if self.acknowledged:
            return
        if self.authenticating:
            await self.close(code=TRY_AGAIN_LATER, reason=UNAVAILABLE_REASON)
        else:
            await self.close(code=INIT_TIMEOUT, reason="Connection initialisation timeout")

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None):
        if self.closing:
            return  # closed by the server: what the client still sends is dropped
        size = len(text_data or "") + len(bytes_data or b"")
        if size > settings.GRAPHQL_WS_MAX_MESSAGE_BYTES:
            await self.close(code=MESSAGE_TOO_BIG, reason="Message too big")
        elif self.run_task is None or self.run_task.done():
            await self.close(code=INTERNAL_ERROR, reason="Internal server error.")
        elif self.message_queue.qsize() >= MAX_UNREAD_MESSAGES:
            await self.close(code=POLICY_VIOLATION, reason="Too many unread messages")
        else:
            await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def send(self, text_data=None, bytes_data=None, close=False):
        if not self.closing:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def close(self, code=None, reason=None):
        if self.closing:
            return
        self.closing = True
        while not self.message_queue.empty():  # nothing the client sent matters any more
            self.message_queue.get_nowait()
        await super().close(code=code, reason=reason)

    async def disconnect(self, code: int) -> None:
        self.closing = True
        if self.init_deadline is not None:
            self.init_deadline.cancel()
        await super().disconnect(code)

    async def on_ws_connect(self, context):
        self.authenticating = True
        try:
            user, credentials = await database_sync_to_async(authenticate)(
                context.get("connection_params"), self.scope
            )
        except Refused as refused:
            raise ConnectionRejectionError({"message": refused.message}) from None
        except DatabaseError as error:
            logger.warning("websocket refused, database unavailable: %s", error)
            raise ServiceUnavailable from error
        finally:
            self.authenticating = False
        context["user"] = user
        context["credentials"] = credentials
        self.acknowledged = True
        return await super().on_ws_connect(context)


def websocket_app():
    from api.schema import schema

    timeout = settings.GRAPHQL_WS_INIT_TIMEOUT
    return DeskGraphQLWSConsumer.as_asgi(
        schema=schema,
        max_subscriptions_per_connection=settings.GRAPHQL_WS_MAX_SUBSCRIPTIONS,
        allowed_origins=sorted({*settings.CORS_ALLOWED_ORIGINS, *settings.CSRF_TRUSTED_ORIGINS}),
        # Strawberry's own timer (graphql-transport-ws only) stays behind ours.
        connection_init_wait_timeout=dt.timedelta(seconds=timeout + 5),
    )
