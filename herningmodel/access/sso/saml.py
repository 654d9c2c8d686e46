"""Logging in through a SAML 2.0 identity provider (djangosaml2 on pysaml2, OIOSAML 3 profile:
signed AuthnRequest by HTTP-Redirect, signed Assertion by HTTP-POST, RSA-SHA256, persistent
NameID, and optionally the NSIS assurance level attribute).

pysaml2 checks the signatures against the IdP's metadata, the audience, the conditions' time
window and that the answer is to a request we made. The person's access then follows the
IdP's groups attribute through the same mapping and the same staffing entry point as with
OpenID Connect (``provisioning.follow_provider``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from djangosaml2 import views as saml_views
from djangosaml2.backends import Saml2Backend
from saml2 import BINDING_HTTP_POST
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from herningmodel.access.backends import StaffBackend
from herningmodel.access.sso import oidc
from herningmodel.access.sso.mapping import MappingError
from herningmodel.access.sso.oidc import TokenProblem
from herningmodel.access.sso.provisioning import (
    LoginRefused,
    ProviderSays,
    Refusal,
    follow_provider,
)

#: The OIOSAML 3 / NSIS attribute carrying the assurance level.
LOA_ATTRIBUTE = "https://data.gov.dk/concept/core/nsis/loa"


def sp_settings(with_idp: bool = True) -> dict[str, Any]:
    base = settings.HERNINGMODEL_SAML_BASE_URL.rstrip("/")
    config: dict[str, Any] = {
        "entityid": f"{base}/saml2/metadata/",
        "xmlsec_binary": settings.HERNINGMODEL_SAML_XMLSEC,
        "key_file": settings.HERNINGMODEL_SAML_KEY_FILE,
        "cert_file": settings.HERNINGMODEL_SAML_CERT_FILE,
        "encryption_keypairs": [
            {
                "key_file": settings.HERNINGMODEL_SAML_KEY_FILE,
                "cert_file": settings.HERNINGMODEL_SAML_CERT_FILE,
            }
        ],
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "endpoints": {
                    "assertion_consumer_service": [(f"{base}/saml2/acs/", BINDING_HTTP_POST)],
                },
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
                "authn_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
    }
    if with_idp:
        config["metadata"] = {"local": [settings.HERNINGMODEL_SAML_IDP_METADATA]}
    return config


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER: the configuration built from our settings."""
    config = SPConfig()
    config.load(sp_settings())
    return config


def sp_metadata_xml() -> str:
    from saml2.metadata import entity_descriptor

    config = SPConfig()
    config.load(sp_settings(with_idp=False))
    return str(entity_descriptor(config))


def problem_code(exception: Exception | None) -> str:
    """The same stable codes as for OpenID Connect tokens, where pysaml2's errors allow."""
    if isinstance(exception, SignatureError):
        return str(TokenProblem.SIGNATURE)
    if isinstance(exception, ResponseLifetimeExceed | ToEarly):
        return str(TokenProblem.EXPIRED)
    if exception is not None and "AudienceRestriction" in str(exception):
        return str(TokenProblem.AUDIENCE)  # pysaml2 raises a bare Exception for this
    return type(exception).__name__[:50] if exception is not None else "saml_error"


class SamlBackend(Saml2Backend):
    def authenticate(
        self,
        request: HttpRequest,
        session_info: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if session_info is None or "ava" not in session_info:
            return None
        attributes: dict[str, list[str]] = session_info["ava"]
        wanted = settings.HERNINGMODEL_SAML_REQUIRED_LOA
        if wanted and not set(attributes.get(LOA_ATTRIBUTE, [])) & set(wanted):
            raise LoginRefused(
                Refusal.ASSURANCE, _("The log-in's assurance level is too low for Herningmodel.")
            )
        username = getattr(session_info.get("name_id"), "text", None)
        if not isinstance(username, str) or not username or len(username) > 150:
            raise LoginRefused(Refusal.NO_IDENTITY, _("The identity provider sent no user name."))
        groups = tuple(attributes.get(settings.HERNINGMODEL_SAML_GROUPS_ATTRIBUTE, []))
        says = ProviderSays(
            provider=str(session_info["issuer"]),
            username=username,
            groups=groups,
            claim=settings.HERNINGMODEL_SAML_GROUPS_ATTRIBUTE,
            profile={
                "email": str((attributes.get("mail") or [""])[0])[:254],
                "first_name": str((attributes.get("givenName") or [""])[0])[:150],
                "last_name": str((attributes.get("sn") or [""])[0])[:150],
            },
        )
        return follow_provider(says, oidc.current_mapping().entitlement(groups))

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().get_user(user_id)
        return user if user is not None and StaffBackend().user_can_authenticate(user) else None


class SamlLogin(saml_views.LoginView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SAML_ENABLED:
            raise Http404
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response


class SamlAssertionConsumer(saml_views.AssertionConsumerServiceView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from herningmodel.access.sso.views import refused, unavailable

        if not settings.SAML_ENABLED:
            raise Http404
        try:
            response: HttpResponse = super().post(request, *args, **kwargs)
        except LoginRefused as exc:
            return refused(request, str(exc.code), exc.message, provider="saml")
        except MappingError as exc:
            return unavailable(request, exc)
        return response

    def handle_acs_failure(
        self, request: HttpRequest, exception: Exception | None = None, status: int = 403, **kw: Any
    ) -> HttpResponse:
        from herningmodel.access.sso.views import refused

        code = problem_code(exception)
        return refused(
            request,
            code[:50],
            _("The identity provider's answer could not be accepted (%(code)s).") % {"code": code},
            provider="saml",
        )


class SamlMetadata(saml_views.MetadataView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SAML_ENABLED:
            raise Http404
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response
