"""The import directions of ARCHITECTURE.md, kept true by a test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def starts_with_any(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


PURE_SCHEDULING = [p for p in python_files("scheduling") if p.name not in ("jobs.py", "runner.py")]


@pytest.mark.parametrize("path", PURE_SCHEDULING, ids=lambda p: p.name)
def test_scheduling_core_is_pure(path):
    forbidden = ("flask", "flask_sqlalchemy", "sqlalchemy", "app", "kiosk", "display", "config")
    bad = sorted(n for n in imports_of(path) if starts_with_any(n, forbidden))
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", python_files("app"), ids=lambda p: str(p.relative_to(ROOT)))
def test_app_does_not_import_kiosk_or_display(path):
    if path.name == "factory.py":
        return  # create_app registers them: the one allowed place
    bad = sorted(n for n in imports_of(path) if starts_with_any(n, ("kiosk", "display")))
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize(
    "path", python_files("app/services"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_services_never_read_the_request(path):
    request_bound = ("flask.request", "flask.session", "flask.g")
    bad = sorted(n for n in imports_of(path) if starts_with_any(n, request_bound))
    assert not bad, f"{path} reads the request through {bad}"


@pytest.mark.parametrize("path", python_files("app/models"), ids=lambda p: str(p.relative_to(ROOT)))
def test_models_do_not_depend_on_services_or_boundaries(path):
    bad = sorted(
        n
        for n in imports_of(path)
        if starts_with_any(n, ("app.services", "app.api", "kiosk", "display", "flask"))
    )
    assert not bad, f"{path} imports {bad}"


def test_the_factory_really_is_checked():
    assert imports_of(ROOT / "app" / "factory.py")
    assert PURE_SCHEDULING, "no scheduling module found"
