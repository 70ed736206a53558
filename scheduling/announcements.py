"""How a call reads its numbers aloud, the way an Indonesian reads them.

Ticket numbers: the letter, then the integer in words, leading zeros dropped ("A-012" → "A dua
belas"). A counter's name keeps its words, and its numbers are read in words too ("Loket 3" →
"Loket tiga"), because speech engines read bare digits unevenly. The sentences themselves are
texts of display's catalogue (display/announcements.py puts them together).
"""

from __future__ import annotations

import re
from functools import lru_cache

from num2words import num2words

_TICKET = re.compile(r"^\s*([A-Za-z]*)[\s-]*(\d+)\s*$")
_DIGITS = re.compile(r"\d+")
_LOKET = re.compile(r"^\s*loket\b\s*", re.IGNORECASE)


@lru_cache(maxsize=8192)
def number_in_words(value: int, lang: str) -> str:
    """Cached: num2words costs ~20 µs a number, and a call announces four of them."""
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
    """Every run of digits in `text` read as a number, apart from letters glued to it:
    "Loket 3" → "Loket tiga", "Loket 1A" → "Loket satu A"."""
    return _DIGITS.sub(lambda m: _spoken_run(m, text, lang), text).strip()


def _spoken_run(match: re.Match[str], text: str, lang: str) -> str:
    words = number_in_words(int(match.group()), lang)
    before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
    return f"{' ' if before.isalpha() else ''}{words}{' ' if after.isalpha() else ''}"


def after_loket(counter: str) -> str | None:
    """What follows "Loket" in a counter named so ("Loket 3" → "3"), the part another language
    keeps; None for any other name, a proper name that stays as it is."""
    match = _LOKET.match(counter)
    return counter[match.end() :] if match else None
