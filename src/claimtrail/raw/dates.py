"""The one parser of the partial dates a curator writes: YYYY, YYYY-MM or YYYY-MM-DD.

Front matter (`published:`), annotations (`published`) and events (`date_start`,
`date_end`) all read their dates here; each caller turns the two failures into
its own ClaimtrailError with its file, line and fix.
"""

from __future__ import annotations

import datetime as dt
import re

from ..schema import PARTIAL_DATE_PATTERN

PRECISION_BY_PARTS = {1: "year", 2: "month", 3: "day"}


class NotADate(ValueError):
    """The text is not of the form YYYY, YYYY-MM or YYYY-MM-DD."""


class NoSuchDate(ValueError):
    """The text has the form, but the month or day does not exist (2016-02-30)."""


def partial_date(text: str) -> tuple[str, str]:
    """(text, precision: year | month | day) of a partial date; NotADate or NoSuchDate otherwise."""
    if not re.fullmatch(PARTIAL_DATE_PATTERN, text):
        raise NotADate(text)
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise NoSuchDate(text) from None
    return text, PRECISION_BY_PARTS[len(parts)]


def full_date(text: str) -> str:
    """A date of day precision, YYYY-MM-DD; NotADate (also for a year or month alone) or NoSuchDate otherwise."""
    _, precision = partial_date(text)
    if precision != "day":
        raise NotADate(text)
    return text
