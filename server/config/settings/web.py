"""What the server serves besides the API: static files, the web client, GraphiQL; and the
GraphQL safety limits (docs/api.md)."""

import warnings

from config.env import env_bool, env_int, env_path
from config.settings.base import DATA_DIR, DEBUG, REPO_DIR

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
# Once `collectstatic` has run (the server image does it at build time), content-hashed
# names and gzip copies that WhiteNoise serves with a one-year cache; before that (development,
# tests) Django's plain storage, so nothing needs collecting.
# Nothing collected yet (development, tests) is normal: WhiteNoise need not warn about it.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool(
                "STATIC_MANIFEST", not DEBUG and (STATIC_ROOT / "staticfiles.json").exists()
            )
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The built web client (make web-build), served at / by config.web.
WEB_DIST_DIR = env_path("WEB_DIST_DIR", REPO_DIR / "web" / "dist")

# GraphQL safety limits: see docs/api.md.
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 10, minimum=0)
GRAPHQL_MAX_ALIASES = env_int("GRAPHQL_MAX_ALIASES", 30, minimum=0)
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 2000, minimum=1)
GRAPHIQL = env_bool("GRAPHIQL", DEBUG)
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", DEBUG)
# Request bodies over this size are refused before GraphQL parses them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
