"""Render a subscription message once for every subscriber that would get the same one.

graphql-core executes a subscription's selection set once per event per subscriber.  With
hundreds of subscribers on a server that is most of the cost of a change: they all receive
the same object (the hub hands one rendered event or one stats value to a whole group) and
most of them send the same document with the same variables.  ``shared(payload)`` marks a
payload as viewer-independent; the execution context below then keeps each error-free
result on the payload itself, keyed by (document, operation name, variables), and reuses
it.  The results go away with the payload.

Permissions decide which events reach a subscriber (in the hub).  A field of a shared
payload may depend on who is watching only through the payload's
``viewer_variant(actor)``: a hashable value, equal for every viewer the payload renders
the same for (a ticket event's is the viewer's abilities on the ticket, for
``Ticket.viewerCan``); it joins the key, so agents still share one result.
"""

from __future__ import annotations

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


class SharedRenderExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _render_key: tuple | None = None

    def build_per_event_executor(self, payload: Any):
        if self._render_key is None and _RENDERS in getattr(payload, "__dict__", {}):
            self._render_key = self._key()
        return super().build_per_event_executor(payload)

    def execute_operation(self, serially: bool | None = None):
        renders = getattr(self.root_value, "__dict__", {}).get(_RENDERS)
        if renders is None or self._render_key is None:
            return super().execute_operation(serially)
        key = self._render_key
        variant = getattr(self.root_value, "viewer_variant", None)
        if variant is not None:
            key = (*key, variant(actor_in(self.context_value)))
        result = renders.get(key)
        if result is None:
            result = super().execute_operation(serially)
            if isinstance(result, ExecutionResult) and not result.errors:
                renders[key] = result
        return result

    def _key(self) -> tuple:
        operation = self.operation
        source = operation.loc.source.body if operation.loc else id(operation)
        name = operation.name.value if operation.name else None
        variables = self.variable_values.coerced
        return source, name, repr(sorted(variables.items()))
