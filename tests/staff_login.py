"""Signing staff in through the sign-in form, as a browser does (Flask test client)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

PASSWORD = "password-123"
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def create_account(
    app: Flask, username: str, role: str, office: str | None = None, password: str = PASSWORD
) -> None:
    with app.app_context():
        from app.services import offices, staff
        from app.signals import commit

        staff.create_staff(username, password, role, offices.get_office(office) if office else None)
        commit()


def form_token(client: FlaskClient, path: str = "/staff/login") -> str:
    """The CSRF token of the sign-in form (or of any staff page's sign-out form)."""
    page = client.get(path).get_data(as_text=True)
    found = _FORM_TOKEN.search(page)
    assert found, page[:500]
    return found.group(1)


def page_token(client: FlaskClient, path: str = "/staff/console") -> str:
    """The CSRF token a signed-in page gives its scripts."""
    page = client.get(path).get_data(as_text=True)
    found = _META_TOKEN.search(page)
    assert found, page[:500]
    return found.group(1)


def post_sign_in(client: FlaskClient, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    data = {"username": username, "password": password, "csrf_token": form_token(client)}
    data.update(extra.pop("data", {}))
    return client.post("/staff/login", data=data, **extra)


def signed_in_client(app: Flask, username: str, password: str = PASSWORD) -> FlaskClient:
    client = app.test_client()
    answer = post_sign_in(client, username, password)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]
    return client


def session_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie is not None else None
