"""NIK and phone validation as DOMAIN.md gives it: structure only, every province code ever
issued, python-stdnum's region database where it knows the region."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.validators import FieldProblem, clean_mobile, clean_nik


@pytest.mark.parametrize(
    "nik",
    [
        "3171010101900001",  # Jakarta Pusat, a man born 1 January 1990
        "3171015203900001",  # the same district, a woman born 12 March 1990 (day + 40)
        "3171 0101.0190-0001",  # separators
        "6571011205900029",  # Tarakan, Kalimantan Utara (65, since 2012)
        "9271011205900038",  # Kota Sorong, Papua Barat (92)
        "9371011205900001",  # the Papua provinces split off in 2022
        "9571011205900001",
        "9671011205900001",
        "9771011205900001",
    ],
)
def test_an_nik_of_any_province_ever_issued_is_valid(nik: str) -> None:
    assert clean_nik(nik) == "".join(ch for ch in nik if ch.isdigit())


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("317101010190000", "nik_digits"),  # 15 digits
        ("３１７１０１０１０１９０００１", "nik_digits"),  # full-width digits
        ("1071010101900001", "nik_invalid"),  # no province 10
        ("9971010101900001", "nik_invalid"),  # nor 99
        ("3171013201900001", "nik_invalid"),  # day 32
        ("3171010113900001", "nik_invalid"),  # month 13
        ("3171013002010001", "nik_invalid"),  # 30 February
        ("3171010101900000", "nik_serial"),  # serial 0000
    ],
)
def test_a_malformed_nik_names_its_problem(nik: str, problem: str) -> None:
    with pytest.raises(FieldProblem) as raised:
        clean_nik(nik)
    assert raised.value.key == problem


@pytest.mark.parametrize(
    ("raw", "e164"),
    [("0812-3456-7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890")],
)
def test_indonesian_mobiles_come_out_in_e164(raw: str, e164: str) -> None:
    assert clean_mobile(raw) == e164


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("0812-ABCD-789", "phone_letters"),
        ("021 555 1234", "phone_invalid"),
        ("08" + "1" * 5000, "phone_invalid"),  # past Python's int() limit: refused, not a crash
    ],
)
def test_letters_and_landlines_are_refused(raw: str, problem: str) -> None:
    with pytest.raises(FieldProblem) as raised:
        clean_mobile(raw)
    assert raised.value.key == problem


def _parsed_by_phonenumbers(raw: str) -> str:
    """The answer of phonenumbers' own parse for every spelling: what `clean_mobile` gave
    before it read the usual spellings itself."""
    import phonenumbers

    if not re.match(r"^\+?[0-9][0-9 \-]*$", raw.strip()):
        return "phone_letters"
    digits = raw.strip().replace(" ", "").replace("-", "")
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return "phone_invalid"
    kind = phonenumbers.number_type(number)
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if number.country_code != 62 or kind not in mobile:
        return "phone_invalid"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_SPELLINGS = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(["0", "08", "+62", "+628", "+6208", "62", "628", "008", "0100062", "+"]),
    st.text(alphabet="0123456789 -", max_size=16) | st.text(alphabet="0123456789", max_size=400),
)


@settings(max_examples=3000, deadline=None)
@given(_SPELLINGS)
def test_the_usual_spellings_get_phonenumbers_own_answers(raw: str) -> None:
    try:
        ours = clean_mobile(raw)
    except FieldProblem as problem:
        ours = problem.key
    assert ours == _parsed_by_phonenumbers(raw)
