"""What a valid client message is, for graphql-transport-ws and the legacy graphql-ws.

Strawberry reads fields without checking their shape, so a frame such as ``[1]``, ``5``
or ``{"type": "subscribe", "id": "1", "payload": {"query": 5}}`` raised inside its
handler: the handler stopped, the socket stayed open, and everything the client sent
afterwards was queued and never read.  The handlers (api.subscriptions.handlers) check
every message here first and close the socket with 4400 on the first invalid one, as
graphql-ws's PROTOCOL.md says ("Invalid message").
"""

from __future__ import annotations

INVALID_MESSAGE = 4400
TRANSPORT_WS_TYPES = frozenset({"connection_init", "ping", "pong", "subscribe", "complete"})
LEGACY_WS_TYPES = frozenset({"connection_init", "connection_terminate", "start", "stop"})
# Close reasons must fit a control frame (123 bytes); ids are echoed in them.
MAX_ID_LENGTH = 64


def _optional_object(message: dict, key: str, where: str = "") -> str | None:
    value = message.get(key)
    if value is not None and not isinstance(value, dict):
        return f"'{where}{key}' must be an object or null"
    return None


def _operation_id(message: dict) -> str | None:
    op_id = message.get("id")
    if not isinstance(op_id, str) or not op_id:
        return "'id' must be a non-empty string"
    if len(op_id) > MAX_ID_LENGTH:
        return f"'id' must be at most {MAX_ID_LENGTH} characters"
    return None


def _operation_payload(message: dict) -> str | None:
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return "'payload' must be an object"
    if not isinstance(payload.get("query"), str):
        return "'payload.query' must be a string"
    for key in ("variables", "extensions"):
        if (problem := _optional_object(payload, key, "payload.")) is not None:
            return problem
    name = payload.get("operationName")
    if name is not None and not isinstance(name, str):
        return "'payload.operationName' must be a string or null"
    return None


def _type_of(message: object, known: frozenset[str]) -> tuple[str | None, str | None]:
    """(type, problem): the message's type when it is an object of a known type."""
    if not isinstance(message, dict):
        return None, "A message must be a JSON object"
    kind = message.get("type")
    if not isinstance(kind, str):
        return None, "'type' must be a string"
    if kind not in known:
        return None, f"Unknown message type: {kind[:40]!r}"
    return kind, None


def transport_ws_problem(message: object) -> str | None:
    """Why ``message`` is not a valid graphql-transport-ws client message (None: valid)."""
    kind, problem = _type_of(message, TRANSPORT_WS_TYPES)
    if problem is not None:
        return problem
    assert isinstance(message, dict)
    if kind in ("connection_init", "ping", "pong"):
        return _optional_object(message, "payload")
    if kind == "complete":
        return _operation_id(message)
    return _operation_id(message) or _operation_payload(message)


def legacy_ws_problem(message: object) -> str | None:
    """Why ``message`` is not a valid legacy graphql-ws client message (None: valid)."""
    kind, problem = _type_of(message, LEGACY_WS_TYPES)
    if problem is not None:
        return problem
    assert isinstance(message, dict)
    if kind == "connection_init":
        return _optional_object(message, "payload")
    if kind == "stop":
        return _operation_id(message)
    if kind == "start":
        return _operation_id(message) or _operation_payload(message)
    return None
