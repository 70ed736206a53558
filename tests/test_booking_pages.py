"""The citizen's booking pages, driven like a browser without JavaScript: follow links, post
forms, read the HTML."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import make_nik

OFFICE = "dukcapil-test"
DAY = "2026-12-08"  # Tuesday
FORM_URL = f"/o/{OFFICE}/ktp/{DAY}/book"


# --- reading pages ---------------------------------------------------------------------------


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def links(text: str, css_class: str | None = None) -> list[str]:
    pattern = r'<a (?:class="([^"]*)" )?href="([^"]+)"'
    return [
        html.unescape(href)
        for classes, href in re.findall(pattern, text)
        if css_class is None or css_class in classes.split()
    ]


def link_to(text: str, fragment: str) -> str:
    found = [href for href in links(text) if fragment in href]
    assert found, f"no link containing {fragment!r}"
    return found[0]


def csrf(text: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert match, "the form has no CSRF token"
    return match.group(1)


def hidden(text: str, name: str) -> str:
    match = re.search(rf'type="hidden" name="{name}" value="([^"]*)"', text)
    assert match, f"no hidden {name}"
    return html.unescape(match.group(1))


def field_error(text: str, name: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="e-{name}">([^<]+)</p>', text)
    return html.unescape(match.group(1)) if match else None


def input_value(text: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="[a-z]+" value="([^"]*)"', text)
    assert match, f"no input {name}"
    return html.unescape(match.group(1))


def form_data(token: str, time: str = "0800", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": token,
        "time": time,
        "name": "Siti Rahayu",
        "nik": make_nik(),
        "phone": "0812-3456-7890",
        "email": "",
        "companions": "0",
        "priority": "none",
        "consent": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def open_form(client: Any, time: str = "0800") -> str:
    return page(client, f"{FORM_URL}?time={time}")


def book_through_pages(client: Any, time: str = "0800", **overrides: Any) -> str:
    """Book with plain form posts; answer the manage page's URL."""
    token = csrf(open_form(client, time))
    response = client.post(FORM_URL, data=form_data(token, time, **overrides))
    assert response.status_code == 303, response.get_data(as_text=True)
    return str(response.headers["Location"])


def status_help(text: str) -> str:
    """What the manage page says of the booking's status, as plain text, with its links."""
    match = re.search(
        r'<div class="alert \w+" role="status" id="status-help">(.*?)</div>', text, re.S
    )
    assert match, "the page says nothing of the status"
    return match.group(1)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def set_status(app: Any, status: str) -> None:
    """The booking's status as a job, a counter or a protocol change leaves it."""
    from app.extensions import db
    from app.models import Booking

    with app.app_context():
        db.session.scalar(db.select(Booking)).status = status
        db.session.commit()


def slot_state(api: Any, start: str = "2026-12-08T08:00:00+07:00") -> dict[str, Any]:
    response = api.call("GET", f"/offices/{OFFICE}/slots?date={start[:10]}&service=ktp", role=None)
    return next(s for s in response.get_json()["slots"] if s["start"] == start)


def setup(api: Any, **overrides: Any) -> None:
    api.create_office(slug=OFFICE, address="Jl. Merdeka No. 1, Jakarta Pusat", **overrides)
    api.create_service(
        OFFICE,
        requirements=["Kartu Keluarga asli", "Surat pengantar RT/RW"],
        standard={
            "procedure": "Verifikasi berkas, foto, tanda tangan",
            "completion_time": "1 hari kerja",
            "fee": "Tidak dipungut biaya",
            "complaints": "SP4N-LAPOR! lapor.go.id",
        },
    )
    api.create_counter(OFFICE)


# --- the flow ----------------------------------------------------------------------------------


