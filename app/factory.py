"""The application factory: a table of contents of the app's parts."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request

from app.application import Antrean
from app.security_headers import SecurityHeaders
from config import Config, TestConfig


def create_app(overrides: dict[str, Any] | None = None, testing: bool = False) -> Flask:
    app = Antrean(__name__)
    load_config(app, overrides, testing)
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
    trust_proxies(app)  # outside: the headers see the client's scheme
    init_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    from app.errors import register_error_handlers

    register_error_handlers(app)
    from app.cli import register_cli

    register_cli(app)
    connect_receivers(app)
    return app


def load_config(app: Flask, overrides: dict[str, Any] | None, testing: bool) -> None:
    app.config.from_object(TestConfig if testing else Config)
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    app.json.sort_keys = False  # type: ignore[attr-defined]


def trust_proxies(app: Flask) -> None:
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}


def init_extensions(app: Flask) -> None:
    from app import database  # noqa: F401  (engine events: SQLite WAL, BEGIN IMMEDIATE)
    from app.extensions import babel, db, limiter, migrate, socketio
    from app.i18n import DEFAULT_LANGUAGE, current_language

    db.init_app(app)
    babel.init_app(app, default_locale=DEFAULT_LANGUAGE, locale_selector=current_language)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    limiter.init_app(app)
    # The SocketIO singleton would otherwise keep the message-queue manager of the first app
    # it was bound to (Flask-SocketIO stores it in server_options).
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        async_mode=app.config.get("ASYNC_MODE"),
        message_queue=app.config.get("REDIS_URL"),
        channel=app.config.get("SOCKETIO_CHANNEL", "antrean"),
        cors_allowed_origins=app.config.get("CORS_ORIGINS") or None,
    )


def _migrations_dir() -> Any:
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def register_blueprints(app: Flask) -> None:
    from app.api import bp as api_bp
    from app.booking.pages import bp as booking_pages_bp
    from app.booking.routes import bp as bookings_bp
    from app.counters.pages import bp as staff_pages_bp
    from app.counters.routes import bp as counters_bp
    from app.offices.routes import bp as offices_bp
    from app.reports.routes import bp as reports_bp
    from app.staff.routes import bp as staff_bp

    for blueprint in (
        api_bp,
        offices_bp,
        bookings_bp,
        staff_bp,
        counters_bp,
        reports_bp,
        booking_pages_bp,
        staff_pages_bp,
    ):
        app.register_blueprint(blueprint)
    __import__("app.waitlist").waitlist.register(app)  # waitlist, protocol levels, receivers
    app.register_blueprint(__import__("app.admin.pages", fromlist=["bp"]).bp)
    # The kiosk and the displays sit on top of app/: only the factory knows them.
    import display
    import kiosk

    kiosk.init_app(app)
    display.init_app(app)


def register_request_hooks(app: Flask) -> None:
    from app.database import mark_read_only
    from app.staff.session import CookieSessionInterface

    app.session_interface = CookieSessionInterface()

    @app.before_request
    def _read_only_for_safe_methods() -> None:
        # GET and HEAD never write: they need no SQLite write lock.
        mark_read_only(request.method in ("GET", "HEAD", "OPTIONS"))

    @app.after_request
    def _content_language(response: Any) -> Any:
        if "lang" in g:
            response.headers.setdefault("Content-Language", g.lang)
        return response


def connect_receivers(app: Flask) -> None:
    """Listeners of domain events (displays, notifications) are wired here, and only here."""
    return None
