"""The connection-time guard: a crawl never connects to a loopback, private or link-local address.

Checking a URL's host before the request is not enough: DNS may answer differently a moment later
(DNS rebinding), and redirects move to new hosts.  So the socket itself is opened only to an
address that was resolved and checked in the same step.
"""

from __future__ import annotations

import ipaddress
import socket

import httpcore
import httpx


class PrivateAddressError(httpcore.ConnectError):
    """A connection to a non-public address was refused."""


def public_address(host: str, port: int) -> str:
    """The first address of ``host`` if every address it resolves to is public; else raise."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise httpcore.ConnectError(f"{host}: {exc.strerror or exc}") from exc
    addresses = [info[4][0].split("%")[0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if not ip.is_global or ip.is_multicast:
            raise PrivateAddressError(f"private address: {host} resolves to {address}")
    return addresses[0]


class PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked public addresses."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        return super().connect_tcp(public_address(host, port), port, timeout, local_address, socket_options)


def transport(allow_private: bool) -> httpx.HTTPTransport:
    """An httpx transport; unless ``allow_private``, its connections go to public addresses only.

    TLS still verifies the certificate against the URL's host name: only the TCP connection
    uses the checked address.
    """
    result = httpx.HTTPTransport(trust_env=False)
    if not allow_private:
        result._pool._network_backend = PublicOnlyBackend()  # httpx offers no public hook for this
    return result
