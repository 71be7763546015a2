"""CareVillage settings: one module, everything from environment variables.

Two modes:
- development (default): SQLite under var/, in-memory channel layer, a secret key
  and data keys generated once into var/. DEBUG is off unless DEBUG=1 is set, so
  `make run` shows the village's own 404 and 500 pages (WhiteNoise serves static files).
- production (CAREVILLAGE_ENV=production): every secret comes from the environment,
  HTTPS-only cookies and HSTS, `manage.py check --deploy` is clean.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CAREVILLAGE_VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("CAREVILLAGE_ENV", "development")
PRODUCTION = ENV == "production"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret(name: str) -> str:
    """A secret from the environment, or (development only) one generated once into var/."""
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise RuntimeError(f"{name} must be set when CAREVILLAGE_ENV=production")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / name.lower()
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _dev_secret("SECRET_KEY")
# Keys for national identity numbers: one encrypts (Fernet), one makes the lookup hash.
NATIONAL_ID_ENCRYPTION_KEY = _dev_secret("NATIONAL_ID_ENCRYPTION_KEY")
NATIONAL_ID_HASH_KEY = _dev_secret("NATIONAL_ID_HASH_KEY")
# The audit trail's HMAC key, outside the database (carevillage.audit.keys); its id is
# stored on every event so the key can be rotated (old ones in AUDIT_HMAC_OLD_KEYS).
AUDIT_HMAC_KEY = _dev_secret("AUDIT_HMAC_KEY")
AUDIT_HMAC_KEY_ID = os.environ.get("AUDIT_HMAC_KEY_ID", "k1")
AUDIT_HMAC_OLD_KEYS = os.environ.get("AUDIT_HMAC_OLD_KEYS", "")
# Signed chain heads go to an append-only file and, when set, to an external log.
AUDIT_ANCHOR_FILE = Path(os.environ.get("AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl"))
AUDIT_ANCHOR_URL = os.environ.get("AUDIT_ANCHOR_URL", "")
AUDIT_ANCHOR_INTERVAL_MINUTES = int(os.environ.get("AUDIT_ANCHOR_INTERVAL_MINUTES", "10"))

DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]

# The address the village really runs at: links in e-mails, FHIR canonical URLs, admin
# links and the websocket Origin check use it. `make run` derives it from PORT.
BASE_URL = os.environ.get("BASE_URL", "").rstrip("/")
if not BASE_URL:
    if PRODUCTION:
        raise RuntimeError("BASE_URL must be set when CAREVILLAGE_ENV=production")
    BASE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "carevillage.tenants",
    "carevillage.identity",
    "carevillage.access",
    "carevillage.audit",
    "carevillage.portal",
    "carevillage.carepaths",
    "carevillage.careplans",
    "carevillage.navigator",
    "carevillage.messaging",
    "carevillage.notify",
    "carevillage.questionnaires",
    "carevillage.houses",
    "carevillage.directory",
    "carevillage.fhir",
    "carevillage.records",
    "carevillage.proxy",
    "carevillage.scheduling",
    "carevillage.monitoring",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "carevillage.portal.middleware.HeadAsGetMiddleware",
    "carevillage.portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "carevillage.identity.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the login and the messages: checks the session's acting-for state anew.
    "carevillage.proxy.middleware.ActingForMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "carevillage.urls"
ASGI_APPLICATION = "carevillage.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "carevillage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carevillage.portal.context_processors.village",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'carevillage.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web app and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so tests with several connections (races) see one database;
    # one per test process, so two test runs on one machine do not clobber each other.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"carevillage-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "identity:login"

# Sessions end after 30 idle minutes by default: the cookie is renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Staff lock-out after repeated failed logins.
STAFF_LOGIN_MAX_FAILURES = int(os.environ.get("STAFF_LOGIN_MAX_FAILURES", "5"))
STAFF_LOGIN_LOCK_MINUTES = int(os.environ.get("STAFF_LOGIN_LOCK_MINUTES", "15"))

# National e-ID through OpenID Connect. The provider is found by discovery from the issuer.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "http://127.0.0.1:9400").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "carevillage")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "" if PRODUCTION else "dev-client-secret")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile")
# acr values that count as a high level of assurance (eIDAS "high"; the Finnish
# trust network's loa3 is its national equivalent).
OIDC_ACR_HIGH = [
    v.strip()
    for v in os.environ.get(
        "OIDC_ACR_HIGH", "http://eidas.europa.eu/LoA/high,http://ftn.ficora.fi/2017/loa3"
    ).split(",")
    if v.strip()
]
OIDC_NATIONAL_ID_CLAIM = os.environ.get("OIDC_NATIONAL_ID_CLAIM", "national_id")
OIDC_CLOCK_SKEW_SECONDS = int(os.environ.get("OIDC_CLOCK_SKEW_SECONDS", "60"))
OIDC_HTTP_TIMEOUT_SECONDS = float(os.environ.get("OIDC_HTTP_TIMEOUT_SECONDS", "10"))
# How this service authenticates at the provider's token (and PAR) endpoint:
# client_secret_basic, client_secret_post or private_key_jwt (RFC 7523; the key is
# OIDC_CLIENT_PRIVATE_KEY as PEM, else the PEM file below; development generates it).
OIDC_CLIENT_AUTH_METHOD = os.environ.get("OIDC_CLIENT_AUTH_METHOD", "client_secret_basic")
if OIDC_CLIENT_AUTH_METHOD not in {"client_secret_basic", "client_secret_post", "private_key_jwt"}:
    raise RuntimeError(
        "OIDC_CLIENT_AUTH_METHOD must be client_secret_basic, client_secret_post or private_key_jwt"
    )
OIDC_CLIENT_PRIVATE_KEY = os.environ.get("OIDC_CLIENT_PRIVATE_KEY", "")
OIDC_CLIENT_PRIVATE_KEY_FILE = os.environ.get(
    "OIDC_CLIENT_PRIVATE_KEY_FILE", str(VAR_DIR / "oidc_client_private_key.pem")
)
if (
    PRODUCTION
    and OIDC_CLIENT_AUTH_METHOD == "private_key_jwt"
    and not (OIDC_CLIENT_PRIVATE_KEY or Path(OIDC_CLIENT_PRIVATE_KEY_FILE).exists())
):
    raise RuntimeError(
        "private_key_jwt needs OIDC_CLIENT_PRIVATE_KEY or OIDC_CLIENT_PRIVATE_KEY_FILE"
    )
# Send the ID token as id_token_hint at logout (some brokers insist). The ID token is
# then kept in the session for that; otherwise it is dropped after the login.
OIDC_LOGOUT_ID_TOKEN_HINT = _env_bool("OIDC_LOGOUT_ID_TOKEN_HINT", False)
# Throttles (Django's cache): failed staff logins per IP address and per username, and
# e-ID logins started per IP address, within the window.
LOGIN_THROTTLE_WINDOW_MINUTES = int(os.environ.get("LOGIN_THROTTLE_WINDOW_MINUTES", "15"))
STAFF_LOGIN_FAILURES_PER_IP = int(os.environ.get("STAFF_LOGIN_FAILURES_PER_IP", "30"))
STAFF_LOGIN_FAILURES_PER_USERNAME = int(os.environ.get("STAFF_LOGIN_FAILURES_PER_USERNAME", "10"))
EID_LOGIN_STARTS_PER_IP = int(os.environ.get("EID_LOGIN_STARTS_PER_IP", "60"))

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "carevillage" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Helsinki")
WAGTAIL_I18N_ENABLED = True
# Content (pages, self-tests, navigators, programs) is written in four languages; nynorsk
# pages show the chrome in nynorsk and the bokmål content with the "not yet written in"
# notice (portal.languages.CONTENT_FALLBACK; no separate nn page tree).
WAGTAIL_CONTENT_LANGUAGES = [(code, name) for code, name in LANGUAGES if code != "nn"]
WAGTAIL_SITE_NAME = os.environ.get("VILLAGE_NAME", "CareVillage")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_LOGIN_URL = "/en/staff/login/"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if not PRODUCTION
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Large uploads are spooled to disk under the app's own storage, not the system temp
# folder: a crash mid-upload leaves the file where messaging.tasks.clean_upload_temp_dir
# removes it after an hour (issue #12.8).
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "upload-tmp")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"

# Channels and the cache: in-process by default, Redis when REDIS_URL is set (then
# every app server shares websocket groups and page-cache invalidation on publish).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # A blocking pool (bounded sockets, a burst waits) and a socket timeout longer
            # than channels_redis' 5 s BZPOPMIN; why: carevillage/messaging/channel_layer.py
            "BACKEND": "carevillage.messaging.channel_layer.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": int(os.environ.get("REDIS_CHANNEL_POOL_SIZE", "100")),
                        "timeout": 20,
                        "socket_timeout": 15,
                    }
                ]
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "carevillage",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# FHIR API: requests per API client per minute, largest request body, and the date the
# CapabilityStatement gives for this release of the API.
FHIR_REQUESTS_PER_MINUTE = int(os.environ.get("FHIR_REQUESTS_PER_MINUTE", "1200"))
FHIR_MAX_BODY_BYTES = int(os.environ.get("FHIR_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
FHIR_CAPABILITY_DATE = "2026-12-03"
# How long one try of a subscription notification holds it: a worker killed mid-try lets
# it go after this (longer than the endpoint's timeout of 10 s).
FHIR_DELIVERY_CLAIM_SECONDS = int(os.environ.get("FHIR_DELIVERY_CLAIM_SECONDS", "120"))

# Health record: a document the EHR sends is shown to the patient this many hours after it
# is filed, so the clinician can talk to the patient first (Helsenorge's practice).
RECORDS_DOCUMENT_DELAY_HOURS = float(os.environ.get("RECORDS_DOCUMENT_DELAY_HOURS", "24"))

# Acting for someone else (carevillage/proxy): where guardianships and registered
# addresses come from (a `proxy.sources.RelationSource`, dotted path; the default reads
# the register's answers kept in the database, which the demo seeds), and the country's
# age rules ("NO" Helsenorge's, the issue's default; "FI"; see proxy/rules.py).
PROXY_RELATION_SOURCE = os.environ.get(
    "PROXY_RELATION_SOURCE", "carevillage.proxy.sources.StoredRegisterSource"
)
PROXY_RULESET = os.environ.get("PROXY_RULESET", "NO")

# E-mail: SMTP from the environment in production; printed by the worker in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@carevillage.invalid")

# Web push (VAPID, RFC 8292): the key that identifies this server to browsers' push services.
# Production: VAPID_PRIVATE_KEY (base64url raw P-256 key) from the environment, or no web
# push at all; development: a key generated once into var/ (never committed).
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
if not VAPID_PRIVATE_KEY and not PRODUCTION:
    from carevillage.notify.vapid import generate_private_key

    _vapid_path = VAR_DIR / "vapid_private_key"
    if not _vapid_path.exists():
        _vapid_path.write_text(generate_private_key())
        _vapid_path.chmod(0o600)
    VAPID_PRIVATE_KEY = _vapid_path.read_text().strip()
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", f"mailto:{DEFAULT_FROM_EMAIL}")

# Background work goes through the database (a transactional outbox with the data).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Appointment reminders, minutes before the visit (issue #17: a day and two hours ahead).
APPOINTMENT_REMINDER_LEADS_MINUTES = tuple(
    int(minutes)
    for minutes in os.environ.get("APPOINTMENT_REMINDER_LEADS_MINUTES", "1440,120").split(",")
    if minutes.strip()
)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines can carry query strings (OIDC codes): keep them out of the logs.
        "django.server": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

VILLAGE_NAME = _("CareVillage")
# The emergency number a page shows follows the country of the page's language: 112 in
# Finland and Sweden (and so for fi, sv and en); Norway's medical emergency number is 113
# (Helsedirektoratet, "Nødnumre"), so nb and nynorsk (nn) pages show 113.
# EMERGENCY_NUMBER is the number for every language without its own entry; an organization
# that wants one number on every page sets EMERGENCY_NUMBER and an empty EMERGENCY_NUMBERS.
# EMERGENCY_NUMBERS="nb=113,nn=113" (language=number, comma-separated) replaces the map.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "112")


def _emergency_numbers(value: str) -> dict[str, str]:
    pairs = (pair.split("=", 1) for pair in value.split(",") if "=" in pair)
    return {lang.strip().lower(): number.strip() for lang, number in pairs if number.strip()}


EMERGENCY_NUMBERS = _emergency_numbers(os.environ.get("EMERGENCY_NUMBERS", "nb=113,nn=113"))
