"""The Flask class Antrean runs: Flask itself, minus one cost paid on every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

# Enough for every view, hook and handler the app has; closures made per request (as
# `after_this_request` callbacks may be) beyond it are checked each time, as Flask does.
_REMEMBERED_FUNCTIONS = 2048


class Antrean(Flask):
    """`ensure_sync` (which Flask documents for overriding) asks `inspect.iscoroutinefunction`
    of every hook, view and error handler each time it runs one: seven or eight times a
    request, about a microsecond each. A function's answer never changes, so it is kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._synchronous[func]
        except KeyError:
            pass
        except TypeError:  # an unhashable callable
            return super().ensure_sync(func)
        runnable = super().ensure_sync(func)
        if len(self._synchronous) < _REMEMBERED_FUNCTIONS:
            self._synchronous[func] = runnable
        return runnable
