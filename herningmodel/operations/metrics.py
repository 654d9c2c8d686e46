"""Prometheus metrics: django-prometheus's request latency by view and our own counters.

The metrics page is for the monitoring server only: it answers only clients whose address is in
HERNINGMODEL_METRICS_ALLOWED_ADDRESSES and never a request relayed by the public TLS proxy.
Nothing in a metric names a person or a user.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter

from herningmodel.operations.proxy import address_in, came_through_proxy, parse_networks

LOGIN_FAILURES = Counter(
    "herningmodel_login_failures_total", "Failed log-ins (wrong password, locked or inactive)."
)


@receiver(user_login_failed)
def count_login_failure(sender: Any, **kwargs: Any) -> None:
    LOGIN_FAILURES.inc()


def may_scrape(request: HttpRequest) -> bool:
    allowed = parse_networks(
        "HERNINGMODEL_METRICS_ALLOWED_ADDRESSES", settings.HERNINGMODEL_METRICS_ALLOWED_ADDRESSES
    )
    if came_through_proxy(request):
        return False
    return address_in(request.META.get("REMOTE_ADDR"), allowed)


def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponseForbidden(
            "Metrics are only served to the addresses in HERNINGMODEL_METRICS_ALLOWED_ADDRESSES.",
            content_type="text/plain",
        )
    return ExportToDjangoView(request)
