"""Where a page or picture that a feed links to may be fetched from.

A feed is the user's choice, on the internet or on their own network. The links inside it are
its author's: a link to http://127.0.0.1:8080/admin, to a router at 192.168.1.1 or to a cloud's
metadata address at 169.254.169.254 would have kalbartui send requests into the user's own
network and show the answer as an article. So a linked page or picture is fetched only from a
public address, unless it is on the feed's own origin (the feed is trusted as far as its own
server goes) or the user allowed it (`fetch_private_addresses`, globally or for one feed).

The rule is about addresses, not spellings: a host is resolved first and every address it
resolves to is judged (so 2130706433, 0x7f.0.0.1, 127.1, localhost and a name that resolves to
127.0.0.1 are all loopback), the connection goes to an address that was judged, and every
redirect hop is judged again. The fetch layer applies it (feeds.reach); this module decides.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 ranges that carry an IPv4 address inside, judged by that address; and the old
# IPv4-compatible range (::a.b.c.d), which no public host uses.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_V4_COMPATIBLE = ipaddress.ip_network("::/96")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def parse_address(text: str) -> Address | None:
    """An IP address from getaddrinfo's text (an IPv6 zone such as %eth0 dropped), or None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None


def is_public(address: str | Address) -> bool:
    """True for a globally routed unicast address. Loopback, private (RFC 1918, unique local),
    link-local, shared (CGNAT), multicast, reserved, documentation and unspecified addresses
    are not; an IPv4 address carried in IPv6 (mapped, 6to4, Teredo, NAT64) is judged by itself."""
    ip = parse_address(address) if isinstance(address, str) else address
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None:
            return is_public(inner)
        if ip in _V4_COMPATIBLE:
            return False
    return bool(
        ip.is_global
        and not (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        )
    )


def parse_network(text: str) -> Network | None:
    """ "192.168.1.0/24", "10.0.0.5" or "fd00::/8" as a network; None for anything else."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def is_host_name(text: str) -> bool:
    """A host name as a user writes one in the config: letters, digits, '-', '_' and dots."""
    name = text.strip().rstrip(".")
    if not name or len(name) > 253:
        return False
    return all(
        part and len(part) <= 63 and all(c.isalnum() or c in "-_" for c in part)
        for part in name.split(".")
    )


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL, the default port filled in; None otherwise."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return scheme, host, port


@dataclass(frozen=True, slots=True)
class AddressRule:
    """What addresses one connection may go to: public ones, and the user's `networks`."""

    networks: tuple[Network, ...] = ()

    def allows(self, address: str) -> bool:
        ip = parse_address(address)
        if ip is None:
            return False
        if is_public(ip):
            return True
        return any(ip.version == net.version and ip in net for net in self.networks)


@dataclass(frozen=True, slots=True)
class Reach:
    """Where the pages and pictures one feed links to may be fetched from."""

    origin: tuple[str, str, int] | None = None  # the feed's own origin: any address
    anywhere: bool = False  # the user allows every address for this feed
    hosts: frozenset[str] = field(default_factory=frozenset)  # names the user allows
    networks: tuple[Network, ...] = ()  # networks the user allows

    @classmethod
    def of(cls, setting: bool | tuple[str, ...], feed_url: str = "") -> Reach:
        """The reach of a feed's links, from its `fetch_private_addresses` setting (true,
        false, or host names and networks) and the feed's own URL."""
        own = origin(feed_url)
        if setting is True:
            return cls(own, anywhere=True)
        hosts: set[str] = set()
        networks: list[Network] = []
        for entry in setting or ():
            network = parse_network(entry)
            if network is not None:
                networks.append(network)
            elif is_host_name(entry):
                hosts.add(entry.strip().lower().rstrip("."))
        return cls(own, hosts=frozenset(hosts), networks=tuple(networks))

    def rule_for(self, url: str) -> AddressRule | None:
        """None when `url`'s host may be at any address (the feed's own origin, a host the
        user named, or everywhere allowed); else the rule every address it resolves to is
        held to."""
        if self.anywhere:
            return None
        here = origin(url)
        if here is not None and (here == self.origin or here[1] in self.hosts):
            return None
        return AddressRule(self.networks)
