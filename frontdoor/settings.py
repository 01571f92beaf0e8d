"""Front Door settings. Everything that differs between machines comes from the environment.

DATABASE_URL chooses the database: SQLite under var/ by default, PostgreSQL in production.
Local policy (opening hours, hub hours, the council's name) has this council's values as
defaults and can be changed with environment variables or in frontdoor/policy/config.py.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FRONTDOOR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("FRONTDOOR_DEBUG", False)
SECRET_KEY = os.environ.get("FRONTDOOR_SECRET_KEY", "")
if not SECRET_KEY:
    # A development key, kept in var/ so sessions survive a restart; production sets the variable.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = os.environ.get("FRONTDOOR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "frontdoor.accounts",
    "frontdoor.audit",
    "frontdoor.policy",
    "frontdoor.intake",
    "frontdoor.people",
    "frontdoor.screening",
    "frontdoor.sharing",
    "frontdoor.partners",
    "frontdoor.workbench",
    "frontdoor.access",
    "frontdoor.pathway",
    "frontdoor.returns",
    "frontdoor.search",
    "frontdoor.chronology",
    "frontdoor.demo",  # the demonstration's commands (load_demo); nothing above imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "frontdoor.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # SEC-3: no answer of a view is kept by a browser or proxy cache (static files, above, are).
    "frontdoor.security.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # SEC-1: a second factor (TOTP) for every signed-in page; see frontdoor/accounts/middleware.py.
    "django_otp.middleware.OTPMiddleware",
    "frontdoor.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # SEC-1, SEC-2: the permission matrix, restricted records and read auditing, in one place.
    "frontdoor.access.middleware.AccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontdoor.partners.middleware.ApiAuditMiddleware",
    # SEC-1: failed sign-ins counted and locked out (django-axes); must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontdoor.urls"
WSGI_APPLICATION = "frontdoor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        # The project's layout and each app's own templates/ folder.
        "DIRS": [BASE_DIR / "frontdoor" / "templates", *sorted((BASE_DIR / "frontdoor").glob("*/templates"))],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "frontdoor.jinja.environment",
        },
    },
    {
        # Django's own templates, for the admin site of reference data.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontdoor.sqlite3'}"),
        conn_max_age=int(os.environ.get("FRONTDOOR_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes; IMMEDIATE
    # transactions take the write lock up front so concurrent writers queue, not fail.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not memory, so that a worker process can share the test database.
    # One file per test run (by process id), so two runs on one machine do not collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    # PostgreSQL: a test database per test run too (pytest-django creates and drops it).
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "intake:staff-home"
LOGOUT_REDIRECT_URL = "accounts:login"

# SEC-1: django-axes first, so that a locked-out account is refused before its password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("FRONTDOOR_SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("FRONTDOOR_SIGN_IN_LOCK_MINUTES", "30")))
# Locked per account, not per address: a council's staff share a few public addresses.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # the address is deliberately not a lock-out key (above)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "frontdoor.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False  # unlocking goes through the staff accounts page, which audits it
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_VERBOSE = False  # only its start-up banner; failed and successful sign-ins are still logged
# The second factor: the name authenticator apps show, and django-otp's throttling of wrong codes.
OTP_TOTP_ISSUER = os.environ.get("FRONTDOOR_OTP_ISSUER", "Front Door")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's database sessions at one plain statement per read or write (frontdoor/core/sessions.py).
SESSION_ENGINE = "frontdoor.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies unless told otherwise (scripts/run.sh serves plain HTTP on 127.0.0.1 and says so).
SESSION_COOKIE_SECURE = _env_bool("FRONTDOOR_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# SEC-1: signed out after 30 minutes without a request; every request starts the 30 minutes again.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("FRONTDOOR_SESSION_IDLE_MINUTES", "30"))
SESSION_SAVE_EVERY_REQUEST = True
# Behind an HTTPS proxy (production): trust its X-Forwarded-Proto and name the public origin.
if _env_bool("FRONTDOOR_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("FRONTDOOR_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HSTS only where the service is served over HTTPS (docs/security-public.md): seconds, 0 is off.
SECURE_HSTS_SECONDS = int(os.environ.get("FRONTDOOR_HSTS_SECONDS", "31536000" if SESSION_COOKIE_SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("FRONTDOOR_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
# SEC-3 Content-Security-Policy and Permissions-Policy (frontdoor/security.py): no 'unsafe-inline';
# the one inline script (GOV.UK's js-enabled class) carries a per-request nonce.
FRONTDOOR_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
FRONTDOOR_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# SEC-3 rate limits, per client IP (django-ratelimit's reading of it, below), counted in a table
# that every web worker process shares, one atomic upsert per count (frontdoor/intake/limits.py).
# Rates are "<count>/<s|m|h|d>"; benchmarks raise them with the environment variables and say so.
# FRONTDOOR_RATELIMIT_* names are shared with the API. The database cache stays for anything else.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "frontdoor_cache",
    }
}
RATELIMIT_USE_CACHE = "default"
# Behind a proxy, the client's address is in a header the proxy sets (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = os.environ.get("FRONTDOOR_RATELIMIT_IP_META_KEY") or None
# Not used for the limits any more (their counts are exact, frontdoor/intake/limits.py); the
# checks about the cache's atomicity stay silenced for django-ratelimit's import.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The open-queue index's INCLUDE columns (intake.Contact) are PostgreSQL's; SQLite builds the
    # index from its key columns, as intended. Without this every command (so every start of
    # scripts/run.sh) printed a warning that asks for nothing to be done.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
FRONTDOOR_RATELIMIT_PUBLIC_SEND = os.environ.get("FRONTDOOR_RATELIMIT_PUBLIC_SEND", "10/h")
FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD = os.environ.get("FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD", "60/h")
FRONTDOOR_RATELIMIT_STATUS_LOOKUP = os.environ.get("FRONTDOOR_RATELIMIT_STATUS_LOOKUP", "20/h")
# SEC-3 time check: a public contact sent sooner than this after its journey began is kept but
# flagged as possibly automated (like the honeypot), never discarded.
FRONTDOOR_SPAM_MIN_SECONDS = float(os.environ.get("FRONTDOOR_SPAM_MIN_SECONDS", "15"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("frontdoor", VAR_DIR / "static-build"),
    ("frontdoor", BASE_DIR / "frontdoor" / "assets" / "js"),
]

# Uploaded documents are kept in the database, in the same transaction as the contact
# (INT-15), never under the web root. See docs/decisions/0003-attachments-in-database.md.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# Issue 13: an upload over 2.5MB is streamed to a temporary file, never held whole in memory, and
# one over the 20MB limit is refused while it arrives (frontdoor/intake/uploads.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "frontdoor.intake.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Local policy (opening hours, hub hours, timescales): a callable returning a PolicyConfig.
FRONTDOOR_POLICY = os.environ.get("FRONTDOOR_POLICY", "frontdoor.policy.config.default_config")

# What the task worker does on every sweep, across the apps (frontdoor/duties.py): named here, as
# the URLs are, because the worker's command lives in intake, below the apps whose duties it runs.
FRONTDOOR_PERIODIC_DUTIES = "frontdoor.duties.periodic_duties"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get("FRONTDOOR_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("FRONTDOOR_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("FRONTDOOR_EMAIL_PORT", "1025"))
EMAIL_TIMEOUT = 10
EMAIL_HOST_USER = os.environ.get("FRONTDOOR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FRONTDOOR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("FRONTDOOR_EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get(
    "FRONTDOOR_FROM_EMAIL", "Children's Services Front Door <frontdoor@example-council.gov.uk>"
)

# The outbox: how long a worker may hold a message before another may take it over,
# and the retry back-off when the mail server is down (seconds).
OUTBOX_LEASE_SECONDS = int(os.environ.get("FRONTDOOR_OUTBOX_LEASE_SECONDS", "120"))
OUTBOX_BACKOFF_BASE_SECONDS = float(os.environ.get("FRONTDOOR_OUTBOX_BACKOFF_BASE", "30"))
OUTBOX_BACKOFF_MAX_SECONDS = float(os.environ.get("FRONTDOOR_OUTBOX_BACKOFF_MAX", "3600"))

# The partner API (frontdoor/partners, docs/api.md): requests per token, "<count>/<s|m|h|d>",
# counted in the same shared table as the public form's limits (above).
FRONTDOOR_API_RATE = os.environ.get("FRONTDOOR_API_RATE", "120/m")

# The referrals mailbox's SMTP receiver (manage.py receive_mail, docs/channels.md). The
# council's mail system delivers mail for the published addresses to it; other addresses are refused.
FRONTDOOR_MAILBOX_HOST = os.environ.get("FRONTDOOR_MAILBOX_HOST", "127.0.0.1")
FRONTDOOR_MAILBOX_PORT = int(os.environ.get("FRONTDOOR_MAILBOX_PORT", "2525"))
FRONTDOOR_MAILBOX_ADDRESSES = os.environ.get("FRONTDOOR_MAILBOX_ADDRESSES", "referrals@example-council.gov.uk").split(
    ","
)
FRONTDOOR_MAILBOX_MAX_BYTES = int(os.environ.get("FRONTDOOR_MAILBOX_MAX_BYTES", str(30 * 1024 * 1024)))
# Hostile input (issue 13): a message deeper, or with more parts or attachments, than these is
# still kept, as a draft with what could be read and a note for staff; never refused for ever.
FRONTDOOR_MAILBOX_MAX_DEPTH = int(os.environ.get("FRONTDOOR_MAILBOX_MAX_DEPTH", "10"))
FRONTDOOR_MAILBOX_MAX_PARTS = int(os.environ.get("FRONTDOOR_MAILBOX_MAX_PARTS", "100"))
FRONTDOOR_MAILBOX_MAX_ATTACHMENTS = int(os.environ.get("FRONTDOOR_MAILBOX_MAX_ATTACHMENTS", "30"))
# Whose Authentication-Results header to believe: the authserv-id of the council's own receiving
# mail server (RFC 8601), comma-separated. A sender's address counts as verified only when that
# server reports dmarc=pass, or spf/dkim=pass for the From domain, or the domain is a partner's.
FRONTDOOR_MAILBOX_AUTHSERV_IDS = [
    a.strip().lower()
    for a in os.environ.get("FRONTDOOR_MAILBOX_AUTHSERV_IDS", "mx.example-council.gov.uk").split(",")
    if a.strip()
]
# Children and other people on one contact, on the API and on staff entry (issue 13).
FRONTDOOR_MAX_CHILDREN_PER_CONTACT = int(os.environ.get("FRONTDOOR_MAX_CHILDREN_PER_CONTACT", "30"))
FRONTDOOR_MAX_PEOPLE_PER_CONTACT = int(os.environ.get("FRONTDOOR_MAX_PEOPLE_PER_CONTACT", "50"))

PUBLIC_BASE_URL = os.environ.get("FRONTDOOR_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# The audit log's keys and checkpoints (SEC-6, frontdoor/audit/keys.py, docs/operations.md). Without a key,
# a development key is derived from SECRET_KEY and `manage.py check --deploy` warns.
FRONTDOOR_AUDIT_KEY = os.environ.get("FRONTDOOR_AUDIT_KEY", "")
FRONTDOOR_AUDIT_KEY_ID = os.environ.get("FRONTDOOR_AUDIT_KEY_ID", "k1")
FRONTDOOR_AUDIT_OLD_KEYS = os.environ.get("FRONTDOOR_AUDIT_OLD_KEYS", "")
FRONTDOOR_AUDIT_CHECKPOINT_FILE = os.environ.get(
    "FRONTDOOR_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log")
)
FRONTDOOR_AUDIT_CHECKPOINT_SECONDS = float(os.environ.get("FRONTDOOR_AUDIT_CHECKPOINT_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FRONTDOOR_LOG_LEVEL", "INFO")},
}
