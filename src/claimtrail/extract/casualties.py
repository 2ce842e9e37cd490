"""Casualty figures: which measure the words give, who the victims are, breakdowns and tolls that change.

``casualty_measure`` and ``victim_group`` read one figure inside its sentence;
``link_figures`` reads the article's figures together: a breakdown ("including
58 children", "30 of the men", "were among those missing", "This includes
...") points at the total it breaks down (``part_of``, the total's start
offset), and a toll the text replaces ("later revised its estimate to nine",
"rose to 84", "up from 950", "had earlier been reported as 37") is
``earlier``; every other casualty figure is ``current``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from ..schema import CASUALTY_MEASURES
from .casualty_words import (
    AFTER,
    AFTER_SKIP,
    BREAKDOWN_WORDS,
    CASUALTY_NOUNS,
    DEATH_IDIOMS,
    FRACTIONS,
    GROUP_MODIFIERS,
    GROUP_NOUNS,
    LABEL_BEFORE,
    NUMBER_WORDS,
    PERSON_VERB_BEFORE,
    PLAIN_PERSON_NOUNS,
    TOLL_CHANGE,
    VERB_BEFORE,
)
from .findings import Finding
from .tokens import _Sentence, _Tok
from .vocabulary import AUXILIARIES, SAY_FORMS

_STOP = frozenset(";.")
_PLAIN_GROUPS = frozenset({"women", "men", "children"})


def _combined(toks: Sequence[_Tok], k: int, measure: str) -> str:
    """ "killed or wounded", "killed, wounded or kidnapped": several casualty words make `casualties`."""
    seen = {measure}
    j = k + 1
    while j + 1 < len(toks) and toks[j].low in ("or", "and", ",", "/") and toks[j + 1].low in AFTER:
        seen.add(AFTER[toks[j + 1].low])
        j += 2
    return "casualties" if len(seen) > 1 else measure


def _after(toks: Sequence[_Tok], first: int) -> str | None:
    """The casualty word after the counted noun: "were killed", "still missing", "lost their lives"."""
    j, steps = first, 0
    while j < len(toks) and steps < 7:
        t = toks[j]
        if t.low == "lost" and j + 1 < len(toks) and toks[j + 1].low in ("their", "lives"):
            return "killed"
        if t.low == "forced" and j + 1 < len(toks) and toks[j + 1].low in ("from", "out", "to"):
            return "displaced"
        if (t.low, toks[j + 1].low if j + 1 < len(toks) else "") in DEATH_IDIOMS:
            return "killed"
        if t.low == "with" and any(x.low in ("wounds", "injuries") for x in toks[j + 1 : j + 4]):
            return "injured"  # "four people with bullet wounds"
        if t.low == "among" and j + 1 < len(toks) and toks[j + 1].kind == "num":
            j += 2  # "Three MSF Staff Among 16 Civilians Killed": the count of the group they are among
            while j < len(toks) and toks[j].kind == "word" and toks[j].low not in AFTER:
                j += 1
            continue
        if t.low == "crossed" and not any(x.low == "border" for x in toks[j + 1 : j + 4]):
            return None
        if t.low in AFTER:
            if t.low in ("held", "taken", "seized", "captured") and j + 1 < len(toks) and toks[j + 1].low == "by":
                return "abducted"
            return _combined(toks, j, AFTER[t.low])
        if t.low == "of" and steps == 0:
            j = _past_of_phrase(toks, j)  # "six members of the same family murdered"
            steps += 1
            continue
        if t.low not in AFTER_SKIP and t.kind != "punct":
            return None
        if t.kind == "punct" and t.text not in "()'‘’\"“”":
            return None
        j += 1
        steps += 1
    return None


def _past_of_phrase(toks: Sequence[_Tok], j: int) -> int:
    """The index after "of [the|his|a] [same] family": up to four words, stopping before a casualty word."""
    k = j + 1
    while k < len(toks) and k <= j + 4 and toks[k].kind == "word" and toks[k].low not in AFTER:
        k += 1
    return k


def _label_before(toks: Sequence[_Tok], before: int) -> str | None:
    """A casualty noun labelling the number: "Fatalities: 1,095", "death toll now at 191", "Deaths97".

    Several labels ("the killing and abduction of thousands") make `casualties`.
    """
    whole = before > 0 and toks[before - 1].low in ("including", "includes", "include")
    # "Kidnappings by separatists have also surged, including more than 300 students": the whole clause
    changed = before > 1 and toks[before - 1].low == "to" and toks[before - 2].low in TOLL_CHANGE
    window = toks[:before] if whole else toks[max(0, before - (14 if changed else 7)) : before]
    seen: list[str] = []
    for t in reversed(window):
        if t.kind == "num" or (t.kind == "punct" and t.text not in ":–-" and not whole):
            break
        if t.low in LABEL_BEFORE:
            k = toks.index(t)
            if k > 0 and toks[k - 1].low in ("zero", "no"):
                return None  # "zero casualties were reported among its 3,500 men"
            seen.append(LABEL_BEFORE[t.low])
        elif seen and t.low not in ("and", "or", "the"):
            break
    if not seen:
        return None
    return "casualties" if len(set(seen)) > 1 else seen[0]


def casualty_measure(toks: Sequence[_Tok], before: int, after: int, person: bool, own: str | None) -> str | None:
    """The casualty measure of the number whose words start at token `before` and whose noun ends before `after`.

    `own` is the measure of the counted noun itself ("deaths", "IDPs"), `person`
    whether that noun names people.  None when nothing makes it a casualty.
    """
    if own is not None:
        return _combined(toks, after - 1, own)
    if any(t.low in ("none", "no", "not") for t in toks[max(0, before - 3) : before]):
        return None  # "none of the 12 soldiers was hurt": a count, but of nobody hurt
    if any(t.low in FRACTIONS for t in toks[max(0, before - 5) : before]) and any(
        t.low == "of" for t in toks[max(0, before - 4) : before]
    ):
        return None  # "half of the town's 100,000 residents have fled": the whole, not those who fled
    if before > 0:
        word = toks[before - 1].low
        if word in VERB_BEFORE:
            return VERB_BEFORE[word]
        if person and word in PERSON_VERB_BEFORE:
            return PERSON_VERB_BEFORE[word]
    found = _after(toks, after)
    if found is not None:
        return found
    labelled = _label_before(toks, before)
    if labelled is not None:
        return labelled
    # "16 members of a family, including women and children, were killed": a passive later in the clause
    k, stop = after, min(len(toks) - 1, after + 16)
    while k < stop:
        t = toks[k]
        if t.low in ("including", "among") and k > after and toks[k - 1].text == ",":
            skipped = k
            while k < len(toks) - 1 and toks[k].text != "," and k - skipped < 30:
                k += 1  # ", including at least 518 civilians,"
            stop = min(len(toks) - 1, stop + (k - skipped))
            k += 1
            continue
        if (t.low, toks[k + 1].low) in DEATH_IDIOMS and t.low != "to":
            return "killed"  # "two personnel [names] embraced martyrdom"
        if t.text in (";", ":", ".") or t.kind == "num" or t.low in SAY_FORMS or t.low in NUMBER_WORDS:
            break  # another number starts another count
        if t.low in AUXILIARIES:
            v = k + 1
            while v < stop and toks[v].low in AFTER_SKIP and toks[v].low not in AFTER:
                v += 1
            if toks[v].low in AFTER:
                return _combined(toks, v, AFTER[toks[v].low])
        k += 1
    # "Of the dead, 22 were under the age of 14"
    for k in range(max(0, before - 10), before - 2):
        if toks[k].low == "of" and toks[k + 1].low == "the" and toks[k + 2].low in CASUALTY_NOUNS:
            return CASUALTY_NOUNS[toks[k + 2].low]
    return None


def victim_group(toks: Sequence[_Tok], start: int, head: int | None) -> str | None:
    """The group the counted noun and its modifiers name (tokens start..head); None when they name none."""
    if head is None:
        return None
    words = [t.low for t in toks[start : head + 1] if t.kind == "word"]
    tail = [t.low for t in toks[head + 1 : head + 5]]
    if tail[:1] == ["and"] and len(tail) > 1 and tail[1] in PLAIN_PERSON_NOUNS | frozenset(GROUP_NOUNS):
        other = GROUP_NOUNS.get(tail[1])
        if other is None or other != GROUP_NOUNS.get(toks[head].low):
            mixed = {GROUP_NOUNS.get(toks[head].low), other} <= _PLAIN_GROUPS
            return "civilians" if mixed else None  # "women and children"; "MSF staff and patients" are people
    for w in words[:-1]:
        if w in GROUP_MODIFIERS:
            return GROUP_MODIFIERS[w]
    noun = toks[head].low
    group = GROUP_NOUNS.get(noun)
    if noun in PLAIN_PERSON_NOUNS and head + 1 < len(toks) and toks[head + 1].low == "of":
        # "three national staff members of the international medical humanitarian organization"
        for t in toks[head + 2 : head + 10]:
            if t.kind == "punct":
                break
            if GROUP_MODIFIERS.get(t.low) == "aid_workers":
                return "aid_workers"
    if group in _PLAIN_GROUPS and tail[:1] == [","] and len(tail) > 1 and GROUP_NOUNS.get(tail[1]) in _PLAIN_GROUPS:
        return "civilians"  # "men, women and children": a mixed set of non-combatants
    after = [t.low for t in toks[head + 1 : head + 4]]
    if after[:2] == ["under", "age"] or after[:3] == ["under", "the", "age"]:
        return "children"
    return group


def joint_groups(toks: Sequence[_Tok], head: int | None) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """((group, noun), (group, noun)) when one number counts two groups: "17 soldiers and militiamen" gives
    soldiers and fighters.  Plain groups together ("women and children") stay one set of civilians."""
    if head is None or head + 2 >= len(toks) or toks[head + 1].low != "and":
        return None
    first, second = GROUP_NOUNS.get(toks[head].low), GROUP_NOUNS.get(toks[head + 2].low)
    if first is None or second is None or first == second or {first, second} <= _PLAIN_GROUPS:
        return None
    return (first, toks[head].text), (second, toks[head + 2].text)


def group_of_noun(unit: str) -> str:
    """The group a counted noun as written names ("civilians", "aid workers"); people when it names none."""
    words = unit.lower().split()
    for w in words[:-1]:
        if w in GROUP_MODIFIERS:
            return GROUP_MODIFIERS[w]
    return GROUP_NOUNS.get(words[-1], "people") if words else "people"


# --------------------------------------------------------------------------
# The article's figures together
# --------------------------------------------------------------------------


def _toks_before(sent: _Sentence, f: Finding, n: int) -> list[_Tok]:
    inside = [t for t in sent.toks if t.end <= f.start]
    return inside[-n:]


def _toks_after(sent: _Sentence, f: Finding, n: int) -> list[_Tok]:
    return [t for t in sent.toks if t.start >= f.end][:n]


def link_figures(text: str, figures: Sequence[Finding], sentences: Sequence[_Sentence]) -> list[Finding]:
    """The casualty figures with part_of and toll_state set; other figures unchanged."""
    # one number counting two groups gives two figures at the same words: the first stands for both here
    firsts: dict[int, Finding] = {}
    for f in figures:
        if f.measure in CASUALTY_MEASURES:
            firsts.setdefault(f.start, f)
    casualty = list(firsts.values())
    sent_of = _first_sentence_of(casualty, sentences)
    part_of: dict[int, int] = {}
    earlier: set[int] = set()
    said = _Said()
    for i, f in enumerate(casualty):
        sent = sent_of[id(f)]
        if sent is None:
            said.add(f, None)
            said.wait(f)
            continue
        total = _breakdown_of(f, said, sent, sent_of, part_of)
        said.add(f, sent)
        if total is not None:
            part_of[f.start] = total.start
        if i > 0 and sent_of[id(casualty[i - 1])] is sent and casualty[i - 1].measure == f.measure:
            between = [t.low for t in _toks_before(sent, f, 3) if t.start >= casualty[i - 1].end]
            if "among" in between:
                part_of[casualty[i - 1].start] = f.start  # "Three MSF Staff Among 16 Civilians Killed"
        _toll_changes(text, f, said, sent, sent_of, earlier, part_of)
        said.wait(f)
    # the parts of a superseded total are superseded too, and a total whose parts are superseded is too
    direct = set(earlier)
    for f in casualty:
        if f.start in part_of and part_of[f.start] in direct:
            earlier.add(f.start)
    for f in casualty:
        if f.start in direct and f.start in part_of:
            earlier.add(part_of[f.start])
    out: list[Finding] = []
    for f in figures:
        if f.measure in CASUALTY_MEASURES:
            whole = part_of.get(f.start)
            whole = None if whole == f.start else whole
            f = replace(f, part_of=whole, toll_state="earlier" if f.start in earlier else "current")
        out.append(f)
    return out


class _Said:
    """The casualty figures said so far, by measure, and the last of each measure in each sentence."""

    def __init__(self) -> None:
        self.by_measure: dict[str | None, list[Finding]] = {}
        self.last_in: dict[tuple[str | None, int], Finding] = {}
        self.by_start: dict[int, Finding] = {}
        self.starts: dict[str | None, list[int]] = {}
        self.in_order: dict[str | None, bool] = {}
        # by measure and value, the figures no change of toll has superseded yet (each is marked once)
        self.waiting: dict[str | None, dict[float | None, list[Finding]]] = {}

    def wait(self, f: Finding) -> None:
        self.waiting.setdefault(f.measure, {}).setdefault(f.value, []).append(f)

    def since(self, measure: str | None, start: int) -> list[Finding]:
        """The figures of `measure` said so far whose words start at or after `start` (a figure's sentence starts
        at or before its words, so these hold every figure whose sentence starts there or later)."""
        same = self.by_measure.get(measure, [])
        starts = self.starts.get(measure, [])
        if self.in_order.get(measure, True):  # figures came in text order: only the tail is looked at
            return same[bisect_left(starts, start) :]
        return [f for f in same if f.start >= start]

    def add(self, f: Finding, sent: _Sentence | None) -> None:
        starts = self.starts.setdefault(f.measure, [])
        self.in_order[f.measure] = self.in_order.get(f.measure, True) and (not starts or starts[-1] <= f.start)
        starts.append(f.start)
        self.by_measure.setdefault(f.measure, []).append(f)
        self.last_in[(f.measure, id(sent))] = f
        self.by_start.setdefault(f.start, f)


def _first_sentence_of(figures: Sequence[Finding], sentences: Sequence[_Sentence]) -> dict[int, _Sentence | None]:
    """Each figure's sentence: the first in `sentences` that holds its start (by id of the figure), or None.

    One pass over the sentences: the figures a sentence holds are found by bisection, and each figure is
    taken by the first sentence holding it (a union-find skips the figures already taken).
    """
    order = sorted(range(len(figures)), key=lambda k: figures[k].start)
    starts = [figures[k].start for k in order]
    skip = list(range(len(order) + 1))  # skip[j]: the first untaken position at or after j (path-compressed)

    def untaken(j: int) -> int:
        root = j
        while skip[root] != root:
            root = skip[root]
        while skip[j] != root:
            skip[j], j = root, skip[j]
        return root

    got: dict[int, _Sentence | None] = {id(f): None for f in figures}
    for sent in sentences:
        j, hi = untaken(bisect_left(starts, sent.start)), bisect_left(starts, sent.end)
        while j < hi:
            got[id(figures[order[j]])] = sent
            skip[j] = j + 1
            j = untaken(j + 1)
    return got


def _breakdown_of(
    f: Finding,
    said: _Said,
    sent: _Sentence,
    sent_of: dict[int, _Sentence | None],
    part_of: dict[int, int],
) -> Finding | None:
    same = said.by_measure.get(f.measure, [])
    if not same:
        return None
    before = [t.low for t in _toks_before(sent, f, 4)]
    after = [t.low for t in _toks_after(sent, f, 5)]
    last = same[-1]
    in_sentence = said.last_in.get((f.measure, id(sent)))
    # "12 civilians and three soldiers", "170 children and 86 women": a coordinated part shares the first's total
    if in_sentence is not None and before[-1:] in (["and"], [","]) and in_sentence.start in part_of:
        return said.by_start.get(part_of[in_sentence.start])
    if any(w in BREAKDOWN_WORDS for w in before[-3:]) and "of" not in before[-1:]:
        return next((p for p in reversed(same) if sent_of[id(p)] is sent or _just_before(sent_of[id(p)], sent)), None)
    if after[:2] in (["of", "the"], ["of", "those"], ["of", "them"], ["of", "whom"]):
        return last  # "About 30 of the men"
    if "among" in after and ("those" in after or "them" in after):
        return last  # "10 women were among those missing"
    return None


def _toll_changes(
    text: str,
    f: Finding,
    said: _Said,
    sent: _Sentence,
    sent_of: dict[int, _Sentence | None],
    earlier: set[int],
    part_of: dict[int, int],
) -> None:
    """Mark the tolls a change of toll supersedes ("rose to 40"), or that a running total takes in ("bringing the
    total to 542,000")."""
    words = [t.low for t in sent.toks if t.end <= f.start]
    before = [t.low for t in _toks_before(sent, f, 6)]
    if before[-2:] == ["up", "from"] or ("earlier" in before and ("as" in before[-2:] or "at" in before[-2:])):
        earlier.add(f.start)  # "up from 950", "had earlier been reported as 37"
        return
    changed = any(w in TOLL_CHANGE for w in words[-8:]) and "to" in words[-6:]
    bringing = "bringing" in words and "to" in words[-3:]
    if not (changed or bringing):
        return
    if bringing:
        # "391,000 people were displaced ..., bringing the regional total to 542,000": the earlier
        # figures of that paragraph's sentence are its parts, and the paragraph's smaller ones are superseded
        line_start = text.rfind("\n", 0, sent.start) + 1
        for p in said.since(f.measure, min(line_start, sent.start))[:-1]:  # said before f, which is the last
            if sent_of[id(p)] is sent:
                part_of[p.start] = f.start
        for p in said.since(f.measure, line_start)[:-1]:
            a = sent_of[id(p)]
            if a is None or not line_start <= a.start <= sent.start:
                continue  # not of this line (paragraph)
            stale = p.value is not None and f.value is not None and p.value < f.value
            if stale and part_of.get(p.start) != f.start:
                earlier.add(p.start)
        return
    # "later revised its estimate to nine": the article's other tolls of that measure said before are earlier
    # (breakdowns follow their totals); those of the same sentence only when said before the change
    change_at = max(t.start for t in sent.toks if t.end <= f.start and t.low in TOLL_CHANGE | {"to"})
    waiting = said.waiting.get(f.measure, {})
    for value in [v for v in waiting if v != f.value]:
        keep = []
        for p in waiting[value]:
            if p.start in part_of or (sent_of[id(p)] is sent and p.end > change_at):
                keep.append(p)  # a breakdown, or said after the change: it may yet be superseded by another
            else:
                earlier.add(p.start)
        if keep:
            waiting[value] = keep
        else:
            del waiting[value]


def _just_before(a: _Sentence | None, b: _Sentence) -> bool:
    """Sentence a ends where b begins, but for spaces ("... 518 civilians. This includes ...")."""
    return a is not None and a.end <= b.start and b.start - a.end <= 4
