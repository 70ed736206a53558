"""How a call reads its numbers: as an Indonesian reads them. The sentences around them are
display's texts (tests/test_call_announcements.py)."""

from __future__ import annotations

import pytest

from scheduling.announcements import after_loket, digits_in_words, ticket_words


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
    ("text", "lang", "words"),
    [
        ("Loket 3", "id", "Loket tiga"),
        ("Loket 11", "id", "Loket sebelas"),
        ("counter 11", "en", "counter eleven"),
        ("Loket 3 Lantai 2", "id", "Loket tiga Lantai dua"),
        ("Meja Informasi", "id", "Meja Informasi"),
        ("Loket 1A", "id", "Loket satu A"),
        ("Loket B12", "id", "Loket B dua belas"),
        ("counter 2b", "en", "counter two b"),
    ],
)
def test_digits_in_a_counters_name_are_read_as_numbers(text, lang, words):
    assert digits_in_words(text, lang) == words


@pytest.mark.parametrize(
    ("counter", "rest"),
    [
        ("Loket 3", "3"),
        ("loket 12", "12"),
        ("  LOKET  7 Lantai 2", "7 Lantai 2"),
        ("Loket", ""),
        ("Meja Informasi", None),
        ("Loketan 2", None),  # a whole word only
        ("Counter 3", None),
    ],
)
def test_what_follows_loket_in_a_counters_name(counter, rest):
    assert after_loket(counter) == rest
