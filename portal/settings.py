"""Settings for the portal: one module, every deployment difference comes from the
environment (see README for the variables)."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# --------------------------------------------------------------------------- core
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# `make bench` only: mounts its two baselines (portal/benchviews.py)
PORTAL_BENCH = env.bool("PORTAL_BENCH", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    # the django-insecure- prefix makes `check --deploy` refuse a forgotten key
    default="django-insecure-dev-only-key-change-me-0123456789-abcdefghijklmnopqrstuv",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "allauth",
    "allauth.account",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal.accounts",
    "portal.audit",
    "portal.outbox",
    "portal.notifications",
    "municipalities",
    "consultants",
    "trainings",
    "procurement",
    "consultations",
    "portal.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # a browser an account signed in from is not locked out with its address
    "portal.accounts.security.KnownBrowserMiddleware",
]
if PORTAL_BENCH:  # counts every query of the request, middleware included
    MIDDLEWARE.insert(0, "portal.benchviews.QueryCountMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.notifications.context_processors.unread_notifications",
            ],
        },
    },
]
# Django's widget templates (each <option> of a drop-down went through the
# template engine) written in Python, same HTML: portal/widgets.py
FORM_RENDERER = "portal.widgets.FastWidgetRenderer"

# ----------------------------------------------------------------------- database
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:54329/portal"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# JIT off for every connection (web under gunicorn, Celery, management
# commands: they all read these settings), added to any `options` the
# DATABASE_URL brings (e.g. ?options=-c statement_timeout=…) rather than
# replaced by them. Why: the portal's queries are short index reads and bounded
# aggregates; PostgreSQL's JIT kicks in on their cost estimates (jit_above_cost
# 100,000 is reached by any aggregate over the 100k-row tables) and compiled
# the OCDS base query for 2.9 s at demo size before running it in milliseconds.
# A deployment that wants it back sets `?options=-c jit=on` in DATABASE_URL.
DATABASES["default"].setdefault("OPTIONS", {})
_pg_options = DATABASES["default"]["OPTIONS"].get("options", "")
if "jit" not in _pg_options:
    DATABASES["default"]["OPTIONS"]["options"] = f"{_pg_options} -c jit=off".strip()
DATABASES["default"].setdefault("TEST", {})
# case-insensitive matching of Cyrillic and ө, ү, ң needs a UTF-8 locale
DATABASES["default"]["TEST"].update({"CHARSET": "UTF8", "TEMPLATE": "template0"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# -------------------------------------------------------------------- redis, cache
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:63799/0")
CACHES = {
    "default": {
        # answers "not cached" instead of raising when Redis is down or frozen
        "BACKEND": "portal.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "TIMEOUT": 300,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# --------------------------------------------------------------------- accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: refuses a locked account or address before any password is checked
    "portal.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "portal.accounts.backends.AcademyAdminBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.accounts.validators.RepetitivePasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_REDIRECT_URL = "consultants:consultant-apply"
ACCOUNT_FORMS = {"login": "portal.accounts.forms.LoginForm"}
# sign-up asks who the person is (consultant or municipal staff)
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.onboarding.SignupDetailsForm"
# Password guessing is braked by portal.accounts.security (counters in
# PostgreSQL, so the brake holds when Redis is down), not by allauth's cache.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# a reset link works once (the token covers the password hash) and only this long
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)

# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs); the client
# address is the right-most hop that is not one of them. Empty: REMOTE_ADDR.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
# After this many failed sign-ins within the window, the account (email) or
# the client address is refused for the cool-off, counted from the moment of
# locking; attempts during the lock neither check the password nor extend it.
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=15)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
# Sign-in links by email (the way in for a person whose account is locked).
LOGIN_LINK_TIMEOUT = env.int("LOGIN_LINK_TIMEOUT", default=900)  # seconds
# days an invitation to take over a registry profile stays valid (it works once)
PROFILE_INVITATION_DAYS = env.int("PROFILE_INVITATION_DAYS", default=14)

# ------------------------------------------------------------------------ i18n
LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", _("Kyrgyz")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# the project's own date formats (formats/ky: "2026-жылдын 19-декабры"); other
# languages fall back to Django's
FORMAT_MODULE_PATH = ["formats"]
USE_I18N = True
TIME_ZONE = "Asia/Bishkek"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "ky"
MODELTRANSLATION_LANGUAGES = ("ky", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("ky", "ru", "en"),
    "ky": ("ru", "en"),
    "ru": ("ky", "en"),
    "en": ("ru", "ky"),
}

# ------------------------------------------------------------------ static, media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# ------------------------------------------------------------------------- email
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@bazhba.kg")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------ celery
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 6 * 3600,
    # a frozen broker must cost a request seconds, not forever (kombu's default)
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE = {
    "outbox-dispatch": {"task": "portal.outbox.tasks.dispatch", "schedule": 10.0},
    "daily-housekeeping": {
        "task": "portal.outbox.tasks.daily",
        "schedule": crontab(hour=0, minute=5),
    },
}
# ----------------------------------------------------------------- notifications
# email notifications are sent in batches of this many, each over one SMTP
# connection
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=500)
# an email notification still unsent this long after it was queued (Redis down
# at commit, a killed worker) is queued again by the sweeper
NOTIFICATIONS_RESEND_AFTER_SECONDS = env.int(
    "NOTIFICATIONS_RESEND_AFTER_SECONDS", default=120
)
# SMTP failures are retried with back-off (30 s, 1 min, 2 min… up to an hour)
# this many times, then the notification is marked failed
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
# the first of those back-off delays, in seconds (doubled after each failure)
NOTIFICATIONS_RETRY_SECONDS = env.int("NOTIFICATIONS_RETRY_SECONDS", default=30)
NOTIFICATIONS_SWEEP_SECONDS = env.float("NOTIFICATIONS_SWEEP_SECONDS", default=60.0)
# one-click unsubscribe links in emails stay valid this long
NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS = env.int(
    "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS", default=365
)
# deadline reminders (7, 3 and 1 days before) go out from this hour, Bishkek time
NOTIFICATIONS_REMINDER_HOUR = env.int("NOTIFICATIONS_REMINDER_HOUR", default=9)
CELERY_BEAT_SCHEDULE["notifications-sweep"] = {
    "task": "portal.notifications.tasks.sweep",
    "schedule": NOTIFICATIONS_SWEEP_SECONDS,
}

# delivered and given-up outbox events keep their payload (addresses, texts)
# only this many days; the daily task blanks it afterwards
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)

# --------------------------------------------------------------------------- API
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "portal.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.throttling.AnonThrottle",
        "portal.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("DJANGO_API_THROTTLE_ANON", default="600/min"),
        "user": env("DJANGO_API_THROTTLE_USER", default="1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Municipal consultants network API",
    "DESCRIPTION": "Public registry of the national network of independent "
    "municipal consultants (BAZhBA).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files, not a CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # several models have a "kind": each choice set keeps a name of its own
    "ENUM_NAME_OVERRIDES": {
        "MunicipalityKindEnum": "municipalities.models.MunicipalityKind",
        "PlaceKindEnum": "municipalities.models.PlaceKind",
    },
}

# ---------------------------------------------------------------------- security
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Safe by default: without DEBUG, http is redirected and HSTS is sent unless a
# deployment says otherwise (a forgotten variable must not weaken production).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles from our own origin
# only, no inline script, no eval; the API docs use drf-spectacular's split view,
# whose start-up script is a file too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # the nonce: the stylesheet inlined on a browser's first page
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = env(
    "DJANGO_PERMISSIONS_POLICY",
    default="accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()",
)
# after the user is known (no-store for signed-in users), before the CSP header
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "portal.headers.SecurityHeadersMiddleware",
)
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
# gzip for HTML and JSON (a 22 KB registry page becomes 4 KB), minding BREACH:
# see portal/compression.py for why pages with a CSRF token may be compressed
# and which answers are not. After WhiteNoise, which serves static files
# compressed ahead of time (CompressedManifestStaticFilesStorage).
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "portal.compression.CompressionMiddleware",
)
# the stylesheet inline on a browser's first page, linked afterwards (a round
# trip less on slow connections; portal/stylesheet.py)
MIDDLEWARE.append("portal.stylesheet.StylesheetCookieMiddleware")
# anonymous visitors' public pages shared from Redis for this many seconds
# (0: off), invalidated on every change of public data (portal/pagecache.py);
# innermost, so a stored page still goes through every middleware above
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
MIDDLEWARE.append("portal.pagecache.PageCacheMiddleware")
# Hashed static files (the manifest storage, production) are cached by
# WhiteNoise for ten years as immutable; HTML: see portal/headers.py (private,
# no-cache for visitors; no-store when signed in).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# ------------------------------------------------------------------------ domain
PORTAL_SITE_URL = env("PORTAL_SITE_URL", default="http://127.0.0.1:8000")

# ------------------------------------------------------------------- procurement
# The law leaves these to by-laws: defaults follow common practice; the tender
# pages show the values in force.
PROCUREMENT_MIN_SUBMISSION_DAYS = env.int("PROCUREMENT_MIN_SUBMISSION_DAYS", default=14)
PROCUREMENT_STANDSTILL_DAYS = env.int("PROCUREMENT_STANDSTILL_DAYS", default=10)
# Competitive tenders with fewer valid bids are unsuccessful (single source: 1).
PROCUREMENT_MIN_BIDS = env.int("PROCUREMENT_MIN_BIDS", default=2)
# Restricted tender and request for quotations: the fewest members invited.
PROCUREMENT_MIN_INVITED = env.int("PROCUREMENT_MIN_INVITED", default=3)
# Two-stage selection: the shortlist's size, and the shortest call for
# expressions of interest.
PROCUREMENT_SHORTLIST_MIN = env.int("PROCUREMENT_SHORTLIST_MIN", default=3)
PROCUREMENT_SHORTLIST_MAX = env.int("PROCUREMENT_SHORTLIST_MAX", default=6)
PROCUREMENT_MIN_INTEREST_DAYS = env.int("PROCUREMENT_MIN_INTEREST_DAYS", default=10)
# An amendment made this many days or fewer before the submission deadline must
# move the deadline to at least this many days after the amendment.
PROCUREMENT_AMENDMENT_WINDOW_DAYS = env.int(
    "PROCUREMENT_AMENDMENT_WINDOW_DAYS", default=5
)
# An evaluation committee has at least this many members (staff of the
# municipality, optionally an outside expert); the law leaves the number to
# by-laws, three is the common minimum.
PROCUREMENT_MIN_COMMITTEE = env.int("PROCUREMENT_MIN_COMMITTEE", default=3)
# Days the municipality has to answer a complaint; the review commission decides
# after the answer or once this time has passed without one.
PROCUREMENT_COMPLAINT_ANSWER_DAYS = env.int(
    "PROCUREMENT_COMPLAINT_ANSWER_DAYS", default=3
)
# Direct consultation requests: above this amount (KGS) a purchase of services
# cannot be contracted directly and must go through a tender; the portal
# reminds the municipality when a request's budget or the chosen offer is
# above it. The threshold is set by the government's by-laws: set the one in
# force.
CONSULTATIONS_DIRECT_CONTRACT_LIMIT = env.int(
    "CONSULTATIONS_DIRECT_CONTRACT_LIMIT", default=1000000
)
# Fernet keys (urlsafe base64, 32 bytes) for sealed bids, comma-separated: the
# first encrypts, all decrypt (rotation). Required: no fallback, `check` refuses
# an empty or malformed value; `make run` generates one in .run/.
BID_ENCRYPTION_KEY = env("BID_ENCRYPTION_KEY", default="")
# ocid prefix of this portal's OCDS releases (<prefix><tender id>). An ocid
# prefix must be registered with the Open Contracting Partnership
# (https://standard.open-contracting.org/latest/en/guidance/publish/#register-an-ocid-prefix),
# which assigns the form ocds-xxxxxx-; the default "ocds-bazhba-" is a
# placeholder until the academy has registered its own. Never reuse the state
# portal's ocds-h7i0z4-, and never change a prefix once data is published.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", default="ocds-bazhba-")
# releases (or records) in a page of the OCDS packages: the default, and the
# most a client may ask for with ?size=
OCDS_PAGE_SIZE = env.int("OCDS_PAGE_SIZE", default=100)
OCDS_PAGE_SIZE_MAX = env.int("OCDS_PAGE_SIZE_MAX", default=1000)
# where the daily JSON Lines bulk files of releases are written
OCDS_BULK_DIR = Path(env("OCDS_BULK_DIR", default=str(MEDIA_ROOT / "ocds")))
CELERY_BEAT_SCHEDULE["procurement-ocds-bulk-files"] = {
    "task": "procurement.tasks.ocds_bulk_files",
    "schedule": crontab(hour=0, minute=20),
}
CELERY_BEAT_SCHEDULE["procurement-deadlines"] = {
    "task": "procurement.tasks.advance_deadlines",
    "schedule": 30.0,
}

# ------------------------- upload limits
# Zip documents (DOCX, XLSX, ODT, attendance workbooks) are unpacked to check
# them: at most this many bytes in all, each member at most this many times its
# compressed size (once past 1 MiB), at most this many members.
UPLOAD_MAX_UNCOMPRESSED_BYTES = env.int(
    "UPLOAD_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024
)
UPLOAD_MAX_COMPRESSION_RATIO = env.int("UPLOAD_MAX_COMPRESSION_RATIO", default=100)
UPLOAD_ZIP_MAX_MEMBERS = env.int("UPLOAD_ZIP_MAX_MEMBERS", default=1000)
# A request body larger than this is refused with 413 before it is read: room
# for a bid's files (two of the largest) and its form fields. Keep the proxy's
# client_max_body_size (deploy/nginx.conf) in step.
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES", default=2 * UPLOAD_MAX_BYTES + 1024 * 1024
)
# right after SecurityMiddleware, so the 413 still carries the security headers
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "portal.middleware.RequestSizeLimitMiddleware",
)
FILE_UPLOAD_HANDLERS = [
    "portal.middleware.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# pypdf reports every oddity of a refused upload; the refusal says enough
LOGGING["loggers"]["pypdf"] = {"level": "ERROR"}

# ----------------------------------------------------------------------- reports
# Red-flag thresholds (portal/reports/figures/flags.py); the reports show them.
REPORTS_SHORT_SUBMISSION_DAYS = env.int(
    "REPORTS_SHORT_SUBMISSION_DAYS", default=PROCUREMENT_MIN_SUBMISSION_DAYS
)
REPORTS_NEAR_ESTIMATE_PERCENT = env.float("REPORTS_NEAR_ESTIMATE_PERCENT", default=1.0)
REPORTS_REPEAT_AWARD_SHARE_PERCENT = env.int(
    "REPORTS_REPEAT_AWARD_SHARE_PERCENT", default=50
)
REPORTS_REPEAT_AWARD_MIN_AWARDS = max(
    1, env.int("REPORTS_REPEAT_AWARD_MIN_AWARDS", default=3)
)
REPORTS_LATE_AMENDMENT_DAYS = env.int(
    "REPORTS_LATE_AMENDMENT_DAYS", default=PROCUREMENT_AMENDMENT_WINDOW_DAYS
)
# The reports read figures counted ahead (portal/reports/precomputed): beat
# counts them again every this many minutes (the pages say as of when);
# `manage.py refresh_report_figures` does it at once.
REPORTS_REFRESH_MINUTES = env.int("REPORTS_REFRESH_MINUTES", default=15)
CELERY_BEAT_SCHEDULE["reports-refresh-figures"] = {
    "task": "portal.reports.tasks.refresh_figures",
    "schedule": 60.0 * REPORTS_REFRESH_MINUTES,
}
# Region boundaries for the report map (GeoJSON, features keyed by
# properties.code = ISO 3166-2:KG). Empty: a tile map of the nine regions.
_shared_regions = BASE_DIR.parent / "shared" / "data" / "kg-regions.geojson"
REGIONS_GEOJSON = env(
    "REGIONS_GEOJSON",
    default=str(_shared_regions) if _shared_regions.is_file() else "",
)
REGIONS_GEOJSON_ATTRIBUTION = env(
    "REGIONS_GEOJSON_ATTRIBUTION",
    default="Boundaries: Ministry of Emergency Situations of the Kyrgyz Republic "
    "/ UN OCHA (COD-AB), CC BY 3.0 IGO; simplified.",
)
