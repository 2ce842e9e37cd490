"""Dates for event linking: intervals with a precision, a weekday, and their compatibility."""

from __future__ import annotations

import datetime as dt
import re

from .model import DateRef

#: Days of slack allowed between two dates (time zones, "on Monday" read against another day).
SLACK_DAYS = 1
#: Weight of a date match by the length in days of the wider of the two intervals (finer dates say more):
#: up to 4 days (a day, or a siege's few days) 3, up to 10 (a week) 2, up to a month 1, longer 0.5.
WIDTH_WEIGHTS = ((4, 3.0), (10, 2.0), (31, 1.0))
#: Longest span (days) an event's dates may grow to as reports of its later days join it.
MAX_EVENT_DAYS = 4
PRECISION_RANK = {"day": 0, "week": 1, "part_of_month": 2, "range": 3, "month": 4, "year": 5, "unknown": 6}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}", re.I)


def month_day_of(words: str) -> tuple[int, int] | None:
    """(month, day) of a date written without its year ("October 14", "14th of October"), else None."""
    m = _MONTH_DAY.search(words)
    if m is None:
        return None
    month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    number = int(day)
    return (MONTHS.index(month.lower()[:3]) + 1, number) if 1 <= number <= 31 else None


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


def _width_weight(days: int) -> float:
    return next((w for limit, w in WIDTH_WEIGHTS if days <= limit), 0.5)


def date_match(a: DateRef | None, b: DateRef | None, slack: int = SLACK_DAYS) -> tuple[str, float]:
    """(yes/no/unknown, weight): whether two dates can be one event's, allowing for precision and slack."""
    ia, ib = interval(a), interval(b)
    for x, iy in ((a, ib), (b, ia)):
        if x is not None and x.month_day is not None and iy is not None:
            return _month_day_match(x.month_day, iy, slack)
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
    width = max((ia[1] - ia[0]).days, (ib[1] - ib[0]).days) + 1
    weight = _width_weight(width)
    if width > 10 and (a.weekday is not None or b.weekday is not None):
        weight = max(weight, 2.0)  # a weekday within a month: one of four or five days
    return "yes", weight


def _month_day_match(md: tuple[int, int], iv: tuple[dt.date, dt.date], slack: int) -> tuple[str, float]:
    """Whether a day of the year without its year falls in an interval (in any of its years)."""
    if (iv[1] - iv[0]).days > 62:
        return "unknown", 0.0
    for year in range(iv[0].year, iv[1].year + 1):
        try:
            day = dt.date(year, *md)
        except ValueError:
            continue
        if iv[0] - dt.timedelta(days=slack) <= day <= iv[1] + dt.timedelta(days=slack):
            # a day of the year inside a month says less than one on an event's very day
            return "yes", min(2.0, _width_weight((iv[1] - iv[0]).days + 1))
    return "no", 0.0


def joined(a: DateRef | None, b: DateRef | None) -> DateRef | None:
    """An event's date after a report dated ``b`` joins it.

    Two short dates (a day, a siege's few days) give their span while it stays
    within MAX_EVENT_DAYS (beyond, the event keeps its date); otherwise the
    narrower of the two.
    """
    ia, ib = interval(a), interval(b)
    if a is None or b is None or ia is None or ib is None:
        return narrower(a, b)
    if (ia[1] - ia[0]).days < MAX_EVENT_DAYS and (ib[1] - ib[0]).days == 0:
        lo, hi = min(ia[0], ib[0]), max(ia[1], ib[1])
        if (hi - lo).days >= MAX_EVENT_DAYS:
            return a
        return DateRef(lo.isoformat(), hi.isoformat(), "day" if lo == hi else "range")
    return narrower(a, b)


def narrower(a: DateRef | None, b: DateRef | None) -> DateRef | None:
    """The more precise of two dates (a tie keeps ``a``)."""
    if a is None or interval(a) is None:
        return b
    if b is None or interval(b) is None:
        return a
    return b if PRECISION_RANK.get(b.precision, 6) < PRECISION_RANK.get(a.precision, 6) else a
