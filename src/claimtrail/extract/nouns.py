"""The counted noun of a figure: the noun phrase after the number, its head, and the casualty it names (killed, injured)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .tokens import _Mention, _Tok
from .vocabulary import (
    AFTER_SKIP,
    AUXILIARIES,
    CASUALTY_NOUNS,
    COMPOUND_MEASURE,
    FUNCTION_WORDS,
    HEAD_MEASURE,
    INJURE_AFTER,
    INJURE_VERBS,
    IRREGULAR_PLURALS,
    KILL_AFTER,
    KILL_VERBS,
    MEASUREMENT_UNITS,
    PERSON_NOUNS,
    SAY_FORMS,
    TIME_UNITS,
)


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
