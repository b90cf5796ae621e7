"""Live updates: ticket events over the channel layer, fanned out to subscribers.

``publisher`` sends every committed ``TicketEvent`` to one channel-layer group;
``hub`` is the one listener per server process that receives them and hands each to the
local subscribers it concerns (``matching`` decides that without the database), and
``stats_feed`` recomputes statistics once per change per distinct filter, coalesced.
"""
