"""The staff pages' sign-in session: the form, the cookie, CSRF on every unsafe request it
authenticates, rate limits, sign-out, fixation, expiry and deactivation (Flask test client)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from tests.conftest import NOW, Api, Clock, create_schema, make_app
from tests.staff_login import (
    PASSWORD,
    create_account,
    form_token,
    page_token,
    post_sign_in,
    session_cookie,
    signed_in_client,
)

OFFICE = "dukcapil-test"
WRONG = "wrong-password"


@pytest.fixture
def office(api: Api) -> dict[str, Any]:
    created = api.setup_office(OFFICE)
    create_account(api.app, "officer-1", "officer", OFFICE)
    create_account(api.app, "supervisor-1", "supervisor", OFFICE)
    create_account(api.app, "admin-1", "admin")
    return created


def counter_id(api: Api) -> int:
    counters = api.call("GET", f"/offices/{OFFICE}/counters", role=None).get_json()["counters"]
    return int(counters[0]["id"])


def counter_is_open(api: Api) -> bool:
    counters = api.call("GET", f"/offices/{OFFICE}/counters", role=None).get_json()["counters"]
    return bool(counters[0]["is_open"])


def set_active(app: Flask, username: str, active: bool) -> None:
    with app.app_context():
        from app.extensions import db
        from app.models import Staff

        account = db.session.query(Staff).filter_by(username=username).one()
        account.is_active = active
        db.session.commit()


def password_hash_of(app: Flask, username: str) -> str:
    with app.app_context():
        from app.extensions import db
        from app.models import Staff

        return str(db.session.query(Staff).filter_by(username=username).one().password_hash)


# --- signing in ---


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("officer-1", "/staff/console"),
        ("supervisor-1", f"/staff/dashboard/{OFFICE}"),
        ("admin-1", "/staff/admin"),
    ],
)
def test_signing_in_sets_the_session_cookie_and_goes_to_the_roles_home(
    app: Flask, office: Any, username: str, home: str
) -> None:
    client = app.test_client()
    answer = post_sign_in(client, username)
    assert answer.status_code == 303
    assert answer.headers["Location"] == home
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie  # plain http, and no https public address configured
    assert client.get(home).status_code == 200


def test_the_cookie_is_secure_when_the_request_came_over_https(app: Flask, office: Any) -> None:
    client = app.test_client()
    token = form_token(client)
    answer = client.post(
        "/staff/login",
        data={"username": "officer-1", "password": PASSWORD, "csrf_token": token},
        base_url="https://localhost",
    )
    assert answer.status_code == 303
    assert "Secure" in answer.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("username", "password"),
    [("officer-1", "wrong-password"), ("nobody", PASSWORD), ("officer-1", "")],
)
@pytest.mark.parametrize(
    ("lang", "text"),
    [("id", "Nama pengguna atau kata sandi salah."), ("en", "Wrong username or password.")],
)
def test_a_failed_sign_in_shows_the_form_again_with_the_reason(
    app: Flask, office: Any, username: str, password: str, lang: str, text: str
) -> None:
    client = app.test_client()
    answer = post_sign_in(client, username, password, query_string={"lang": lang})
    assert answer.status_code == 401
    page = answer.get_data(as_text=True)
    assert text in page and 'id="login-form"' in page
    assert f'value="{username}"' in page  # the name is kept, the password never
    assert password == "" or password not in page
    assert client.get("/staff/console").status_code == 303


def test_a_deactivated_account_cannot_sign_in(app: Flask, office: Any) -> None:
    set_active(app, "officer-1", False)
    answer = post_sign_in(app.test_client(), "officer-1")
    assert answer.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in answer.get_data(as_text=True)


def test_the_form_without_its_csrf_token_signs_nobody_in(app: Flask, office: Any) -> None:
    client = app.test_client()
    form_token(client)
    for token in (None, "forged"):
        data = {"username": "officer-1", "password": PASSWORD}
        if token:
            data["csrf_token"] = token
        answer = client.post("/staff/login", data=data)
        assert answer.status_code == 403
        assert "Formulir ini sudah kedaluwarsa" in answer.get_data(as_text=True)
    assert client.get("/staff/console").status_code == 303


def test_a_signed_in_visit_to_the_sign_in_page_goes_home(app: Flask, office: Any) -> None:
    client = signed_in_client(app, "supervisor-1")
    answer = client.get("/staff/login")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/staff/dashboard/{OFFICE}"


@pytest.mark.parametrize(
    ("wanted", "landing"),
    [
        (f"/staff/reports/{OFFICE}?lang=en", f"/staff/reports/{OFFICE}?lang=en"),
        ("https://evil.example/staff/console", "/staff/console"),
        ("//evil.example/staff/console", "/staff/console"),
        ("/o/dukcapil-test", "/staff/console"),
        ("/staff/logout", "/staff/console"),
    ],
)
def test_signing_in_returns_only_to_a_staff_page_of_this_site(
    app: Flask, office: Any, wanted: str, landing: str
) -> None:
    client = app.test_client()
    answer = post_sign_in(client, "admin-1", data={"next": wanted})
    expected = landing if landing != "/staff/console" else "/staff/admin"
    assert answer.headers["Location"] == expected


def test_a_page_sends_the_signed_out_visitor_to_sign_in_and_back(app: Flask, office: Any) -> None:
    client = app.test_client()
    away = client.get(f"/staff/reports/{OFFICE}?lang=en")
    assert away.status_code == 303
    login = client.get(away.headers["Location"])
    assert 'name="next"' in login.get_data(as_text=True)
    back = post_sign_in(client, "supervisor-1", data={"next": f"/staff/reports/{OFFICE}?lang=en"})
    assert back.headers["Location"] == f"/staff/reports/{OFFICE}?lang=en"


def test_an_old_password_hash_is_upgraded_on_sign_in(app: Flask, office: Any) -> None:
    with app.app_context():
        from app.extensions import db
        from app.models import Staff

        account = db.session.query(Staff).filter_by(username="officer-1").one()
        account.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.commit()
    assert post_sign_in(app.test_client(), "officer-1").status_code == 303
    upgraded = password_hash_of(app, "officer-1")
    assert upgraded.startswith("scrypt:")
    assert post_sign_in(app.test_client(), "officer-1").status_code == 303
    assert password_hash_of(app, "officer-1") == upgraded  # a current hash is left alone


# --- CSRF: every unsafe request the session authenticates ---


@pytest.mark.parametrize("header", [None, "", "wrong-token"])
def test_an_api_write_with_the_session_but_without_its_csrf_token_is_refused(
    app: Flask, api: Api, office: Any, header: str | None
) -> None:
    client = signed_in_client(app, "officer-1")
    page_token(client)
    assert counter_is_open(api)
    headers = {"X-CSRF-Token": header} if header is not None else {}
    answer = client.post(f"/api/v1/counters/{counter_id(api)}/close", json={}, headers=headers)
    assert answer.status_code == 403
    error = answer.get_json()["error"]
    assert error["code"] == "csrf_invalid" and error["message"]
    assert counter_is_open(api)  # nothing changed


def test_an_api_write_with_the_session_and_its_csrf_token_goes_through(
    app: Flask, api: Api, office: Any
) -> None:
    client = signed_in_client(app, "officer-1")
    token = page_token(client)
    answer = client.post(
        f"/api/v1/counters/{counter_id(api)}/close", json={}, headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 200, answer.get_json()
    assert not counter_is_open(api)
    # Reads need no token.
    assert client.get(f"/api/v1/offices/{OFFICE}/devices").status_code == 403  # officer
    assert client.get(f"/api/v1/tickets/{10**6}").status_code == 404


def test_a_bearer_token_needs_no_csrf_token_even_beside_a_session_cookie(
    app: Flask, api: Api, office: Any
) -> None:
    client = signed_in_client(app, "officer-1")
    headers = api.headers("officer", OFFICE)
    answer = client.post(f"/api/v1/counters/{counter_id(api)}/close", json={}, headers=headers)
    assert answer.status_code == 200, answer.get_json()


def test_another_sessions_csrf_token_does_not_count(app: Flask, api: Api, office: Any) -> None:
    mine = signed_in_client(app, "officer-1")
    theirs = page_token(signed_in_client(app, "supervisor-1"))
    answer = mine.post(
        f"/api/v1/counters/{counter_id(api)}/close", json={}, headers={"X-CSRF-Token": theirs}
    )
    assert answer.status_code == 403
    assert counter_is_open(api)


def test_signing_out_needs_the_csrf_token(app: Flask, office: Any) -> None:
    client = signed_in_client(app, "officer-1")
    refused = client.post("/staff/logout", data={})
    assert refused.status_code == 403
    assert client.get("/staff/console").status_code == 200  # still signed in


# --- signing out, fixation, expiry, deactivation ---


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(
    app: Flask, api: Api, office: Any
) -> None:
    client = signed_in_client(app, "officer-1")
    stolen = session_cookie(client)
    token = form_token(client, "/staff/console")
    answer = client.post("/staff/logout", data={"csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["Location"].startswith("/staff/login")
    said = client.get(answer.headers["Location"]).get_data(as_text=True)
    notice = re.search(r'id="login-error"[^>]*>([^<]*)<', said)
    assert notice and notice.group(1) == "Anda sudah keluar."  # signed out, not "expired"
    assert client.get("/staff/console").status_code == 303
    replay = app.test_client()
    assert stolen is not None
    replay.set_cookie("session", stolen)
    assert replay.get("/staff/console").status_code == 303
    assert replay.get(f"/api/v1/tickets/{10**6}").status_code == 401


def test_signing_in_starts_a_new_session(app: Flask, api: Api, office: Any) -> None:
    """Session fixation: a cookie planted before sign-in gains nothing from it."""
    attacker = app.test_client()
    planted_token = form_token(attacker)
    planted = session_cookie(attacker)
    victim = app.test_client()
    assert planted is not None
    victim.set_cookie("session", planted)
    answer = victim.post(
        "/staff/login",
        data={"username": "supervisor-1", "password": PASSWORD, "csrf_token": planted_token},
    )
    assert answer.status_code == 303
    after = session_cookie(victim)
    assert after is not None and after != planted
    assert page_token(victim, f"/staff/admin/{OFFICE}") != planted_token
    # The attacker's copy is still a signed-out session, and its token guards nothing.
    assert attacker.get("/staff/console").status_code == 303
    write = victim.post(
        f"/api/v1/counters/{counter_id(api)}/close",
        json={},
        headers={"X-CSRF-Token": planted_token},
    )
    assert write.status_code == 403


def test_signing_in_again_revokes_the_previous_session(app: Flask, office: Any) -> None:
    client = signed_in_client(app, "officer-1")
    first = session_cookie(client)
    token = form_token(client, "/staff/console")  # signed in, the sign-in page sends you home
    again = client.post(
        "/staff/login",
        data={"username": "supervisor-1", "password": PASSWORD, "csrf_token": token},
    )
    assert again.headers["Location"] == f"/staff/dashboard/{OFFICE}"
    old = app.test_client()
    assert first is not None
    old.set_cookie("session", first)
    assert old.get("/staff/console").status_code == 303


def test_the_session_ends_after_its_hours(app: Flask, clock: Clock, office: Any) -> None:
    client = signed_in_client(app, "officer-1")
    clock.set(NOW + timedelta(hours=11, minutes=59))
    assert client.get("/staff/console").status_code == 200
    clock.set(NOW + timedelta(hours=12, minutes=1))
    answer = client.get("/staff/console")
    assert answer.status_code == 303
    assert "ended=1" in answer.headers["Location"]
    assert client.get(f"/api/v1/tickets/{10**6}").status_code == 401


def test_a_deactivated_account_is_locked_out_at_once(app: Flask, api: Api, office: Any) -> None:
    client = signed_in_client(app, "officer-1")
    token = page_token(client)
    set_active(app, "officer-1", False)
    assert client.get("/staff/console").status_code == 303
    answer = client.post(
        f"/api/v1/counters/{counter_id(api)}/close", json={}, headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 401
    assert counter_is_open(api)


def test_a_changed_role_or_office_counts_at_once(app: Flask, api: Api, office: Any) -> None:
    client = signed_in_client(app, "supervisor-1")
    assert client.get(f"/staff/admin/{OFFICE}").status_code == 200
    with app.app_context():
        from app.extensions import db
        from app.models import Staff

        db.session.query(Staff).filter_by(username="supervisor-1").one().role = "officer"
        db.session.commit()
    assert client.get(f"/staff/admin/{OFFICE}").status_code == 403
    assert client.get("/staff/console").status_code == 200


# --- rate limits: per client and per username, on by default, off for load tests ---


@pytest.fixture
def limited(tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    """Flask-Limiter's settings come from the app initialised last: built right before use."""
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        clock,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGNIN="4 per minute",
        RATELIMIT_SIGNIN_PER_USERNAME="2 per minute",
    )
    create_schema(application)
    create_account(application, "admin-1", "admin")
    create_account(application, "admin-2", "admin")
    yield application
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


