"""Address safety: which resolved addresses the crawler may connect to.

Checked after DNS resolution and on every redirect hop (see middlewares.py).
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


def address_refusal(address: str, allow_private: bool) -> str | None:
    """Why `address` may not be contacted, or None when it may."""
    try:
        ip = _unmapped(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return f"{address!r} is not an IP address"
    for net in _ALWAYS_BLOCKED:
        if ip.version == net.version and ip in net:
            return f"{ip} is link-local, metadata or reserved ({net})"
    if ip.is_global:
        return None
    if allow_private and (ip.is_loopback or ip.is_private):
        return None
    kind = "loopback" if ip.is_loopback else "private or non-global"
    return f"{ip} is a {kind} address"


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
