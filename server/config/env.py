"""Small helpers that read typed settings from the environment (12-factor)."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_rate(name: str, default: str) -> str:
    """A rate limit: "calls/seconds" (e.g. "20/60"), or "off"."""
    raw = os.environ.get(name)
    value = default if raw is None else raw.strip().lower()
    if value in ("", "off", "none"):
        return "off"
    calls, _, seconds = value.partition("/")
    if not (calls.isdigit() and seconds.isdigit() and int(calls) > 0 and int(seconds) > 0):
        raise ImproperlyConfigured(
            f"{name} must look like '20/60' (calls/seconds) or 'off', got {raw!r}"
        )
    return value


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated IP networks in CIDR notation (a bare address is a /32 or /128)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP network (e.g. 10.0.0.0/8 or 127.0.0.1)"
            ) from None
    return tuple(networks)
