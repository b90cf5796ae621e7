"""Sends every committed TicketEvent to the channel layer's ticket group.

Runs in the ``on_commit`` callback of the write, so the write has already succeeded: a
channel layer that is down (Redis gone) is logged and never fails the mutation.
Subscribers learn about the outage from the hub, whose own receive fails.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.dispatch import receiver

from tickets.events import TicketEvent, ticket_changed
from tickets.live.messages import encode

GROUP = "desk.tickets"
# A Redis that hangs rather than refuses must not hold a mutation's response for long.
SEND_TIMEOUT_SECONDS = 2.0

logger = logging.getLogger(__name__)


@receiver(ticket_changed, dispatch_uid="tickets.live.publisher")
def publish(sender, event: TicketEvent, **kwargs) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(_send)(layer, encode(event))
    except Exception:
        logger.warning("Live update not published: the channel layer failed", exc_info=True)


async def _send(layer, message: dict) -> None:
    """One retry: after Redis restarts, the first pooled connection is a dead one."""
    try:
        await asyncio.wait_for(layer.group_send(GROUP, message), SEND_TIMEOUT_SECONDS)
    except Exception:
        await asyncio.wait_for(layer.group_send(GROUP, message), SEND_TIMEOUT_SECONDS)
