"""Configuration from ANTREAN_* environment variables.

With nothing set, Antrean runs on an embedded SQLite file in ./instance, in one process.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"ANTREAN_{name}")
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def default_database_url() -> str:
    instance = BASE_DIR / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'antrean.sqlite3'}"


class Config:
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL") or default_database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {}
    # The development default is only good for a laptop; production must set its own.
    SECRET_KEY = _env("SECRET_KEY", "dev-only-change-me")  # noqa: S105
    # Older keys still accepted when verifying QR codes and manage tokens (comma-separated),
    # so the signing key can be rotated without invalidating bookings already issued.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies whenever the public address is https (always, in production).
    SESSION_COOKIE_SECURE = (_env("PUBLIC_BASE_URL", "") or "").startswith("https://")
    SECRET_KEY_FALLBACKS = [k for k in (_env("SECRET_KEY_FALLBACKS", "") or "").split(",") if k]
    REDIS_URL = _env("REDIS_URL")
    SOCKETIO_CHANNEL = _env("SOCKETIO_CHANNEL", "antrean")
    # "threading" (tests, simple set-ups) or "gevent" (antrean serve in production).
    ASYNC_MODE = _env("ASYNC_MODE")
    CORS_ORIGINS = [o for o in (_env("CORS_ORIGINS", "") or "").split(",") if o]
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "")
    # How many reverse proxies (nginx) stand in front: their X-Forwarded-* headers are trusted,
    # so rate limits see the citizen's address, not the proxy's.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI") or _env("REDIS_URL") or "memory://"
    # If the shared store (Redis) blinks, limits fall back to per-process memory instead of
    # failing requests: booking and check-in go on.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    RATELIMIT_BOOKING = _env("RATELIMIT_BOOKING", "20 per minute;200 per hour")
    RATELIMIT_BOOKING_PER_NIK = _env("RATELIMIT_BOOKING_PER_NIK", "5 per hour")
    RATELIMIT_SIGNIN = _env("RATELIMIT_SIGNIN", "10 per minute")
    # Failed sign-ins per username, whichever client they come from.
    RATELIMIT_SIGNIN_PER_USERNAME = _env(
        "RATELIMIT_SIGNIN_PER_USERNAME", "5 per minute;20 per hour"
    )
    STAFF_TOKEN_HOURS = _env_int("STAFF_TOKEN_HOURS", 12)
    # The staff pages' sign-in session lasts as long as an API token; its cookie is written only
    # when it changes (the server-side token, not the cookie, says when it ends).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=STAFF_TOKEN_HOURS)
    SESSION_REFRESH_EACH_REQUEST = False
    DEFAULT_LANGUAGE = "id"
    TEMPERATURE_LIMIT_C = float(_env("TEMPERATURE_LIMIT_C", "37.3") or "37.3")
    # Run the background jobs inside the web process (the single-process default).
    SCHEDULER_IN_PROCESS = _env_bool("SCHEDULER_IN_PROCESS", True)
    RETENTION_DAYS = _env_int("RETENTION_DAYS", 90)
    TRACE_RETENTION_DAYS = _env_int("TRACE_RETENTION_DAYS", 30)
    # An ESC/POS printer for kiosk tickets, e.g. "tcp://192.0.2.10:9100" (optional extra "print").
    KIOSK_PRINTER = _env("KIOSK_PRINTER")
    SMTP_HOST = _env("SMTP_HOST")
    SMTP_PORT = _env_int("SMTP_PORT", 25)
    SMTP_SENDER = _env("SMTP_SENDER", "antrean@localhost")
    SMS_GATEWAY_URL = _env("SMS_GATEWAY_URL")
    SMS_GATEWAY_TOKEN = _env("SMS_GATEWAY_TOKEN")
    # Background jobs (scheduling/runner.py, scheduling/jobs.py).
    SMS_CHANNEL = _env("SMS_CHANNEL", "sms")  # or "whatsapp": what the gateway is told
    NOTIFY_MAX_ATTEMPTS = _env_int("NOTIFY_MAX_ATTEMPTS", 5)
    NOTIFY_RETRY_SECONDS = _env_int("NOTIFY_RETRY_SECONDS", 60)  # doubled after each failure
    WAITLIST_HOLD_MINUTES = _env_int("WAITLIST_HOLD_MINUTES", 30)
    NOSHOW_RECALLS = _env_int("NOSHOW_RECALLS", 2)
    NOSHOW_CALL_MINUTES = _env_int("NOSHOW_CALL_MINUTES", 5)
    TURN_NEAR_PLACES = _env_int("TURN_NEAR_PLACES", 3)
    SCHEDULER_LEASE_SECONDS = _env_int("SCHEDULER_LEASE_SECONDS", 45)
    SCHEDULER_RENEW_SECONDS = _env_int("SCHEDULER_RENEW_SECONDS", 15)
    # Overrides every job's interval (tests, demos); unset: each job's own interval.
    SCHEDULER_INTERVAL_SECONDS = _env_int("SCHEDULER_INTERVAL_SECONDS", 0)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    ASYNC_MODE = "threading"
    SCHEDULER_IN_PROCESS = False
    REDIS_URL = None
