"""Strawberry's protocol handlers, made strict and complete.

- Every client message is checked (api.subscriptions.protocol) before it is handled: the
  first invalid one closes the socket with 4400.  Nothing a client sends can stop a
  handler while its socket stays open.
- ``connection_init`` with ``"payload": null`` is accepted (the protocol allows it).
- Queries and mutations run like HTTP requests (api.subscriptions.operations): one
  ``next`` (legacy: ``data``), then ``complete``; refused before execution: ``error``.
- A syntax error, or an operation name the document lacks, answers that operation with
  ``error`` instead of closing the socket: the client's other operations go on.
- ``ping`` is answered with a ``pong`` carrying the ping's payload, as graphql-ws does.
- A subscription result rendered for many subscribers (api.subscriptions.rendering) is
  sent with its JSON text made once, not encoded again for every socket.
- The database being unavailable while authenticating closes with 1013 (try again later),
  which graphql-ws clients retry; an unexpected fault closes with 4500, never silence.
"""

from __future__ import annotations

import json
import logging
from contextlib import suppress

from graphql import GraphQLError, OperationType
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import (
    NonJsonMessageReceived,
    NonTextMessageReceived,
    WebSocketDisconnected,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from api.subscriptions.operations import execute_single_result, is_request_error, operation_type
from api.subscriptions.protocol import INVALID_MESSAGE, legacy_ws_problem, transport_ws_problem
from api.subscriptions.rendering import Rendered

logger = logging.getLogger(__name__)

FORBIDDEN = 4403
INTERNAL_ERROR = 4500
TRY_AGAIN_LATER = 1013
UNAVAILABLE_REASON = "The database is unavailable: try again later."
INTERNAL_REASON = "Internal server error."


class ServiceUnavailable(Exception):
    """Raised by on_ws_connect when credentials cannot be checked (database away)."""


def _single_result(query: str, operation_name: str | None) -> bool:
    kind = operation_type(query, operation_name)
    return kind is not None and kind is not OperationType.SUBSCRIPTION


class DeskTransportWSHandler(BaseGraphQLTransportWSHandler):
    async def handle_message(self, message) -> None:
        problem = transport_ws_problem(message)
        if problem is not None:
            await self.handle_invalid_message(problem)
            return
        if message["type"] == "connection_init" and message.get("payload") is None:
            message = {**message, "payload": {}}
        try:
            await super().handle_message(message)
        except ServiceUnavailable:
            await self.websocket.close(code=TRY_AGAIN_LATER, reason=UNAVAILABLE_REASON)
        except Exception:
            logger.exception("websocket message handling failed")
            await self.websocket.close(code=INTERNAL_ERROR, reason=INTERNAL_REASON)

    async def send_message(self, message) -> None:
        if message["type"] == "next":
            payload = message["payload"]
            data = payload.get("data")
            if isinstance(data, Rendered) and len(payload) == 1:
                op_id = json.dumps(message["id"])
                text = f'{{"id":{op_id},"type":"next","payload":{{"data":{data.text()}}}}}'
                await self.view.send(text_data=text)
                return
        await super().send_message(message)

    async def handle_ping(self, message) -> None:
        pong = {"type": "pong"}
        if message.get("payload") is not None:
            pong["payload"] = message["payload"]
        await self.send_message(pong)

    @staticmethod
    def _get_pre_execution_close_reason(error: GraphQLError) -> str | None:
        return None  # answered with an ``error`` message for that operation

    async def run_operation(self, operation) -> None:
        if not _single_result(operation.query, operation.operation_name):
            await super().run_operation(operation)
            return
        try:
            result = await execute_single_result(
                self.schema,
                self.context,
                operation.query,
                operation.variables,
                operation.operation_name,
            )
            if is_request_error(result):
                await operation.send_initial_errors(result.errors)
                return
            await operation.send_next(result)
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except Exception as error:
            await self.handle_task_exception(error)
            with suppress(Exception):
                await operation.send_initial_errors([GraphQLError("Unexpected error.")])


class DeskLegacyWSHandler(BaseGraphQLWSHandler):
    async def handle(self) -> None:
        """Strawberry's loop, except that a frame which is not JSON closes with 4400 (the
        original ignores it, and keeps reading)."""
        try:
            try:
                async for message in self.websocket.iter_json():
                    await self.handle_message(message)
            except NonTextMessageReceived:
                await self.websocket.close(INVALID_MESSAGE, "Messages must be text")
            except NonJsonMessageReceived:
                await self.websocket.close(INVALID_MESSAGE, "Messages must be valid JSON")
        except WebSocketDisconnected:
            pass
        finally:
            if self.keep_alive_task:
                self.keep_alive_task.cancel()
                with suppress(BaseException):
                    await self.keep_alive_task
            await self.cleanup()

    async def handle_message(self, message) -> None:
        problem = legacy_ws_problem(message)
        if problem is not None:
            await self.websocket.close(INVALID_MESSAGE, problem)
            return
        try:
            await super().handle_message(message)
        except ServiceUnavailable:
            await self.send_message(
                {"type": "connection_error", "payload": {"message": UNAVAILABLE_REASON}}
            )
            await self.websocket.close(TRY_AGAIN_LATER, UNAVAILABLE_REASON)
        except Exception:
            logger.exception("websocket message handling failed")
            await self.websocket.close(INTERNAL_ERROR, INTERNAL_REASON)

    async def handle_connection_init(self, message) -> None:
        if message.get("payload") is None:
            message = {**message, "payload": {}}
        self.context["connection_params"] = message["payload"]
        try:
            await self.view.on_ws_connect(self.context)
        except ConnectionRejectionError as rejection:
            await self.send_message({"type": "connection_error", "payload": rejection.payload})
            await self.websocket.close(FORBIDDEN, "Forbidden")
            return
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True

    async def handle_async_results(self, operation_id, query, operation_name, variables) -> None:
        if not _single_result(query, operation_name):
            await super().handle_async_results(operation_id, query, operation_name, variables)
            return
        try:
            result = await execute_single_result(
                self.schema, self.context, query, variables, operation_name
            )
            if is_request_error(result):
                payload = result.errors[0].formatted
                await self.send_message({"type": "error", "id": operation_id, "payload": payload})
                return
            await self.send_data_message(result, operation_id)
            await self.send_message({"type": "complete", "id": operation_id})
        finally:
            self.tasks.pop(operation_id, None)
