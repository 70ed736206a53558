"""No personal data in logs: a whole visit logged at DEBUG never shows the NIK, phone or name."""

from __future__ import annotations

import logging

from tests.conftest import make_nik


def test_a_whole_visit_leaves_no_personal_data_in_the_logs(api, client, caplog, clock):
    from datetime import UTC, datetime

    caplog.set_level(logging.DEBUG)
    api.setup_office()
    nik = make_nik(4242)
    booking = api.book(nik=nik, name="Rahmawati Kusumo", phone="0813-9999-1234").get_json()
    kiosk = api.call(
        "POST", "/offices/dukcapil-test/devices", json={"kind": "kiosk", "name": "K"}
    ).get_json()["token"]
    clock.set(datetime(2026, 12, 8, 0, 50, tzinfo=UTC))  # 07:50 in Jakarta, in the window
    checkin = client.post(
        "/api/v1/kiosk/checkin",
        json={"qr": booking["qr"]["payload"], "health": {"temperature_c": 36.5, "symptoms": []}},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert checkin.status_code == 201, checkin.get_json()
    bad = api.book(nik=nik[:-1] + "X", expect=422)  # a validation failure logs nothing either
    assert bad.status_code == 422
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (nik, "Rahmawati", "9999", booking["manage_token"]):
        assert secret not in logged
