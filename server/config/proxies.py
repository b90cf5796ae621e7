"""The client's address behind trusted reverse proxies (TRUSTED_PROXIES).

``X-Forwarded-For`` is read only when the direct peer (REMOTE_ADDR, or a websocket scope's
``client``) is in a trusted network: anyone else could write any address there.  The client
is then the rightmost address in the header that is not itself a trusted proxy, as
Uvicorn's ``--forwarded-allow-ips`` and Rails' trusted proxies read it: every trusted proxy
appends the peer it saw, so entries to the right of the first untrusted one are the proxies'
own and entries to its left were written by the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:10.0.0.1 from a dual-stack socket
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(peer: str | None, forwarded_for: Iterable[str], networks=None) -> str | None:
    """The client's address given the direct ``peer`` and the X-Forwarded-For header
    values in the order received."""
    networks = settings.TRUSTED_PROXIES if networks is None else networks
    if peer is None or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    # Every hop is a trusted proxy: the leftmost is the furthest one known.
    return hops[0] if hops else peer


def request_client_address(request) -> str | None:
    """The client's address for a Django request."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    return client_address(request.META.get("REMOTE_ADDR"), [forwarded] if forwarded else [])


def scope_client_address(scope: dict) -> str | None:
    """The client's address for an ASGI scope (a websocket's), by the same rule."""
    client = scope.get("client")
    peer = client[0] if client else None
    forwarded = [
        value.decode("latin-1")
        for name, value in scope.get("headers", [])
        if name.lower() == b"x-forwarded-for"
    ]
    return client_address(peer, forwarded)
