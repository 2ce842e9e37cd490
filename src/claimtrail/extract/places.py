"""Places: capitalised names the gazetteer holds, told apart from person names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..gazetteer import DEFAULT_COUNTRY, country_code, geonames, lookup_city
from ..text import ascii_fold
from .findings import Finding
from .tokens import _Sentence, _Tok
from .vocabulary import (
    FUNCTION_WORDS,
    GEO_SUFFIXES,
    MIN_POPULATION_ELSEWHERE,
    MONTH_NUMBER,
    NAME_PARTICLES,
    PERSON_TITLES,
    REGION_COUNTRIES,
    WEEKDAYS,
)


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
    """claimtrail.gazetteer.country_code, remembered (it scans every country on each call)."""
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
