"""Who says so: the claimant of each figure and of each sentence, in the article's words, typed from the schema.

The claimant is the body that asserts the figure, as the article names it:

* an attribution in the figure's sentence: the nearest one before the figure,
  else one that closes the sentence ("..., the ICRC said in a statement.");
  an attribution after the figure that opens a clause of its own ("as
  survivors say children were burned") does not reach back to it;
* otherwise the attribution of a neighbouring sentence: a sentence that goes
  on from the one before ("This includes ...", or the next sentence of a
  paragraph whose first sentence closed with "X said"), or one followed by
  "it added" / "he added";
* otherwise a credit: a headline's "— AFP", a parenthesis "(per U.N.)" or
  "(2017 Plos Medical survey)", or "X's initial assessment is that";
* otherwise the outlet (the publisher), when nobody else is cited.

Pronouns ("He said", "it added") are resolved to the name they stand for, and
a surname or an acronym defined in the article ("... (AFP)") is typed by the
full name.  ``claimant_type`` uses the schema's CLAIMANT_TYPES only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..gazetteer import country_code
from ..schema import CASUALTY_MEASURES, CLAIMANT_TYPES
from .findings import Finding

PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them"})

# Claimant words -> type, most specific first; a mixed claimant ("One resident and Amnesty International")
# is typed by its first noun.  The conventions are those of tests/extraction/real/dev.yaml's header.
TYPE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\binter-services\b|\bispr\b|\bmedia affairs\b|\bpress wing\b", "military"),
    (r"\bstate (?:media|television|tv|news agency)\b|\bsana\b", "state_media"),
    (r"\bamaq\b", "militant_media"),
    (r"\b(?:survey|study|census|letter|documents?|files|records)\b", "documents"),
    (r"\b(?:reporters?|correspondents?|journalists?|media|newspapers?|television|news agency|reuters)\b", "outlet"),
    (
        r"\bspokes(?:man|woman|person)\b|\bminister\b|\bunder-?secretary\b|\bsecretary\b|\bpresident\b|\bmayor\b"
        r"|\bgovernor\b|\bambassador\b|\bofficials?\b|\bchief\b|\bdirector\b|\bco-?ordinator\b|\bhead of\b"
        r"|\bcommissioner\b|\bcol\b|\bgen\b",
        "official",
    ),
    (r"\bsources?\b", "intelligence_sources"),
    (
        r"\bdefectors?\b|\bwitness\w*\b|\bresidents?\b|\bactivists?\b|\bdoctors?\b|\bsurvivors?\b|\bvillagers?\b"
        r"|\ba soldier\b|\bsoldiers?\b",
        "individual",
    ),
    (
        r"\barmy\b|\bmilitary\b|\barmed forces\b|\bforces\b|\bcommand\b|\binter-services\b|\bispr\b|\bmedia affairs\b",
        "military",
    ),
    (
        r"\bministry\b|\bdepartment\b|\bgovernment\b|\bpolice\b|\bprosecutor\w*\b|\bauthorities\b|\bofficially\b"
        r"|\bwhite house\b|\bpentagon\b|\bkremlin\b",
        "government",
    ),
    (
        r"\bu\.?n\b\.?|\bunited nations\b|\binternational organi[sz]ation\b|\bicrc\b|\bred cross\b|\bunicef\b"
        r"|\bunhcr\b|\bocha\b|\biom\b|\bhuman rights\b|\bamnesty\b|\bobservatory\b|\bmonitor\w*\b|\bwatchdog\b"
        r"|\bcrisis group\b|\bmsf\b|\bdoctors without borders\b|\bngos?\b|\bagencies\b",
        "monitor",
    ),
    (
        r"\bisis\b|\bisil\b|\bislamic state\b|\bnusra\b|\brebels?\b|\bmilitants?\b|\bhezbollah\b|\btaliban\b",
        "armed_group",
    ),
    (r"^(?:later |initial |other )?reports?$", "unattributed"),
)
assert {t for _, t in TYPE_PATTERNS} <= set(CLAIMANT_TYPES)

_ACRONYM = re.compile(
    r"((?:[A-Z][\w.’'-]*\s+)(?:(?:of|the|for|and|de)\s+|[A-Z][\w.’'-]*\s+){0,8})\(([A-Z][A-Za-z.]{1,9})\)"
)
_CREDIT = re.compile(r"\s[—–-]\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\s*$")
_PAREN_SOURCE = re.compile(r"\(((?:\d{4}\s+)?[A-Z][\w.]*(?:\s+[\w.]+){0,5}\s+(?:survey|study|census|report))\)")
_ASSESSMENT = re.compile(
    r"((?:[A-Z][\w.]*\s+){1,5}[A-Z][\w.]*)[’']s\s+(?:\w+\s+)?(?:assessment|statement|estimate|review|findings)\s+(?:is|was)\s+that"
)
_OPENERS = re.compile(r"^(?:This|These|They|It)\s+(?:includes?|comprises?|covers?)\b|^(?:Of|Among)\s+(?:these|them)\b")
# "... the spokesperson added. –ISPR": an organisation's initials after a dash close the release it issued.
_CLOSING_CREDIT = re.compile(r"(?:^|\s)[—–-]\s?([A-Z]{2,10})\s*$")
_ADDED = re.compile(r"\b(it|he|she|they)\s+added\b", re.IGNORECASE)


@dataclass(frozen=True)
class Claimant:
    """Who asserts a figure or a sentence: the words, where they are (None for the outlet), type and hedge."""

    words: str
    start: int | None
    end: int | None
    type: str
    hedge: str = ""


def claimant_type(words: str, publisher: str, text: str = "") -> str:
    """The claimant type the words suggest (the schema's CLAIMANT_TYPES only); `text` resolves acronyms and surnames."""
    if publisher and words.strip().lower() == publisher.strip().lower():
        return "outlet"
    first = re.split(r"\s+and\s+", words.strip(), maxsplit=1)[0]
    lowered = first.lower()
    bare = re.sub(r"^the\s+", "", first.strip(), flags=re.IGNORECASE)
    if country_code(bare) is not None or bare in ("US", "U.S.", "UK", "U.K."):
        return "government"  # "the United States said", "Russia said"
    for pattern, kind in TYPE_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    fuller = _fuller_name(first, text)
    if fuller is not None:
        return claimant_type(fuller, publisher)
    if first[:1].isupper():
        return "monitor" if len(first.split()) == 1 or first.isupper() else "individual"
    return "unattributed"


class _TextNames:
    """What one text says about names: each acronym's first expansion (one pass), and surnames' descriptions
    (looked up once each)."""

    def __init__(self, text: str) -> None:
        self.acronyms: dict[str, str] = {}
        for m in _ACRONYM.finditer(text):
            self.acronyms.setdefault(m.group(2), m.group(1).strip())
        self.described: dict[str, str | None] = {}


@lru_cache(maxsize=2)  # the text being worked on (and the one before): memory stays bounded by two texts
def _names_of(text: str) -> _TextNames:
    return _TextNames(text)


def _fuller_name(words: str, text: str) -> str | None:
    """An acronym's expansion ("... Philippines (AFP)") or a surname's description ("Nyonyi Bwanakawa, the mayor")."""
    bare = words.strip().removeprefix("the ").removeprefix("The ")
    names = _names_of(text)
    expansion = names.acronyms.get(bare)
    if expansion is not None:
        return expansion
    if bare not in names.described:
        names.described[bare] = _described(bare, text)
    return names.described[bare]


def _described(bare: str, text: str) -> str | None:
    """A surname's description or title in the text ("Nyonyi Bwanakawa, the mayor"; "police chief Bwanakawa")."""
    if re.fullmatch(r"[A-Z][\w’'-]+", bare):
        described = re.search(rf"\b{re.escape(bare)},\s+((?:the|an?)\s+[^,.;]{{3,60}}?)[,.]", text)
        if described:
            return described.group(1)
        titled = re.search(rf"([^.,;\n]{{3,60}}?)\s+(?:\w+\s+)?{re.escape(bare)}\b", text)
        if titled and re.search(
            r"\b(?:chief|spokes\w+|minister|mayor|governor|col|gen|director)\b", titled.group(1).lower()
        ):
            return titled.group(1)
    return None


@dataclass
class _Sentence:
    start: int
    end: int
    attributions: list[Finding]
    figures: list[Finding]


_TAIL = re.compile(
    r"^\s*(?:$|[,.;:()\[\]]|(?:in|on|at|during|last|this|yesterday|today|earlier|later|told|adding|after|as|when|while)\b)"
)


def _backward(text: str, a: Finding, sent_end: int) -> bool:
    """An attribution that closes its sentence ("..., police said, after weeks of calm") reaches back over it.

    One whose reporting words open what follows ("residents said up to 70 people", "survivors say children
    were burned") introduces that clause instead.
    """
    if a.form in ("according to", "per"):
        return True  # "..., according to a soldier at the scene who insisted on anonymity"
    after = text[max(a.end, a.claimant_end or a.end) : sent_end]
    if a.form == "told":
        after = re.sub(r"^\s*(?:the\s+)?(?:[A-Z][\w.]*\s*){1,3}|^\s*reporters\b", "", after)  # "told IRIN."
    return bool(_TAIL.match(after)) and not re.match(r"^\s*(?:on \w+ )?that\b", after)


def _resolve(a: Finding, earlier: Sequence[Claimant], publisher: str, text: str, before: int | None = None) -> Claimant:
    """The claimant of an attribution; a pronoun is the latest fitting claimant of `earlier` (starting before
    `before`, when given)."""
    words = str(a.claimant)
    if words.lower() in PRONOUNS:
        person = words.lower() in ("he", "she", "him", "her")
        for c in reversed(earlier):
            if c.words.lower() in PRONOUNS or c.start is None or (before is not None and c.start >= before):
                continue
            if person == (c.type in ("official", "individual")):
                return Claimant(c.words, c.start, c.end, c.type, str(a.form))
    ctype = claimant_type(words, publisher, text)  # typed by the whole phrase: the appositive says who the name is
    start = a.claimant_start
    if start is not None:
        name, offset = name_of(words)
        words, start = name, start + offset
    end = None if start is None else start + len(words)
    return Claimant(words, start, end, ctype, str(a.form))


_NAME = re.compile(
    r"(?:[A-Z][\w.’'-]*|al-[\w’'-]+|bin|ibn|de|van|von)(?:\s+(?:[A-Z][\w.’'-]*|al-[\w’'-]+|bin|ibn|de))*"
)


# "The Example Policy Institute think-tank", "the Example Relief charity": a lowercase noun saying what kind of
# body a name is, glued after it; the name alone is the claimant.  Nouns for people ("a Reuters reporter") stay.
_ORG_KIND = re.compile(
    r"^((?:[A-Z][\w.’'&-]*\s+)*[A-Z][\w.’'&-]*)\s+(?:[a-z][\w-]*\s+)?(?:think-?tanks?|think tanks?|charity|charities"
    r"|groups?|agency|agencies|organi[sz]ations?|body|bodies|watchdogs?|monitors?|ngos?|network|institute|coalition"
    r"|alliance|committee|association|movement)$"
)


def name_of(words: str) -> tuple[str, int]:
    """A claimant's name without its appositive, and where it starts in the words.

    "Nasser al-Argaly, the Health Ministry’s undersecretary" is Nasser al-Argaly; "A spokesman for the group,
    Abu Omar" is Abu Omar; "The Example Institute think-tank" is The Example Institute; a phrase without a comma,
    or whose parts are not a name and a description, is kept.
    """
    glued = _ORG_KIND.match(words)
    if glued and re.sub(r"^(?:The|A|An)\b\s*", "", glued.group(1)):
        return glued.group(1), 0  # "The rights group" names nobody: kept whole
    parts = words.split(", ")
    if len(parts) != 2:
        return words, 0
    first, second = parts
    if _NAME.fullmatch(first) and not _NAME.fullmatch(second):
        return first, 0
    if _NAME.fullmatch(second) and not _NAME.fullmatch(first):
        return second, len(first) + 2
    return words, 0


def figure_claimants(
    text: str, sentences: Sequence[tuple[int, int]], findings: Sequence[Finding], publisher: str
) -> tuple[dict[int, Claimant], list[Claimant | None]]:
    """The claimant of every figure (by its start) and of every sentence (None when nobody but the outlet speaks)."""
    attributions, figures = _Within(findings, "attribution"), _Within(findings, "figure")
    sents = [_Sentence(s, e, attributions.between(s, e), figures.between(s, e)) for s, e in sentences]
    outlet = _closing_credit(text, publisher) or Claimant(
        publisher or "unattributed", None, None, "outlet" if publisher else "unattributed"
    )
    resolved: list[Claimant] = []
    own: list[Claimant | None] = []
    for s in sents:
        first = _resolve(s.attributions[0], resolved, publisher, text) if s.attributions else None
        if first is not None:
            resolved.append(first)
        own.append(first)
    by_figure: dict[int, Claimant] = {}
    carried: list[Claimant | None] = []
    for i, s in enumerate(sents):
        chosen: list[Claimant | None] = []
        for f in s.figures:
            c = _for_figure(text, sents, i, f, resolved, own, carried, publisher)
            chosen.append(c)
            by_figure[f.start] = c or outlet
        carried.append(_carries(text, s, chosen, own[i], carried[i - 1] if i else None))
    return by_figure, own


class _Within:
    """The findings of one kind, found by the span their start falls in (in the findings' own order)."""

    def __init__(self, findings: Sequence[Finding], kind: str) -> None:
        self._by_start = sorted((f.start, i, f) for i, f in enumerate(findings) if f.kind == kind)
        self._starts = [start for start, _, _ in self._by_start]

    def between(self, start: int, end: int) -> list[Finding]:
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [f for _, _, f in sorted(self._by_start[lo:hi], key=lambda t: t[1])]


def _carries(
    text: str, s: _Sentence, chosen: Sequence[Claimant | None], own: Claimant | None, before: Claimant | None
) -> Claimant | None:
    """The claimant a toll's sentence hands on to the next one: its closing "X said", or what it was handed."""
    if not _casualty(s) or not chosen or chosen[-1] is None:
        return None
    last = s.attributions[-1] if s.attributions else None
    if last is not None and own is not None and _backward(text, last, s.end) and chosen[-1].start == own.start:
        return chosen[-1]
    if not s.attributions and before is not None and chosen[-1] is before:
        return before
    return None


def _casualty(s: _Sentence) -> bool:
    return any(f.measure in CASUALTY_MEASURES for f in s.figures)


def _for_figure(
    text: str,
    sents: Sequence[_Sentence],
    i: int,
    f: Finding,
    resolved: Sequence[Claimant],
    own: Sequence[Claimant | None],
    carried: Sequence[Claimant | None],
    publisher: str,
) -> Claimant | None:
    s = sents[i]
    before = [a for a in s.attributions if a.end <= f.start]
    if before:
        return _resolve(before[-1], resolved, publisher, text, f.start)
    after = [a for a in s.attributions if a.start >= f.end and _backward(text, a, s.end)]
    if after:
        return _resolve(after[0], resolved, publisher, text, f.start)
    sentence = text[s.start : s.end]
    credit = _credit(text, s, publisher)
    if credit is not None:
        return credit
    prev = sents[i - 1] if i > 0 else None
    if prev is not None and own[i - 1] is not None and _OPENERS.search(sentence):
        return own[i - 1]  # "This includes 1.8 million people in Tigray"
    nxt = sents[i + 1] if i + 1 < len(sents) else None
    if nxt is not None and own[i + 1] is not None and not s.attributions:
        if _ADDED.search(text[nxt.start : nxt.end]):
            return own[i + 1]  # "..., it added": the sentence before was said by the same body
        last = nxt.attributions[-1]
        adjacent = "\n" not in text[s.end : nxt.start]
        closing = (not nxt.figures or last.start > nxt.figures[-1].end) and last.form not in ("according to", "per")
        if adjacent and closing and _backward(text, last, nxt.end) and _casualty(s) and _casualty(nxt):
            return _resolve(last, resolved, publisher, text)  # "... in the first attack. Three ..., said X."
    if prev is not None and not s.attributions and carried[i - 1] is not None:
        return carried[i - 1]  # "Nineteen people have been killed ..., police said." goes on into the next sentences
    return None


def _closing_credit(text: str, publisher: str) -> Claimant | None:
    """The body whose initials close the text ("–ISPR"): the claimant of its figures that cite nobody else."""
    m = _CLOSING_CREDIT.search(text)
    if m is None:
        return None
    w = m.group(1)
    return Claimant(w, m.start(1), m.end(1), claimant_type(w, publisher, text))


def _credit(text: str, s: _Sentence, publisher: str) -> Claimant | None:
    sentence = text[s.start : s.end]
    m = _CREDIT.search(sentence)
    if m and not s.attributions:
        w = m.group(1)
        start = s.start + m.start(1)
        return Claimant(w, start, start + len(w), claimant_type(w, publisher, text))
    if sentence.startswith("Officially,"):
        return Claimant("Officially", s.start, s.start + len("Officially"), "government")
    m = _PAREN_SOURCE.search(sentence)
    if m:
        w = m.group(1)
        start = s.start + m.start(1)
        return Claimant(w, start, start + len(w), claimant_type(w, publisher, text))
    m = _ASSESSMENT.search(sentence)
    if m:
        w = m.group(1)
        start = s.start + m.start(1)
        return Claimant(w, start, start + len(w), claimant_type(w, publisher, text))
    return None