def test_the_whole_flow_works_with_plain_links_and_forms(api, client):
    setup(api)
    home = page(client, "/")
    assert "<script" not in home
    office = page(client, link_to(home, f"/o/{OFFICE}"))
    dates = page(client, link_to(office, f"/o/{OFFICE}/ktp"))
    day = page(client, links(dates, "choice")[0])  # today, Monday 7 December
    assert "Senin, 7 Desember 2026" in day
    slot_url = links(day, "choice")[0]
    form = page(client, slot_url)
    assert "Senin, 7 Desember 2026, 08:00–08:30 WIB" in form  # the first slot of today
    action = re.search(r'<form method="post" action="([^"]+)"', form).group(1)
    response = client.post(
        action, data=form_data(csrf(form), hidden(form, "time"), companions="2", priority="elderly")
    )
    assert response.status_code == 303  # post, redirect, get: a reload cannot book twice
    confirmation_url = response.headers["Location"]
    assert "nik" not in confirmation_url and "phone" not in confirmation_url
    confirmation = page(client, confirmation_url)
    code = re.search(r'id="booking-code">([A-Z0-9]+)<', confirmation).group(1)
    assert "Pemesanan berhasil" in confirmation
    assert "08:00–08:30 WIB" in confirmation and "Jl. Merdeka No. 1" in confirmation
    assert "Kartu Keluarga asli" in confirmation  # what to bring
    qr = re.search(r'<img src="([^"]+)"', confirmation).group(1)
    png = client.get(html.unescape(qr))
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
    ics = client.get(link_to(confirmation, "calendar.ics"))
    assert b"BEGIN:VEVENT" in ics.data
    manage = re.search(r'id="manage-link" class="wrap">([^<]+)<', confirmation).group(1)
    assert f"/b/{code}?token=" in html.unescape(manage)
    assert slot_state(api, "2026-12-07T08:00:00+07:00")["booked"] == 3


def test_office_page_shows_hours_with_the_friday_break_and_the_service_standard(api, client):
    setup(api)
    api.create_service(OFFICE, code="akta", name="Akta Kelahiran", prefix="B",
                       online_url="https://dukcapil.example.go.id/akta")  # fmt: skip
    text = page(client, f"/o/{OFFICE}")
    assert "Jl. Merdeka No. 1" in text
    assert re.search(r"Jumat</th><td>08:00–15:30, istirahat 11:30–13:00", text)
    assert re.search(r"Sabtu</th><td>Tutup", text)
    for item in ("Kartu Keluarga asli", "1 hari kerja", "Tidak dipungut biaya", "SP4N-LAPOR!"):
        assert item in text
    assert 'href="https://dukcapil.example.go.id/akta"' in text
    assert "bisa diurus secara daring" in text


def test_dates_show_places_left_and_closed_days_with_their_reason(api, client):
    setup(api)
    api.call("POST", f"/offices/{OFFICE}/closures", json={"date": "2026-12-09", "reason": "Rapat"})
    first = page(client, f"/o/{OFFICE}/ktp")
    assert re.search(r"Selasa, 8 Desember 2026</span> <span class=\"note ok\">\d+ tempat", first)
    assert 'Rabu, 9 Desember 2026</span> <span class="note">Tutup: Rapat' in first
    assert 'Sabtu, 12 Desember 2026</span> <span class="note">Tutup (di luar hari' in first
    later = page(client, link_to(first, "from=2026-12-21"))
    assert 'Jumat, 25 Desember 2026</span> <span class="note">Libur: Hari Raya Natal' in later
    assert f"/o/{OFFICE}/ktp/2026-12-25" not in later  # a closed day is not a link


def test_full_and_past_slots_are_shown_but_cannot_be_chosen(api, client, clock):
    setup(api)  # 3 people per slot
    api.book(start="2026-12-08T09:00:00+07:00", companions=2)
    clock.set(datetime(2026, 12, 8, 1, 10, tzinfo=UTC))  # 08:10 in Jakarta
    text = page(client, f"/o/{OFFICE}/ktp/{DAY}")
    assert (
        '<span class="choice off"><span>08:00–08:30</span> <span class="note">Sudah lewat' in text
    )
    assert '<span class="choice off"><span>09:00–09:30</span> <span class="note">Penuh' in text
    chosen = [href.rsplit("=", 1)[1] for href in links(text, "choice")]
    assert "0800" not in chosen and "0900" not in chosen and "0830" in chosen


