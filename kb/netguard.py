"""Address safety: which resolved addresses the crawler and `kb check` may connect to.

One set of rules for both: checked after DNS resolution and on every redirect hop
(crawler/middlewares.py, analysis/check.py).
`allow_private` admits loopback and private ranges (tests, the demo) but never
link-local or cloud-metadata addresses.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

_ALWAYS_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "169.254.0.0/16",  # link-local, incl. 169.254.169.254 cloud metadata
        "fe80::/10",  # IPv6 link-local
        "fd00:ec2::254/128",  # AWS IPv6 metadata
        "100.100.100.200/32",  # Alibaba metadata
        "0.0.0.0/8",
        "224.0.0.0/4",
        "ff00::/8",
        "::/128",
    )
)
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Resolution:
    """Addresses of a host, or why it may not be (or cannot be) reached."""

    addresses: tuple[str, ...]
    blocked: str | None = None  # reason the host is refused
    dns_error: str | None = None


def _unmapped(ip: IpAddress) -> IpAddress:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


@dataclass(frozen=True)
class Refusal:
    """Why an address is refused: `kind` is invalid (no IP address), never (link-local, metadata,
    multicast, unspecified: also refused with allow_private), loopback or private (non-global)."""

    ip: str
    kind: str
    net: str = ""


def refusal(address: str, allow_private: bool) -> Refusal | None:
    """The rule: why `address` may not be contacted, or None when it may."""
    try:
        ip = _unmapped(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return Refusal(address, "invalid")
    for net in _ALWAYS_BLOCKED:
        if ip.version == net.version and ip in net:
            return Refusal(str(ip), "never", str(net))
    if ip.is_global:
        return None
    if allow_private and (ip.is_loopback or ip.is_private):
        return None
    return Refusal(str(ip), "loopback" if ip.is_loopback else "private")


def address_refusal(address: str, allow_private: bool) -> str | None:
    """Why `address` may not be contacted (the crawl's wording), or None when it may."""
    why = refusal(address, allow_private)
    if why is None:
        return None
    if why.kind == "invalid":
        return f"{address!r} is not an IP address"
    if why.kind == "never":
        return f"{why.ip} is link-local, metadata or reserved ({why.net})"
    return f"{why.ip} is a {'loopback' if why.kind == 'loopback' else 'private or non-global'} address"


def resolve_host(host: str, port: int) -> tuple[str, ...]:
    """All addresses of `host` (blocking: call it in a thread)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


def is_ip_address(host: str) -> bool:
    """Whether `host` is an IP address literal (no DNS lookup needed)."""
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def check_host(host: str, port: int, allow_private: bool) -> Resolution:
    """Resolve `host` and refuse it when ANY of its addresses is refused."""
    host = host.strip("[]")
    if is_ip_address(host):
        addresses: tuple[str, ...] = (host,)
    else:
        try:
            addresses = resolve_host(host, port)
        except (OSError, UnicodeError) as exc:
            return Resolution((), dns_error=f"DNS lookup of {host} failed: {exc}")
    for address in addresses:
        reason = address_refusal(address, allow_private)
        if reason:
            return Resolution(addresses, blocked=f"{host}: {reason}")
    return Resolution(addresses)
