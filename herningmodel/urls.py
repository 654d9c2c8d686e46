from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from herningmodel.access.sso.saml import SamlAssertionConsumer, SamlLogin, SamlMetadata
from herningmodel.api import api
from herningmodel.portal import views as portal

urlpatterns = [
    path("", portal.home, name="home"),
    path("login/", portal.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect); answers 404 unless HERNINGMODEL_OIDC_ISSUER is set.
    path("oidc/", include("mozilla_django_oidc.urls")),
    # SAML 2.0; answers 404 unless HERNINGMODEL_SAML_IDP_METADATA is set.
    path("saml2/login/", SamlLogin.as_view(), name="saml2_login"),
    path("saml2/acs/", SamlAssertionConsumer.as_view(), name="saml2_acs"),
    path("saml2/metadata/", SamlMetadata.as_view(), name="saml2_metadata"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("children/", include("herningmodel.people.urls")),
    path("cases/", include("herningmodel.cases.urls")),
    path("audit/", include("herningmodel.audit.urls")),
    path("staff/", include("herningmodel.access.urls")),
    path("staircase/", include("herningmodel.staircase.urls")),
    path("monitoring/", include("herningmodel.monitoring.urls")),
    path("economics/", include("herningmodel.economics.urls")),
    path("evaluation/", include("herningmodel.evaluation.urls")),
    path("coordination/", include("herningmodel.coordination.urls")),
    path("data/", include("herningmodel.interchange.transfer_urls")),
    path("comparison/", include("herningmodel.comparison.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("operations/", include("herningmodel.operations.page_urls")),
    path("", include("herningmodel.operations.urls")),
]

# A plain page (503 when the database is the cause) instead of Django's bare 500.
handler500 = "herningmodel.portal.errors.server_error"
