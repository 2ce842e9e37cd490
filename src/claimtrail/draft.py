"""Stage 3b, draft: what a curator would write, drafted by the machine from the extractor's findings.

A drafted claim is a sentence that carries a figure, a date, a place or an
attribution, or that makes an assertion (a full sentence that is not a
heading or a question).  Its claimant is the attributed speaker when the
sentence has one, otherwise the publisher; its hedge is the reporting words;
its type is read from what it counts and how it is worded.  Nothing here can
know which event a claim is about: that stays a curator's job.

For curated articles the curator's claims stand, and the machine's figures
inside them are taken unless the annotation corrects them; `merge_figures`
counts every correction so the build can report them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .annotate import FigureNote
from .extract import Finding
from .gazetteer import country_code

CASUALTY_MEASURES = frozenset({"killed", "injured"})
ATTACK_MEASURES = frozenset({"attacks", "bombs", "car_bombs", "suicide_bombings", "airstrikes"})
MILITARY_MEASURES = frozenset({"troops", "fighters", "air_forces", "aircraft"})

# Claimant words -> claimant type, most specific first.
CLAIMANT_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bstate (?:media|television|tv|news agency)\b|\bsana\b", "state_media"),
    (r"\bobservatory\b|\bmonitor(?:s|ing)?\b|\bwatchdog\b", "monitor"),
    (r"\bamaq\b|\bnews agency\b.*\b(?:isis|isil|islamic state|jihadi)", "militant_media"),
    (r"\bsources?\b", "intelligence_sources"),
    (
        r"\bspokes(?:man|woman|person)\b|\bminister\b|\bpresident\b|\bsecretary\b|\bofficials?\b|\bgovernor\b|\bambassador\b",
        "official",
    ),
    (
        r"\bministry\b|\bdepartment\b|\bgovernment\b|\bwashington\b|\bmoscow\b|\bkremlin\b|\bwhite house\b|\bpentagon\b",
        "government",
    ),
    (r"\bdefectors?\b|\bwitness\w*\b|\bresidents?\b|\bactivists?\b|\bdoctors?\b|\bsurvivors?\b", "individual"),
    (r"\barmy\b|\bmilitary\b|\bforces\b|\bcommand\b", "military"),
    (r"\bisis\b|\bisil\b|\bislamic state\b|\bnusra\b|\brebels?\b|\bmilitants?\b|\bhezbollah\b", "armed_group"),
    (r"\bdocuments?\b|\bletters?\b|\bfiles\b|\brecords\b", "documents"),
)
RESPONSIBILITY = re.compile(r"\bclaim(?:ed|s)? responsibility\b|\bresponsible for\b", re.IGNORECASE)
ATTACK_WORDS = re.compile(
    r"\b(?:bomb\w*|blast\w*|explo\w+|strike[sd]?|struck|airstrikes?|shell\w*|attack\w*|detonat\w+)\b", re.IGNORECASE
)
MILITARY_WORDS = re.compile(
    r"\b(?:troops|deploy\w*|offensive|advance\w*|warplanes|captur\w+|seiz\w+|recaptur\w+|withdraw\w*)\b", re.IGNORECASE
)
DIPLOMACY_WORDS = re.compile(
    r"\b(?:talks|negotiat\w+|ceasefire|truce|cessation of hostilities|call with|met with|agreement)\b", re.IGNORECASE
)
FORECAST_WORDS = re.compile(r"\b(?:will|expected to|is likely to|are likely to|plans? to)\b", re.IGNORECASE)
ALLEGATION_WORDS = re.compile(r"\b(?:alleg\w+|accus\w+|secret\w*|suggest\w*)\b", re.IGNORECASE)
WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class DraftClaim:
    """A machine-drafted claim: a sentence span and what the machine can say about it."""

    start: int
    end: int
    claimant: str
    claimant_type: str
    claim_type: str
    hedge: str
    figures: tuple[Finding, ...]


def claimant_type_for(claimant: str, publisher: str) -> str:
    """The claimant type the words of a claimant suggest."""
    if publisher and claimant.strip().lower() == publisher.strip().lower():
        return "outlet"
    lowered = claimant.lower()
    bare = re.sub(r"^the\s+", "", claimant.strip(), flags=re.IGNORECASE)
    if country_code(bare) is not None or bare in ("US", "U.S.", "UK", "U.K."):
        return "government"  # "the United States said", "Russia said"
    for pattern, kind in CLAIMANT_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    return "individual" if claimant[:1].isupper() else "unattributed"


def claim_type_for(sentence: str, figures: Sequence[Finding], attributions: Sequence[Finding]) -> str:
    """The claim type a sentence's figures and words suggest."""
    measures = {f.measure for f in figures}
    if any(RESPONSIBILITY.search(a.text + " " + sentence) for a in attributions) and RESPONSIBILITY.search(sentence):
        return "responsibility"
    if measures & CASUALTY_MEASURES:
        return "casualties"
    if measures & ATTACK_MEASURES or ATTACK_WORDS.search(sentence):
        return "attack"
    if measures & MILITARY_MEASURES or MILITARY_WORDS.search(sentence):
        return "military_operation"
    if DIPLOMACY_WORDS.search(sentence):
        return "diplomacy"
    if ALLEGATION_WORDS.search(sentence):
        return "allegation"
    if FORECAST_WORDS.search(sentence):
        return "forecast"
    return "assessment"