def attempt(app: Flask, address: str, username: str, password: str = WRONG, **kw: Any) -> Any:
    client = app.test_client()
    token = form_token(client)
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
        **kw,
    )


@pytest.mark.parametrize(("lang", "text"), [("id", "Terlalu banyak"), ("en", "Too many")])
def test_one_client_is_limited_whatever_names_it_tries(
    limited: Flask, lang: str, text: str
) -> None:
    names = ["a", "b", "c", "d"]
    answers = [attempt(limited, "10.0.0.1", name).status_code for name in names]
    assert answers == [401, 401, 401, 401]
    blocked = attempt(limited, "10.0.0.1", "admin-1", PASSWORD, query_string={"lang": lang})
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert text in page and 'id="login-form"' in page
    assert attempt(limited, "10.0.0.2", "admin-1", PASSWORD).status_code == 303


def test_one_username_is_limited_from_any_client(limited: Flask) -> None:
    assert attempt(limited, "10.0.1.1", "admin-1").status_code == 401
    assert attempt(limited, "10.0.1.2", "ADMIN-1 ").status_code == 401
    assert attempt(limited, "10.0.1.3", "admin-1", PASSWORD).status_code == 429
    assert attempt(limited, "10.0.1.3", "admin-2", PASSWORD).status_code == 303


