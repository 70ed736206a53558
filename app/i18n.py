"""The request's language and the message catalogue (Bahasa Indonesia first, English second)."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request

from app.messages import MESSAGES

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def negotiate_language() -> str:
    """?lang= wins, then a `lang` cookie, then Accept-Language; Indonesian by default."""
    explicit = request.args.get("lang") or request.cookies.get("lang")
    if explicit in LANGUAGES:
        return explicit
    header = request.headers.get("Accept-Language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


def current_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if "lang" not in g:
        g.lang = negotiate_language()
    return str(g.lang)


def translate(key: str, lang: str | None = None, **params: Any) -> str:
    lang = lang or current_language()
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


_ = translate
