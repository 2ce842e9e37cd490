"""Dates for event linking: intervals with a precision, a weekday, and their compatibility."""

from __future__ import annotations

import datetime as dt
import re

from .model import DateRef

#: Days of slack allowed between two dates (time zones, "on Monday" read against another day).
SLACK_DAYS = 1
#: Weight of a date match by the coarser precision of the two (finer dates say more).
PRECISION_WEIGHT = {"day": 3.0, "week": 2.0, "part_of_month": 2.0, "range": 1.0, "month": 1.0, "year": 0.5}
PRECISION_RANK = {"day": 0, "week": 1, "part_of_month": 2, "range": 3, "month": 4, "year": 5, "unknown": 6}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)


def weekday_of(words: str) -> int | None:
    """0-6 for the weekday named in ``words`` (Monday = 0), else None."""
    m = _WEEKDAY_RE.search(words)
    return WEEKDAYS.index(m.group(1).lower()) if m else None


def interval(d: DateRef | None) -> tuple[dt.date, dt.date] | None:
    if d is None or d.date_start is None or d.date_end is None:
        return None
    return dt.date.fromisoformat(d.date_start), dt.date.fromisoformat(d.date_end)


def published_ref(published: str | None) -> DateRef | None:
    """The publication date as a DateRef (day, month or year precision), or None."""
    if not published:
        return None
    parts = published.split("-")
    try:
        if len(parts) == 3:
            day = dt.date.fromisoformat(published)
            return DateRef(day.isoformat(), day.isoformat(), "day")
        year = int(parts[0])
        if len(parts) == 2:
            month = int(parts[1])
            first = dt.date(year, month, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return DateRef(first.isoformat(), last.isoformat(), "month")
        return DateRef(f"{year:04d}-01-01", f"{year:04d}-12-31", "year")
    except ValueError:
        return None


def shifted(d: DateRef, days_before: int, spread: int) -> DateRef:
    """``d`` moved ``days_before`` days earlier, widened by ``spread`` days either side (a week ago: 7, 3)."""
    iv = interval(d)
    if iv is None:
        return d
    s = iv[0] - dt.timedelta(days=days_before + spread)
    e = iv[1] - dt.timedelta(days=days_before - spread)
    precision = d.precision if spread == 0 else ("week" if PRECISION_RANK[d.precision] <= 1 else d.precision)
    return DateRef(s.isoformat(), e.isoformat(), precision)


def on_weekday(d: DateRef, weekday: int) -> DateRef:
    """The latest day with that weekday inside ``d`` (a report's "on Sunday" within its week)."""
    iv = interval(d)
    if iv is None:
        return DateRef(None, None, "unknown", weekday)
    day = iv[1]
    while day.weekday() != weekday and day > iv[0]:
        day -= dt.timedelta(days=1)
    if day.weekday() != weekday:
        return DateRef(d.date_start, d.date_end, d.precision, weekday)
    if d.precision in ("day", "week"):
        return DateRef(day.isoformat(), day.isoformat(), "day")
    return DateRef(d.date_start, d.date_end, d.precision, weekday)


def coarser(a: DateRef, b: DateRef) -> str:
    return a.precision if PRECISION_RANK.get(a.precision, 6) >= PRECISION_RANK.get(b.precision, 6) else b.precision


def date_match(a: DateRef | None, b: DateRef | None, slack: int = SLACK_DAYS) -> tuple[str, float]:
    """(yes/no/unknown, weight): whether two dates can be one event's, allowing for precision and slack."""
    ia, ib = interval(a), interval(b)
    if a is None or b is None or ia is None or ib is None:
        return "unknown", 0.0
    pad = dt.timedelta(days=slack)
    if ia[0] - pad > ib[1] or ib[0] - pad > ia[1]:
        return "no", 0.0
    for x, y, iy in ((a, b, ib), (b, a, ia)):
        if x.weekday is not None and y.precision == "day" and y.weekday is None:
            gap = (iy[0].weekday() - x.weekday) % 7
            if min(gap, 7 - gap) > slack:
                return "no", 0.0
    return "yes", PRECISION_WEIGHT.get(coarser(a, b), 0.5)


def narrower(a: DateRef | None, b: DateRef | None) -> DateRef | None:
    """The more precise of two dates (a tie keeps ``a``)."""
    if a is None or interval(a) is None:
        return b
    if b is None or interval(b) is None:
        return a
    return b if PRECISION_RANK.get(b.precision, 6) < PRECISION_RANK.get(a.precision, 6) else a