def test_successful_sign_ins_do_not_use_up_the_usernames_allowance(limited: Flask) -> None:
    for n in range(3):
        assert attempt(limited, f"10.0.2.{n}", "admin-1", PASSWORD).status_code == 303


def test_the_form_and_the_api_share_the_allowances(limited: Flask) -> None:
    client = limited.test_client()
    for _ in range(2):
        answer = client.post(
            "/api/v1/auth/token",
            json={"username": "admin-1", "password": "wrong"},
            environ_base={"REMOTE_ADDR": "10.0.3.1"},
        )
        assert answer.status_code == 401
    assert attempt(limited, "10.0.3.2", "admin-1", PASSWORD).status_code == 429
    api_answer = client.post(
        "/api/v1/auth/token",
        json={"username": "admin-1", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.3.3"},
    )
    assert api_answer.status_code == 429
    assert api_answer.get_json()["error"]["code"] == "rate_limited"


def test_limits_are_off_when_switched_off(tmp_path: Path, clock: Clock) -> None:
    application = make_app(
        f"sqlite:///{tmp_path / 'off.sqlite3'}",
        clock,
        RATELIMIT_ENABLED=False,
        RATELIMIT_SIGNIN="1 per minute",
        RATELIMIT_SIGNIN_PER_USERNAME="1 per minute",
    )
    create_schema(application)
    answers = [attempt(application, "10.0.4.1", "x").status_code for _ in range(3)]
    assert answers == [401, 401, 401]


def test_a_json_client_gets_the_contracts_shape(app: Flask, office: Any) -> None:
    client: FlaskClient = app.test_client()
    form_token(client)
    answer = client.post(
        "/staff/login",
        data={"username": "officer-1", "password": PASSWORD},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "csrf_invalid"


def test_the_language_chosen_on_the_sign_in_page_stays_after_signing_in(
    app: Flask, office: Any
) -> None:
    create_account(app, "officer-2", "officer", OFFICE)
    client = app.test_client()
    english_browser = {"Accept-Language": "en"}
    token = form_token(client, "/staff/login?lang=id")
    answer = client.post(
        "/staff/login?lang=id",
        data={"username": "officer-2", "password": PASSWORD, "csrf_token": token},
        headers=english_browser,
    )
    assert answer.status_code == 303
    console = client.get(answer.headers["Location"], headers=english_browser)
    assert '<html lang="id"' in console.get_data(as_text=True)