def is_assertion(sentence: str) -> bool:
    """A full sentence that asserts something: not a heading, a question or a fragment."""
    s = sentence.strip()
    return len(WORD_RUN.findall(s)) >= 5 and s[-1:] in ".!”\"’'" and not s.endswith("?")


def draft_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    findings: Sequence[Finding],
    publisher: str,
) -> list[DraftClaim]:
    """One draft claim per sentence with a finding or an assertion, in text order."""
    out: list[DraftClaim] = []
    for s, e in sentences:
        inside = [f for f in findings if s <= f.start and f.end <= e]
        sentence = text[s:e]
        if not inside and not is_assertion(sentence):
            continue
        figures = tuple(f for f in inside if f.kind == "figure")
        attributions = [f for f in inside if f.kind == "attribution"]
        if attributions and attributions[0].claimant:
            claimant, hedge = attributions[0].claimant, attributions[0].text
        else:
            claimant, hedge = publisher or "unattributed", ""
        out.append(
            DraftClaim(
                start=s,
                end=e,
                claimant=claimant,
                claimant_type=claimant_type_for(claimant, publisher) if claimant != "unattributed" else "unattributed",
                claim_type=claim_type_for(sentence, figures, attributions),
                hedge=hedge,
                figures=figures,
            )
        )
    return out


# --------------------------------------------------------------------------
# Curated claims: machine figures plus the curator's corrections
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class MergedFigure:
    """A figure of a curated claim: the machine's, confirmed or corrected, or the curator's own."""

    text: str
    start: int
    end: int
    measure: str
    qualifier: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    review_status: str  # reviewed | corrected | curated


@dataclass
class CorrectionCounts:
    """How the curators' annotations changed the machine's figures."""

    machine: int = 0  # machine figures inside curated claims
    confirmed: int = 0  # taken unchanged
    corrected: int = 0  # same words, different measure/qualifier/bounds/unit
    added: int = 0  # figures the machine missed
    rejected: int = 0  # machine figures the curator struck out
    outside_claims: int = 0  # machine figures in sentences the curator did not make claims of
    details: list[str] = field(default_factory=list)

    def add(self, other: CorrectionCounts) -> None:
        self.machine += other.machine
        self.confirmed += other.confirmed
        self.corrected += other.corrected
        self.added += other.added
        self.rejected += other.rejected
        self.outside_claims += other.outside_claims
        self.details.extend(other.details)

    def summary(self) -> str:
        return (
            f"{self.machine} machine figures in curated claims: {self.confirmed} confirmed, "
            f"{self.corrected} corrected, {self.rejected} rejected; {self.added} added by curators; "
            f"{self.outside_claims} outside curated claims (dropped)"
        )


def _same(f: Finding, note: FigureNote, bounds: tuple[float | None, float | None, float | None]) -> bool:
    value, low, high = bounds
    return (f.measure, f.qualifier, f.value, f.low, f.high, f.unit) == (
        note.measure,
        note.qualifier,
        value,
        low,
        high,
        note.unit,
    )


