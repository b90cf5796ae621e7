"""Classification (docs/classification.md).  The LLM is used only when a key is set."""

from config.env import env_int, env_str

OPENAI_API_KEY = env_str("OPENAI_API_KEY", "")
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL", "") or None
OPENAI_MODEL = env_str("OPENAI_MODEL", "gpt-4o-mini")
OPENAI_TIMEOUT = float(env_int("OPENAI_TIMEOUT", 8, minimum=1))
# Suggestions kept per process in the "classifier" cache (config/settings/caches.py).
CLASSIFIER_CACHE_SIZE = env_int("CLASSIFIER_CACHE_SIZE", 5000, minimum=1)
CLASSIFIER_CACHE_TTL = env_int("CLASSIFIER_CACHE_TTL", 3600, minimum=0)
CLASSIFIER_FALLBACK_CACHE_TTL = env_int("CLASSIFIER_FALLBACK_CACHE_TTL", 60, minimum=0)
CLASSIFIER_RELOAD_SECONDS = env_int("CLASSIFIER_RELOAD_SECONDS", 10, minimum=0)
