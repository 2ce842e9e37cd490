"""Noun phrases after a number: the counted noun, its unit as written, and whether it names people or a casualty."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .casualty_words import AFTER, CASUALTY_HEADS, CASUALTY_NOUNS, NUMBER_WORDS
from .tokens import _Mention, _Tok
from .vocabulary import (
    COMPOUND_MEASURE,
    FUNCTION_WORDS,
    HEAD_MEASURE,
    IRREGULAR_PLURALS,
    MEASUREMENT_UNITS,
    PERSON_NOUNS,
    TIME_UNITS,
)


@dataclass
class _NounPhrase:
    head: int | None  # token index of the head noun
    measure: str | None  # measure the noun gives by itself
    unit: str | None
    person: bool = False
    casualty: str | None = None  # the casualty measure when the noun is a casualty word ("deaths", "wounded")
    bare: bool = False  # a participle standing for its people ("3,000 killed"): the group comes from elsewhere


def _skip_marks(toks: Sequence[_Tok], j: int) -> int:
    """Past footnote marks "[14][15]" glued after a number or a word."""
    n = len(toks)
    while j + 2 < n and toks[j].text == "[" and toks[j + 1].kind == "num" and toks[j + 2].text == "]":
        j += 3
    return j


def _noun_phrase(toks: Sequence[_Tok], m: _Mention) -> _NounPhrase:
    n = len(toks)
    j = _skip_marks(toks, m.last + 1)
    if j < n and toks[j].low == "of":
        j += 1
        if j < n and toks[j].low in ("the", "their", "its", "these", "those"):
            j += 1
    while j < n and toks[j].low in ("more", "other", "additional", "further", "extra"):
        j += 1
    words: list[int] = []
    crossed_and = False
    pending: str | None = None  # "wounded civilians", "severely injured children"
    while j < n and len(words) < 5:
        t = toks[j]
        if t.kind == "punct":
            if t.text == "-" and not t.gap and j + 1 < n and not toks[j + 1].gap and words:
                j += 2  # hyphenated modifier: pro-government, AK-47
                continue
            break
        if t.kind == "num":
            break
        if t.low in CASUALTY_NOUNS and pending is None and (not words or t.low in CASUALTY_HEADS):
            nxt = toks[j + 1] if j + 1 < n else None
            if nxt is not None and nxt.low in PERSON_NOUNS and t.low in AFTER:
                pending = CASUALTY_NOUNS[t.low]
                j += 1
                continue
            if (
                words == []
                and nxt is not None
                and nxt.low in ("and", "or")
                and j + 2 < n
                and toks[j + 2].low not in AFTER
            ):
                words.append(j)  # "displaced and host community children": a modifier of a later noun
                j += 1
                continue
            bare = t.low in AFTER
            return _NounPhrase(j, CASUALTY_NOUNS[t.low], "people" if bare else t.low, casualty=CASUALTY_NOUNS[t.low],
                               person=True, bare=bare)  # fmt: skip
        prev = toks[j - 1].low if j > 0 else ""
        measure = COMPOUND_MEASURE.get((prev, t.low))
        if measure is not None and words and words[-1] == j - 1 and not crossed_and:
            # "three suicide bombers" count bombings, unless a casualty word makes them people ("blew themselves up")
            return _NounPhrase(j, measure, f"{prev} {t.low}", person=t.low in PERSON_NOUNS)
        if t.low in HEAD_MEASURE or t.low in PERSON_NOUNS:
            person = t.low in PERSON_NOUNS
            unit = _coordinated_unit(toks, j)
            return _NounPhrase(j, HEAD_MEASURE.get(t.low, "other"), unit, person=person, casualty=pending)
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
        if t.low in FUNCTION_WORDS or t.low in AFTER:
            if t.low in AFTER and j + 1 < n and toks[j + 1].low in PERSON_NOUNS:
                pending = AFTER[t.low]  # "50 severely injured children"
                j += 1
                continue
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
            if last >= n or any(
                w.kind != "word" or w.low in FUNCTION_WORDS or w.low in NUMBER_WORDS or not w.gap for w in words
            ):
                break
            after = toks[last + 1] if last + 1 < n else None
            if _plural(words[-1].low) and (after is None or after.kind == "punct" or after.low in FUNCTION_WORDS):
                return unit + " and " + " ".join(w.low for w in words)
    return unit


def _plural(word: str) -> bool:
    return word in IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))
