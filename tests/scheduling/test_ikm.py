"""The IKM of PermenPANRB 14/2017: exact 1/9 weights, ×25, rounding only at the end."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from scheduling.ikm import (
    CATEGORIES,
    ELEMENT_CODES,
    category,
    compute_ikm,
    is_valid_score,
    round2,
)


def response(*scores: int) -> dict[str, int]:
    assert len(scores) == 9
    return dict(zip(ELEMENT_CODES, scores, strict=True))


def uniform(score: int) -> dict[str, int]:
    return response(*[score] * 9)


def chunked(scores: list[int]) -> list[dict[str, int]]:
    return [response(*scores[i : i + 9]) for i in range(0, len(scores), 9)]


def test_nine_elements_by_code_in_the_regulations_order():
    # Their wording is in the catalogue (tests/test_surveys.py reads it through the API).
    assert tuple(f"u{n}" for n in range(1, 10)) == ELEMENT_CODES


def test_four_categories_best_first():
    assert CATEGORIES == ("A", "B", "C", "D")
    assert [category(Decimal(v)) for v in ("100.00", "80.00", "70.00", "25.00")] == list(CATEGORIES)


@pytest.mark.parametrize(
    ("responses", "ikm", "letter"),
    [
        ([uniform(4)], "100.00", "A"),
        ([uniform(4)] * 37, "100.00", "A"),
        ([uniform(1)], "25.00", "D"),
        ([uniform(3)], "75.00", "C"),
        ([uniform(2)], "50.00", "D"),
        # 4 and 3 in equal numbers: every NRR 3.5 → 3.5 × 25
        ([uniform(4), uniform(3)], "87.50", "B"),
        # one respondent, sum 32: 32/9 × 25 = 88.888… → 88.89 (0.111 would give 88.80)
        ([response(4, 3, 3, 4, 4, 3, 4, 3, 4)], "88.89", "A"),
        # NRRs 3, 3, 8/3, 11/3, 3, 3, 10/3, 8/3, 3: sum 82/3 → 82/27 × 25 = 75.925… → 75.93
        (
            [
                uniform(3),
                response(4, 3, 2, 4, 3, 3, 4, 2, 3),
                response(2, 3, 3, 4, 3, 3, 3, 3, 3),
            ],
            "75.93",
            "C",
        ),
        # 5 respondents, 24 fours and 21 threes: Σ NRR = 159/5 → 88.333… → 88.33, an A;
        # the printed weight 0.111 would give 88.245 → 88.25, a B.
        (chunked([4] * 24 + [3] * 21), "88.33", "A"),
    ],
)
def test_ikm_computed_by_hand(responses, ikm, letter):
    result = compute_ikm(responses)
    assert result.respondents == len(responses)
    assert result.ikm == Decimal(ikm)
    assert result.category == letter


def test_the_printed_0111_weight_is_not_used():
    """With 0.111 a perfect score would be 4 × 9 × 0.111 × 25 = 99.90."""
    assert Decimal(4 * 9) * Decimal("0.111") * 25 == Decimal("99.900")
    assert compute_ikm([uniform(4)]).ikm == Decimal("100.00")


def test_element_averages_are_exact_fractions():
    result = compute_ikm([uniform(4), uniform(3), response(3, 3, 3, 3, 3, 3, 3, 3, 4)])
    assert result.nrr[0] == Fraction(10, 3)
    assert result.nrr[8] == Fraction(11, 3)


def test_no_respondents_gives_no_index_and_no_category():
    result = compute_ikm([])
    assert result.respondents == 0
    assert result.ikm is None and result.category is None
    assert result.nrr == (None,) * 9


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_category_boundaries(value, letter):
    assert category(Decimal(value)) == letter


@pytest.mark.parametrize(
    ("exact", "rounded", "letter"),
    [
        (Fraction(88305, 1000), "88.31", "A"),  # exactly half a hundredth rounds up
        (Fraction(88305, 1000) - Fraction(1, 10**9), "88.30", "B"),
        (Fraction(76605, 1000), "76.61", "B"),
        (Fraction(64995, 1000), "65.00", "C"),
        (Fraction(64995, 1000) - Fraction(1, 10**9), "64.99", "D"),
    ],
)
def test_only_the_final_value_is_rounded_then_classified(exact, rounded, letter):
    assert round2(exact) == Decimal(rounded)
    assert category(round2(exact)) == letter


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (1, True),
        (4, True),
        (0, False),
        (5, False),
        (True, False),
        (False, False),
        (3.0, False),
        ("3", False),
        (None, False),
    ],
)
def test_scores_are_true_integers_1_to_4(value, valid):
    assert is_valid_score(value) is valid
