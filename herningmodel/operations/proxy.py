"""Trust X-Forwarded-Proto (and X-Forwarded-For, X-Request-ID) only from the TLS proxy.

Django's SECURE_PROXY_SSL_HEADER believes the header from anyone who can reach gunicorn. This
middleware, first in the chain, removes those headers unless the connection comes from an
address in HERNINGMODEL_TRUSTED_PROXIES, so a direct request with a forged
``X-Forwarded-Proto: https`` is treated as the plain HTTP it is (redirected, no HSTS).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REQUEST_ID",
    "HTTP_FORWARDED",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
logger = logging.getLogger(__name__)


def parse_networks(name: str, values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``); a bad one stops the start-up."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network (e.g. 127.0.0.1 or "
                "10.0.0.0/24)."
            ) from exc
    return tuple(networks)


def address_in(address: str | None, networks: Iterable[Network]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def from_trusted_proxy(request: HttpRequest) -> bool:
    networks = parse_networks("HERNINGMODEL_TRUSTED_PROXIES", settings.HERNINGMODEL_TRUSTED_PROXIES)
    return address_in(request.META.get("REMOTE_ADDR"), networks)


def came_through_proxy(request: HttpRequest) -> bool:
    """True for a request relayed by the proxy (it adds X-Forwarded-For to every request)."""
    return from_trusted_proxy(request) and "HTTP_X_FORWARDED_FOR" in request.META


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            if "HTTP_X_FORWARDED_PROTO" in request.META:
                # Either a forgery or a proxy missing from HERNINGMODEL_TRUSTED_PROXIES: both
                # are worth a line in the log, neither is believed.
                logger.warning(
                    "X-Forwarded-Proto from %s ignored: not in HERNINGMODEL_TRUSTED_PROXIES",
                    request.META.get("REMOTE_ADDR", "?"),
                )
                # gunicorn may already have believed it (its own forwarded-allow-ips); TLS ends
                # at the proxy in every supported set-up, so a direct request is plain HTTP.
                request.META["wsgi.url_scheme"] = "http"
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
