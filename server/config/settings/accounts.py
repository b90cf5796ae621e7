"""Accounts (docs/accounts.md): sign-in, passwords, lockouts, and the limits on what
callers may do (public submission, rate limits, idempotency keys)."""

from config.env import env_bool, env_int, env_rate
from config.settings.base import DEBUG

# Django's model permissions, with each user's answer cached (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.CachedPermissionsBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=1)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's default hashers (PBKDF2 first; Argon2/bcrypt when installed are not needed).
LOGIN_URL = "/admin/login/"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=1)
# On a first `make run` with no user at all, create an admin and print its password once.
BOOTSTRAP_ADMIN = env_bool("BOOTSTRAP_ADMIN", DEBUG)

# Anonymous visitors may submit tickets (and ask for suggestions) only when this is on.
PUBLIC_TICKET_SUBMISSION = env_bool("PUBLIC_TICKET_SUBMISSION", False)
# Parsed here, once: a config.env.Rate (calls per seconds), or None for "off".  Counted per
# signed-in user (per client IP when anonymous) by accounts/ratelimit.py.
RATE_LIMIT_CREATE_TICKET = env_rate("RATE_LIMIT_CREATE_TICKET", "20/60")
RATE_LIMIT_CLASSIFY = env_rate("RATE_LIMIT_CLASSIFY", "60/60")
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_MAX_FAILURES_PER_IP = env_int("LOGIN_MAX_FAILURES_PER_IP", 50, minimum=1)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 900, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 60, minimum=1)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 3600, minimum=1)
# Cache key namespace of the counters (tests give each test its own).
RATE_LIMIT_NAMESPACE = "desk-rl"
# createTicket's idempotency keys are remembered this long (seconds; tickets/idempotency.py).
IDEMPOTENCY_KEY_TTL = env_int("IDEMPOTENCY_KEY_TTL", 24 * 3600, minimum=1)
