"""The request's language and its texts (Bahasa Indonesia first, English second).

Every text is in a gettext catalogue beside the code that shows it:
`translations/<lang>/LC_MESSAGES/messages.po` in app/, kiosk/ and display/. A msgid is a stable
key (an error code such as "slot_full"), its msgstr the text with `{placeholders}`. Flask-Babel
loads the compiled .mo files of every registered directory, merges them, and keeps them for the
life of the process; the locale it picks for a request is `current_language()`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import force_locale, get_babel, get_translations

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def negotiate_language() -> str:
    """?lang= wins, then a `lang` cookie, then Accept-Language; Indonesian by default."""
    environ = request.environ
    # Parsing the query and the cookies costs more than the rest: only when they name one.
    explicit = "lang=" in environ.get("QUERY_STRING", "") and request.args.get("lang")
    if not explicit and "lang=" in environ.get("HTTP_COOKIE", ""):
        explicit = request.cookies.get("lang")
    if explicit in LANGUAGES:
        return str(explicit)
    header = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    if "," not in header and ";" not in header:  # one tag, or none: the common case
        tag = header.strip().lower()[:2]
        return tag if tag in LANGUAGES else DEFAULT_LANGUAGE
    # Weighted preferences ("en;q=0.1, id;q=0.9"): werkzeug ranks them by quality.
    return str(request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE))


def current_language() -> str:
    """The request's language (Flask-Babel's locale selector); Indonesian outside a request."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    lang: str | None = g.get("lang")
    if lang is None:
        lang = g.lang = negotiate_language()
    return lang


def translate(key: str, lang: str | None = None, **params: Any) -> str:
    """The text of `key` in `lang` (default: the request's language), `{params}` filled in.
    An unknown key comes back as itself."""
    text: str = _translations(lang).gettext(key)
    return text.format(**params) if params else text


_ = translate


def texts_with_prefix(*prefixes: str) -> dict[str, dict[str, str]]:
    """Every text whose key starts with one of `prefixes`, in both languages: what a page's
    script needs to switch language without a round trip."""
    return {lang: _keys_with_prefix(_translations(lang), prefixes) for lang in LANGUAGES}


def add_translation_directory(app: Flask, directory: Path) -> None:
    """A part outside app/ (kiosk, display) adds its own catalogues when it is registered."""
    # Before any text is read: Flask-Babel merges the directories on first use and keeps the
    # result on its (process-wide) domain, which is right only because every app has the same.
    get_babel(app).translation_directories.append(str(directory))


def _translations(lang: str | None) -> NullTranslations:
    if lang not in LANGUAGES:
        lang = current_language() if lang is None else DEFAULT_LANGUAGE
    if not has_app_context():
        return _app_catalogue(lang)
    loaded = current_app.extensions.setdefault(_LOADED, {})
    if lang not in loaded:
        with force_locale(lang):
            loaded[lang] = get_translations()
    return loaded[lang]


# Flask-Babel's get_translations() costs several microseconds a call (context look-ups, a
# Locale per call under force_locale); texts are read on every error answer, so each app keeps
# the merged catalogue of each language once Flask-Babel has loaded it.
_LOADED = "antrean_translations"


@cache
def _app_catalogue(lang: str) -> NullTranslations:
    """Without an app there is no Flask-Babel: app/'s own catalogue, loaded once."""
    return Translations.load(str(TRANSLATIONS), [lang])


def _keys_with_prefix(catalogue: NullTranslations, prefixes: tuple[str, ...]) -> dict[str, str]:
    # gettext offers no listing of its msgids: `_catalog` is where Babel's own merge reads them.
    entries = catalogue._catalog  # type: ignore[attr-defined]
    return {key: text for key, text in entries.items() if key and str(key).startswith(prefixes)}
