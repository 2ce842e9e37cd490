"""Dates: absolute, partial and relative dates, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from text_to_num import text2num  # type: ignore[import-untyped]

from ..schema import DATE_PRECISIONS
from .findings import Finding
from .vocabulary import HEAD_MEASURE, MONTH_NUMBER, PERSON_NOUNS, WEEKDAYS

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w’'])"
)


_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


_YEAR_RE = r"(?:1[89]\d\d|20\d\d)"


_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"


_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(p))
    for name, p in (
        ("iso", r"\b(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)\b"),
        (
            "mdy",
            rf"\b(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?P<mon>{_MONTH_RE})\s+(?P<day>{_DAY_RE})\b(?!\s*[–-]\s*\d)"
            rf"(?:,?\s+(?P<year>{_YEAR_RE})\b)?",
        ),
        (
            "dmy",
            rf"\b(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<day>{_DAY_RE})\s+(?:of\s+)?(?P<mon>{_MONTH_RE})"
            rf"(?:,?\s+(?P<year>{_YEAR_RE})\b)?",
        ),
        (
            "part",
            r"\b(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of))"
            rf"[\s-]+(?P<mon>{_MONTH_RE})(?:,?\s+(?P<year>{_YEAR_RE})\b)?",
        ),
        ("monthyear", rf"\b(?P<mon>{_MONTH_RE}),?\s+(?P<year>{_YEAR_RE})\b"),
        (
            "month",
            r"\b(?:(?P<which>(?i:last|next|this))|(?P<prep>(?i:in|by|of|to|since|until|till|after|during|from|before"
            r"|through|throughout|between|and)))\s+"
            rf"(?P<mon>{_MONTH_RE})",
        ),
        ("yearrange", rf"(?<![\d,.])\b(?P<y1>{_YEAR_RE})\s*[–-]\s*(?P<y2>\d{{4}}|\d\d)\b(?![-–]?\w)"),
        ("yearbetween", rf"\b(?i:between)\s+(?P<y1>{_YEAR_RE})\s+and\s+(?P<y2>{_YEAR_RE})\b"),
        ("yearfrom", rf"\b(?i:from)\s+(?P<y1>{_YEAR_RE})\s+(?:to|until)\s+(?P<y2>{_YEAR_RE})\b"),
        ("decade", r"(?<![\d,.])\b(?P<dec>1[89]\d0|20\d0)['’]?s\b"),
        ("year", rf"(?<![\d,.\-–$£€])\b(?P<year>{_YEAR_RE})\b(?![,.]\d|\s*[-–]\s*\w|\+)"),
        (
            "relday",
            r"\b(?P<rel>(?i:earlier\s+today|later\s+today|today|tonight|yesterday|this\s+morning"
            r"|this\s+afternoon|this\s+evening|last\s+night))\b",
        ),
        ("relunit", r"\b(?P<which>(?i:last|this|next|earlier\s+this|later\s+this))\s+(?P<unit>(?i:week|month|year))\b"),
        ("weekend", r"\b(?P<which>(?i:last|this|next|the))\s+(?i:weekend)\b"),
        ("ago", r"\b(?P<n>\d+|[A-Za-z]+(?:-[A-Za-z]+)?)\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b"),
        ("weekday", rf"\b(?:(?P<which>(?i:last|next|this))\s+)?(?P<wd>{_WEEKDAY_RE})\b"),
    )
)


_SINCE = re.compile(r"(?i:\bsince)\s+$")


_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(?:about|around|some|roughly|approximately|nearly|almost|over|than|least|estimated))\s+$"
)


@dataclass(frozen=True)
class _Publication:
    start: dt.date
    end: dt.date
    precision: str  # day | month | year


def _publication(published: str | None) -> _Publication | None:
    if not published:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", published.strip())
    if m is None:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            d = dt.date(year, int(m.group(2)), int(m.group(3)))
            return _Publication(d, d, "day")
        if m.group(2):
            month = int(m.group(2))
            return _Publication(dt.date(year, month, 1), _month_end(year, month), "month")
        return _Publication(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _month_of(word: str) -> int:
    return MONTH_NUMBER[word.rstrip(".")]


_Resolved = tuple[dt.date | None, dt.date | None, str]


_UNKNOWN: _Resolved = (None, None, "unknown")


def _year_for(month: int, day: int, pub: _Publication) -> int:
    """The year of a month and day written without one: the latest not after publication."""
    year = pub.end.year
    try:
        if dt.date(year, month, day) > pub.end:
            year -= 1
    except ValueError:
        year -= 1
    return year


def _resolve(name: str, g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """(start, end, precision) for a date match; None when the words are not a date."""
    resolve = _RESOLVERS.get(name)
    return None if resolve is None else resolve(g, pub)


def _resolve_iso(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """2016-05-23."""
    try:
        d = dt.date(int(g["year"] or 0), int(g["mon"] or 0), int(g["day"] or 0))
    except ValueError:
        return None
    return d, d, "day"


def _resolve_mdy(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """May 23(, 2016) and 23 May (2016), with a weekday or not."""
    month = _month_of(g["mon"] or "")
    day = int(re.sub(r"\D", "", g["day"] or ""))
    if not 1 <= day <= 31:
        return None
    if g["year"]:
        year = int(g["year"])
    elif pub is None:
        return _UNKNOWN
    else:
        year = _year_for(month, day, pub)
        if g["wd"]:
            wanted = WEEKDAYS.index(g["wd"])
            for delta in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6):
                try:
                    if dt.date(year + delta, month, day).weekday() == wanted:
                        year += delta
                        break
                except ValueError:
                    continue
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d, d, "day"


def _resolve_part(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """early/mid/late May (2016)."""
    month = _month_of(g["mon"] or "")
    part = re.sub(r"\s+", " ", (g["part"] or "").lower())
    if g["year"]:
        year = int(g["year"])
    elif pub is None:
        return _UNKNOWN
    else:
        year = _year_for(month, 1, pub)
    last = _month_end(year, month).day
    lo, hi = {"early": (1, 10), "the beginning of": (1, 10), "the start of": (1, 10), "mid": (11, 20),
              "the middle of": (11, 20), "late": (21, last), "the end of": (21, last)}[part]  # fmt: skip
    return dt.date(year, month, lo), dt.date(year, month, hi), "part_of_month"


def _resolve_monthyear(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """May 2016."""
    year, month = int(g["year"] or 0), _month_of(g["mon"] or "")
    return dt.date(year, month, 1), _month_end(year, month), "month"


def _resolve_month(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """(last/next/this) May."""
    month = _month_of(g["mon"] or "")
    if pub is None:
        return _UNKNOWN
    which = (g.get("which") or "").lower()
    if which == "last":
        year = pub.start.year - 1 if month >= pub.start.month else pub.start.year
    elif which == "next":
        year = pub.end.year + 1 if month <= pub.end.month else pub.end.year
    elif which == "this":
        year = pub.start.year
    else:
        year = _year_for(month, 1, pub)
    return dt.date(year, month, 1), _month_end(year, month), "month"


def _resolve_yearrange(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """2012–2013, between 2012 and 2013, from 2012 to 2013."""
    y1 = int(g["y1"] or 0)
    y2s = g["y2"] or ""
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1:
        return None
    return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "range"


def _resolve_decade(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """the 1990s."""
    d0 = int(g["dec"] or 0)
    return dt.date(d0, 1, 1), dt.date(d0 + 9, 12, 31), "range"


def _resolve_year(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """2016."""
    year = int(g["year"] or 0)
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _resolve_weekend(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """(last/next/this) weekend."""
    if pub is None or pub.precision != "day":
        return _UNKNOWN
    saturday = pub.start - dt.timedelta(days=(pub.start.weekday() - 5) % 7)  # on or before
    which = (g["which"] or "").lower()
    if which == "next" or (which == "this" and pub.start.weekday() < 5):
        saturday = pub.start + dt.timedelta(days=(5 - pub.start.weekday()) % 7 or 7)
    elif which == "last" and pub.start.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return saturday, saturday + dt.timedelta(days=1), "range"


def _resolve_relday(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """today, yesterday, last night."""
    if pub is None or pub.precision != "day":
        return _UNKNOWN
    rel = re.sub(r"\s+", " ", (g["rel"] or "").lower())
    d = pub.start - dt.timedelta(days=1) if rel in ("yesterday", "last night") else pub.start
    return d, d, "day"


def _resolve_relunit(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """last week, this year, ...."""
    which = re.sub(r"\s+", " ", (g["which"] or "").lower())
    unit = (g["unit"] or "").lower()
    return _relative_unit(which, unit, pub)


def _resolve_ago(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """three days ago."""
    raw = (g["n"] or "").lower()
    if raw in ("a", "an"):
        count = 1
    elif raw.isdigit():
        count = int(raw)
    else:
        try:
            count = int(text2num(raw, "en"))
        except ValueError:
            return None
    unit = (g["unit"] or "").lower().rstrip("s")
    if (
        pub is None
        or (unit in ("day", "week") and pub.precision != "day")
        or (unit == "month" and pub.precision == "year")
    ):
        return _UNKNOWN
    if unit == "day":
        d = pub.start - dt.timedelta(days=count)
        return d, d, "day"
    if unit == "week":
        d = pub.start - dt.timedelta(weeks=count)
        monday = d - dt.timedelta(days=d.weekday())
        return monday, monday + dt.timedelta(days=6), "week"
    if unit == "month":
        index = pub.start.year * 12 + pub.start.month - 1 - count
        year, month = divmod(index, 12)
        return dt.date(year, month + 1, 1), _month_end(year, month + 1), "month"
    year = pub.start.year - count
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _resolve_weekday(g: dict[str, str | None], pub: _Publication | None) -> _Resolved | None:
    """(last/next) Monday."""
    if pub is None or pub.precision != "day":
        return _UNKNOWN
    wanted = WEEKDAYS.index(g["wd"] or "")
    which = (g.get("which") or "").lower()
    if which == "next":
        d = pub.start + dt.timedelta(days=(wanted - pub.start.weekday()) % 7 or 7)
    else:
        back = (pub.start.weekday() - wanted) % 7
        if which == "last" and back == 0:
            back = 7
        d = pub.start - dt.timedelta(days=back)
    return d, d, "day"


_RESOLVERS: dict[str, Callable[[dict[str, str | None], _Publication | None], _Resolved | None]] = {
    "iso": _resolve_iso,
    "mdy": _resolve_mdy,
    "dmy": _resolve_mdy,
    "part": _resolve_part,
    "monthyear": _resolve_monthyear,
    "month": _resolve_month,
    "yearrange": _resolve_yearrange,
    "yearbetween": _resolve_yearrange,
    "yearfrom": _resolve_yearrange,
    "decade": _resolve_decade,
    "year": _resolve_year,
    "weekend": _resolve_weekend,
    "relday": _resolve_relday,
    "relunit": _resolve_relunit,
    "ago": _resolve_ago,
    "weekday": _resolve_weekday,
}


def _relative_unit(which: str, unit: str, pub: _Publication | None) -> _Resolved:
    if pub is None:
        return _UNKNOWN
    if unit == "week":
        if pub.precision != "day":
            return _UNKNOWN
        monday = pub.start - dt.timedelta(days=pub.start.weekday())
        if which == "last":
            monday -= dt.timedelta(days=7)
        elif which == "next":
            monday += dt.timedelta(days=7)
        start, end = monday, monday + dt.timedelta(days=6)
        if which == "earlier this":
            end = pub.start
        elif which == "later this":
            start = pub.start
        return start, end, "week"
    if unit == "month":
        if pub.precision == "year":
            return _UNKNOWN
        index = pub.start.year * 12 + pub.start.month - 1 + {"last": -1, "next": 1}.get(which, 0)
        year, month = divmod(index, 12)
        return dt.date(year, month + 1, 1), _month_end(year, month + 1), "month"
    year = pub.start.year + {"last": -1, "next": 1}.get(which, 0)
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _dates(text: str, start: int, end: int, pub: _Publication | None) -> list[Finding]:
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for priority, (name, pattern) in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text, start, end):
            s = m.start("mon") if name == "month" and m.group("prep") else m.start()
            candidates.append((s, -(m.end() - s), priority, name, m))
    candidates.sort(key=lambda c: c[:3])
    out: list[Finding] = []
    busy_until = start
    for s, _neg, _p, name, m in candidates:
        if s < busy_until:
            continue
        e = m.end()
        if name == "year" and (_QUALIFIER_BEFORE.search(text, max(start, s - 16), s) or _count_after(text, e, end)):
            continue  # "about 2000 fighters" counts, it is no year
        try:
            resolved = _resolve(name, {k: v for k, v in m.groupdict().items()}, pub)
        except (ValueError, OverflowError):
            # The words name a date off the calendar of years 1 to 9999 ("yesterday" in a text
            # published 0001-01-01, "next year" in 9999, "10000000 days ago"): a date whose
            # day cannot be given, so it is kept with precision unknown and no dates.
            resolved = _UNKNOWN
        if resolved is None:
            continue
        d0, d1, precision = resolved
        since = _SINCE.search(text, max(start, s - 8), s)
        if since is not None:
            s = since.start()
            if d0 is not None:
                d1 = pub.end if pub is not None else None
                precision = "range"
        if precision not in DATE_PRECISIONS:
            raise RuntimeError(f"date precision {precision!r} is not in the schema's vocabulary")
        out.append(
            Finding(
                "date",
                text[s:e],
                s,
                e,
                date_start=d0.isoformat() if d0 else None,
                date_end=d1.isoformat() if d1 else None,
                precision=precision,
            )
        )
        busy_until = e
    return out


_WORDS_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?([a-z]+)")


def _count_after(text: str, pos: int, end: int) -> bool:
    m = _WORDS_AFTER.match(text, pos, end)  # no slice of the rest of the text: linear in the number of years
    if m is None:
        return False
    word = m.group(1)
    return word in HEAD_MEASURE or word in PERSON_NOUNS
