"""The text a display shows and speaks for a call: display's catalogue sentences around the
numbers read as an Indonesian reads them, the spoken one Indonesian whatever the page's language."""

from __future__ import annotations

import pytest
from flask import Flask

from display.announcements import announcement, counter_name


def test_announcement_of_the_contract(app: Flask) -> None:
    with app.app_context():
        text = announcement("A-012", "Loket 3")
    assert text == {
        "id": "Nomor antrean A dua belas, silakan menuju Loket 3",
        "en": "Queue number A twelve, please go to counter 3",
        "speech": {
            "id": "Nomor antrean A dua belas, silakan menuju Loket tiga",
            "en": "Queue number A twelve, please go to counter three",
        },
    }


def test_baku_spelling(app: Flask) -> None:
    with app.app_context():
        text = announcement("B-105", "Loket 11")
    assert "nomor antrean" in text["id"].lower() and "silakan" in text["id"]
    assert "antrian" not in str(text) and "silahkan" not in str(text)
    assert text["speech"]["id"].endswith("Loket sebelas")
    assert "seratus lima" in text["speech"]["id"]


@pytest.mark.parametrize("query", ["/?lang=en", "/?lang=id", "/"])
def test_every_language_goes_out_whatever_the_requests(app: Flask, query: str) -> None:
    with app.test_request_context(query, headers={"Accept-Language": "en"}):
        text = announcement("C-021", "Loket 2")
    assert text["id"] == "Nomor antrean C dua puluh satu, silakan menuju Loket 2"
    assert text["speech"]["id"] == "Nomor antrean C dua puluh satu, silakan menuju Loket dua"
    assert text["en"] == "Queue number C twenty-one, please go to counter 2"


@pytest.mark.parametrize(
    ("counter", "indonesian", "english"),
    [
        ("Loket 3", "Loket 3", "counter 3"),
        ("loket 12", "loket 12", "counter 12"),  # as written in Indonesian
        ("Loket", "Loket", "counter"),
        ("Meja Informasi", "Meja Informasi", "Meja Informasi"),  # a proper name stays
    ],
)
def test_a_counters_name_in_each_language(
    app: Flask, counter: str, indonesian: str, english: str
) -> None:
    with app.app_context():
        assert counter_name(counter, "id") == indonesian
        assert counter_name(counter, "en") == english
