"""The one settings file. Every value that differs between machines comes from the environment.

See `.env.example` for the variables. SQLite is the default database; PostgreSQL is used when
DATABASE_URL says so. Bad values stop the start-up with a message instead of being guessed at.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cchc.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless asked for: a server started without DEBUG=1 is a production server and needs
# SECRET_KEY and ALLOWED_HOSTS (`make run` and the test suite turn it on).
DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
if not DEBUG and "SECRET_KEY" not in os.environ:
    raise ImproperlyConfigured(
        "SECRET_KEY là bắt buộc khi DEBUG=0 (mặc định). Chạy thử trên máy mình: make run, hoặc "
        "đặt DEBUG=1; máy chủ thật: xem README, mục Deploying with PostgreSQL."
    )
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("SECRET_KEY phải có ít nhất 32 ký tự khi DEBUG=False.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS là bắt buộc khi DEBUG=False.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "cchc.apps.AxesConfig",  # django-axes, under a Vietnamese name in the admin
    "django_tasks",
    "django_tasks_db",
    "reports",
]

MIDDLEWARE = [
    "cchc.middleware.request_id",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "cchc.middleware.content_security_policy",
    "cchc.middleware.password_change_required",
    "cchc.errors.ErrorPagesMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

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

_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
if not _DATABASE_URL.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured(
        "DATABASE_URL phải bắt đầu bằng sqlite:// hoặc postgres://, nhận được: "
        + _DATABASE_URL.split(":", 1)[0]
    )
DATABASES = {"default": dj_database_url.parse(_DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server with a few users. A transaction that reads and then writes
    # (every save) under SQLite's default DEFERRED mode cannot wait for a concurrent writer:
    # it fails at once with "database is locked", whatever the timeout. IMMEDIATE takes the
    # write lock at BEGIN, so the second save waits (up to `timeout` seconds) and then meets
    # the normal version conflict. WAL lets pages be read while a save is being written.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Figure columns carry their STT code as a column comment on PostgreSQL; SQLite has no column
# comments and would warn once per column on every command.
SILENCED_SYSTEM_CHECKS = ["fields.W163"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Every message of these validators is Vietnamese (Django's catalogue or cchc/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "cchc.passwords.UserAttributeSimilarityValidator"},  # also the profile's full name
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "cchc.passwords.CommonPasswordValidator"},  # Django's list and Vietnamese ones
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cchc.passwords.NotPreviousPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Error pages in Vietnamese, in the application's layout (cchc/errors.py).
CSRF_FAILURE_VIEW = "cchc.errors.csrf_failure"

# A working day: a session left open overnight has to log in again.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout (django-axes, see cchc/lockout.py). Five wrong passwords lock the pair (user name,
# client address) for an hour: a stranger elsewhere cannot lock a leader out. Password spraying
# (a few tries on each of many accounts) is stopped by a limit per address over all names.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "cchc.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "cchc.lockout.axes_username"  # cut to the column's length
# The client's address is the connection's, unless the application sits behind this many
# reverse proxies that each append the address they saw to X-Forwarded-For (nginx:
# proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). Without a proxy, leave 0:
# a client could otherwise write any address into the header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT phải là số nguyên không âm.")
AXES_CLIENT_IP_CALLABLE = "cchc.lockout.client_address"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Never group digits implicitly: a year, a document number, a code or an id printed by a
# template, a form or the admin stays "2026", never "2.026". Figures are grouped where they are
# shown, by the one formatter (reports.numbers, the |vn_number filter): 5.650.
USE_THOUSAND_SEPARATOR = False
# Vietnamese for the few Django messages its own translation lacks (locale/vi/LC_MESSAGES).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cchc.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# In development whitenoise serves straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Uploaded files (signed PDFs) live in the database, like the produced documents, so every
# app server reads the same files and one pg_dump backs up everything (README, "Files").
STORAGES = {
    "default": {"BACKEND": "reports.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers, in every mode so that tests and the browser journeys meet the same policy.
# The Content-Security-Policy comes from cchc/middleware.py (own scripts and styles only).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    # Production is reached over HTTPS only. Behind a proxy that terminates TLS and forwards
    # plain HTTP, set SECURE_PROXY_SSL_HEADER=1 (the proxy must set X-Forwarded-Proto itself);
    # SECURE_SSL_REDIRECT=0 only when the proxy already redirects http:// to https://.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer probes each server over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Hashed file names never change, so whitenoise lets browsers keep them for a year;
    # other files (favicon, robots) for a day.
    WHITENOISE_MAX_AGE = 24 * 60 * 60

# Uploads (Excel annexes, signed PDFs) are small documents; anything larger is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)

# Signed reports (reports/signing): a folder of trusted CA certificates and CRLs (empty: no
# chain validates), whether the issuing body's signature is required beside the leader's,
# whether a chain that cannot be validated refuses the file, and whether CRLs and OCSP may be
# fetched over the network (off: a server without internet access would wait on every upload).
CCHC_TRUST_ROOTS = env_str("CCHC_TRUST_ROOTS", "")
CCHC_SIGNATURE_REQUIRE_BODY = env_bool("CCHC_SIGNATURE_REQUIRE_BODY", True)
CCHC_UNTRUSTED_SIGNATURE_REFUSED = env_bool("CCHC_UNTRUSTED_SIGNATURE_REFUSED", False)
CCHC_REVOCATION_FETCH = env_bool("CCHC_REVOCATION_FETCH", False)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cchc.middleware.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # One line per request (cchc.middleware.request_id); gunicorn's own access log is off.
    "loggers": {
        "cchc.requests": {
            "handlers": ["console"],
            "level": env_str("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

# Long work (PDFs, the city workbook, batches of files) runs as tasks (reports/tasks.py):
# "database" keeps the queue in the application's database for `manage.py task_worker`
# (`make serve` starts one); "immediate" does the work inside the request (`make run`, tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if _TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND phải là database hoặc immediate.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASKS_BACKEND]}}

# Timeouts, each shorter than the one above it (seconds), so the inner one always fires first
# and the user gets its Vietnamese message rather than a killed process:
# one LibreOffice conversion < one task, as long as a page waits for it < one gunicorn request.
PDF_CONVERSION_TIMEOUT = env_int("PDF_CONVERSION_TIMEOUT", 20)
TASK_TIME_LIMIT = env_int("TASK_TIME_LIMIT", 40)
GUNICORN_TIMEOUT = env_int("GUNICORN_TIMEOUT", 60)
if not PDF_CONVERSION_TIMEOUT < TASK_TIME_LIMIT < GUNICORN_TIMEOUT:
    raise ImproperlyConfigured(
        "Cần PDF_CONVERSION_TIMEOUT < TASK_TIME_LIMIT < GUNICORN_TIMEOUT (giây)."
    )
# The resident LibreOffice (unoserver) the task worker converts with; empty: a LibreOffice
# process per conversion, with one profile per worker process kept warm.
PDF_CONVERTER_URL = env_str("PDF_CONVERTER_URL", "")
# The task worker writes a heartbeat this often; /healthz calls it dead after three misses.
WORKER_HEARTBEAT_SECONDS = 10