def merge_figures(
    machine: Sequence[Finding],
    notes: Sequence[tuple[FigureNote, int, int, tuple[float | None, float | None, float | None]]],
    claim_label: str,
) -> tuple[list[MergedFigure], CorrectionCounts]:
    """The figures of one curated claim.

    `machine` are the extractor's figures inside the claim; `notes` the
    curator's figure entries, each with its anchor (start, end) and the
    bounds the qualifier rules give it.  A note at the same words as a machine
    figure confirms it (same fields) or corrects it; `reject: true` strikes it
    out; a note the machine has no figure for adds one.
    """
    counts = CorrectionCounts(machine=len(machine))
    matched: set[int] = set()  # indexes of machine figures a note speaks about
    out: list[MergedFigure] = []
    for note, start, end, bounds in notes:
        exact = [i for i, f in enumerate(machine) if (f.start, f.end) == (start, end) and i not in matched]
        overlapping = [i for i, f in enumerate(machine) if f.start < end and start < f.end and i not in matched]
        candidates = exact or overlapping
        index = candidates[0] if candidates else None
        found = machine[index] if index is not None else None
        if index is not None:
            matched.add(index)
        if note.reject:
            if found is not None:
                counts.rejected += 1
                counts.details.append(f"{claim_label}: rejected machine figure “{found.text}”")
            continue
        value, low, high = bounds
        if found is None:
            counts.added += 1
            counts.details.append(f"{claim_label}: added “{note.text}” ({note.measure}, {note.qualifier})")
            status = "curated"
        elif (found.start, found.end) == (start, end) and _same(found, note, bounds):
            counts.confirmed += 1
            status = "reviewed"
        else:
            counts.corrected += 1
            counts.details.append(
                f"{claim_label}: corrected machine “{found.text}” ({found.measure}, {found.qualifier}, {found.value}) "
                f"→ “{note.text}” ({note.measure}, {note.qualifier}, {value})"
            )
            status = "corrected"
        out.append(
            MergedFigure(note.text, start, end, note.measure, note.qualifier, value, low, high, note.unit, status)
        )
    for i, f in enumerate(machine):
        if i in matched:
            continue
        counts.confirmed += 1
        out.append(
            MergedFigure(
                f.text,
                f.start,
                f.end,
                str(f.measure),
                str(f.qualifier),
                f.value,
                f.low,
                f.high,
                str(f.unit),
                "reviewed",
            )
        )
    out.sort(key=lambda m: (m.start, m.end))
    return out, counts


# --------------------------------------------------------------------------
# The draft annotation file a curator edits
# --------------------------------------------------------------------------

UNREVIEWED = "unreviewed"


def _num(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def draft_document(
    source_id: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    findings: Sequence[Finding],
    publisher: str,
) -> dict[str, object]:
    """The annotation file `claimtrail draft` writes: every claim, figure, date, place and claimant, unreviewed."""
    position = {span: n for n, span in enumerate(sentences, start=1)}
    claims = []
    for d in draft_claims(text, sentences, findings, publisher):
        claims.append(
            {
                "id": f"m{position[(d.start, d.end)]:03d}",
                "status": UNREVIEWED,
                "quote": text[d.start : d.end],
                "char_start": d.start,
                "claimant": d.claimant,
                "claimant_type": d.claimant_type,
                "claim_type": d.claim_type,
                "hedge": d.hedge,
                "event": "",
                "figures": [
                    {
                        "status": UNREVIEWED,
                        "text": f.text,
                        "measure": f.measure,
                        "qualifier": f.qualifier,
                        **(
                            {"low": _num(f.low), "high": _num(f.high)}
                            if f.qualifier in ("range", "vague")
                            else {"value": _num(f.value)}
                        ),
                        "unit": f.unit,
                    }
                    for f in d.figures
                ],
            }
        )
    return {
        "source_id": source_id,
        "status": UNREVIEWED,
        "claims": claims,
        "dates": [
            {
                "status": UNREVIEWED,
                "text": f.text,
                "char_start": f.start,
                "date_start": f.date_start or "",
                "date_end": f.date_end or "",
                "precision": f.precision,
            }
            for f in findings
            if f.kind == "date"
        ],
        "places": [
            {
                "status": UNREVIEWED,
                "text": f.text,
                "char_start": f.start,
                "gazetteer_name": f.gazetteer_name,
                "geonames_id": f.geonames_id,
                "latitude": f.latitude,
                "longitude": f.longitude,
            }
            for f in findings
            if f.kind == "place"
        ],
        "attributions": [
            {"status": UNREVIEWED, "text": f.text, "char_start": f.start, "claimant": f.claimant}
            for f in findings
            if f.kind == "attribution"
        ],
        "non_claims": [],
    }
