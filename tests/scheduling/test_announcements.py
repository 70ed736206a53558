"""The spoken and written announcement of a call: numbers read as an Indonesian reads them."""

from __future__ import annotations

import pytest

from scheduling.announcements import announcement, counter_in_english, ticket_words


@pytest.mark.parametrize(
    ("number", "lang", "words"),
    [
        ("A-012", "id", "A dua belas"),
        ("A-001", "id", "A satu"),
        ("A-010", "id", "A sepuluh"),
        ("A-011", "id", "A sebelas"),
        ("B-021", "id", "B dua puluh satu"),
        ("C-100", "id", "C seratus"),
        ("C-115", "id", "C seratus lima belas"),
        ("D-999", "id", "D sembilan ratus sembilan puluh sembilan"),
        ("A-1000", "id", "A seribu"),
        ("AB-007", "id", "A B tujuh"),
        ("a012", "id", "A dua belas"),
        ("A-012", "en", "A twelve"),
        ("A-000", "id", "A nol"),
    ],
)
def test_ticket_numbers_are_read_as_integers(number, lang, words):
    assert ticket_words(number, lang) == words


@pytest.mark.parametrize(
    ("counter", "english"),
    [("Loket 3", "counter 3"), ("loket 12", "counter 12"), ("Meja Informasi", "Meja Informasi")],
)
def test_counter_names_in_english(counter, english):
    assert counter_in_english(counter) == english


def test_announcement_of_the_contract():
    text = announcement("A-012", "Loket 3")
    assert text["id"] == "Nomor antrean A dua belas, silakan menuju Loket 3"
    assert text["en"] == "Queue number A twelve, please go to counter 3"
    assert text["speech"] == {
        "id": "Nomor antrean A dua belas, silakan menuju Loket tiga",
        "en": "Queue number A twelve, please go to counter three",
    }


def test_baku_spelling():
    text = announcement("B-105", "Loket 11")
    assert "nomor antrean" in text["id"].lower() and "silakan" in text["id"]
    assert "antrian" not in str(text) and "silahkan" not in str(text)
    assert text["speech"]["id"].endswith("Loket sebelas")
    assert "seratus lima" in text["speech"]["id"]
