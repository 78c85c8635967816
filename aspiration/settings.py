"""Django settings. Everything that differs between installs comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from aspiration.home import files_dir, home, secret

BASE_DIR = Path(__file__).resolve().parent
# Everything Aspiration writes (database and its WAL, evidence, uploads, backups, secrets) is for the
# service account alone: files 0600, folders 0700. Set before the first file of this process is made.
os.umask(0o077)
HOME = home()

SECRET_KEY = secret("secret_key", "ASPIRATION_SECRET_KEY", 48)
# Fernet key for fields encrypted at rest (feed item texts, sensitive notes).
ENCRYPTION_KEY = secret("encryption_key", "ASPIRATION_ENCRYPTION_KEY")
# Key for pseudonymising author handles with a keyed hash (HMAC-SHA256).
PSEUDONYM_KEY = secret("pseudonym_key", "ASPIRATION_PSEUDONYM_KEY")

DEBUG = os.environ.get("ASPIRATION_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ASPIRATION_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ASPIRATION_CSRF_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # ninja as an app serves Swagger UI from its own static files: /api/docs works offline (no CDN).
    "ninja",
    "aspiration.accounts",
    "aspiration.reference",
    "aspiration.corpus",
    "aspiration.labelling",
    "aspiration.search",
    "aspiration.tracking",
    "aspiration.watch",
    "aspiration.reports",
    "aspiration.api",
    "aspiration.web",
    "aspiration.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "aspiration.web.static_files.WhiteNoiseMiddleware",  # hashed names cached a year
    # Every page and JSON answer compressed (/explore/ shrinks about fivefold); inside WhiteNoise, which
    # answers static files itself, and outside everything that writes the body. Django pads the gzip
    # header randomly against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "aspiration.accounts.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a lockout into the lockout page
]

ROOT_URLCONF = "aspiration.urls"
WSGI_APPLICATION = "aspiration.wsgi.application"

# Form templates are looked up like page templates, so web/templates/django/forms/label.html marks required
# fields on every form in one place.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "aspiration.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'aspiration.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while an import or a backup runs.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): 10 wrong passwords for one account from one address lock that
# pair out for 15 minutes; a right password resets the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("ASPIRATION_LOGIN_FAILURE_LIMIT", 10))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "aspiration.accounts.password_validation.VarietyValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
    ("ar", "العربية"),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
# `aspiration setup` collects the static files under names carrying their content's hash (and gzip copies),
# which pages link to; WhiteNoise serves those with a year's cache, so a slow link fetches each version once.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = files_dir()  # never served directly: views check permissions first
MEDIA_URL = "/files/"  # no URL serves this folder directly
# Django's storage would chmod uploads to 0644 whatever the umask says.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("ASPIRATION_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
# Behind a TLS-terminating proxy the request reaches Django as plain HTTP: trust the proxy's
# X-Forwarded-Proto, but only when told to (a client could send the header itself otherwise).
if os.environ.get("ASPIRATION_TRUST_PROXY_HTTPS") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, or inline
# with the per-request nonce ({{ CSP_NONCE }}); style attributes stay allowed for data-driven bar widths.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# E-mail (reminders, saved-search digests): SMTP when ASPIRATION_EMAIL_HOST is set; otherwise each message is
# written as a file under ASPIRATION_HOME/mail, where an administrator can read it (nothing lost, nothing sent).
EMAIL_HOST = os.environ.get("ASPIRATION_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("ASPIRATION_EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("ASPIRATION_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ASPIRATION_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ASPIRATION_EMAIL_TLS", "1") == "1"
EMAIL_BACKEND = os.environ.get("ASPIRATION_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = HOME / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("ASPIRATION_FROM_EMAIL", "aspiration@localhost")
# The address people reach this install at, for links in e-mails sent by commands (a page uses its request's).
SITE_URL = os.environ.get("ASPIRATION_SITE_URL", "http://127.0.0.1:8000")

# Evidence uploads: size and type limits (tracking).
EVIDENCE_MAX_BYTES = int(os.environ.get("ASPIRATION_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Background jobs (imports, labelling, indexing): queued as database rows, run by `aspiration worker`
# (which `aspiration serve` starts). See aspiration/jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Files uploaded for import: kept under the home until their job ends.
IMPORT_MAX_BYTES = int(os.environ.get("ASPIRATION_IMPORT_MAX_BYTES", 50 * 1024 * 1024))

# Early-warning feed items older than this are purged by `aspiration watch purge`.
WATCH_RETENTION_DAYS = int(os.environ.get("ASPIRATION_WATCH_RETENTION_DAYS", 180))
WATCH_STORE_RAW_HANDLES = os.environ.get("ASPIRATION_WATCH_STORE_RAW_HANDLES") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ASPIRATION_LOG_LEVEL", "WARNING")},
}
