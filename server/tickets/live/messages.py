"""TicketEvents as plain JSON messages for the event log (Redis holds JSON: plain types only).

A message::

    {"type": "ticket.event", "kind": "UPDATED",
     "ticket": {every TicketSnapshot field: its value},
     "previous": {each changed field: its value before the change},
     "changed_fields": ["status", ...]}

Each value travels by the type its ``TicketSnapshot`` field declares (``_CODECS``):
datetimes as ISO 8601 strings with their offset, the other types as JSON has them.  A
snapshot field of a type without a codec fails at import, so a new field's encoding is a
decision, not an accident.  ``decode`` checks every part and raises ``MalformedMessage``
naming the first thing wrong.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tickets.events import EventKind, TicketEvent, TicketSnapshot

MESSAGE_TYPE = "ticket.event"


class MalformedMessage(ValueError):
    """A message that is not a ticket event this server can read."""


@dataclass(frozen=True)
class _Codec:
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]  # raises ValueError with what it expected


def _same(value: Any) -> Any:
    return value


def _checked(expected: type, name: str) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        # bool is an int to Python, not to a ticket.
        if isinstance(value, bool) and expected is not bool:
            raise ValueError(f"expected {name}, got {value!r}")
        if expected is float and isinstance(value, int):
            return float(value)
        if not isinstance(value, expected):
            raise ValueError(f"expected {name}, got {value!r}")
        return value

    return decode


def _decode_datetime(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected an ISO 8601 date-time, got {value!r}") from None
    if moment.tzinfo is None:
        raise ValueError(f"expected a date-time with an offset, got {value!r}")
    return moment


_PLAIN = {
    str: _Codec(_same, _checked(str, "a string")),
    int: _Codec(_same, _checked(int, "an integer")),
    float: _Codec(_same, _checked(float, "a number")),
    bool: _Codec(_same, _checked(bool, "true or false")),
    datetime: _Codec(datetime.isoformat, _decode_datetime),
}


def _optional(codec: _Codec) -> _Codec:
    return _Codec(
        lambda value: None if value is None else codec.encode(value),
        lambda value: None if value is None else codec.decode(value),
    )


def _codec_for(name: str, annotation: Any) -> _Codec:
    if annotation in _PLAIN:
        return _PLAIN[annotation]
    arguments = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) and len(arguments) == 2 and type(None) in arguments:
        (inner,) = (a for a in arguments if a is not type(None))
        if inner in _PLAIN:
            return _optional(_PLAIN[inner])
    raise TypeError(f"TicketSnapshot.{name}: no message codec for {annotation!r}")


_CODECS: dict[str, _Codec] = {
    name: _codec_for(name, annotation)
    for name, annotation in typing.get_type_hints(TicketSnapshot).items()
}


def _plain(values: typing.Mapping[str, Any]) -> dict[str, Any]:
    return {name: _CODECS[name].encode(value) for name, value in values.items()}


def encode(event: TicketEvent) -> dict[str, Any]:
    return {
        "type": MESSAGE_TYPE,
        "kind": event.kind.value,
        "ticket": _plain({name: getattr(event.ticket, name) for name in _CODECS}),
        "previous": _plain(event.previous),
        "changed_fields": list(event.changed_fields),
    }


def decode(message: Any) -> TicketEvent:
    """The event, or MalformedMessage saying what is wrong with the message."""
    if not isinstance(message, dict):
        raise MalformedMessage(f"ticket event: expected a JSON object, got {message!r:.80}")
    if message.get("type") != MESSAGE_TYPE:
        raise MalformedMessage(f"ticket event: type should be {MESSAGE_TYPE!r}")
    missing = {"kind", "ticket", "previous", "changed_fields"} - set(message)
    if missing:
        raise MalformedMessage(f"ticket event: missing {', '.join(sorted(missing))}")
    try:
        kind = EventKind(message["kind"])
    except ValueError:
        raise MalformedMessage(
            f"ticket event: kind should be one of {', '.join(EventKind)}, "
            f"got {message['kind']!r:.80}"
        ) from None
    ticket = _typed("ticket", message["ticket"], required=True)
    previous = _typed("previous", message["previous"], required=False)
    changed = message["changed_fields"]
    if not isinstance(changed, list) or not all(isinstance(name, str) for name in changed):
        raise MalformedMessage("ticket event: changed_fields should be a list of field names")
    try:
        return TicketEvent(
            kind=kind,
            ticket=TicketSnapshot(**ticket),
            previous=previous,
            changed_fields=tuple(changed),
        )
    except ValueError as exc:
        raise MalformedMessage(f"ticket event: {exc}") from None


def _typed(part: str, values: Any, *, required: bool) -> dict[str, Any]:
    """A part of the message (``ticket`` or ``previous``) with each value of its field's
    type; ``required``: every snapshot field must be there."""
    if not isinstance(values, dict):
        raise MalformedMessage(f"ticket event: {part} should be a JSON object")
    unknown = set(values) - set(_CODECS)
    if unknown:
        raise MalformedMessage(f"ticket event: {part} has unknown fields {sorted(unknown)}")
    missing = set(_CODECS) - set(values) if required else set()
    if missing:
        raise MalformedMessage(f"ticket event: {part} lacks {', '.join(sorted(missing))}")
    typed = {}
    for name, value in values.items():
        try:
            typed[name] = _CODECS[name].decode(value)
        except ValueError as exc:
            raise MalformedMessage(f"ticket event: {part}.{name}: {exc}") from None
    return typed
