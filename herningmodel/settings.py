"""Settings for Herningmodel, read from the environment.

One module for every mode, because a second settings file is a second place to forget a
security setting. The mode decides the defaults:

- ``development`` (default): DEBUG on, a random secret key kept in ``var/``.
- ``demo``: DEBUG off, demo users allowed, secret key kept in ``var/``, plain HTTP on localhost.
- ``production``: DEBUG off, ``SECRET_KEY`` required, HTTPS-only cookies and HSTS.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
import plotly
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("HERNINGMODEL_VAR_DIR", BASE_DIR.parent / "var"))

MODES = ("development", "demo", "production")


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def _local_secret_key() -> str:
    """A per-installation key for development and demo, so sessions survive a restart."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


MODE = env_str("HERNINGMODEL_MODE", "development")
if MODE not in MODES:
    raise ImproperlyConfigured(
        f"HERNINGMODEL_MODE must be one of {', '.join(MODES)}, not {MODE!r}."
    )
PRODUCTION = MODE == "production"
DEMO_MODE = MODE == "demo"
DEBUG = env_bool("HERNINGMODEL_DEBUG", MODE == "development")

if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters in "
            "production (HERNINGMODEL_MODE=production). Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "mozilla_django_oidc",
    "djangosaml2",
    "ninja",
    "herningmodel.audit",
    "herningmodel.access",
    "herningmodel.organisation",
    "herningmodel.people",
    "herningmodel.staircase",
    "herningmodel.cases",
    "herningmodel.progress",
    "herningmodel.monitoring",
    "herningmodel.economics",
    "herningmodel.evaluation",
    "herningmodel.coordination",
    "herningmodel.portal",
    "herningmodel.interchange",
    "herningmodel.comparison",
    "herningmodel.operations",
    "django_prometheus",
]

