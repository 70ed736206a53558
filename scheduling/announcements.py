"""What a waiting-room display says when a ticket is called, in Bahasa Indonesia and English.

Ticket numbers are read as an Indonesian reads them: the letter, then the integer in words, leading
zeros dropped ("A-012" → "A dua belas"). The text on screen keeps the counter's name as written
("Loket 3"); the spoken text reads its numbers in words too ("Loket tiga"), because speech engines
read bare digits unevenly.
"""

from __future__ import annotations

import re

from num2words import num2words

_TICKET = re.compile(r"^\s*([A-Za-z]*)[\s-]*(\d+)\s*$")
_DIGITS = re.compile(r"\d+")
_LOKET = re.compile(r"^\s*loket\b\s*", re.IGNORECASE)


def number_in_words(value: int, lang: str) -> str:
    return str(num2words(value, lang=lang))


def ticket_words(number: str, lang: str = "id") -> str:
    """ "A-012" → "A dua belas" (id) / "A twelve" (en); letters spelt one by one."""
    match = _TICKET.match(number)
    if match is None:
        return digits_in_words(number, lang)
    letters, digits = match.groups()
    parts = [*letters.upper(), number_in_words(int(digits), lang)]
    return " ".join(parts)


def digits_in_words(text: str, lang: str = "id") -> str:
    """Every run of digits in `text` read as a number: "Loket 3" → "Loket tiga"."""
    return _DIGITS.sub(lambda m: number_in_words(int(m.group()), lang), text)


def counter_in_english(counter: str) -> str:
    """ "Loket 3" → "counter 3"; other names are proper names and stay as they are."""
    if _LOKET.match(counter):
        return _LOKET.sub("counter ", counter, count=1).strip()
    return counter


def announcement(number: str, counter: str) -> dict[str, object]:
    """The text shown (`id`, `en`) and the text spoken (`speech`) for a call."""
    counter_en = counter_in_english(counter)
    return {
        "id": f"Nomor antrean {ticket_words(number, 'id')}, silakan menuju {counter}",
        "en": f"Queue number {ticket_words(number, 'en')}, please go to {counter_en}",
        "speech": {
            "id": (
                f"Nomor antrean {ticket_words(number, 'id')}, "
                f"silakan menuju {digits_in_words(counter, 'id')}"
            ),
            "en": (
                f"Queue number {ticket_words(number, 'en')}, "
                f"please go to {digits_in_words(counter_en, 'en')}"
            ),
        },
    }