# --- errors ------------------------------------------------------------------------------------


def test_validation_errors_are_shown_next_to_each_field_with_the_values_kept(api, client):
    setup(api)
    token = csrf(open_form(client))
    response = client.post(
        FORM_URL,
        data=form_data(
            token, name="Budi Santoso", nik="3171011203", phone="0812-ABC", consent=None
        ),
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert field_error(text, "nik") == "NIK harus 16 angka."
    assert field_error(text, "phone").startswith("Nomor HP hanya boleh")
    assert field_error(text, "consent").startswith("Anda perlu menyetujui")
    assert field_error(text, "name") is None
    assert input_value(text, "name") == "Budi Santoso"
    assert input_value(text, "nik") == "3171011203"
    assert input_value(text, "phone") == "0812-ABC"
    assert 'aria-invalid="true"' in text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert slot_state(api)["booked"] == 0


def test_errors_come_in_the_language_chosen(api, client):
    setup(api)
    token = csrf(page(client, f"{FORM_URL}?time=0800&lang=en"))
    response = client.post(FORM_URL, data=form_data(token, nik="12"))  # the cookie carries "en"
    text = response.get_data(as_text=True)
    assert '<html lang="en">' in text
    assert field_error(text, "nik") == "The NIK must be 16 digits."


def test_the_language_switch_sticks_through_a_cookie(api, client):
    setup(api)
    office = page(client, f"/o/{OFFICE}")
    assert '<html lang="id">' in office and "Jam layanan" in office
    english = client.get(link_to(office, "lang=en"))
    assert "lang=en" in english.headers["Set-Cookie"]
    assert "Opening hours" in english.get_data(as_text=True)
    later = page(client, f"/o/{OFFICE}/ktp")  # no ?lang= any more
    assert '<html lang="en">' in later and "Choose a date" in later
    back = page(client, link_to(later, "lang=id"))
    assert "Pilih tanggal" in back


def test_declared_symptoms_lead_to_the_online_route_not_a_booking(api, client):
    setup(api)
    api.create_service(OFFICE, code="akta", name="Akta Kelahiran", prefix="B",
                       online_url="https://dukcapil.example.go.id/akta")  # fmt: skip
    api.create_counter(OFFICE, name="Loket 2", services=["akta"])
    url = f"/o/{OFFICE}/akta/{DAY}/book"
    token = csrf(page(client, f"{url}?time=0800"))
    response = client.post(url, data=form_data(token, symptoms=["demam", "batuk"]))
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Kunjungan tatap muka belum dapat dipesan" in text
    assert 'href="https://dukcapil.example.go.id/akta"' in text
    assert f'href="/o/{OFFICE}/akta?from=2026-12-21"' in text  # or a date two weeks on
    assert "Atau pilih tanggal lain" in text  # after the online route
    state = api.call("GET", f"/offices/{OFFICE}/slots?date={DAY}&service=akta", role=None)
    assert state.get_json()["slots"][0]["booked"] == 0


def test_close_contact_alone_is_a_health_declaration(api, client):
    setup(api)
    token = csrf(open_form(client))
    response = client.post(FORM_URL, data=form_data(token, close_contact="yes"))
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Kunjungan tatap muka belum dapat dipesan" in text
    assert "Silakan pilih tanggal lain" in text and "Atau" not in text  # no online route here


def test_a_full_slot_offers_the_other_times_and_keeps_what_was_typed(api, client):
    setup(api)
    token = csrf(open_form(client))
    api.book(companions=2)  # someone takes the last places meanwhile
    response = client.post(FORM_URL, data=form_data(token, name="Ani Lestari"))
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Slot ini sudah penuh" in text
    assert input_value(text, "name") == "Ani Lestari"
    times = re.findall(r'type="radio" name="time" value="(\d{4})"', text)
    assert "0800" not in times and "0830" in times
    unpicked = client.post(FORM_URL, data=form_data(csrf(text), time=None, name="Ani Lestari"))
    assert unpicked.status_code == 422  # no other time picked: say so, not "slot closed"
    assert "pilih waktunya" in unpicked.get_data(as_text=True)
    assert input_value(unpicked.get_data(as_text=True), "name") == "Ani Lestari"
    again = client.post(FORM_URL, data=form_data(csrf(text), "0830", name="Ani Lestari"))
    assert again.status_code == 303


def test_one_active_booking_per_person_and_day(api, client):
    setup(api)
    nik = make_nik()
    book_through_pages(client, nik=nik)
    token = csrf(open_form(client, "0900"))
    response = client.post(FORM_URL, data=form_data(token, "0900", nik=nik))
    assert response.status_code == 409
    assert "sudah memiliki pemesanan aktif" in response.get_data(as_text=True)


def test_a_form_post_without_the_csrf_token_is_refused(api, client):
    setup(api)
    open_form(client)
    response = client.post(FORM_URL, data=form_data("forged", name="Ani Lestari"))
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "kedaluwarsa" in text and slot_state(api)["booked"] == 0
    assert input_value(text, "name") == "Ani Lestari"  # what was typed comes back
    again = client.post(FORM_URL, data=form_data(csrf(text), name="Ani Lestari"))
    assert again.status_code == 303 and slot_state(api)["booked"] == 1
    for url in (f"/o/nope/ktp/{DAY}/book", f"/o/{OFFICE}/ktp/someday/book"):  # no such form
        assert client.post(url, data=form_data("forged")).status_code == 404
    api.book()  # the JSON API needs no CSRF token


# --- the manage page ---------------------------------------------------------------------------


def test_the_manage_page_is_private(api, client):
    setup(api)
    url = book_through_pages(client)
    response = client.get(url)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    code = url.split("/b/")[1].split("?")[0]
    assert client.get(f"/b/{code}?token=wrong").status_code == 401
    assert client.get(f"/b/{code}").status_code == 401


def test_cancel_asks_first_then_frees_the_places(api, client):
    setup(api)
    manage = page(client, book_through_pages(client, companions="1"))
    assert slot_state(api)["booked"] == 2
    confirm = page(client, link_to(manage, "/cancel?token="))
    assert "Yakin ingin membatalkan" in confirm and slot_state(api)["booked"] == 2
    action = re.search(r'<form method="post" action="([^"]+)"', confirm).group(1)
    assert "token" not in action  # the token travels in the form body
    response = client.post(
        action, data={"csrf_token": csrf(confirm), "token": hidden(confirm, "token")}
    )
    assert response.status_code == 303
    after = page(client, response.headers["Location"])
    assert "Pemesanan ini sudah dibatalkan" in after and 'class="status-cancelled"' in after
    assert "/cancel?token=" not in after and 'id="qr"' not in after
    assert slot_state(api)["booked"] == 0
    again = page(client, link_to(manage, "/cancel?token="))  # an old link to the question
    assert "Yakin ingin membatalkan" not in again and 'class="status-cancelled"' in again


def test_a_cancelled_booking_shows_no_qr_code_says_so_and_offers_to_book_again(api, client):
    setup(api)
    booking = api.book().get_json()
    api.client.post(
        f"/api/v1/bookings/{booking['code']}/cancel",
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    manage = page(client, booking["manage_url"])
    assert 'id="qr"' not in manage and "/qr." not in manage
    said = status_help(manage)
    assert plain(said).startswith("Pemesanan ini sudah dibatalkan. Jangan datang ke kantor")
    assert links(said) == [f"/o/{OFFICE}"]  # book again, at the same office
    assert "/reschedule?token=" not in manage and "/cancel?token=" not in manage
    english = status_help(page(client, booking["manage_url"] + "&lang=en"))
    assert plain(english).startswith("This booking has been cancelled. Do not come to the office")


@pytest.mark.parametrize(
    ("status", "says", "books_again"),
    [
        ("no_show", "Anda tercatat tidak hadir untuk kunjungan ini", True),
        ("done", "Layanan untuk pemesanan ini sudah selesai", True),
        ("needs_rebooking", "Pilih waktu baru di bawah", False),
    ],
)
def test_a_booking_the_kiosk_would_refuse_shows_no_qr_code_and_says_why(
    api, client, app, status, says, books_again
):
    setup(api)
    url = book_through_pages(client)
    set_status(app, status)
    manage = page(client, url)
    assert 'id="qr"' not in manage and "/qr." not in manage
    said = status_help(manage)
    assert says in plain(said)
    assert (links(said) == [f"/o/{OFFICE}"]) is books_again
    assert ("/reschedule?token=" in manage) is not books_again


def test_a_checked_in_visitor_sees_their_number_and_may_scan_again(api, client, clock):
    setup(api)
    booking = api.book().get_json()
    device = api.call("POST", f"/offices/{OFFICE}/devices", json={"kind": "kiosk", "name": "K"})
    clock.set(datetime(2026, 12, 8, 0, 45, tzinfo=UTC))  # 07:45 in Jakarta, in the window
    checked_in = client.post(
        "/api/v1/kiosk/checkin",
        json={"qr": booking["qr"]["payload"], "health": {"temperature_c": 36.5}},
        headers={"Authorization": f"Bearer {device.get_json()['token']}"},
    )
    assert checked_in.status_code == 201, checked_in.get_json()
    manage = page(client, booking["manage_url"])
    said = status_help(manage)
    assert "Anda sudah check-in" in plain(said) and "Nomor antrean Anda: A-001" in plain(said)
    assert links(said) == [f"/board/{OFFICE}?number=A-001"]
    assert 'id="qr"' in manage and "pindai kode QR ini lagi di kios" in manage
    assert "Tunjukkan kode QR ini di kios saat tiba" not in manage
    assert client.get(booking["qr"]["png_url"]).status_code == 200


def test_a_booked_visit_has_its_qr_code_and_no_status_alert(api, client):
    setup(api)
    manage = page(client, book_through_pages(client))
    assert 'id="qr"' in manage and "Tunjukkan kode QR ini di kios saat tiba" in manage
    assert 'id="status-help"' not in manage


def test_reschedule_moves_the_booking_to_a_chosen_slot(api, client):
    setup(api)
    manage = page(client, book_through_pages(client))
    dates = page(client, link_to(manage, "/reschedule?token="))
    day = page(client, link_to(dates, "/reschedule/2026-12-09"))
    assert 'value="0800"' in day
    action = re.search(r'<form method="post" action="([^"]+)"', day).group(1)
    response = client.post(
        action,
        data={"csrf_token": csrf(day), "token": hidden(day, "token"), "time": "1000"},
    )
    assert response.status_code == 303
    after = page(client, response.headers["Location"])
    assert "Jadwal kunjungan telah dipindahkan" in after
    assert "Rabu, 9 Desember 2026, 10:00–10:30 WIB" in after
    assert slot_state(api)["booked"] == 0
    assert slot_state(api, "2026-12-09T10:00:00+07:00")["booked"] == 1


def test_reschedule_into_a_full_slot_keeps_the_old_place(api, client):
    setup(api)
    manage_url = book_through_pages(client)
    manage = page(client, manage_url)
    api.book(start="2026-12-09T10:00:00+07:00", companions=2)
    day = page(client, link_to(page(client, link_to(manage, "/reschedule?token=")), "2026-12-09"))
    assert re.search(r'value="1000" disabled', day)  # shown full, not selectable
    action = re.search(r'<form method="post" action="([^"]+)"', day).group(1)
    response = client.post(
        action, data={"csrf_token": csrf(day), "token": hidden(day, "token"), "time": "1000"}
    )
    assert response.status_code == 409
    assert "Slot ini sudah penuh" in response.get_data(as_text=True)
    unpicked = client.post(action, data={"csrf_token": csrf(day), "token": hidden(day, "token")})
    assert unpicked.status_code == 422 and "pilih waktunya" in unpicked.get_data(as_text=True)
    assert slot_state(api)["booked"] == 1
    assert "Selasa, 8 Desember 2026, 08:00–08:30 WIB" in page(client, manage_url)


def test_booking_through_the_pages_is_rate_limited(tmp_path, clock):
    from tests.conftest import Api, create_schema, make_app

    app = make_app(
        f"sqlite:///{tmp_path / 'limited.sqlite3'}",
        clock,
        RATELIMIT_ENABLED=True,
        RATELIMIT_BOOKING="2 per minute",
    )
    create_schema(app)
    client = app.test_client()
    setup(Api(client, app))
    token = csrf(open_form(client))
    answers = [client.post(FORM_URL, data=form_data(token, nik="12")).status_code for _ in range(3)]
    assert answers == [422, 422, 429]


def test_later_dates_page_on_to_the_end_of_the_horizon(api, client):
    setup(api, booking_horizon_days=20)
    first = page(client, f"/o/{OFFICE}/ktp")
    second = page(client, link_to(first, "from=2026-12-21"))
    assert "Minggu, 27 Desember 2026" in second  # today + 20 days is the last
    assert "Senin, 28 Desember 2026" not in second
    assert "from=2026-12-07" in " ".join(links(second)) and "from=2027" not in second


def test_a_booking_flagged_for_rebooking_asks_for_a_new_time(api, client, app):
    setup(api)
    url = book_through_pages(client)
    set_status(app, "needs_rebooking")  # as a protocol change that no longer fits it does
    manage = page(client, url)
    assert "Perlu dijadwalkan ulang" in manage and 'id="qr"' not in manage
    day = page(client, link_to(page(client, link_to(manage, "/reschedule?token=")), "2026-12-10"))
    action = re.search(r'<form method="post" action="([^"]+)"', day).group(1)
    data = {"csrf_token": csrf(day), "token": hidden(day, "token"), "time": "0900"}
    after = page(client, client.post(action, data=data).headers["Location"])
    assert 'class="status-booked"' in after and 'id="qr"' in after
    assert "Kamis, 10 Desember 2026, 09:00–09:30 WIB" in after


def test_a_double_tap_on_book_books_once_and_shows_the_same_booking(api, client):
    setup(api)
    form = open_form(client)
    data = form_data(csrf(form), form_key=hidden(form, "form_key"))
    first = client.post(FORM_URL, data=data)
    second = client.post(FORM_URL, data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert slot_state(api)["booked"] == 1


def test_one_place_left_is_singular_in_english(app):
    from app.booking.page_calendar import places_left

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert (places_left(1), places_left(2)) == ("1 place left", "2 places left")
    with app.test_request_context():
        assert places_left(1) == "1 tempat tersisa"


def test_a_party_is_offered_only_what_fits_it(api, client):
    setup(api)  # ktp: 3 people a slot
    api.create_service(OFFICE, code="akta", name="Akta", prefix="B", avg_service_minutes=30)
    api.create_counter(OFFICE, name="Loket 2", services=["akta"])  # akta: 1 person a slot
    akta = page(client, f"/o/{OFFICE}/akta/{DAY}/book?time=0800")
    assert re.findall(r'<option value="(\d)"', akta) == ["0"]  # no room for a companion
    api.book(start="2026-12-08T08:30:00+07:00", companions=1)  # ktp 08:30: one place left
    token = csrf(open_form(client))
    api.book(companions=2)  # ktp 08:00 taken meanwhile
    full = client.post(FORM_URL, data=form_data(token, companions="1")).get_data(as_text=True)
    offered = re.findall(r'type="radio" name="time" value="(\d{4})"', full)
    assert "0830" not in offered and "0900" in offered  # 08:30 has 1 place, the party is 2


def test_the_browsers_icon_request_is_answered_without_an_error(client):
    assert client.get("/favicon.ico").status_code == 204  # no 404 in every console
