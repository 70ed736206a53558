"""The Indeks Kepuasan Masyarakat (IKM) of PermenPANRB No. 14/2017, computed exactly.

Each of the nine elements (unsur) is scored 1–4. An element's NRR (nilai rata-rata) is the sum
of its scores over the respondents who answered it; the IKM on the 1–4 scale is the sum of the
NRRs each weighted 1/9 — the exact fraction, because the printed 0.111 turns a perfect score
into 99.9 — and the converted IKM is that times 25 (25–100). Only the final value is rounded,
to 2 decimals (half up), and the quality category is read from the rounded value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SCALE = (1, 2, 3, 4)
CONVERSION = 25
# Lower bounds of the converted IKM (rounded to 2 decimals) for each quality category.
CATEGORY_BOUNDS = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))
LOWEST_CATEGORY = "D"
CATEGORIES: tuple[str, ...] = (*(letter for _, letter in CATEGORY_BOUNDS), LOWEST_CATEGORY)

# The nine elements (unsur) in the regulation's order (Lampiran, Bab II). Answers are stored by
# code, never by position, because other implementations swap elements 8 and 9. Their wording
# (name, definition, question, the four answers) and the categories' names are texts of app's
# catalogue: ikm_u1_name … ikm_u9_scale_4, ikm_category_A … ikm_category_D.
ELEMENT_CODES: tuple[str, ...] = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
WEIGHT = Fraction(1, len(ELEMENT_CODES))


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: tuple[Fraction | None, ...]  # per element, in ELEMENT_CODES order
    ikm: Decimal | None  # converted (25–100), rounded to 2 decimals
    category: str | None


def is_valid_score(value: object) -> bool:
    """1–4 as a true integer: booleans are ints in Python but not answers."""
    return isinstance(value, int) and not isinstance(value, bool) and value in SCALE


def element_averages(answers: Iterable[Mapping[str, int | None]]) -> tuple[Fraction | None, ...]:
    """NRR per element: its sum over the respondents who answered it, divided by their count."""
    sums = dict.fromkeys(ELEMENT_CODES, 0)
    counts = dict.fromkeys(ELEMENT_CODES, 0)
    for response in answers:
        for code in ELEMENT_CODES:
            score = response.get(code)
            if score is not None:
                sums[code] += score
                counts[code] += 1
    return tuple(
        Fraction(sums[code], counts[code]) if counts[code] else None for code in ELEMENT_CODES
    )


def weighted_index(nrr: Iterable[Fraction]) -> Fraction:
    """The IKM on the 1–4 scale: Σ NRR × 1/9, exactly."""
    return sum((value * WEIGHT for value in nrr), Fraction(0))


def round2(value: Fraction) -> Decimal:
    """Half up to 2 decimals, on the exact fraction (no intermediate rounding at all)."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(hundredths).scaleb(-2)


def converted(nrr: Iterable[Fraction]) -> Decimal:
    return round2(weighted_index(nrr) * CONVERSION)


def category(converted_ikm: Decimal) -> str:
    for bound, letter in CATEGORY_BOUNDS:
        if converted_ikm >= bound:
            return letter
    return LOWEST_CATEGORY


def compute_ikm(answers: Iterable[Mapping[str, int | None]]) -> IkmResult:
    """The IKM of a set of responses; with no respondents, no index and no category."""
    responses = list(answers)
    nrr = element_averages(responses)
    if not responses or any(value is None for value in nrr):
        return IkmResult(len(responses), nrr, None, None)
    ikm = converted(value for value in nrr if value is not None)
    return IkmResult(len(responses), nrr, ikm, category(ikm))
