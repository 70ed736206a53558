"""Antrean: the web application package.

`create_app` lives in `app.factory`; it is re-exported lazily so that `antrean serve` can apply
gevent's monkey-patching before Flask and its dependencies are imported.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from app.factory import create_app

        return create_app
    raise AttributeError(name)
