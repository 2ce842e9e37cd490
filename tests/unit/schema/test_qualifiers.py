"""Qualifier rules: the words of a figure give its value and bounds (claimtrail.schema.qualifiers.figure_bounds)."""

from __future__ import annotations

import pytest

from claimtrail.schema import QUALIFIER_RULES, VAGUE_BOUNDS, figure_bounds, table, vague_bounds

OPEN = None


@pytest.mark.parametrize(
    ("words", "qualifier", "value", "low", "high", "expected"),
    [
        ("between seven and nine", "range", None, 7, 9, (8, 7, 9)),
        ("48–53", "range", None, 48, 53, (50.5, 48, 53)),
        ("about 150", "approximately", 150, None, None, (150, 135, 165)),
        ("some 20", "approximately", 20, None, None, (20, 18, 22)),
        ("around 5", "approximately", 5, None, None, (5, 5, 6)),  # round half up: 4.5 → 5, 5.5 → 6
        ("nearly 150", "nearly", 150, None, None, (150, 135, 150)),
        ("almost 15", "nearly", 15, None, None, (15, 14, 15)),  # 13.5 → 14
        ("more than 225", "more_than", 225, None, None, (225, 225, OPEN)),
        ("at least five", "at_least", 5, None, None, (5, 5, OPEN)),
        ("no less than ten", "at_least", 10, None, None, (10, 10, OPEN)),
        ("up to 300", "at_most", 300, None, None, (300, OPEN, 300)),
        ("78", "exact", 78, None, None, (78, 78, 78)),
        ("two", "exact", 2, None, None, (2, 2, 2)),
        ("hundreds", "vague", None, None, None, (None, 200, 999)),
        ("dozens", "vague", None, None, None, (None, 24, 99)),
        ("scores", "vague", None, None, None, (None, 40, 99)),
        ("thousands of bombings", "vague", None, None, None, (None, 2000, 9999)),
        ("tens of thousands", "vague", None, None, None, (None, 20000, 99999)),
        ("hundreds of thousands", "vague", None, None, None, (None, 200000, 999999)),
        ("a few", "vague", None, 2, 5, (None, 2, 5)),  # curator-given bounds for a vague phrase
    ],
)
def test_qualifier_rules(
    words: str,
    qualifier: str,
    value: float | None,
    low: float | None,
    high: float | None,
    expected: tuple[float | None, float | None, float | None],
) -> None:
    assert figure_bounds(qualifier, value, low, high, words) == expected


def test_range_value_is_the_midpoint() -> None:
    value, low, high = figure_bounds("range", None, 7, 9, "between seven and nine")
    assert (value, low, high) == (8, 7, 9)
    assert low is not None and high is not None and low <= value <= high


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high", "words", "message"),
    [
        ("range", None, 7, None, "between seven and nine", "both low and high"),
        ("range", None, None, 9, "between seven and nine", "both low and high"),
        ("range", None, 9, 7, "between nine and seven", "low (9) is greater than high (7)"),
        ("approximately", None, None, None, "about 150", "needs a value"),
        ("nearly", None, None, None, "nearly 150", "needs a value"),
        ("more_than", None, None, None, "more than 225", "needs a value"),
        ("at_least", None, None, None, "at least five", "needs a value"),
        ("at_most", None, None, None, "up to 300", "needs a value"),
        ("exact", None, None, None, "78", "needs a value"),
        ("exact", -3, None, None, "-3", "negative"),
        ("vague", None, None, None, "a handful", "documented bounds"),
        ("vague", None, 50, 10, "a few", "greater than high"),
        ("roughly", 10, None, None, "roughly 10", "unknown qualifier"),
    ],
)
def test_inputs_that_do_not_fit_the_qualifier_raise(
    qualifier: str, value: float | None, low: float | None, high: float | None, words: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        figure_bounds(qualifier, value, low, high, words)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("Hundreds of civilians", (200, 999)),
        ("killed DOZENS", (24, 99)),
        ("thousands", (2000, 9999)),
        ("fifty", None),
        ("hundredsfold", None),  # whole words only
    ],
)
def test_vague_bounds_lookup(text: str, bounds: tuple[int, int] | None) -> None:
    assert vague_bounds(text) == bounds


def test_the_documented_prose_names_every_vague_quantity_with_its_bounds() -> None:
    """The schema's descriptions, the site's rules and the error message follow VAGUE_BOUNDS (no drift)."""
    for words, low, high in VAGUE_BOUNDS:
        assert f"{words} {low}–{high}" in QUALIFIER_RULES
        assert figure_bounds("vague", None, None, None, words) == (None, low, high)
    assert "hundreds of thousands 200000–999999" in QUALIFIER_RULES
    with pytest.raises(ValueError, match="tens of thousands, hundreds of thousands"):
        figure_bounds("vague", None, None, None, "a handful")
    figures = table("figures")
    assert QUALIFIER_RULES in figures.description and QUALIFIER_RULES in figures.field("qualifier").description
