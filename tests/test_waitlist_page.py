"""The waitlist page a notification links to: place in line, confirm an offer, leave."""

from __future__ import annotations

import re

from tests.test_waitlist import SLOT, cancel, fill_slot, join


def page(client, joined, token=None):
    return client.get(f"/w/{joined['code']}?token={token or joined['token']}")


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_waiting_citizen_sees_their_place_and_no_confirm_button(api, client):
    api.setup_office()
    fill_slot(api)
    join(api)
    second = join(api)
    response = page(client, second)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="waitlist-position">2<', html)
    assert 'id="confirm-offer"' not in html and 'id="leave-waitlist"' in html
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_wrong_token_sees_nothing(api, client):
    api.setup_office()
    fill_slot(api)
    joined = join(api)
    response = page(client, joined, token="wrong")
    assert response.status_code == 401
    assert "Tautan pribadi" in response.get_data(as_text=True)  # not "please sign in"


def test_an_offer_is_confirmed_from_the_page_into_a_booking(api, client):
    api.setup_office()
    booked = fill_slot(api)
    joined = join(api)
    cancel(api, booked[0])  # frees a place: the first in line gets an offer that holds it
    html = page(client, joined).get_data(as_text=True)
    assert 'id="confirm-offer"' in html
    held_until = re.search(r"tahan sampai ([^<]+)", html).group(1)
    assert re.search(r", \d\d:\d\d WIB", held_until) and "–" not in held_until  # one moment
    response = client.post(
        f"/w/{joined['code']}/confirm", data={"token": joined["token"], "csrf_token": csrf(html)}
    )
    assert response.status_code == 303
    manage = client.get(response.headers["Location"])
    assert manage.status_code == 200
    slots = api.call("GET", "/offices/dukcapil-test/slots?date=2026-12-08&service=ktp", role=None)
    first = next(s for s in slots.get_json()["slots"] if s["start"] == SLOT)
    assert first["booked"] == 3 and first["available"] == 0  # held places became the booking


def test_leaving_from_the_page_and_a_post_without_csrf_is_refused(api, client):
    api.setup_office()
    fill_slot(api)
    joined = join(api)
    html = page(client, joined).get_data(as_text=True)
    forged = client.post(f"/w/{joined['code']}/leave", data={"token": joined["token"]})
    assert forged.status_code == 403
    left = client.post(
        f"/w/{joined['code']}/leave", data={"token": joined["token"], "csrf_token": csrf(html)}
    )
    assert left.status_code == 303
    assert 'id="waitlist-status">Keluar dari daftar<' in page(client, joined).get_data(as_text=True)


def form_fields(**overrides):
    fields = {
        "name": "Siti Rahayu",
        "nik": "3171011203909001",
        "phone": "0812-3456-7890",
        "companions": "0",
        "priority": "none",
        "consent": "yes",
    }
    fields.update(overrides)
    return fields


def test_a_full_slot_on_the_booking_form_offers_the_waiting_list(api, client):
    api.setup_office()
    fill_slot(api)
    form = client.get("/o/dukcapil-test/ktp/2026-12-08/book?time=0800")
    html = form.get_data(as_text=True)
    assert 'id="join-waitlist"' in html
    action = re.search(r'formaction="([^"]+)"', html).group(1)
    bad = client.post(
        action, data={**form_fields(nik="123"), "waitlist_time": "0800", "csrf_token": csrf(html)}
    )
    assert bad.status_code == 422 and "16" in bad.get_data(as_text=True)
    joined = client.post(
        action, data={**form_fields(), "waitlist_time": "0800", "csrf_token": csrf(html)}
    )
    assert joined.status_code == 303, joined.get_data(as_text=True)[:500]
    entry_page = client.get(joined.headers["Location"]).get_data(as_text=True)
    assert re.search(r'id="waitlist-position">1<', entry_page)


def test_an_open_slot_offers_no_waiting_list(api, client):
    api.setup_office()
    html = client.get("/o/dukcapil-test/ktp/2026-12-08/book?time=0800").get_data(as_text=True)
    assert 'id="join-waitlist"' not in html
