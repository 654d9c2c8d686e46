"""The two ends of an OpenID Connect log-in: off to the provider (with state, nonce and a PKCE
challenge), and back with a code. Every refusal is shown as a plain page saying why, and is a
``LOGIN_FAILED`` event in the audit trail; nothing falls back to a weaker way in."""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from herningmodel.access.sso import discovery
from herningmodel.access.sso.mapping import MappingError
from herningmodel.access.sso.oidc import TokenRefused, provider_setting
from herningmodel.access.sso.provisioning import LoginRefused
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType

logger = logging.getLogger(__name__)


def refused(
    request: HttpRequest, code: str, message: str, status: int = 403, provider: str = "oidc"
) -> HttpResponse:
    issuer = settings.HERNINGMODEL_OIDC_ISSUER if provider == "oidc" else "SAML"
    audit.record(
        EventType.LOGIN_FAILED,
        actor=None,
        actor_label=f"identity provider {issuer}"[:150],
        source=request.path[:200],
        changes={"sso": provider, "code": code},
    )
    return render(
        request,
        "access/sso_refused.html",
        {"message": message, "provider_name": settings.HERNINGMODEL_OIDC_NAME},
        status=status,
    )


def unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("Single sign-on is misconfigured: %s", exc)
    return refused(
        request,
        "misconfigured",
        _(
            "Log-in through the identity provider is not working: it is misconfigured. "
            "Tell the IT department; the details are in the server log."
        ),
        status=503,
    )


class ProviderLogin(OIDCAuthenticationRequestView):
    get_settings = staticmethod(provider_setting)

    def __init__(self, **kwargs: Any) -> None:
        # The library reads the endpoint here; we read it (from discovery) inside get(), where
        # a misconfigured provider can be answered with a page instead of a crash.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except discovery.ProviderMisconfigured as exc:
            return unavailable(request, exc)
        response: HttpResponse = super().get(request)
        return response


class ProviderCallback(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(provider_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except TokenRefused as exc:
            logger.warning("Refused an ID token: %s", exc)
            return refused(
                request,
                str(exc.code),
                _("The identity provider's answer could not be accepted (%(code)s).")
                % {"code": exc.code},
            )
        except LoginRefused as exc:
            return refused(request, str(exc.code), exc.message)
        except (discovery.ProviderMisconfigured, MappingError) as exc:
            return unavailable(request, exc)
        except (requests.RequestException, SuspiciousOperation) as exc:
            logger.warning("Single sign-on failed: %s", exc)
            return refused(request, "provider_error", _("The log-in did not complete. Try again."))
        return response

    def login_failure(self) -> HttpResponse:
        error = str(self.request.GET.get("error", "no_user"))[:50]
        return refused(
            self.request, error, _("The log-in through the identity provider did not succeed.")
        )
