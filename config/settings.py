"""Hindsight settings: one module, read from the environment.

With nothing set it runs embedded: SQLite, a filesystem Celery broker and mail
written to files, all under var/. Setting DATABASE_URL, REDIS_URL and
EMAIL_URL switches to PostgreSQL, Redis and SMTP. See README.md for the table.
"""

import os
from pathlib import Path
from zoneinfo import available_timezones

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config import env, security

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HINDSIGHT_VAR_DIR", BASE_DIR / "var"))

DEBUG = env.bool_value("DEBUG", default=True)
# With DEBUG on, an unknown address shows the site's 404 page, as in
# production; true shows Django's technical one, which lists the URL patterns.
DEBUG_TECHNICAL_404 = env.bool_value("DEBUG_TECHNICAL_404", default=False)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or env.dev_secret_key(VAR_DIR / "secret_key")
    ALLOWED_HOSTS = [
        h.strip() for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h.strip()
    ]
else:
    SECRET_KEY = env.required("SECRET_KEY", "when DEBUG is false")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters in production.")
    ALLOWED_HOSTS = [
        h.strip()
        for h in env.required("ALLOWED_HOSTS", "when DEBUG is false").split(",")
        if h.strip()
    ]

SITE_URL = env.site_url("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Full-text search fields; harmless on SQLite, where search falls back.
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sources",
    "predictions",
    "feeds",
    "transfer",
    "accounts",
    "api",
    # Only for its `manage.py health` command (config/management/).
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Only with DEBUG on: the site's 404 page rather than Django's technical one.
    "config.errors.DesignedNotFoundMiddleware",
    # Pages and JSON gzipped when the client accepts it; after WhiteNoise, which
    # serves static files already compressed at collectstatic, and before the
    # rest, so that it compresses what they answer. Below 200 bytes it leaves
    # a response alone. BREACH (guessing a secret in a compressed page from its
    # size): Django's GZipMiddleware puts up to 100 random bytes in each gzip
    # header (its max_random_bytes, after the "Heal The Breach" paper), and the
    # CSRF token in a page is masked afresh for every response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form refused by a rate limit answers 429 with its page.
    "core.ratelimit.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": env.database_config("DATABASE_URL", DATABASE_URL)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "hindsight.sqlite3",
            # WAL lets the web process read while the worker writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20},
        }
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: it compiles any plan whose estimated cost is high, and the people
    # list's (an index walk that stops at the page, with EXISTS filters the
    # planner prices as full scans) ran in 2 ms and compiled for 4 s.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ---------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    env.redis_url("REDIS_URL", REDIS_URL)
    CELERY_BROKER_URL = REDIS_URL
    # A task not acknowledged within an hour (a killed worker) is delivered again.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
    CACHES = {
        "default": {
            # With Redis down, cache calls miss instead of raising: the database
            # still answers every request (config/cache.py).
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hindsight",
            # redis-py waits 5 s by default; a cache answer is not worth that long
            # when Redis hangs or its host stops answering.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # The embedded broker: messages are files in one folder, no server needed.
    BROKER_DIR = VAR_DIR / "celery-broker"
    BROKER_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        # Where fanout exchanges are recorded; by default a "control" folder in
        # whatever directory the process was started from.
        "control_folder": str(BROKER_DIR / "control"),
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long a list page kept for signed-out readers may be served at most
# (core.page_cache); a write it could show ends it sooner. 0 turns it off, as
# it is without Redis: an in-process cache is each process's own, and a
# write in one (the worker's due check) would not end the others' pages.
PAGE_CACHE_SECONDS = env.int_value("PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0, minimum=0)
DUE_CHECK_SECONDS = env.int_value("DUE_CHECK_SECONDS", default=300)
# The outbox (docs/email.md): how often the sweeper looks for rows left pending,
# how old a row must be before it counts as lost, how many sends are tried
# before a row is marked failed, the first retry's delay (doubled each time)
# and its cap, and how long a delivery may hold rows it claimed.
NOTIFICATION_SWEEP_SECONDS = env.int_value("NOTIFICATION_SWEEP_SECONDS", default=120)
NOTIFICATION_SWEEP_AFTER_SECONDS = env.int_value("NOTIFICATION_SWEEP_AFTER_SECONDS", default=300)
NOTIFICATION_MAX_ATTEMPTS = env.int_value("NOTIFICATION_MAX_ATTEMPTS", default=8)
NOTIFICATION_RETRY_BACKOFF_SECONDS = env.int_value("NOTIFICATION_RETRY_BACKOFF_SECONDS", default=60)
NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS = env.int_value(
    "NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS", default=1800
)
NOTIFICATION_CLAIM_SECONDS = env.int_value("NOTIFICATION_CLAIM_SECONDS", default=600)
# How long a queued delivery waits before it runs, so the batches of one due
# check (each queues its recipients as it commits) end in one email, not one
# per batch.
NOTIFICATION_DELIVERY_DELAY_SECONDS = env.int_value(
    "NOTIFICATION_DELIVERY_DELAY_SECONDS", default=10
)
# Account emails' outbox (docs/accounts.md): how often its sweeper runs, how
# long a row may wait (or a send may take) before it is queued again, and how
# many sends are tried before a row is marked failed.
ACCOUNT_EMAIL_SWEEP_SECONDS = env.int_value("ACCOUNT_EMAIL_SWEEP_SECONDS", default=60)
ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS = env.int_value("ACCOUNT_EMAIL_SWEEP_AFTER_SECONDS", default=180)
ACCOUNT_EMAIL_MAX_ATTEMPTS = env.int_value("ACCOUNT_EMAIL_MAX_ATTEMPTS", default=5)
# Both outboxes (core/outbox_retry.py): a row whose quick retries are spent is
# failed, tried again this often by the sweepers, and given up only once this
# long has passed since it failed: an hour, for three days.
OUTBOX_SLOW_RETRY_SECONDS = env.int_value("OUTBOX_SLOW_RETRY_SECONDS", default=3600)
OUTBOX_GIVE_UP_AFTER_SECONDS = env.int_value("OUTBOX_GIVE_UP_AFTER_SECONDS", default=3 * 24 * 3600)
# Both outboxes (core/outbox_pruning.py): rows sent, cancelled or given up
# longer ago than this many days are deleted. At least 31: a resolve link
# works for 30 days after its email was sent, and its row must outlive it.
OUTBOX_RETENTION_DAYS = env.int_value("OUTBOX_RETENTION_DAYS", default=35, minimum=31)
# How often beat prunes the outboxes; each run deletes what has aged since.
OUTBOX_PRUNE_SECONDS = env.int_value("OUTBOX_PRUNE_SECONDS", default=3600)

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# With acks_late, a task whose worker process was killed is delivered again
# rather than acknowledged as if it had run.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "check-due-predictions": {
        "task": "predictions.tasks.check_due_predictions",
        "schedule": DUE_CHECK_SECONDS,
    },
    "deliver-pending-notifications": {
        "task": "predictions.tasks.deliver_pending_notifications",
        "schedule": NOTIFICATION_SWEEP_SECONDS,
    },
    "send-pending-account-emails": {
        "task": "accounts.tasks.send_pending_account_emails",
        "schedule": ACCOUNT_EMAIL_SWEEP_SECONDS,
    },
    "prune-outbox": {
        "task": "predictions.tasks.prune_outbox",
        "schedule": OUTBOX_PRUNE_SECONDS,
    },
    "prune-account-emails": {
        "task": "accounts.tasks.prune_account_emails",
        "schedule": OUTBOX_PRUNE_SECONDS,
    },
}

# --- Source capture (sources/capture/, sources/tasks.py) ---------------------
# Filing a source's URL queues a fetch of the page, its copy kept with its hash.
CAPTURE_ENABLED = env.bool_value("CAPTURE_ENABLED", default=True)
# Tests only: let the fetch reach loopback addresses (a local test server) on
# any port. Never in production: it would let a filed URL probe the host.
CAPTURE_ALLOW_LOOPBACK = env.bool_value("CAPTURE_ALLOW_LOOPBACK", default=False)
CAPTURE_MAX_BYTES = env.int_value("CAPTURE_MAX_BYTES", default=5 * 1024 * 1024, minimum=1024)
# How often beat re-queues captures whose task was lost or whose retry is due.
CAPTURE_SWEEP_SECONDS = env.int_value("CAPTURE_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["capture-pending-sources"] = {
    "task": "sources.tasks.capture_pending",
    "schedule": CAPTURE_SWEEP_SECONDS,
}

# --- Rate limits of the site's forms and of filing (core/ratelimit.py) ------
# Each is counted per client address and per account or address in fixed
# windows: "5/15min" allows five in each quarter hour; "off" turns it off.
RATE_LIMITS = {
    # Failed sign-ins per username and per address; then every try is refused.
    "sign_in": env.rate_limit("RATE_LIMIT_SIGN_IN", default="5/15min"),
    "sign_up": env.rate_limit("RATE_LIMIT_SIGN_UP", default="5/hour"),
    "password_reset": env.rate_limit("RATE_LIMIT_PASSWORD_RESET", default="5/hour"),
    "confirmation": env.rate_limit("RATE_LIMIT_CONFIRMATION", default="3/hour"),
    "filing": env.rate_limit("RATE_LIMIT_FILING", default="30/hour"),
    # Each export reads the whole filtered ledger: a reader has no need of many.
    "export": env.rate_limit("RATE_LIMIT_EXPORT", default="30/hour"),
}
# How many reverse proxies in front of the app append to X-Forwarded-For; the
# client address is the one the outermost wrote (core/client_ip.py). 0, the
# default, ignores the header: right when clients reach gunicorn directly.
TRUSTED_PROXIES = env.int_value("TRUSTED_PROXIES", default=0, minimum=0)

# --- REST API -------------------------------------------------------------
# Requests with a body larger than this are refused: 413 on the API (where
# its parsers read the body; api/errors.py), 400 on the web forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
API_THROTTLE_RATES = {
    "anon": env.throttle_rate("API_THROTTLE_ANON", default="60/min"),
    "user": env.throttle_rate("API_THROTTLE_USER", default="600/min"),
    # Anonymous calls of the article suggester, which costs CPU per character.
    "suggest": env.throttle_rate("API_THROTTLE_SUGGEST", default="10/min"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Writes take JSON only: the schema then advertises one body per write,
    # which clients generated from it can send (nested objects included); a
    # form or multipart body is a 415. The browsable API keeps its raw form.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LedgerCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.HindsightAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hindsight API",
    "DESCRIPTION": (
        "A public ledger of predictions: who said what would happen, where, in their exact "
        "words, by when, and whether it came true. Reads are public; writes need a token "
        "(`Authorization: Token <key>`) or a session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PredictionStatusEnum": "predictions.models.Prediction.Status",
        "OutcomeEnum": "predictions.models.Prediction.Outcome",
        "PersonKindEnum": "sources.models.Person.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "EventKindEnum": "predictions.models.PredictionEvent.Kind",
    },
}

# --- Email ----------------------------------------------------------------
MAIL_DIR = VAR_DIR / "mail"
MAILERS = env.mailers_config(
    "EMAIL_URL", os.environ.get("EMAIL_URL", "").strip() or "file://", file_path=MAIL_DIR
)
DEFAULT_FROM_EMAIL = env.from_email("DEFAULT_FROM_EMAIL", default="Hindsight <hindsight@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Time and language ----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC").strip() or "UTC"
if TIME_ZONE not in available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not an IANA time zone name.")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Production hardening (docs/deploy.md, "Security") ----------------------
# TRUSTED_PROXIES (above, with the rate limits) also decides whether
# X-Forwarded-Proto is believed: with 0 it is the client's own claim.

# One Content-Security-Policy for every page, DEBUG or not, so that an inline
# script or style shows up (blocked) while developing, not first in
# production. Scripts and styles are files under static/.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

if not DEBUG:
    # HTTPS, HSTS, secure cookies and the checks they answer (config/security.py).
    globals().update(security.production_settings(SITE_URL, TRUSTED_PROXIES))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
