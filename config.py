"""Configuration for the Register: development, testing and production.

Every setting can be overridden by an environment variable of the same name, so the same
code runs on a laptop (embedded SQLite under ``instance/``) and in production (PostgreSQL,
real SMTP, a secret key from the environment).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy.pool import NullPool

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'register.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_recycle": 1800}
    # A PostgreSQL streaming replica for the public, anonymous read paths (lookup pages,
    # API reads, bulk checks); unset: everything reads from the primary. See register.readonly.
    DATABASE_READ_URL = os.environ.get("DATABASE_READ_URL") or None
    DATABASE_CONNECT_TIMEOUT = _env_int("DATABASE_CONNECT_TIMEOUT", 2)
    # Above this lag (seconds) the public reads go to the primary instead.
    DATABASE_READ_MAX_LAG = _env_int("DATABASE_READ_MAX_LAG", 30)
    POLICY_DIR = os.environ.get("POLICY_DIR", str(BASE_DIR / "policies"))
    # Keep every policy version in the database at start-up, and refuse a policy file whose
    # content changed while its version did not (register.policy.history). The tests record
    # in their own transactions instead.
    POLICY_HISTORY_AT_STARTUP = _env_bool("POLICY_HISTORY_AT_STARTUP", True)
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    MAX_UPLOAD_BYTES = _env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
    # Whole request bodies may hold a few files plus form fields.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 4 * MAX_UPLOAD_BYTES)

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")  # console | smtp | memory
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "register@example.nl")
    # how the public reaches the register (the contact page); no phone line unless set
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "register@example.nl")
    CONTACT_PHONE = os.environ.get("CONTACT_PHONE") or None
    # Absolute base for links in e-mails (confirmation, referee forms).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # In development without PUBLIC_BASE_URL set, links follow the address the portal is
    # served on (``make run`` on another port); see register/links.py.
    PUBLIC_BASE_URL_FOLLOWS_REQUEST = False
    # The stable base of the FHIR endpoint's identifiers and code systems (identifier system
    # <base>/sid/registration-number, CodeSystem <base>/CodeSystem/tier); set it once and
    # never change it. Default: PUBLIC_BASE_URL + "/fhir". See docs/fhir.md.
    FHIR_CANONICAL_BASE = os.environ.get("FHIR_CANONICAL_BASE") or None

    EMAIL_TOKEN_MAX_AGE = _env_int("EMAIL_TOKEN_MAX_AGE", 2 * 24 * 3600)
    RESET_TOKEN_MAX_AGE = _env_int("RESET_TOKEN_MAX_AGE", 3600)
    REFEREE_TOKEN_MAX_AGE = _env_int("REFEREE_TOKEN_MAX_AGE", 21 * 24 * 3600)

    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    # Several app processes share their counters in Redis, e.g. "redis://127.0.0.1:6379/0" or
    # "redis+unix:///run/redis/redis-server.sock" (docs/deployment.md). Should Redis be away,
    # each process counts in its own memory meanwhile instead of failing requests.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = _env_bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    RATELIMIT_SWALLOW_ERRORS = _env_bool("RATELIMIT_SWALLOW_ERRORS", True)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    # Wrong second-factor codes, counted per account and per address (a code has 10^6
    # values: 5 a minute and 20 an hour leave an attacker about one chance in 50,000 a day).
    SECOND_FACTOR_RATE_LIMIT = os.environ.get(
        "SECOND_FACTOR_RATE_LIMIT", "5 per minute;20 per hour"
    )
    PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "120 per minute")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    # complaints filed by one address (the public complaint form, issue 10)
    COMPLAINT_RATE_LIMIT = os.environ.get("COMPLAINT_RATE_LIMIT", "5 per hour;20 per day")
    BULK_RATE_LIMIT = os.environ.get("BULK_RATE_LIMIT", "20 per minute")
    # Requests with an organisation's API key are counted per organisation, not per address,
    # under these higher limits (register/api/auth.py).
    API_KEY_RATE_LIMIT = os.environ.get("API_KEY_RATE_LIMIT", "6000 per minute")
    API_KEY_BULK_RATE_LIMIT = os.environ.get("API_KEY_BULK_RATE_LIMIT", "120 per minute")
    # Webhooks (register/organisations/webhooks.py): https only, and no loopback, private,
    # link-local or reserved targets (SSRF), unless a development or test setting allows.
    WEBHOOK_HTTPS_ONLY = _env_bool("WEBHOOK_HTTPS_ONLY", True)
    WEBHOOK_ALLOW_PRIVATE = _env_bool("WEBHOOK_ALLOW_PRIVATE", False)
    WEBHOOK_TIMEOUT = _env_int("WEBHOOK_TIMEOUT", 5)
    # The first attempt runs in a background thread after the change commits, so a slow
    # receiver never holds up the registrar's request; retries come from send-webhooks.
    WEBHOOK_IN_BACKGROUND = _env_bool("WEBHOOK_IN_BACKGROUND", True)
    # Anonymous lookups are counted in memory and written per batch (organisations/checks.py).
    LOOKUP_COUNT_BATCH = _env_int("LOOKUP_COUNT_BATCH", 1000)
    LOOKUP_COUNT_SECONDS = _env_int("LOOKUP_COUNT_SECONDS", 60)
    PUBLIC_CACHE_SECONDS = _env_int("PUBLIC_CACHE_SECONDS", 60)
    # The anonymous lookup by number answered without the portal's request cycle
    # (register/api/lean.py); off, the portal answers every request.
    LEAN_LOOKUP = _env_bool("LEAN_LOOKUP", True)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # "Stay logged in on this device": the remember-me cookie, and how long a remembered
    # session may go unused; an ordinary session ends after SESSION_IDLE_SECONDS unused.
    REMEMBER_COOKIE_DURATION = dt.timedelta(days=_env_int("REMEMBER_DAYS", 14))
    SESSION_IDLE_SECONDS = _env_int("SESSION_IDLE_SECONDS", 8 * 3600)
    # The issuer name authenticator apps show next to the account.
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Register ervaringsdeskundigen")
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host
    # (Werkzeug's ProxyFix); 0 trusts none of those headers. Throttling and the audit log use
    # the client address this gives.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Verifiable credentials: the signing keys as a private JWK set (JSON), else the file
    # (default <instance>/credential-keys.json, from `flask credentials keygen`). Production
    # refuses to start without one; development and tests generate one on first use.
    CREDENTIAL_KEYS = os.environ.get("CREDENTIAL_KEYS") or None
    CREDENTIAL_KEYS_FILE = os.environ.get("CREDENTIAL_KEYS_FILE") or None
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-wachtwoord-2026")


class DevelopmentConfig(Config):
    """Local development: SQLite under instance/, e-mails printed to the console."""

    ENV_NAME = "development"
    DEBUG = False
    PUBLIC_BASE_URL_FOLLOWS_REQUEST = "PUBLIC_BASE_URL" not in os.environ
    # a webhook receiver on this machine (http://127.0.0.1:…) may be tried out
    WEBHOOK_HTTPS_ONLY = _env_bool("WEBHOOK_HTTPS_ONLY", False)
    WEBHOOK_ALLOW_PRIVATE = _env_bool("WEBHOOK_ALLOW_PRIVATE", True)


class TestingConfig(Config):
    """The test suite: in-memory mail, fast hashing, no rate limits unless a test enables them."""

    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # On PostgreSQL, tests create many apps: close connections when they are returned, so
    # no connection outlives its test.
    SQLALCHEMY_ENGINE_OPTIONS = (
        {"poolclass": NullPool} if SQLALCHEMY_DATABASE_URI.startswith("postgresql") else {}
    )
    MAIL_BACKEND = "memory"
    POLICY_HISTORY_AT_STARTUP = False
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_FAST = True
    SERVER_NAME = None
    # the webhook receiver of the tests listens on 127.0.0.1
    WEBHOOK_HTTPS_ONLY = False
    WEBHOOK_ALLOW_PRIVATE = True
    WEBHOOK_TIMEOUT = 3
    # the tests see the first attempt's log when the request returns
    WEBHOOK_IN_BACKGROUND = False
    # anonymous lookup counts are written when a test fills a batch or flushes, never
    # because a minute of the session has passed (which would make query counts vary)
    LOOKUP_COUNT_SECONDS = 10**9


class ProductionConfig(Config):
    """Production: PostgreSQL, real SMTP, secure cookies; refuses to start without a secret."""

    ENV_NAME = "production"
    # Each worker builds the name search's statements for the common query shapes at start.
    SEARCH_WARM_UP = _env_bool("SEARCH_WARM_UP", True)
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name: str | None = None) -> type[Config]:
    """Return the configuration class named by ``name`` or by ``REGISTER_ENV``."""
    key = name or os.environ.get("REGISTER_ENV", "development")
    try:
        return CONFIGS[key]
    except KeyError:
        raise RuntimeError(f"REGISTER_ENV={key!r} is not one of {sorted(CONFIGS)}") from None
