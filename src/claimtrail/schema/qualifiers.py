"""Qualifiers: how a figure's words give its value and bounds, and the prose that documents the rules.

A figure's words ("about 150", "more than 225", "between seven and nine",
"hundreds") carry a qualifier; the qualifier and the number(s) give the
figure's point value and its lower and upper bounds.  The code (figure_bounds,
VAGUE_BOUNDS) and the prose the schema's descriptions carry (QUALIFIER_RULES)
live in this one module, and the prose about vague words is generated from
VAGUE_BOUNDS, so that the two cannot drift apart.
"""

from __future__ import annotations

import math
import re

# The largest value, low or high a figure may have: 10^15, far above any count a news text gives
# and below 2^53, so every whole number up to it is exact as a float (and in CSV, DuckDB, Parquet).
# Annotations above it are refused; the extractor reads larger numbers as no figure (README, Limits).
MAX_FIGURE_VALUE = 10**15


# Documented bounds of vague quantities, largest phrase first.
VAGUE_BOUNDS: tuple[tuple[str, int, int], ...] = (
    ("tens of thousands", 20_000, 99_999),
    ("hundreds of thousands", 200_000, 999_999),
    ("thousands", 2_000, 9_999),
    ("hundreds", 200, 999),
    ("scores", 40, 99),
    ("dozens", 24, 99),
    ("dozen", 12, 99),
    ("several", 3, 9),
    ("multiple", 2, 9),
    ("many", 10, 999),
)


def vague_words_by_size() -> tuple[tuple[str, int, int], ...]:
    """VAGUE_BOUNDS from the smallest quantity to the largest (the order the prose lists them in)."""
    return tuple(sorted(VAGUE_BOUNDS, key=lambda entry: (entry[1], entry[2])))


VAGUE_WORDS_PROSE = ", ".join(words for words, _, _ in vague_words_by_size())
QUALIFIER_RULES = (
    "Bounds follow from the qualifier: exact → low = high = value; "
    "approximately (about, around, some, roughly, likely) → low = round(0.9 × value), "
    "high = round(1.1 × value); nearly (nearly, almost) → low = round(0.9 × value), "
    "high = value; at_least (at least, no less than, no fewer than) → low = value, "
    "high empty (open); more_than (more than, over, upwards of, N+) → low = value (an exclusive bound: the count exceeds it), "
    "high empty (open); at_most (up to, as many as) → low empty (open), high = value; "
    "range (between A and B, A–B, A to B) → low = A, high = B, value = midpoint; "
    "vague → documented bounds with no value: "
    + ", ".join(f"{words} {low}–{high}" for words, low, high in vague_words_by_size())
    + "."
)


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def vague_bounds(text: str) -> tuple[int, int] | None:
    """Bounds of a vague quantity named in `text`, or None."""
    lowered = text.lower()
    for words, low, high in VAGUE_BOUNDS:
        if re.search(rf"\b{words}\b", lowered):
            return low, high
    return None


def figure_bounds(
    qualifier: str,
    value: float | None,
    low: float | None,
    high: float | None,
    text: str = "",
) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) implied by the qualifier.

    Raises ValueError with a plain explanation when the inputs do not fit the
    qualifier (a range without both ends, a point figure without a value).
    """
    if qualifier == "range":
        if low is None or high is None:
            raise ValueError("a range needs both low and high")
        if low > high:
            raise ValueError(f"low ({_fmt(low)}) is greater than high ({_fmt(high)})")
        mid = (low + high) / 2
        return mid, low, high
    if qualifier == "vague":
        if low is None or high is None:
            found = vague_bounds(text)
            if found is None:
                raise ValueError(
                    f"a vague figure needs low and high, or words with documented bounds ({VAGUE_WORDS_PROSE})"
                )
            low, high = float(found[0]), float(found[1])
        if low > high:
            raise ValueError(f"low ({_fmt(low)}) is greater than high ({_fmt(high)})")
        return None, low, high
    if value is None:
        raise ValueError(f"a figure qualified {qualifier!r} needs a value")
    if value < 0:
        raise ValueError("a count cannot be negative")
    if qualifier == "exact":
        return value, value, value
    if qualifier == "approximately":
        return value, float(_round_half_up(0.9 * value)), float(_round_half_up(1.1 * value))
    if qualifier == "nearly":
        return value, float(_round_half_up(0.9 * value)), value
    if qualifier == "at_least":
        return value, value, None
    if qualifier == "more_than":
        # The bound is exclusive ("more than 225" is 226 or more), but low stays the
        # reported number so that low <= value <= high holds for every figure.
        return value, value, None
    if qualifier == "at_most":
        return value, None, value
    raise ValueError(f"unknown qualifier {qualifier!r}")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
