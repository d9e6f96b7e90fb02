"""The client's address for the sign-in and verification limits, trusting proxy headers only from a proxy.

``X-Real-IP`` and ``X-Forwarded-For`` are plain request headers: any client can send them. They name the
client only when the request reached the app through a proxy that sets them, so they are read only when
the direct peer is one of ``TRUSTED_PROXIES`` (settings.py); otherwise the peer itself is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from settings import get_settings

UNKNOWN = "unbekannt"


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    return address is not None and any(address in net for net in get_settings().trusted_proxy_networks)


def client_address(peer: str | None, headers: Mapping[str, str] | None) -> str:
    """The address to count attempts under: the peer, or what a trusted proxy says the client was."""
    direct = _address(peer)
    if direct is None:
        return (peer or "").strip() or UNKNOWN
    if not _trusted(direct):
        return str(direct)
    headers = headers or {}
    real = _address(_header(headers, "X-Real-IP"))
    if real is not None:
        return str(real)
    # X-Forwarded-For is appended to by each proxy: the first address from the right that is not one of
    # our proxies is the client (anything left of it was sent by the client and proves nothing)
    hops = [_address(h) for h in (_header(headers, "X-Forwarded-For") or "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            break
        if not _trusted(hop):
            return str(hop)
    return str(direct)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    return value
