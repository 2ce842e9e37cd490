"""Figures: numbers that count something, with their qualifier, bounds, measure, unit and victim group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..schema import CASUALTY_MEASURES, figure_bounds
from .casualties import casualty_measure, joint_groups, victim_group
from .casualty_words import GROUP_NOUNS, VERB_BEFORE, WEAK_VAGUE
from .findings import Finding
from .nouns import _noun_phrase, _NounPhrase
from .numbers import _find_mentions, _non_count, _qualify
from .tokens import _Mention, _Sentence, _Tok


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


_Antecedent = tuple[str, str, str | None]  # (measure, unit, group) of the count before


def _measure_and_unit(
    np: _NounPhrase,
    casualty: str | None,
    before: str,
    antecedent: _Antecedent | None,
    casualty_antecedent: _Antecedent | None,
) -> tuple[str, str] | None:
    """What the count counts: a noun of things or forces, else the casualty measure, else the counted noun,
    else the count before it ("and 3 more"); None when nothing says."""
    if np.head is not None and not np.person and np.casualty is None and np.measure != "other":
        return str(np.measure), str(np.unit)
    if casualty is not None:
        return casualty, str(np.unit) if np.person and np.unit else "people"
    if np.head is not None:
        return str(np.measure), str(np.unit)
    if casualty_antecedent is not None and before in ("additional", "another", "and", ","):
        return casualty_antecedent[0], casualty_antecedent[1]
    if antecedent is not None:
        return antecedent[0], antecedent[1]
    return None


def _group_for(
    toks: Sequence[_Tok],
    m: _Mention,
    np: _NounPhrase,
    measure: str,
    context: FigureContext,
    casualty_antecedent: _Antecedent | None,
) -> str | None:
    """The victims' group: the figure's own noun, else the count before it in the sentence, else the last named
    set of people in the article; people when nothing names one.  Counts of things and forces have none."""
    group, named = _own_group(toks, m, np)
    if named and group not in ("women", "men", "children") and (np.person or np.casualty):
        context.group = group  # a named set of people, not "five suicide bombers" counted as bombings
    if measure in CASUALTY_MEASURES and group is None:
        # a bare count opening a bullet or infobox line ("• 3,000 killed") names no victims: people
        bullet = all(t.kind == "punct" for t in toks[: m.q_first if m.q_first is not None else m.first])
        inherited = None if bullet else context.group
        if casualty_antecedent is not None and casualty_antecedent[2] not in ("women", "men", "children"):
            inherited = casualty_antecedent[2]
        group = inherited or "people"
    return group


def _figures(text: str, sent: _Sentence, taken: Sequence[tuple[int, int]], context: FigureContext) -> list[Finding]:
    toks = sent.toks
    out: list[Finding] = []
    antecedent: _Antecedent | None = None
    casualty_antecedent: _Antecedent | None = None
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
        decided = _measure_and_unit(np, casualty, before, antecedent, casualty_antecedent)
        if decided is None:
            continue
        measure, unit = decided
        if (m.word_one or toks[m.first].low in WEAK_VAGUE) and measure not in CASUALTY_MEASURES:
            continue
        if m.vague and m.value is None and toks[m.first].low == "scores" and np.head is None and casualty is None:
            continue
        s_tok = toks[m.q_first if m.q_first is not None else m.first]
        e_tok = toks[m.last]
        words = text[s_tok.start : e_tok.end]
        try:
            value, low, high = figure_bounds(m.qualifier, m.value, m.low, m.high, words)
        except ValueError:
            continue
        group = _group_for(toks, m, np, measure, context, casualty_antecedent)
        if np.person and measure not in CASUALTY_MEASURES:
            persons[s_tok.start] = group or "people"
        figure = Finding(
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
        joint = joint_groups(toks, np.head) if measure in CASUALTY_MEASURES else None
        if joint is None:
            out.append(figure)
        else:  # "17 soldiers and militiamen": the same words give one figure per group
            out.extend(replace(figure, group=g, unit=noun) for g, noun in joint)
            group = None
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
