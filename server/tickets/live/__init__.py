"""Live updates: ticket events through a numbered event log, fanned out to subscribers.

``publisher`` appends every committed ``TicketEvent`` to the ``log`` (a Redis stream, or
memory for one process) as a plain message (``messages``); ``hub`` is the one reader per
server process that hands each event to the local subscribers it concerns (the filter's
in-memory form decides that without the database, ``tickets.filters``) and tells them
when it missed some; ``stats_feed`` recomputes statistics once per change per distinct
filter, coalesced.
"""
