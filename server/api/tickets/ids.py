"""Relay global ids for tickets: decoding with errors that say what is wrong."""

from __future__ import annotations

from strawberry.relay import GlobalID

from core.errors import DomainError, ErrorCode

TICKET_TYPE_NAME = "Ticket"


def decode_ticket_id(value: str, *, field: str = "id") -> int:
    try:
        global_id = GlobalID.from_id(value)
        if global_id.type_name != TICKET_TYPE_NAME:
            raise ValueError(global_id.type_name)
        pk = int(global_id.node_id)
        if pk <= 0:
            raise ValueError(pk)
    except Exception:  # noqa: BLE001 - any decoding failure is the same client mistake
        raise DomainError.single(
            field, ErrorCode.INVALID_ID, f"{value[:60]!r} is not a ticket id."
        ) from None
    return pk