MIDDLEWARE = [
    # Forwarded headers are believed only from the TLS proxy (operations/proxy.py), before
    # SecurityMiddleware asks whether the request is HTTPS.
    "herningmodel.operations.proxy.TrustedProxyMiddleware",
    "herningmodel.operations.requestlog.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "herningmodel.portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The SAML request state lives in its own cookie (SameSite=None for the IdP's POST back).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "herningmodel.api_errors.ApiErrorShapeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Every response that shows a person writes its read events (docs/access-and-audit.md).
    "herningmodel.audit.middleware.ReadAuditMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "herningmodel.urls"
WSGI_APPLICATION = "herningmodel.wsgi.application"

TEMPLATES = [
    {
        # Django's templates, reporting the people each page is given (audit/sightings.py).
        "BACKEND": "herningmodel.audit.templates_backend.SightedTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "herningmodel.portal.context.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        try:
            return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "herningmodel.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "herningmodel.access.backends.StaffBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account (not an address: caseworkers share municipal NAT) after
# five failed attempts; an administrator unlocks it with `axes_reset_username`.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks for the IP address as a lock-out key as well. We lock by user name only on
# purpose: every caseworker of a municipality shares a few NAT addresses, so an IP lock-out would
# let one mistyping colleague (or an attacker) lock out a whole department.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Idle sessions end after 30 minutes: every request renews the cookie.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes and the metrics scraper talk plain HTTP to gunicorn on the host, not via the proxy.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Believed only from these addresses (operations/proxy.py); never an empty list.
        if not env_list("HERNINGMODEL_TRUSTED_PROXIES", ["127.0.0.1", "::1"]):
            raise ImproperlyConfigured(
                "HERNINGMODEL_TRUSTED_PROXIES must name the TLS proxy's address when "
                "BEHIND_TLS_PROXY is on."
            )

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("HERNINGMODEL_COLLECTSTATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (demo, tests) WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = True
# plotly.js is served from the installed plotly package (never a CDN, never inlined per page).
STATICFILES_DIRS = [("vendor/plotly", Path(plotly.__file__).parent / "package_data")]

# CPR numbers must never reach a log: every handler passes through the redaction filter. In
# production each line is a JSON object with the request id (operations/requestlog.py).
LOG_FORMAT = env_str("HERNINGMODEL_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"HERNINGMODEL_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_cpr": {"()": "herningmodel.people.cpr.CprRedactingFilter"},
        "request_id": {"()": "herningmodel.operations.requestlog.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "herningmodel.operations.requestlog.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_cpr", "request_id"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Demo accounts may only log in when the instance runs in demo mode.
HERNINGMODEL_DEMO = DEMO_MODE

# Import files larger than this are refused before they are read (docs/import-formats.md).
HERNINGMODEL_IMPORT_MAX_BYTES = env_int("HERNINGMODEL_IMPORT_MAX_BYTES", 50 * 1024 * 1024)

# Personal API tokens expire this many days after they are made (docs/access-and-audit.md).
HERNINGMODEL_API_TOKEN_DAYS = env_int("HERNINGMODEL_API_TOKEN_DAYS", 90)
if HERNINGMODEL_API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured("HERNINGMODEL_API_TOKEN_DAYS must be at least 1.")

# Checkpoints of the audit chain's head, kept outside the database (docs/access-and-audit.md,
# "Checkpoints"): an append-only file of HMAC-signed lines, the key from the environment or a
# 0600 file, optionally a copy of each line to syslog ("/dev/log" or "host:port", UDP).
HERNINGMODEL_AUDIT_CHECKPOINT_FILE = Path(
    env_str("HERNINGMODEL_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl"))
)
HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE = Path(
    env_str("HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE", str(VAR_DIR / "audit-checkpoint.key"))
)
HERNINGMODEL_AUDIT_CHECKPOINT_KEY = env_str("HERNINGMODEL_AUDIT_CHECKPOINT_KEY", "")
if HERNINGMODEL_AUDIT_CHECKPOINT_KEY and len(HERNINGMODEL_AUDIT_CHECKPOINT_KEY) < 32:
    raise ImproperlyConfigured(
        "HERNINGMODEL_AUDIT_CHECKPOINT_KEY must be at least 32 characters (for example "
        'python -c "import secrets; print(secrets.token_hex(32))").'
    )
HERNINGMODEL_AUDIT_CHECKPOINT_SYSLOG = env_str("HERNINGMODEL_AUDIT_CHECKPOINT_SYSLOG", "")
HERNINGMODEL_AUDIT_CHECKPOINT_HOURS = env_int("HERNINGMODEL_AUDIT_CHECKPOINT_HOURS", 24)
if not 1 <= HERNINGMODEL_AUDIT_CHECKPOINT_HOURS <= 24:
    raise ImproperlyConfigured("HERNINGMODEL_AUDIT_CHECKPOINT_HOURS must be between 1 and 24.")

# ---- Single sign-on (docs/deployment.md, "Single sign-on") ----------------------------------
# OpenID Connect (authorization code flow with PKCE) through mozilla-django-oidc; the provider's
# endpoints come from its discovery document (access/sso/discovery.py), whose issuer must be
# exactly HERNINGMODEL_OIDC_ISSUER. The group mapping file is read and checked at start-up
# (access/apps.py), so a broken one stops the server instead of letting people in wrongly.
HERNINGMODEL_OIDC_ISSUER = os.environ.get("HERNINGMODEL_OIDC_ISSUER", "")
OIDC_ENABLED = bool(HERNINGMODEL_OIDC_ISSUER)
HERNINGMODEL_OIDC_NAME = env_str("HERNINGMODEL_OIDC_NAME", "") or _("the municipality's log-in")
HERNINGMODEL_OIDC_GROUPS_CLAIM = env_str("HERNINGMODEL_OIDC_GROUPS_CLAIM", "groups")
HERNINGMODEL_OIDC_USERNAME_CLAIM = env_str("HERNINGMODEL_OIDC_USERNAME_CLAIM", "sub")
# Either list: the ID token must carry one of these acr values / all of these amr values (MFA).
HERNINGMODEL_OIDC_REQUIRED_ACR = env_list("HERNINGMODEL_OIDC_REQUIRED_ACR", [])
HERNINGMODEL_OIDC_REQUIRED_AMR = env_list("HERNINGMODEL_OIDC_REQUIRED_AMR", [])
HERNINGMODEL_SSO_MAPPING = os.environ.get("HERNINGMODEL_SSO_MAPPING", "")
OIDC_RP_CLIENT_ID = os.environ.get("HERNINGMODEL_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("HERNINGMODEL_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = env_str("HERNINGMODEL_OIDC_SCOPES", "openid email profile groups")
OIDC_RP_SIGN_ALGO = env_str("HERNINGMODEL_OIDC_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = env_int("HERNINGMODEL_OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATE_CLASS = "herningmodel.access.sso.views.ProviderLogin"
OIDC_CALLBACK_CLASS = "herningmodel.access.sso.views.ProviderCallback"
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_ENABLED:
    missing = [
        name
        for name, value in [
            ("HERNINGMODEL_OIDC_CLIENT_ID", OIDC_RP_CLIENT_ID),
            ("HERNINGMODEL_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("HERNINGMODEL_SSO_MAPPING", HERNINGMODEL_SSO_MAPPING),
        ]
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"HERNINGMODEL_OIDC_ISSUER is set, so {', '.join(missing)} must be set too."
        )
    if PRODUCTION and not HERNINGMODEL_OIDC_ISSUER.startswith("https://"):
        raise ImproperlyConfigured(
            "HERNINGMODEL_OIDC_ISSUER must be an https:// URL in production."
        )
    if "openid" not in OIDC_RP_SCOPES.split():
        raise ImproperlyConfigured("HERNINGMODEL_OIDC_SCOPES must include openid.")
    AUTHENTICATION_BACKENDS.append("herningmodel.access.sso.oidc.ProviderBackend")

# SAML 2.0 (OIOSAML 3 profile) through djangosaml2/pysaml2 (access/sso/saml.py): on when the
# identity provider's metadata file is given. The same group mapping file applies.
HERNINGMODEL_SAML_IDP_METADATA = os.environ.get("HERNINGMODEL_SAML_IDP_METADATA", "")
SAML_ENABLED = bool(HERNINGMODEL_SAML_IDP_METADATA)
HERNINGMODEL_SAML_BASE_URL = os.environ.get("HERNINGMODEL_SAML_BASE_URL", "")
HERNINGMODEL_SAML_KEY_FILE = os.environ.get("HERNINGMODEL_SAML_KEY_FILE", "")
HERNINGMODEL_SAML_CERT_FILE = os.environ.get("HERNINGMODEL_SAML_CERT_FILE", "")
HERNINGMODEL_SAML_GROUPS_ATTRIBUTE = env_str("HERNINGMODEL_SAML_GROUPS_ATTRIBUTE", "groups")
HERNINGMODEL_SAML_REQUIRED_LOA = env_list("HERNINGMODEL_SAML_REQUIRED_LOA", [])
HERNINGMODEL_SAML_XMLSEC = env_str("HERNINGMODEL_SAML_XMLSEC", "/usr/bin/xmlsec1")
HERNINGMODEL_SAML_NAME = env_str("HERNINGMODEL_SAML_NAME", "") or _("the municipality's log-in")
SAML_CONFIG_LOADER = "herningmodel.access.sso.saml.sp_config"
SAML_CSP_HANDLER = ""  # our own Content-Security-Policy (portal/middleware.py) applies
if SAML_ENABLED:
    missing = [
        name
        for name, value in [
            ("HERNINGMODEL_SAML_BASE_URL", HERNINGMODEL_SAML_BASE_URL),
            ("HERNINGMODEL_SAML_KEY_FILE", HERNINGMODEL_SAML_KEY_FILE),
            ("HERNINGMODEL_SAML_CERT_FILE", HERNINGMODEL_SAML_CERT_FILE),
            ("HERNINGMODEL_SSO_MAPPING", HERNINGMODEL_SSO_MAPPING),
        ]
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"HERNINGMODEL_SAML_IDP_METADATA is set, so {', '.join(missing)} must be set too."
        )
    if PRODUCTION and not HERNINGMODEL_SAML_BASE_URL.startswith("https://"):
        raise ImproperlyConfigured(
            "HERNINGMODEL_SAML_BASE_URL must be an https:// URL in production."
        )
    AUTHENTICATION_BACKENDS.append("herningmodel.access.sso.saml.SamlBackend")
SSO_ENABLED = OIDC_ENABLED or SAML_ENABLED

# Local passwords (argon2, lock-out) can be turned off once staff log in through SSO; then the
# log-in form, the admin's log-in and the password backend all refuse them.
HERNINGMODEL_LOCAL_PASSWORDS = env_bool("HERNINGMODEL_LOCAL_PASSWORDS", True)
if not HERNINGMODEL_LOCAL_PASSWORDS and not SSO_ENABLED:
    raise ImproperlyConfigured(
        "HERNINGMODEL_LOCAL_PASSWORDS=off needs single sign-on (HERNINGMODEL_OIDC_ISSUER or "
        "HERNINGMODEL_SAML_IDP_METADATA): "
        "otherwise no one could log in."
    )

# Operations (docs/deployment.md): the TLS proxy's addresses, who may read /metrics, and how
# old the newest audit checkpoint, backup and retention run may be before `check` warns.
HERNINGMODEL_TRUSTED_PROXIES = env_list("HERNINGMODEL_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
HERNINGMODEL_METRICS_ALLOWED_ADDRESSES = env_list(
    "HERNINGMODEL_METRICS_ALLOWED_ADDRESSES", ["127.0.0.1", "::1"]
)
for _name in ("HERNINGMODEL_TRUSTED_PROXIES", "HERNINGMODEL_METRICS_ALLOWED_ADDRESSES"):
    for _value in globals()[_name]:
        try:
            ipaddress.ip_network(_value, strict=False)
        except ValueError as _exc:
            raise ImproperlyConfigured(
                f"{_name}: {_value!r} is not an IP address or network (e.g. 127.0.0.1)."
            ) from _exc
HERNINGMODEL_CHECKPOINT_MAX_AGE_HOURS = env_int("HERNINGMODEL_CHECKPOINT_MAX_AGE_HOURS", 25)
HERNINGMODEL_BACKUP_MAX_AGE_HOURS = env_int("HERNINGMODEL_BACKUP_MAX_AGE_HOURS", 26)
HERNINGMODEL_RETENTION_MAX_AGE_HOURS = env_int("HERNINGMODEL_RETENTION_MAX_AGE_HOURS", 26)

# Retention periods in months per kind of data (docs/deployment.md, "Retention"); a period
# shorter than the legal minimum stops the start-up.
from herningmodel.operations import retention as _retention  # noqa: E402

try:
    HERNINGMODEL_RETENTION_MONTHS = _retention.validated(
        {
            kind: env_int(_retention.setting_name(kind), _retention.DEFAULT_MONTHS[kind])
            for kind in _retention.Kind
        }
    )
except _retention.PeriodTooShort as _exc:
    raise ImproperlyConfigured(str(_exc)) from _exc
