"""One settings module, read from the environment, safe for a laptop by default.

Every production value comes from an environment variable; nothing here needs editing to deploy.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("COCITY_DATA_DIR", BASE_DIR.parent / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn `postgres://user@host:port/name` or `sqlite:///path` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:] if parts.path.startswith("//") else unquote(parts.path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or str(DATA_DIR / "cocity.sqlite3"),
            "OPTIONS": {
                # WAL lets readers proceed while one writer writes; IMMEDIATE makes a write
                # transaction take its lock up front so concurrent writers queue instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "cocity",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"Unsupported database URL scheme: {parts.scheme!r}")


DEBUG = env_bool("COCITY_DEBUG", False)
SECRET_KEY = env_str("COCITY_SECRET_KEY", "insecure-laptop-key-set-COCITY_SECRET_KEY-in-production")
ALLOWED_HOSTS = env_list("COCITY_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("COCITY_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("COCITY_SITE_URL", "http://127.0.0.1:8000")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.forms",  # Django's form templates, for FORM_RENDERER = TemplatesSetting
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "cocity.core",
    "cocity.accounts",
    "cocity.projects",
    "cocity.participation",
    "cocity.information",
    "cocity.ideas",
    "cocity.voting",
    "cocity.budgeting",
    "cocity.events",
    "cocity.backoffice",
    "cocity.moderation",
    "cocity.notifications",
    "cocity.progress",
    "cocity.demo",
    "django_rq",  # only used when COCITY_TASKS_BACKEND=rq
]

# Participation methods: slug -> module exposing METHOD (see cocity/participation/registry.py).
# Adding a method is adding an app and one line here; no other method changes.
COCITY_PARTICIPATION_METHODS = {
    "information": "cocity.information.method",
    "ideation": "cocity.ideas.method",
    "voting": "cocity.voting.method",
    "budgeting": "cocity.budgeting.method",
    "events": "cocity.events.method",
}

# Demo content of each method's phases: `seed_phase(phase, context)` (see cocity/demo).
COCITY_DEMO_SEEDERS = {
    "voting": "cocity.voting.demo.seed_phase",
    "budgeting": "cocity.voting.demo.seed_phase",
}

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
    "cocity.core.middleware.SecurityHeadersMiddleware",
    "cocity.moderation.middleware.ClientAddressMiddleware",
]

ROOT_URLCONF = "cocity.urls"
WSGI_APPLICATION = "cocity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocity.core.context_processors.site",
                "cocity.notifications.context_processors.notifications",
            ],
            "builtins": [
                "cocity.core.templatetags.cocity",
                "cocity.participation.templatetags.participation",
                "template_partials.templatetags.partials",
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": database_from_url(
        env_str("COCITY_DATABASE_URL", f"sqlite:///{DATA_DIR / 'cocity.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env_str("COCITY_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cocity"}
    )
}

# Background work (emails, digests, newsletters) runs through Django's tasks API: the database
# backend by default, RQ on Redis for scale (COCITY_TASKS_BACKEND=rq, COCITY_REDIS_URL).
# `cocity worker` runs the matching worker; `cocity scheduler` sends digests and sweeps.
TASK_BACKENDS = {
    "db": "django_tasks_db.backend.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
_tasks_backend = env_str("COCITY_TASKS_BACKEND", "db")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}
REDIS_URL = env_str("COCITY_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email is the identity; it must be verified before the account can sign in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "cocity.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "cocity.accounts.adapter.AccountAdapter"
# Failed sign-ins lock an account out after 5 attempts in 5 minutes, and an IP after 20 a minute.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("COCITY_RATE_LIMITS", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("COCITY_SITE_NAME", "Cocity")

EMAIL_BACKEND = env_str(
    "COCITY_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("COCITY_EMAIL_FILE_PATH", str(DATA_DIR / "emails")))
EMAIL_HOST = env_str("COCITY_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("COCITY_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("COCITY_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("COCITY_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("COCITY_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("COCITY_FROM_EMAIL", "Cocity <noreply@cocity.localhost>")
# Notification emails (cocity/notifications/delivery.py): batch size, a throttle (emails per
# second, 0 = as fast as the server takes them), retries, and when a claimed email whose worker
# stopped is handed to another worker.
COCITY_EMAIL_BATCH_SIZE = env_int("COCITY_EMAIL_BATCH_SIZE", 200)
COCITY_EMAILS_PER_SECOND = float(env_str("COCITY_EMAILS_PER_SECOND", "0"))
COCITY_EMAIL_MAX_ATTEMPTS = env_int("COCITY_EMAIL_MAX_ATTEMPTS", 5)
COCITY_EMAIL_CLAIM_TIMEOUT = env_int("COCITY_EMAIL_CLAIM_TIMEOUT", 600)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("nl", _("Dutch"))]
# The language city-written text falls back to when a translation is missing.
COCITY_FALLBACK_LANGUAGE = env_str("COCITY_FALLBACK_LANGUAGE", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("COCITY_TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("COCITY_MEDIA_ROOT", str(DATA_DIR / "media")))
# Serve uploads from Django itself (laptop, demo). In production a web server does it.
COCITY_SERVE_MEDIA = env_bool("COCITY_SERVE_MEDIA", True)

# Uploads: checked by size and content, re-encoded with Pillow (see cocity/core/uploads.py).
COCITY_MAX_IMAGE_BYTES = env_int("COCITY_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
COCITY_MAX_IMAGE_PIXELS = env_int("COCITY_MAX_IMAGE_PIXELS", 40_000_000)
COCITY_IMAGE_MAX_SIDE = env_int("COCITY_IMAGE_MAX_SIDE", 2000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Maps: the city's tile server and address search. Pages work without them (list twin,
# typed addresses, coordinates); an empty value switches the service off.
COCITY_MAP_TILES_URL = env_str(
    "COCITY_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
COCITY_MAP_ATTRIBUTION = env_str("COCITY_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
COCITY_GEOCODER_URL = env_str("COCITY_GEOCODER_URL", "https://nominatim.openstreetmap.org/search")
COCITY_GEOCODER_TIMEOUT = float(env_str("COCITY_GEOCODER_TIMEOUT", "3"))
COCITY_MAP_CENTER = (
    float(env_str("COCITY_MAP_LAT", "50.6326")),
    float(env_str("COCITY_MAP_LNG", "5.5797")),
)
COCITY_SITE_NAME = env_str("COCITY_SITE_NAME", "Cocity")
COCITY_IDEAS_PER_PAGE = 25

# Moderation screening (cocity/moderation/screening.py): posts per account and per IP address
# in a sliding hour before further posts are held for review; links before a post is held.
COCITY_POSTS_PER_HOUR_ACCOUNT = env_int("COCITY_POSTS_PER_HOUR_ACCOUNT", 20)
COCITY_POSTS_PER_HOUR_IP = env_int("COCITY_POSTS_PER_HOUR_IP", 60)
COCITY_MAX_LINKS = env_int("COCITY_MAX_LINKS", 3)
# Sign-up bot protection: a form sent faster than this after it was shown is refused.
COCITY_SIGNUP_MIN_SECONDS = env_int("COCITY_SIGNUP_MIN_SECONDS", 3)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("COCITY_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A translated page that says the form expired and how to resend it (see cocity/accounts/views.py).
CSRF_FAILURE_VIEW = "cocity.accounts.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("COCITY_LOG_LEVEL", "WARNING")},
}
