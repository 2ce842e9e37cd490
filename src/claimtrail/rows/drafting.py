"""Stage 3b, drafting: what a curator would write, drafted by the machine from the extractor's findings.

A drafted claim is a sentence that carries a figure, a date, a place or an
attribution, or that makes an assertion (a full sentence that is not a
heading or a question).  Its claimant is the attributed speaker when the
sentence has one, otherwise the publisher; its hedge is the reporting words;
its type is read from what it counts and how it is worded.  Nothing here can
know which event a claim is about: that stays a curator's job.

For curated articles the curator's claims stand, and the machine's figures
inside them are taken unless the annotation corrects them; `rows.review.merge_figures`
counts every correction so the build can report them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from ..extract import ArticleWork, Finding
from ..gazetteer import country_code
from ..raw.articles import Article

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
    # Findings by start, so each sentence looks only at those starting inside it (linear, not
    # sentences x findings); indices keep the findings' own order within a sentence.
    order = sorted(range(len(findings)), key=lambda i: findings[i].start)
    starts = [findings[i].start for i in order]
    for s, e in sentences:
        window = sorted(order[bisect_left(starts, s) : bisect_left(starts, e)])
        inside = [findings[i] for i in window if findings[i].end <= e]
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


def draft_annotation_text(article: Article, raw_text: str, work: ArticleWork, command: str) -> str:
    """The draft annotation file of one article: a header saying how to review it, then draft_document as YAML.

    `work` has raw-file offsets; `command` is what the header says wrote the file.
    """
    doc = draft_document(article.source_id, raw_text, work.sentences, work.findings, article.publisher)
    header = (
        f"# Draft annotation of {article.source_id}, written by `{command}`.\n"
        "# Every item is marked 'status: unreviewed'.  Check each against the article, correct it,\n"
        "# link claims to events, delete its status line, and save as raw/annotations/"
        f"{article.source_id}.yaml.\n"
    )
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
