"""Typed reads of the environment (12-factor) for the settings package (config/settings/).

Each value is parsed once, when the settings load; a bad one stops start-up with an
ImproperlyConfigured naming the variable.  Only variables declared in config/variables.py
(from which README's table is generated) may be read: an undeclared name is refused too,
so the code cannot read a variable the README does not document.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.variables import DECLARED

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_OFF = {"", "off", "none"}

# (variable, module that read it): what the settings read at load (server/config/tests).
_reads: set[tuple[str, str]] = set()


def reads() -> frozenset[tuple[str, str]]:
    """The (variable, reading module) pairs read so far."""
    return frozenset(_reads)


def _raw(name: str) -> str | None:
    if name not in DECLARED:
        raise ImproperlyConfigured(
            f"{name} is read but not declared in config/variables.py (README's table)"
        )
    frame = sys._getframe(1)
    while frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    _reads.add((name, frame.f_globals.get("__name__", "?")))
    return os.environ.get(name)


@dataclass(frozen=True)
class Rate:
    """A rate limit: ``limit`` calls per ``seconds`` (accounts/ratelimit.py counts them)."""

    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str | None, *, name: str = "rate") -> Rate | None:
        """``"20/60"``: 20 calls per 60 s.  Empty, ``off`` or ``none``: no limit (None)."""
        value = (text or "").strip().lower()
        if value in _OFF:
            return None
        calls, _, seconds = value.partition("/")
        if not (calls.isdigit() and seconds.isdigit() and int(calls) > 0 and int(seconds) > 0):
            raise ImproperlyConfigured(
                f"{name} must look like '20/60' (calls/seconds) or 'off', got {text!r}"
            )
        return cls(int(calls), int(seconds))

    def __str__(self) -> str:
        return f"{self.limit}/{self.seconds}"


def env_str(name: str, default: str) -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_path(name: str, default: Path) -> Path:
    raw = _raw(name)
    return default if raw is None else Path(raw)


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (compared trimmed and lower-cased)."""
    raw = _raw(name)
    value = default if raw is None else raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be {' or '.join(choices)}, got {value!r}")
    return value


def env_log_level(name: str, default: str) -> str:
    """A level name the logging module knows (``INFO``, ``WARNING``, …), as written."""
    value = env_str(name, default)
    if value not in logging.getLevelNamesMapping():
        known = ", ".join(sorted(logging.getLevelNamesMapping()))
        raise ImproperlyConfigured(f"{name} must be one of {known}, got {value!r}")
    return value


def env_rate(name: str, default: str) -> Rate | None:
    """A rate limit, "calls/seconds" (e.g. "20/60"), or "off" (None)."""
    raw = _raw(name)
    return Rate.parse(default if raw is None else raw, name=name)


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
