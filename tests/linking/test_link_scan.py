"""The fast scans of event mentions find exactly what the plain regex scans they replace find."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrail.link.frames import _actor_scanner, _longest_first, _trigger_hits, _trigger_scanner, in_units
from claimtrail.link.places import _LAST_WORD, _before
from claimtrail.link.scan import Scanner, _case_traps
from claimtrail.link.vocabulary import MACHINE_EVENT_TYPES

# words that trigger, overlap, or trap case folding ("ı" and "ſ" match i and s under re.IGNORECASE; "İ" lowers
# to two characters), glued by spaces, punctuation and letters
PIECES = [
    "bomb",
    "Bombing",
    "suicide ",
    "car ",
    "BLAST",
    "attack",
    "Attackers",
    "gas attack",
    "chemical weapons ",
    "IS",
    "is",
    "ISIS",
    "Islamic State",
    "al-Shabab",
    "Al Shabaab",
    "PKK",
    "pkk",
    "Taliban",
    "kidnapped",
    "ſarin",
    "dıed",
    "İSIS",
    "Sarin",
    "shelled",
    "air strike",
    "airstrikes",
    " ",
    ".",
    ", ",
    "\n",
    "-",
    "x",
    "’s",
    "é",
    "Ö",
    "9",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _plain_triggers(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    return [list(rx.finditer(text, start, end)) for rx in _trigger_scanner().exact]


def _spans(found: list[list[re.Match[str]]]) -> list[list[tuple[int, int, str]]]:
    return [[(m.start(), m.end(), m.group()) for m in ms] for ms in found]


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_scanner_finds_what_finditer_finds(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    triggers = _trigger_scanner()
    assert _spans(triggers.finditer(text, start, end)) == _spans(_plain_triggers(text, start, end))
    actors, _ = _actor_scanner()
    (rx,) = actors.exact
    assert _spans(actors.finditer(text, start, end)) == _spans([list(rx.finditer(text, start, end))])


def test_scanner_keeps_groups_and_case_sensitive_parts() -> None:
    scanner = Scanner([r"(foo)|(?-i:\bIS\b)", r"\bbar\b"])
    text = "Foo is IS bar BAR, ISIS"
    (first, second) = scanner.finditer(text, 0, len(text))
    assert [(m.group(), m.lastindex) for m in first] == [("Foo", 1), ("IS", None)]
    assert [m.group() for m in second] == ["bar", "BAR"]


def test_case_traps_are_the_letters_lower_casing_would_hide() -> None:
    traps = _case_traps()
    assert {"ı", "ſ", "İ"} <= traps
    assert not {"é", "Ö", "’", "—"} & traps
    # a trap falls back to the plain scan, which still finds "ſarin" as re.IGNORECASE does
    (hits,) = [h for t, h in zip(MACHINE_EVENT_TYPES, _trigger_scanner().finditer("ſarin", 0, 5), strict=True) if h]
    assert [m.group() for m in hits] == ["ſarin"]


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.integers(0, 400), max_size=8))
def test_in_units_is_the_unit_by_unit_scan(text: str, cuts: list[int]) -> None:
    bounds = sorted({min(c, len(text)) for c in cuts})
    units = [(a, b) for a, b in itertools.pairwise(bounds) if a < b][::2]
    expected = sorted(
        (h for s, e in units for h in _longest_first(_trigger_hits(text, s, e))), key=lambda h: h[1].start
    )
    assert _longest_first(in_units(_trigger_hits, text, units)) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab'’ _-.,\n1É", max_size=60), st.data())
def test_before_is_the_last_word_regex(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    m = _LAST_WORD.search(text, max(floor, pos - 40), pos)
    assert _before(text, pos, floor) == (m.group(1).lower() if m else "")
