"""Extension singletons, bound to the app in `app.factory`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
migrate = Migrate()
socketio = SocketIO()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
# Templates use the `t` helper of app.pages (our texts take {placeholders}, not %-formats).
babel = Babel(configure_jinja=False)

F = TypeVar("F", bound=Callable[..., Any])


def rate_limited(*limits: Callable[[F], F]) -> Callable[[F], F]:
    """`limiter.limit(…)` decorators, stacked, that a request skips outright when the app's
    rate limiting is off (load tests): Flask-Limiter's own disabled check still costs tens of
    microseconds per limit and request."""

    def decorate(view: F) -> F:
        checked = view
        for limit in reversed(limits):
            checked = limit(checked)

        @wraps(view)
        def dispatch(*args: Any, **kwargs: Any) -> Any:
            if current_app.config.get("RATELIMIT_ENABLED", True):
                return checked(*args, **kwargs)
            return view(*args, **kwargs)

        return cast(F, dispatch)

    return decorate
