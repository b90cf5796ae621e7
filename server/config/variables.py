"""Every environment variable the desk reads, declared once, grouped by concern.

README's table is generated from this list (``make env-docs``, config/env_docs.py) and a test
fails when the two differ (config/tests/test_settings_env.py).  The settings read variables
only through config/env.py, which refuses a name missing here; each group names the module
that reads its variables, and the test checks that too.  ``default`` and ``meaning`` are the
README's Markdown.  Plain Python, no Django: the generator imports it without settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    meaning: str


@dataclass(frozen=True)
class Group:
    title: str
    # The Python module reading the group's variables through config/env.py, or None when
    # something else reads them (the server process, the Makefile, scripts); then `read_by`.
    module: str | None
    read_by: str
    variables: tuple[Variable, ...]


V = Variable
RATE_MEANING = "calls per seconds, per user (per IP anonymous); `off` disables"

GROUPS: tuple[Group, ...] = (
    Group(
        "Core",
        "config.settings.base",
        "`server/config/settings/base.py`",
        (
            V(
                "DEBUG",
                "`1`",
                "`0`/`1`; off in production (then secure cookies, HSTS, no GraphiQL/introspection)",
            ),
            V(
                "SECRET_KEY",
                "a development key, only while `DEBUG` is on",
                "required when `DEBUG=0`",
            ),
            V(
                "ALLOWED_HOSTS",
                "`127.0.0.1,localhost,[::1]` in DEBUG, empty otherwise",
                "comma-separated host names; required when `DEBUG=0`",
            ),
            V(
                "DESK_DATA_DIR",
                "`data/` in the repo (git-ignored)",
                "where the default SQLite file and collected static files live",
            ),
            V(
                "TIME_ZONE",
                "`UTC`",
                "the desk's IANA time zone; days in statistics are counted in it",
            ),
            V(
                "DESK_SERVER",
                "unset",
                "set to `uvicorn` by the production server (`config.serve`): Daphne, "
                "`runserver`'s ASGI server, is left out of `INSTALLED_APPS`; not set by hand",
            ),
        ),
    ),
    Group(
        "Database",
        "config.settings.database",
        "`server/config/settings/database.py`",
        (
            V(
                "DATABASE_URL",
                "SQLite file `data/desk.sqlite3`",
                "e.g. `postgres://user:pass@host:5432/desk` (psycopg 3)",
            ),
            V(
                "DB_CONN_MAX_AGE",
                "`0`",
                "seconds a database connection is kept open between requests (checked before "
                "reuse); keep `0` under ASGI unless the pool of threads is small "
                "([docs/deployment.md](docs/deployment.md))",
            ),
            V(
                "DB_POOL_SIZE",
                "`8`",
                "PostgreSQL: connections in each process's pool, shared by its threads "
                "(`0`: no pool, a connection per request)",
            ),
            V(
                "DB_POOL_TIMEOUT",
                "`2`",
                "PostgreSQL: seconds a request waits for a free pooled connection before it is "
                "answered 503 with `Retry-After` (load shed early)",
            ),
        ),
    ),
    Group(
        "Browsers, cookies and proxies",
        "config.settings.security",
        "`server/config/settings/security.py`",
        (
            V(
                "CSRF_TRUSTED_ORIGINS",
                "empty",
                "comma-separated origins, e.g. `https://desk.example.com`; browsers on another "
                "origin signing in with cookies",
            ),
            V(
                "CORS_ALLOWED_ORIGINS",
                "empty (no cross-origin calls)",
                "comma-separated origins allowed to call `/graphql` (with credentials) and open "
                "its websocket",
            ),
            V("SECURE_COOKIES", "on when `DEBUG=0`", "session and CSRF cookies only over HTTPS"),
            V(
                "SECURE_HSTS_SECONDS",
                "`31536000` when `DEBUG=0`, else `0`",
                "`Strict-Transport-Security` max-age",
            ),
            V("SECURE_HSTS_INCLUDE_SUBDOMAINS", "`0`", "add `includeSubDomains` to HSTS"),
            V("SECURE_SSL_REDIRECT", "`0`", "redirect HTTP to HTTPS"),
            V(
                "TRUST_X_FORWARDED_PROTO",
                "`0`",
                "behind a TLS proxy that sets `X-Forwarded-Proto`",
            ),
            V(
                "TRUSTED_PROXIES",
                "empty (the header is ignored)",
                "reverse proxies' networks, CIDR comma-separated (e.g. "
                "`127.0.0.1/32,10.0.0.0/8`): from these peers only, the client IP (for rate "
                "limits) is the rightmost `X-Forwarded-For` address outside them "
                "(docs/deployment.md); replaces `TRUSTED_PROXY_COUNT`",
            ),
            V(
                "TRUSTED_PROXY_COUNT",
                "unset",
                "no longer used: set (non-zero) without `TRUSTED_PROXIES`, start-up is refused "
                "with a pointer to `TRUSTED_PROXIES`",
            ),
        ),
    ),
    Group(
        "Accounts and abuse limits",
        "config.settings.accounts",
        "`server/config/settings/accounts.py`",
        (
            V("SESSION_COOKIE_AGE", "`1209600`", "seconds a sign-in lasts (two weeks)"),
            V("PASSWORD_MIN_LENGTH", "`10`", "Django's minimum-length password validator"),
            V(
                "BOOTSTRAP_ADMIN",
                "same as `DEBUG`",
                "`make run` creates `admin` (password printed once) when there is no user",
            ),
            V(
                "PUBLIC_TICKET_SUBMISSION",
                "`0`",
                "`1`: anonymous visitors may `createTicket` and `classifyTicket` (rate limited "
                "per IP)",
            ),
            V(
                "IDEMPOTENCY_KEY_TTL",
                "`86400`",
                "seconds a `createTicket` idempotency key is remembered (docs/api.md)",
            ),
            V("RATE_LIMIT_CREATE_TICKET", "`20/60`", f"`createTicket` {RATE_MEANING}"),
            V("RATE_LIMIT_CLASSIFY", "`60/60`", f"`classifyTicket` {RATE_MEANING}"),
            V(
                "LOGIN_MAX_FAILURES",
                "`5`",
                "failed sign-ins for one username before it is locked out",
            ),
            V(
                "LOGIN_MAX_FAILURES_PER_IP",
                "`50`",
                "failed sign-ins from one IP before it is locked out",
            ),
            V("LOGIN_FAILURE_WINDOW", "`900`", "seconds failures are remembered"),
            V(
                "LOGIN_LOCKOUT_SECONDS",
                "`60`",
                "first lockout; each further one within a day doubles",
            ),
            V("LOGIN_LOCKOUT_MAX_SECONDS", "`3600`", "longest lockout"),
        ),
    ),
    Group(
        "Web client and GraphQL",
        "config.settings.web",
        "`server/config/settings/web.py`",
        (
            V(
                "WEB_DIST_DIR",
                "`web/dist` in the repo",
                "the built web client the server serves at `/`",
            ),
            V(
                "STATIC_ROOT",
                "`static/` in `DESK_DATA_DIR` (`data/static`)",
                "where `collectstatic` writes the admin's files (served by WhiteNoise)",
            ),
            V(
                "STATIC_MANIFEST",
                "on when `DEBUG=0` and `collectstatic` wrote `staticfiles.json` there",
                "`1`: `collectstatic` writes (and the server serves) content-hashed, compressed "
                "files cached for a year; the server image's build sets it",
            ),
            V(
                "GRAPHIQL",
                "same as `DEBUG`",
                "serve the GraphQL playground (GraphiQL built into `web/dist` by "
                "`make web-build`, no CDN) on a browser's `GET /graphql`",
            ),
            V(
                "GRAPHQL_INTROSPECTION",
                "same as `DEBUG`",
                "answer introspection queries (GraphiQL needs them)",
            ),
            V(
                "GRAPHQL_MAX_DEPTH",
                "`10`",
                "deepest allowed selection (root fields are depth 0)",
            ),
            V("GRAPHQL_MAX_ALIASES", "`30`", "most aliases in one document"),
            V("GRAPHQL_MAX_TOKENS", "`2000`", "most tokens in one document"),
        ),
    ),
    Group(
        "Redis and live updates",
        "config.settings.live",
        "`server/config/settings/live.py`",
        (
            V(
                "REDIS_URL",
                "unset (in-memory live-update log and cache, one process)",
                "e.g. `redis://127.0.0.1:6379/0`: live updates and rate-limit counters shared by "
                "several server processes ([docs/live-updates.md](docs/live-updates.md))",
            ),
            V(
                "CHANNEL_LAYER_PREFIX",
                "`desk`",
                "key prefix in Redis (live-update log and cache), to keep desks sharing one "
                "Redis apart",
            ),
            V(
                "LIVE_LOG_LENGTH",
                "`5000`",
                "events a server process may fall behind before its subscribers are told to "
                "refetch (`LIVE_UPDATES_INTERRUPTED`; "
                "[docs/live-updates.md](docs/live-updates.md#delivery-guarantee))",
            ),
            V(
                "LIVE_STATS_INTERVAL_MS",
                "`250`",
                "least time between two `ticketStats` messages to one subscriber",
            ),
            V(
                "LIVE_EVENT_QUEUE_SIZE",
                "`200`",
                "unread events a subscriber may have before its stream ends",
            ),
            V("GRAPHQL_WS_MAX_SUBSCRIPTIONS", "`20`", "operations at once on one websocket"),
            V("GRAPHQL_WS_MAX_MESSAGE_BYTES", "`65536`", "largest incoming websocket message"),
            V(
                "GRAPHQL_WS_INIT_TIMEOUT",
                "`10`",
                "seconds a websocket may stay open without completing `connection_init` (then "
                "closed with 4408)",
            ),
        ),
    ),
    Group(
        "Classifier",
        "config.settings.classifier",
        "`server/config/settings/classifier.py`",
        (
            V(
                "OPENAI_API_KEY",
                "unset",
                "enables the LLM classifier; unset, the local model answers alone",
            ),
            V(
                "OPENAI_BASE_URL",
                "OpenAI's",
                "any OpenAI-compatible endpoint (Azure-style gateway, Ollama "
                "`http://localhost:11434/v1`, vLLM)",
            ),
            V("OPENAI_MODEL", "`gpt-4o-mini`", "model name sent to that endpoint"),
            V(
                "OPENAI_TIMEOUT",
                "`8`",
                "seconds one classification may take with the LLM, retry included",
            ),
            V(
                "CLASSIFIER_CACHE_SIZE",
                "`5000`",
                "suggestions kept per process (same normalised text, same answer)",
            ),
            V("CLASSIFIER_CACHE_TTL", "`3600`", "seconds a suggestion stays cached"),
            V(
                "CLASSIFIER_FALLBACK_CACHE_TTL",
                "`60`",
                "seconds a fallback (LLM failed) suggestion stays cached",
            ),
            V(
                "CLASSIFIER_RELOAD_SECONDS",
                "`10`",
                "how often a server looks for a newly trained local model",
            ),
        ),
    ),
    Group(
        "Logs",
        "config.settings.logs",
        "`server/config/settings/logs.py`",
        (
            V(
                "LOG_LEVEL",
                "`INFO`",
                "root log level (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`)",
            ),
            V(
                "LOG_FORMAT",
                "`json` when `DEBUG=0`, else `text`",
                "JSON lines with the request id ([docs/deployment.md](docs/deployment.md))",
            ),
        ),
    ),
    Group(
        "Server process",
        None,
        "`server/config/serve.py` (the server image's entrypoint, `make stack`)",
        (
            V(
                "PORT",
                "`8000`",
                "port `make run` serves on (and `make web-dev` proxies to); the production "
                "server's port",
            ),
            V("BIND", "`0.0.0.0`", "address the production server listens on"),
            V(
                "WEB_CONCURRENCY",
                "`1`",
                "Uvicorn worker processes (prefer more processes or replicas behind the proxy)",
            ),
            V(
                "GRACEFUL_TIMEOUT",
                "`25`",
                "seconds a stopping server lets in-flight requests finish",
            ),
            V(
                "WAIT_FOR_DB_SECONDS",
                "`60`",
                "seconds the production server waits for the database before giving up",
            ),
            V(
                "MIGRATE_ON_START",
                "`0`",
                "`1`: the production server migrates before serving (compose runs a `migrate` "
                "service instead)",
            ),
        ),
    ),
    Group(
        "Make targets and tools",
        None,
        "the Makefile, `scripts/` and management commands",
        (
            V(
                "DESK_USER_PASSWORD",
                "unset (asked for)",
                "password for `manage.py create_user` / `make admin`",
            ),
            V("ADMIN", "`admin`", "username `make admin` creates"),
            V("COUNT", "`5000`", "tickets `make demo` adds"),
            V(
                "BENCH_DATABASE_URL",
                "`postgres://postgres@127.0.0.1:5432/desk_bench`",
                "database `make bench` fills and measures",
            ),
            V("BENCH_TICKETS", "`1000000`", "tickets `make bench` seeds up to"),
            V("BENCH_ITERATIONS", "`50`", "timed requests per benchmark case"),
            V("BENCH_RUNS", "`15`", "page loads per case in `make web-bench`"),
            V(
                "CHROMIUM_PATH",
                "`/usr/bin/chromium`",
                "the browser `make web-e2e` and `make web-bench` drive (none is downloaded)",
            ),
            V("LOADTEST_SECONDS", "`60`", "how long `make loadtest` runs Locust"),
            V("LOADTEST_CLIENTS", "`32`", "its HTTP users (3 agents : 1 requester)"),
            V("LOADTEST_SUBSCRIBERS", "`200`", "its websocket subscribers (agents)"),
            V("LOADTEST_TICKETS", "`100000`", "tickets its database is seeded up to"),
            V(
                "LOADTEST_DATABASE_URL",
                "`postgres://postgres@127.0.0.1:5432/desk_loadtest`",
                "its PostgreSQL database (created if missing)",
            ),
            V("LOADTEST_REDIS_URL", "`redis://127.0.0.1:6379/0`", "its Redis"),
            V("LOADTEST_SERVERS", "`2`", "Uvicorn processes behind its nginx"),
            V("LOADTEST_WEB_CONCURRENCY", "`1`", "WEB_CONCURRENCY of each of its servers"),
            V("LOADTEST_SPAWN_RATE", "`50`", "its users started per second"),
            V("LOADTEST_WAIT", "`0`", "mean think time of one of its HTTP users, in seconds"),
            V("LOADTEST_AGENTS", "`4`", "agent accounts its users share"),
            V("LOADTEST_REQUESTERS", "`4`", "requester accounts its users share"),
            V("LOADTEST_SAMPLE_SECONDS", "`5`", "how often it samples the servers' RSS"),
            V("LOADTEST_OUTPUT", "`bench-results/loadtest.md`", "where it writes its report"),
            V(
                "LOADTEST_DRAIN_SECONDS",
                "`5`",
                "how long its subscribers keep listening after the load stops",
            ),
            V(
                "LOADTEST_AGENT_TOKENS",
                "set by `make loadtest`",
                "API tokens its Locust process uses (never set by hand)",
            ),
            V(
                "LOADTEST_REQUESTER_TOKENS",
                "set by `make loadtest`",
                "API tokens its Locust process uses (never set by hand)",
            ),
            V(
                "LOADTEST_SUMMARY",
                "set by `make loadtest`",
                "file its Locust process writes the subscribers' tally to (never set by hand)",
            ),
            V(
                "FUZZ_EXAMPLES",
                "`300`",
                "schema-fuzz operations per mode (valid and invalid arguments) in the "
                "fixed-seed pass `make test` runs",
            ),
            V(
                "FUZZ_SECONDS",
                "`600` with `make fuzz`, `0` in `make test`",
                "how long `make fuzz` keeps fuzzing after the fixed-seed pass",
            ),
        ),
    ),
)

DECLARED: frozenset[str] = frozenset(v.name for group in GROUPS for v in group.variables)
