"""Validation of Indonesian identity and contact data: NIK and mobile numbers."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import phonenumbers
from stdnum import numdb
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik

_NIK_SEPARATORS = re.compile(r"[\s.\-]")
_PHONE_ALLOWED = re.compile(r"^\+?[0-9][0-9 \-]*$")
# How nearly everyone writes a mobile number: 08… or +628…. Its national number is plain to
# see, so phonenumbers is asked only for its type, and `parse` (half the check's cost) is left
# for every other spelling (and for any number longer than a phone's 17 digits, which parse
# refuses); tests/test_validators.py holds both ways to the same answers.
_USUAL_MOBILE = re.compile(r"(?:\+62|0)(8[0-9]{0,16})")


class FieldProblem(ValueError):
    """A bad value, named by a message key of the catalogue."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# Provinces newer than python-stdnum's region database (Kalimantan Utara, 2012; the Papua
# provinces split off in 2022): an NIK of theirs is checked by its province code alone. NIKs
# never change, so every code ever issued stays valid.
PROVINCES_STDNUM_LACKS = frozenset({"65", "92", "93", "95", "96", "97"})


def clean_nik(raw: str, today: date | None = None) -> str:
    """16 ASCII digits with a known region, a real birth date (day + 40 for women) and a
    serial that is not 0000."""
    value = _NIK_SEPARATORS.sub("", raw or "")
    if len(value) != 16 or not value.isascii() or not value.isdigit():
        raise FieldProblem("nik_digits")
    day = int(value[6:8])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise FieldProblem("nik_invalid")
    try:
        born = stdnum_nik.get_birth_date(value)
    except StdnumError as exc:
        raise FieldProblem("nik_invalid") from exc
    if born > (today or date.today()) or not known_region(value[:4]):
        raise FieldProblem("nik_invalid")
    if value[12:] == "0000":
        raise FieldProblem("nik_serial")
    return value


@cache
def known_region(code: str) -> bool:
    """Whether the NIK's first four digits (province and regency) name a region: the lookup
    in python-stdnum's region database that `stdnum.id.nik.validate` makes, without its
    cleaning the number three times over (a tenth of a booking's validation)."""
    if code[:2] in PROVINCES_STDNUM_LACKS:
        return True
    return bool(numdb.get("id/loc").info(code)[0][1])


def mask_nik(nik: str) -> str:
    """Region kept, the birth date and sex in the middle hidden, the last four kept."""
    return f"{nik[:4]}{'•' * 8}{nik[12:]}"


def clean_mobile(raw: str) -> str:
    """An Indonesian mobile number in E.164. Letters are refused outright: phonenumbers alone
    would read them as keypad digits."""
    value = (raw or "").strip()
    if not _PHONE_ALLOWED.match(value):
        raise FieldProblem("phone_letters")
    digits = value.replace(" ", "").replace("-", "")
    spelled_as_usual = _USUAL_MOBILE.fullmatch(digits)
    if spelled_as_usual:
        number = phonenumbers.PhoneNumber(62, int(spelled_as_usual[1]))
    else:
        try:
            number = phonenumbers.parse(digits, "ID")
        except phonenumbers.NumberParseException as exc:
            raise FieldProblem("phone_invalid") from exc
    # A number of a known type matched its region's patterns, so it is valid: no need to ask
    # `is_valid_number`, which would match them all again.
    is_mobile = phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if number.country_code != 62 or not is_mobile:
        raise FieldProblem("phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    return f"{phone[:6]}{'•' * max(len(phone) - 9, 0)}{phone[-3:]}"
