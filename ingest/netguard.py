"""Which addresses URL ingestion may connect to (SSRF protection).

By default only public internet addresses: a host is resolved first and refused when
any of its addresses is loopback, private, link-local, multicast, reserved,
unspecified, shared (CGNAT) or a cloud metadata endpoint. IPv6 forms that carry an
IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by that IPv4 address. The
fetcher then connects to exactly the addresses checked here (no second DNS lookup, so
DNS rebinding between check and connect cannot redirect it), and checks again on
every redirect.

`fetch_allow_hosts` opens holes for intranet use: host names (`intranet.example.com`,
or `.example.com` for the domain and its subdomains), IP addresses and CIDR ranges.
Cloud metadata addresses are refused even inside an allowed range unless the entry
names that exact address or host.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ConfigError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Instance metadata / platform endpoints of the big clouds (AWS, GCP, Azure, Alibaba, Oracle, ECS).
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "169.254.169.253",
        "fd00:ec2::254",
        "100.100.100.200",
        "168.63.129.16",
        "192.0.0.192",
    )
)
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.com",
    }
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_HOSTNAME = re.compile(r"^(\*?\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")


class BlockedAddress(Exception):
    """The URL's host is not allowed; the message says why and how to allow it."""


class ResolveError(Exception):
    """The host name does not resolve."""


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses, in the resolver's order (a module function so tests can stand in for DNS)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolveError(f"cannot resolve host {host} ({exc})") from None
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]
        if addr not in out:
            out.append(addr)
    return out


def embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4, Teredo client), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
    return ip


def non_public_reason(ip: IPAddress) -> str | None:
    """Why `ip` is not a public internet address (None when it is one)."""
    inner = embedded_ipv4(ip)
    for candidate in (inner, ip) if inner != ip else (ip,):
        if candidate in METADATA_ADDRESSES:
            return "a cloud metadata address"
        if candidate.is_unspecified:
            return "an unspecified address"
        if candidate.is_loopback:
            return "a loopback address"
        if candidate.is_link_local:
            return "a link-local address"
        if candidate.is_multicast:
            return "a multicast address"
        if candidate.is_reserved:
            return "a reserved address"
        if candidate.is_private:
            return "a private-network address"
        if not candidate.is_global:
            return "not a public internet address"
    return None


def ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


@dataclass(frozen=True)
class AddressPolicy:
    hosts: frozenset[str] = frozenset()  # exact host names
    domains: tuple[str, ...] = ()  # ".example.com": the domain and its subdomains
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AddressPolicy:
        hosts: set[str] = set()
        domains: list[str] = []
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip().lower().rstrip(".")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            if not _HOSTNAME.match(entry):
                raise ConfigError(
                    f"fetch_allow_hosts: {raw!r} is neither a host name (intranet.example.com, .example.com), "
                    "an IP address nor a CIDR range (10.0.0.0/8); fix NEWSRAG_FETCH_ALLOW_HOSTS"
                )
            if entry.startswith(("*.", ".")):
                domains.append(entry.lstrip("*"))
            else:
                hosts.add(entry)
        return cls(frozenset(hosts), tuple(domains), tuple(networks))

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host in self.hosts or any(host == d[1:] or host.endswith(d) for d in self.domains)

    def address_allowed(self, ip: IPAddress) -> bool:
        for net in self.networks:
            if ip in net or embedded_ipv4(ip) in net:
                if ip in METADATA_ADDRESSES or embedded_ipv4(ip) in METADATA_ADDRESSES:
                    return net.num_addresses == 1  # metadata only when named exactly
                return True
        return False

    def check(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for `host`, all of them allowed; BlockedAddress otherwise.

        Every address the host resolves to must pass, so a name that mixes a public and
        a private address is refused rather than connected at random."""
        name = host.lower().rstrip(".")
        by_name = self.host_allowed(name)
        literal = ip_literal(name)
        if literal is not None:
            addresses = [str(literal)]
        else:
            if name in METADATA_HOSTS and not by_name:
                raise BlockedAddress(f"{host} is a cloud metadata host; {_HOW_TO_ALLOW}")
            addresses = resolve(name, port)
            if not addresses:
                raise ResolveError(f"cannot resolve host {host}")
        if by_name:
            return addresses
        for addr in addresses:
            ip = ipaddress.ip_address(addr)
            if self.address_allowed(ip):
                continue
            reason = non_public_reason(ip)
            if reason:
                shown = host if literal is not None else f"{host} (resolves to {addr})"
                raise BlockedAddress(f"{shown} is {reason}; {_HOW_TO_ALLOW}")
        return addresses


_HOW_TO_ALLOW = (
    "newsrag only fetches public internet addresses by default. For an intranet source, add the host "
    "or its network to NEWSRAG_FETCH_ALLOW_HOSTS (e.g. intranet.example.com or 10.1.0.0/16)"
)
