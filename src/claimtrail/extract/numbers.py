"""Numbers in a sentence: digits, number words, ranges and vague quantities, their qualifiers, and non-counts.

A mention is the words of one number with its qualifier; ``_non_count`` tells
years, dates, times, model names, references, ages, durations and
measurements from counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from text_to_num import text2num  # type: ignore[import-untyped]

from ..schema.qualifiers import MAX_FIGURE_VALUE
from .casualty_words import CASUALTY_NOUNS, LABEL_BEFORE, VERB_BEFORE, WEAK_VAGUE
from .tokens import _NUMBER, _Mention, _Tok
from .vocabulary import (
    FUNCTION_WORDS,
    HEAD_MEASURE,
    MEASUREMENT_UNITS,
    MONTH_NUMBER,
    NUMBER_JOINERS,
    PERSON_NOUNS,
    QUALIFIER_PHRASES,
    SCALE_WORDS,
    TIME_UNIT_MODIFIERS,
    TIME_UNITS,
    VAGUE_WORDS,
)


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
# "another dozen", "the dozen": a determiner makes a bare "dozen" twelve; without one ("wounded dozen",
# the last word of a cut excerpt) it is the plural "dozens" cut short, so vague.
_DOZEN_DETERMINERS = frozenset({"another", "the", "this", "that", "each", "every", "per", "further", "first", "last"})


def _counted_dozen(toks: Sequence[_Tok], i: int) -> bool:
    """True when the bare "dozen" at i follows a determiner and so counts twelve."""
    return toks[i].low == "dozen" and i > 0 and toks[i - 1].low in _DOZEN_DETERMINERS


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
                number = int(text2num(s, "en"))
                cache[s] = number if number <= MAX_FIGURE_VALUE else None  # "a billion billion" is no count
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
            if not value <= MAX_FIGURE_VALUE:  # hundreds of digits (a float's infinity): no count, no figure
                i = last + 1
                continue
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
        elif t.kind == "word" and t.low in VAGUE_WORDS and not _counted_dozen(toks, i):
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
    if m.vague:
        k = m.last + 1
        return (
            k + 1 < n
            and toks[k].low == "of"
            and (toks[k + 1].low in TIME_UNITS or toks[k + 1].low in MEASUREMENT_UNITS)
        )
    if m.value is not None and m.value != int(m.value):
        return True  # 2.5 without a scale word is a measurement, not a count
    if _glued_or_dated(text, toks, a, b):
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
    if _age_in_apposition(m, first, prev, prev2, nxt):
        return True  # "The suspect, 34, was arrested"
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


def _glued_or_dated(text: str, toks: Sequence[_Tok], a: int, b: int) -> bool:
    """True when the number's neighbours make it a name, model, amount, reference, list number, date or time."""
    n = len(toks)
    first, last = toks[a], toks[b]
    prev = toks[a - 1] if a > 0 else None
    prev2 = toks[a - 2] if a > 1 else None
    nxt = toks[b + 1] if b + 1 < n else None
    nxt2 = toks[b + 2] if b + 2 < n else None
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
    if prev is not None and prev.low in ("and", "to", "-", "–") and a >= 3 and _is_month(toks[a - 3]):
        return True  # the second day of "March 27 and 28"
    if nxt is not None and nxt.low in ("and", "to", "-", "–") and b + 3 < n and _is_month(toks[b + 3]):
        return True  # the first day of "27 and 28 March"
    time_of_day = r"\s*(?:[ap]\.?m\b\.?|o['’]clock|gmt\b|utc\b|hrs\b|local time)"  # 3 pm, 10 o'clock, 14:00 GMT
    return re.match(time_of_day, text[last.end : last.end + 12], re.IGNORECASE) is not None


def _age_in_apposition(m: _Mention, first: _Tok, prev: _Tok | None, prev2: _Tok | None, nxt: _Tok | None) -> bool:
    """ "The suspect, 34, was arrested": a small bare number between commas after a noun is an age."""
    return (
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
    )


def _counted_noun_follows(toks: Sequence[_Tok], b: int) -> bool:
    for t in toks[b + 1 : b + 4]:
        if t.low in HEAD_MEASURE or t.low in PERSON_NOUNS or t.low in CASUALTY_NOUNS:
            return True
        if t.kind != "word" or t.low in FUNCTION_WORDS:
            return False
    return False
