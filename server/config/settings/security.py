"""Browsers, cookies and proxies: CSRF and CORS origins, HTTPS hardening (on with DEBUG off)
and the reverse proxies whose X-Forwarded-For is believed."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_networks
from config.settings.base import DEBUG

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Browsers on these origins (e.g. the web client's dev server) may call the API; with
# credentials, so their session cookie works (they must be in CSRF_TRUSTED_ORIGINS too).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(graphql|auth/)"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (and strips a client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The reverse proxies' networks (CIDR, comma-separated).  Only a request whose peer is in
# one of them has its X-Forwarded-For read: the client IP is then the rightmost address not
# in them (config/proxies.py).  Empty (default): REMOTE_ADDR, the header is not trusted.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
if env_int("TRUSTED_PROXY_COUNT", 0) and not TRUSTED_PROXIES:
    # A hop count trusted whoever reached the process directly; refuse it rather than
    # silently rate-limit every client as the proxy's one address.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES: the proxies' networks, "
        "e.g. TRUSTED_PROXIES=10.0.0.5/32 (docs/deployment.md)"
    )
