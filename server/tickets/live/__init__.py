"""Live updates: ticket events through a numbered event log, fanned out to subscribers.

``publisher`` appends every committed ``TicketEvent`` to the ``log`` (a Redis stream, or
memory for one process); ``hub`` is the one reader per server process that hands each
event to the local subscribers it concerns (``matching`` decides that without the
database) and tells them when it missed some; ``stats_feed`` recomputes statistics once
per change per distinct filter, coalesced.
"""
