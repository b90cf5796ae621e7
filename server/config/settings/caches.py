"""Django's caches.  The default one holds rate-limit counters and lockouts: in Redis when
there is one, so every server process counts against the same numbers.  The classifier's
holds suggestions, per process."""

from config.redis_pools import cache_options
from config.settings.classifier import CLASSIFIER_CACHE_SIZE
from config.settings.live import REDIS_KEY_PREFIX, REDIS_URL

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            # One connection pool per process, not one per async context (request, socket).
            "OPTIONS": cache_options(),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "classifier": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "classifier",
        "OPTIONS": {"MAX_ENTRIES": CLASSIFIER_CACHE_SIZE},
    },
}
