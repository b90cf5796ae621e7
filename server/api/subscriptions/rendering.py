"""Render a subscription message once for every subscriber that would get the same one.

graphql-core executes a subscription's selection set once per event per subscriber.  With
hundreds of subscribers on a server that is most of the cost of a change: they all receive
the same object (the hub hands one rendered event or one stats value to a whole group) and
most of them send the same document with the same variables.  ``shared(payload)`` marks a
payload as viewer-independent; the execution context below then keeps each error-free
result on the payload itself, keyed by (document, operation name, variables), and reuses
it.  The results go away with the payload.

A reused result is also encoded once: its ``data`` is a ``Rendered`` dict that keeps its
JSON text, which the websocket handler (api.subscriptions.handlers) sends as it is, and a
subscriber whose result is already there skips graphql-core's per-event executor.

Permissions decide which events reach a subscriber (in the hub).  A field of a shared
payload may depend on who is watching only through the payload's
``viewer_variant(actor)``: a hashable value, equal for every viewer the payload renders
the same for (a ticket event's is the viewer's abilities on the ticket, for
``Ticket.viewerCan``); it joins the key, so agents still share one result.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from graphql import ExecutionResult
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.access import actor_in

T = TypeVar("T")

_RENDERS = "_desk_renders"


def shared(payload: T) -> T:
    """Mark ``payload`` as rendered identically for every subscriber."""
    payload.__dict__.setdefault(_RENDERS, {})
    return payload


class Rendered(dict):
    """A shared result's data, whose JSON text is made once for all its subscribers."""

    __slots__ = ("_text",)

    def __init__(self, data: dict) -> None:
        super().__init__(data)
        self._text: str | None = None

    def text(self) -> str:
        """Compact JSON, as strawberry encodes a websocket message."""
        if self._text is None:
            self._text = json.dumps(self, separators=(",", ":"))
        return self._text


class _Replay:
    """The per-event executor of a subscriber whose result is already rendered."""

    __slots__ = ("result",)

    def __init__(self, result: ExecutionResult) -> None:
        self.result = result

    def execute_operation(self, serially: bool | None = None) -> ExecutionResult:
        return self.result


class SharedRenderExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _render_key: tuple | None = None

    def build_per_event_executor(self, payload: Any):
        renders = getattr(payload, "__dict__", {}).get(_RENDERS)
        if renders is not None:
            if self._render_key is None:
                self._render_key = self._key()
            result = renders.get(self._key_for(payload))
            if result is not None:
                return _Replay(result)
        return super().build_per_event_executor(payload)

    def execute_operation(self, serially: bool | None = None):
        renders = getattr(self.root_value, "__dict__", {}).get(_RENDERS)
        if renders is None or self._render_key is None:
            return super().execute_operation(serially)
        key = self._key_for(self.root_value)
        result = renders.get(key)
        if result is None:
            result = super().execute_operation(serially)
            if isinstance(result, ExecutionResult) and not result.errors and result.data:
                result = ExecutionResult(Rendered(result.data), None, result.extensions)
                renders[key] = result
        return result

    def _key_for(self, payload: Any) -> tuple:
        key = self._render_key
        variant = getattr(payload, "viewer_variant", None)
        if variant is not None:
            key = (*key, variant(actor_in(self.context_value)))
        return key

    def _key(self) -> tuple:
        operation = self.operation
        source = operation.loc.source.body if operation.loc else id(operation)
        name = operation.name.value if operation.name else None
        variables = self.variable_values.coerced
        return source, name, repr(sorted(variables.items()))
