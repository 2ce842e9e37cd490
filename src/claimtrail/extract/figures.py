"""Figures: numbers that count something, with their qualifier, bounds, measure, unit and victim group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..schema import CASUALTY_MEASURES, figure_bounds
from .casualties import casualty_measure, victim_group
from .casualty_words import AFTER, CASUALTY_HEADS, CASUALTY_NOUNS, GROUP_NOUNS, NUMBER_WORDS, VERB_BEFORE, WEAK_VAGUE
from .findings import Finding
from .numbers import _find_mentions, _Mention, _non_count, _qualify
from .tokens import _Sentence, _Tok
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


@dataclass
class FigureContext:
    """What the figures read so far in the article say about the next one."""

    group: str | None = None  # the last named set of victims ("191 Maute Group terrorists")
    measure: str | None = None  # the measure of the last casualty figure


def _own_group(toks: Sequence[_Tok], m: _Mention, np: _NounPhrase) -> tuple[str | None, bool]:
    """(group, named): the group the figure's own noun gives, and whether it names one at all."""
    after = [t.low for t in toks[m.last + 1 : m.last + 5]]
    if after[:2] in (["of", "whom"], ["of", "them"]) and after[2:3] in (["were"], ["are"], ["was"]) and len(after) > 3:
        predicate = GROUP_NOUNS.get(after[3])
        if predicate is not None:
            return predicate, True  # "28 civilians, 16 of whom were children"
    if np.head is None or np.bare or toks[np.head].low in ("others", "more"):
        return None, False
    group = victim_group(toks, m.last + 1, np.head)
    if group is None and (np.person or np.casualty):
        return "people", True
    return group, group is not None


def _figures(text: str, sent: _Sentence, taken: Sequence[tuple[int, int]], context: FigureContext) -> list[Finding]:
    toks = sent.toks
    out: list[Finding] = []
    antecedent: tuple[str, str, str | None] | None = None
    casualty_antecedent: tuple[str, str, str | None] | None = None
    persons: dict[int, str] = {}  # start -> group of counts of people without a casualty measure
    shared_verb = False  # the antecedent's measure came from a verb before it, which the next count may share
    for m in _find_mentions(toks):
        _qualify(toks, m)
        if _non_count(text, toks, m, taken):
            continue
        np = _noun_phrase(toks, m)
        before_at = m.q_first if m.q_first is not None else m.first
        after_at = (np.head if np.head is not None else m.last) + 1
        person = np.person or np.head is None
        casualty = casualty_measure(toks, before_at, after_at, person, np.casualty) if person else None
        before = toks[before_at - 1].low if before_at > 0 else ""
        # a verb before the count ("killed 5 soldiers and 3 civilians") or a participle standing for its
        # people ("40 dead, at least 3 of them children") carries over to the next count of people
        shared = casualty is not None and (before in VERB_BEFORE or np.bare)
        if (
            casualty is None
            and antecedent is not None
            and antecedent[0] in CASUALTY_MEASURES
            and shared_verb
            and before in ("and", ",")
            and person
        ):
            casualty, shared = antecedent[0], True  # "killed 5 soldiers and 3 civilians"
        if casualty is None and before in ("includes", "including", "include") and np.person and context.measure:
            casualty, shared = context.measure, True  # "This includes 170 children": a breakdown of the last toll
        measure: str | None
        unit: str | None
        if np.head is not None and not np.person and np.casualty is None and np.measure != "other":
            measure, unit = np.measure, np.unit
        elif casualty is not None:
            measure = casualty
            unit = np.unit if np.person and np.unit else "people"
        elif np.head is not None:
            measure, unit = np.measure, np.unit
        elif casualty_antecedent is not None and before in ("additional", "another", "and", ","):
            measure, unit = casualty_antecedent[:2]
        elif antecedent is not None:
            measure, unit = antecedent[:2]
        else:
            continue
        if (m.word_one or toks[m.first].low in WEAK_VAGUE) and measure not in CASUALTY_MEASURES:
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
        group, named = _own_group(toks, m, np)
        if named and group not in ("women", "men", "children") and (np.person or np.casualty):
            context.group = group  # a named set of people, not "five suicide bombers" counted as bombings
        if measure in CASUALTY_MEASURES and group is None:
            inherited = context.group
            if casualty_antecedent is not None and casualty_antecedent[2] not in ("women", "men", "children"):
                inherited = casualty_antecedent[2]
            group = inherited or "people"
        if np.person and measure not in CASUALTY_MEASURES:
            persons[s_tok.start] = group or "people"
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
                group=group if measure in CASUALTY_MEASURES else None,
            )
        )
        antecedent = (measure, unit, group)
        shared_verb = shared
        if measure in CASUALTY_MEASURES:
            casualty_antecedent = antecedent
            context.measure = measure
    return _share_backwards(toks, out, persons)


def _share_backwards(toks: Sequence[_Tok], figures: list[Finding], persons: dict[int, str]) -> list[Finding]:
    """ "12 civilians and three soldiers were killed": a count of people joined by "and" to a casualty count shares it."""
    out = list(figures)
    for k in range(len(out) - 2, -1, -1):
        f, g = out[k], out[k + 1]
        if f.start not in persons or f.measure in CASUALTY_MEASURES or g.measure not in CASUALTY_MEASURES:
            continue
        between = [t.low for t in toks if f.end <= t.start and t.end <= g.start]
        if between[-1:] == ["and"] and len(between) <= 3:
            out[k] = replace(f, measure=g.measure, group=persons[f.start])
    return out
