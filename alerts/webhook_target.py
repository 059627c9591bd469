"""Where a webhook may be sent: the URL's host resolved once, every address checked, the request pinned.

A brand's webhook URL is input from outside. Without this check it could make greenchain POST to
its own loopback services, the office network or a cloud metadata endpoint (SSRF). The check is on
the *resolved* addresses, not the literal host (a name can point anywhere), and the request then
goes to the address that was checked, so a second DNS answer cannot swap in another (rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services that are not link-local: Alibaba Cloud (in the shared 100.64/10 range) and
# AWS's IPv6 endpoint. 169.254.169.254 (AWS, GCP, Azure, Tencent, Huawei) is link-local.
_METADATA = {ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254")}


class TargetRefused(ValueError):
    """The URL resolves to an address webhooks may not reach."""


def refusal(ip: IPAddress) -> str | None:
    """Why greenchain will not send to this address, or None if it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:  # ::ffff:127.0.0.1 and friends reach the IPv4 address
            return refusal(embedded)
    if ip in _METADATA:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives at 169.254.169.254)"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private-network address"
    if not ip.is_global:
        return "an address that is not publicly routable"
    return None


@dataclass(frozen=True)
class PinnedTarget:
    """The request URL with its host replaced by the checked address, and what to tell the server."""

    url: httpx.URL
    host_header: str
    sni_hostname: str


async def pin_target(url: str, allow_private: bool) -> PinnedTarget:
    """Resolve `url`'s host once and check every address; TargetRefused names the first bad one."""
    u = httpx.URL(url)
    if u.scheme not in ("http", "https") or not u.host:
        raise TargetRefused(f"webhook URL must be http(s) with a host: {url}")
    port = u.port or (443 if u.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(u.host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise TargetRefused(f"cannot resolve {u.host}: {e.strerror}") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    if not addresses:
        raise TargetRefused(f"{u.host} resolves to no address")
    if not allow_private:
        for ip in addresses:
            why = refusal(ip)
            if why is not None:
                raise TargetRefused(f"webhook host {u.host} resolves to {ip}, {why}; refused "
                                    "(webhook.allow_private_targets is off)")
    host_header = f"[{u.host}]" if ":" in u.host else u.host  # an IPv6 literal keeps its brackets
    if u.port is not None:  # httpx leaves the scheme's default port out
        host_header += f":{u.port}"
    return PinnedTarget(url=u.copy_with(host=str(addresses[0])), host_header=host_header, sni_hostname=u.host)
