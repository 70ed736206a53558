"""The gettext catalogues: every text in Bahasa Indonesia and English, the same keys and
placeholders in both, compiled .mo files that match their .po sources, and every key the code,
the templates and the page scripts ask for present."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask

from app.booking.page_forms import PRIORITIES, SYMPTOMS
from app.booking.page_manage import NOTICES, STATUS_ALERTS
from app.i18n import LANGUAGES, texts_with_prefix, translate
from app.models.booking import ACTIVE_STATUSES
from app.models.waitlist import WAITLIST_STATUSES
from app.reports.render import ELEMENT_PARTS, category_key, element_key
from app.services.reminders import PROTOCOL_NOTICES
from scheduling.ikm import CATEGORIES, ELEMENT_CODES
from scheduling.job_rules import REMINDER_LEADS
from scheduling.slots import DAY_KEYS

ROOT = Path(__file__).resolve().parents[1]
AREAS = ("app", "kiosk", "display")
CATALOGUES = [(area, lang) for area in AREAS for lang in LANGUAGES]


def po_path(area: str, lang: str) -> Path:
    return ROOT / area / "translations" / lang / "LC_MESSAGES" / "messages.po"


def read_catalogue(area: str, lang: str) -> Catalog:
    with po_path(area, lang).open("rb") as source:
        return read_po(source, locale=lang)


def texts(area: str, lang: str) -> dict[str, str]:
    return {message.id: message.string for message in read_catalogue(area, lang) if message.id}


def all_texts(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for area in AREAS:
        merged.update(texts(area, lang))
    return merged


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("area", AREAS)
def test_both_languages_have_the_same_keys_each_with_a_text(area: str) -> None:
    indonesian, english = texts(area, "id"), texts(area, "en")
    assert sorted(set(indonesian) ^ set(english)) == []
    assert len(indonesian) > 0
    for lang, catalogue in (("id", indonesian), ("en", english)):
        empty = sorted(key for key, text in catalogue.items() if not text.strip())
        assert empty == [], f"{area}/{lang}: no text for {empty}"


@pytest.mark.parametrize(("area", "lang"), CATALOGUES)
def test_no_catalogue_or_text_is_marked_fuzzy(area: str, lang: str) -> None:
    # pybabel compile leaves out fuzzy entries, and a whole catalogue whose header is fuzzy.
    catalogue = read_catalogue(area, lang)
    assert not catalogue.fuzzy
    assert [message.id for message in catalogue if message.id and message.fuzzy] == []


@pytest.mark.parametrize("area", AREAS)
def test_placeholders_are_the_same_in_both_languages(area: str) -> None:
    indonesian, english = texts(area, "id"), texts(area, "en")
    differing = {
        key: (placeholders(indonesian[key]), placeholders(english[key]))
        for key in indonesian
        if key in english and placeholders(indonesian[key]) != placeholders(english[key])
    }
    assert differing == {}


def test_a_key_lives_in_one_area_only() -> None:
    # Flask-Babel merges the directories in order: a key in two of them would hide one text.
    seen: dict[str, str] = {}
    twice = []
    for area in AREAS:
        for key in texts(area, "id"):
            if key in seen:
                twice.append((key, seen[key], area))
            seen[key] = area
    assert twice == []


@pytest.mark.parametrize(("area", "lang"), CATALOGUES)
def test_the_compiled_catalogue_matches_its_source(area: str, lang: str) -> None:
    source = po_path(area, lang)
    compiled = source.with_suffix(".mo")
    assert compiled.exists(), f"run: pybabel compile -d {area}/translations"
    with compiled.open("rb") as handle:
        in_mo = {message.id: message.string for message in read_mo(handle) if message.id}
    assert in_mo == texts(area, lang), (
        f"{compiled} is stale: pybabel compile -d {area}/translations"
    )


def test_the_app_serves_every_text_of_every_area(app: Flask) -> None:
    with app.app_context():
        for lang in LANGUAGES:
            expected = all_texts(lang)
            served = {
                key: translate(key, lang) for key in expected if not placeholders(expected[key])
            }
            assert served == {key: text for key, text in expected.items() if key in served}
            assert texts_with_prefix("")[lang] == expected


def test_a_text_in_an_explicit_language_wins_over_the_request(app: Flask) -> None:
    english = texts("app", "en")["slot_full"]
    indonesian = texts("app", "id")["slot_full"]
    with app.test_request_context("/?lang=en"):
        assert translate("slot_full") == english
        assert translate("slot_full", "id") == indonesian
        assert translate("slot_full") == english  # the explicit language did not stick
    with app.test_request_context("/", headers={"Accept-Language": "en-GB,en;q=0.8"}):
        assert translate("slot_full") == english
    with app.test_request_context("/"):
        assert translate("slot_full") == indonesian


def test_texts_outside_a_request_default_to_indonesian_and_take_a_language(app: Flask) -> None:
    with app.app_context():  # a job, the CLI, a notification
        assert translate("notify_signature") == texts("app", "id")["notify_signature"]
        assert translate("notify_signature", "en") == texts("app", "en")["notify_signature"]
        assert translate("qr_invalid", "en") == texts("kiosk", "en")["qr_invalid"]
    # Without any app: app/'s own catalogue still answers.
    assert translate("slot_full", "en") == texts("app", "en")["slot_full"]
    assert translate("slot_full") == texts("app", "id")["slot_full"]


def test_placeholders_are_filled_and_unknown_keys_or_languages_fall_back(app: Flask) -> None:
    with app.app_context():
        assert translate("number_range", "en", low=1, high=9) == (
            texts("app", "en")["number_range"].format(low=1, high=9)
        )
        assert "{" not in translate("number_range", "id", low=1, high=9)
        assert translate("no_such_key", "en") == "no_such_key"
        assert translate("slot_full", "fr") == texts("app", "id")["slot_full"]


def python_files() -> list[Path]:
    return [path for area in AREAS for path in sorted((ROOT / area).rglob("*.py"))]


def domain_error_classes(trees: list[ast.Module]) -> set[str]:
    """DomainError and every class that derives from it, however indirectly."""
    bases = {
        node.name: {base.id for base in node.bases if isinstance(base, ast.Name)}
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    found = {"DomainError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


# Functions whose first argument is a catalogue key (besides the DomainError classes).
KEY_TAKERS = {"translate", "_", "PydanticCustomError", "problem"}


def keys_the_python_code_asks_for() -> set[str]:
    trees = [ast.parse(path.read_text(), str(path)) for path in python_files()]
    errors = domain_error_classes(trees)
    keys: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and called_name(node) in {
                "translate",
                "_",
                "PydanticCustomError",
                *errors,
            }:
                first = literal(node.args[0]) if node.args else None
                code = next((literal(k.value) for k in node.keywords if k.arg == "code"), None)
                keys |= {key for key in (first, code) if key}
            elif isinstance(node, ast.ClassDef) and node.name in errors:
                keys |= {code for code in map(assigned_code, node.body) if code}
    return keys


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def assigned_code(statement: ast.stmt) -> str | None:
    """The error code a class body sets: `code = "x"` or `code, status = "x", 409`."""
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        return None
    target, value = statement.targets[0], statement.value
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
        pairs = list(zip(target.elts, value.elts, strict=False))
    else:
        pairs = [(target, value)]
    for name, text in pairs:
        if isinstance(name, ast.Name) and name.id == "code":
            return literal(text)
    return None


def test_every_key_the_python_code_asks_for_exists() -> None:
    keys = keys_the_python_code_asks_for()
    assert {"slot_full", "not_found", "office_closed", "qr_invalid"} <= keys
    assert len(keys) > 50
    known = set(all_texts("id"))
    assert sorted(keys - known) == []


def test_every_key_the_templates_and_scripts_ask_for_exists() -> None:
    used: set[str] = set()
    for area in AREAS:
        for template in (ROOT / area).rglob("templates/**/*.html"):
            used |= set(re.findall(r"\btx?\(\s*'([a-z0-9_]+)'\s*[,)]", template.read_text()))
            used |= set(re.findall(r'data-t="([a-z0-9_]+)"', template.read_text()))
        for script in (ROOT / area / "static").glob("*.js"):
            used |= set(
                re.findall(r'\b(?:t|both)\("([a-z0-9_]*[a-z0-9])"\s*[),]', script.read_text())
            )
            used |= set(re.findall(r"\bTEXTS\.(?:id|en)\.([a-z0-9_]+)", script.read_text()))
            # The kiosk also names keys where they are shown (K.setKey, K.showKey) or mapped.
            used |= set(re.findall(r'"(kiosk_[a-z0-9_]*[a-z0-9])"', script.read_text()))
    assert {"display_reminder_mask", "display_setup_saved", "kiosk_welcome"} <= used
    assert len(used) > 250
    known = set(all_texts("id"))
    assert sorted(used - known) == []


def test_every_key_built_from_a_value_exists() -> None:
    families = {
        "priority_": PRIORITIES,
        "symptom_": SYMPTOMS,
        "status_": ACTIVE_STATUSES + ("cancelled", "checked_in", "no_show", "done"),
        "page_status_help_": tuple(STATUS_ALERTS),
        "waitlist_status_": WAITLIST_STATUSES,
        "admin_day_": DAY_KEYS,
        "staff_source_": ("appointment", "walk_in"),
        "staff_key_": ("call_next", "recall", "start", "complete", "no_show", "transfer"),
        "kiosk_priority_": PRIORITIES,
        "kiosk_symptom_": ("fever", "cough", "sore_throat", "shortness_of_breath", "loss_of_smell"),
        "display_mine_": ("invalid", "absent", "called", "waiting", "waiting_minutes"),
    }
    wanted = {prefix + value for prefix, values in families.items() for value in values}
    wanted |= {f"page_{notice}_notice" for notice in NOTICES}
    # Notifications: of a protocol change (app.services.reminders.notify_rebalanced) and
    # the reminders, one subject per kind.
    wanted |= {f"notify_{what}_{part}" for what in PROTOCOL_NOTICES for part in ("subject", "body")}
    wanted |= {f"notify_{kind}_subject" for kind in REMINDER_LEADS}
    # The SKM survey: every text of every element, and the name of every IKM category.
    wanted |= {element_key(code, part) for code in ELEMENT_CODES for part in ELEMENT_PARTS}
    wanted |= {category_key(letter) for letter in CATEGORIES}
    assert {"ikm_u9_scale_4", "ikm_u1_definition", "ikm_category_D"} <= wanted
    for lang in LANGUAGES:
        assert sorted(wanted - set(all_texts(lang))) == [], lang
