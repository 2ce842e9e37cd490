"""Figures: numbers that count something, with their qualifier, bounds, measure and unit."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from text_to_num import text2num  # type: ignore[import-untyped]

from ..schema import figure_bounds
from ..schema import CASUALTY_MEASURES
from .casualties import casualty_measure, victim_group
from .casualty_words import AFTER, CASUALTY_HEADS, NUMBER_WORDS, VERB_BEFORE, CASUALTY_NOUNS, LABEL_BEFORE, WEAK_VAGUE
from .findings import Finding
from .tokens import _NUMBER, _Sentence, _Tok
from .vocabulary import (
    COMPOUND_MEASURE,
    FUNCTION_WORDS,
    HEAD_MEASURE,
    IRREGULAR_PLURALS,
    MEASUREMENT_UNITS,
    MONTH_NUMBER,
    NUMBER_JOINERS,
    PERSON_NOUNS,
    QUALIFIER_PHRASES,
    SAY_FORMS,
    SCALE_WORDS,
    TIME_UNIT_MODIFIERS,
    TIME_UNITS,
    VAGUE_WORDS,
)


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
    if low == "ones" or (low != "a" and parse(low) is None):
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


_DEGREE = frozenset({"as", "how", "so", "too", "very", "not"})
_MARKED = re.compile(r"(\d{1,3}(?:,\d{3})+)\d{1,2}")  # "294,0001": a footnote mark glued to the number


def _digits(toks: Sequence[_Tok], i: int) -> tuple[int, float] | None:
    """(last token, value) of the digits at i: "1,204", "151, 000" (a stray space), "294,0001" (a footnote mark)."""
    t = toks[i]
    if _NUMBER.fullmatch(t.text):
        n = len(toks)
        if (
            re.fullmatch(r"\d{1,3}", t.text)
            and i + 2 < n
            and toks[i + 1].text == ","
            and not toks[i + 1].gap
            and toks[i + 2].gap
            and re.fullmatch(r"\d{3}", toks[i + 2].text)
            and (i + 3 >= n or toks[i + 3].kind == "word")
        ):
            return i + 2, float(t.text) * 1000 + float(toks[i + 2].text)
        return i, float(t.text.replace(",", ""))
    marked = _MARKED.fullmatch(t.text)
    if marked:
        return i, float(marked.group(1).replace(",", ""))
    return None


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
            number = _digits(toks, i)
            if number is None:
                i += 1
                continue
            last, value = number
            if i + 1 < n and toks[i + 1].low in SCALE_WORDS and toks[i + 1].gap:
                value *= SCALE_WORDS[toks[i + 1].low]
                last = i + 1
            m = _Mention(i, last, value, core=i)
            if last + 1 < n and toks[last + 1].text == "+" and not toks[last + 1].gap:
                m.last = last + 1
                m.qualifier = "more_than"
            out.append(m)
            i = m.last + 1
        elif t.kind == "word" and t.low in WEAK_VAGUE:
            nxt = toks[i + 1] if i + 1 < n else None
            prev = toks[i - 1].low if i > 0 else ""
            if nxt is not None and nxt.kind == "word" and nxt.low not in FUNCTION_WORDS and prev not in _DEGREE:
                out.append(_Mention(i, i, None, qualifier="vague", core=i, vague=True))
            i += 1
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
        if prev.kind == "word" and prev.low in LABEL_BEFORE and not (nxt is not None and nxt.text == ":"):
            pass  # an infobox label flattened onto its number: "Deaths97+"; "Casualties3:" is a note mark
        elif prev.kind == "word":  # G20, M16
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
        prev is not None
        and nxt is not None
        and prev.text == ","
        and nxt.text in ",)"
        and prev2 is not None
        and prev2.kind == "word"
        and m.q_first is None
        and m.value is not None
        and m.value < 120
        and first.kind == "num"
    ):
        return True  # an age in apposition: "The suspect, 34, was arrested"
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
        and prev.low not in VERB_BEFORE  # a headline's capitalised verb: "Gang Violence Displaces 165,000"
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
            if words == [] and nxt is not None and nxt.low in ("and", "or") and j + 2 < n and toks[j + 2].low not in AFTER:
                words.append(j)  # "displaced and host community children": a modifier of a later noun
                j += 1
                continue
            bare = t.low in AFTER
            return _NounPhrase(j, CASUALTY_NOUNS[t.low], "people" if bare else t.low, casualty=CASUALTY_NOUNS[t.low],
                               person=True, bare=bare)  # fmt: skip
        prev = toks[j - 1].low if j > 0 else ""
        measure = COMPOUND_MEASURE.get((prev, t.low))
        if measure is not None and words and words[-1] == j - 1 and not crossed_and:
            return _NounPhrase(j, measure, f"{prev} {t.low}")
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
        if casualty is None and antecedent is not None and antecedent[0] in CASUALTY_MEASURES and shared_verb:
            if before in ("and", ",") and person:
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
        if named and group not in ("women", "men", "children"):
            context.group = group
        if measure in CASUALTY_MEASURES and group is None:
            inherited = casualty_antecedent[2] if casualty_antecedent is not None else context.group
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
