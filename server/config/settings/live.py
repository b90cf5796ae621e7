"""Redis and live updates (docs/live-updates.md): an event log in memory (one process), or a
Redis stream shared by several processes (tickets/live/log.py), and the websocket limits.
No channel layer is used."""

from config.env import env_int, env_str

REDIS_URL = env_str("REDIS_URL", "").strip()
# Desks (or test runs) sharing one Redis keep apart by prefix (live updates and cache).
REDIS_KEY_PREFIX = env_str("CHANNEL_LAYER_PREFIX", "desk")
CHANNEL_LAYERS: dict = {}
# How far a process may fall behind the log before its subscribers are told they missed
# events (LIVE_UPDATES_INTERRUPTED).
LIVE_LOG_LENGTH = env_int("LIVE_LOG_LENGTH", 5000, minimum=1)
LIVE_STATS_INTERVAL = env_int("LIVE_STATS_INTERVAL_MS", 250, minimum=0) / 1000
LIVE_EVENT_QUEUE_SIZE = env_int("LIVE_EVENT_QUEUE_SIZE", 200, minimum=1)
LIVE_CONNECT_TIMEOUT = 5.0
GRAPHQL_WS_MAX_SUBSCRIPTIONS = env_int("GRAPHQL_WS_MAX_SUBSCRIPTIONS", 20, minimum=1)
GRAPHQL_WS_MAX_MESSAGE_BYTES = env_int("GRAPHQL_WS_MAX_MESSAGE_BYTES", 64 * 1024, minimum=1)
# Seconds a websocket may stay open without completing connection_init (then: 4408).
GRAPHQL_WS_INIT_TIMEOUT = env_int("GRAPHQL_WS_INIT_TIMEOUT", 10, minimum=1)
# runserver hands these to Daphne, which refuses bigger websocket messages itself (the
# daphne CLI takes --websocket-max-message-size instead).
DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE = GRAPHQL_WS_MAX_MESSAGE_BYTES
DAPHNE_WEBSOCKET_MAX_FRAME_SIZE = GRAPHQL_WS_MAX_MESSAGE_BYTES
