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

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from ..extract import ArticleWork, Finding
from ..extract.claimants import Claimant, figure_claimants
from ..extract.claimants import claimant_type as claimant_type
from ..raw.articles import Article
from ..schema import CASUALTY_MEASURES as SCHEMA_CASUALTY_MEASURES

CASUALTY_MEASURES = frozenset(SCHEMA_CASUALTY_MEASURES)


ATTACK_MEASURES = frozenset({"attacks", "bombs", "car_bombs", "suicide_bombings", "airstrikes"})


MILITARY_MEASURES = frozenset({"troops", "fighters", "air_forces", "aircraft"})


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
    sentence: int = 0  # position of its sentence in the article, from 1
    part: int = 0  # 0, or 1, 2, ... for the clauses of a sentence whose figures have different claimants

    @property
    def local_id(self) -> str:
        """m005, or m005-2 for the second clause of sentence 5."""
        return f"m{self.sentence:03d}" + (f"-{self.part + 1}" if self.part else "")


def claimant_type_for(claimant: str, publisher: str, text: str = "") -> str:
    """The claimant type the words of a claimant suggest (extract.claimants.claimant_type)."""
    return claimant_type(claimant, publisher, text)


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
    """One draft claim per sentence with a finding or an assertion, in text order.

    The claimant is that of the sentence's first casualty figure (else its first figure) as
    extract.claimants finds it, else the sentence's own attribution, else the publisher.
    """
    by_figure, own = figure_claimants(text, sentences, findings, publisher)
    out: list[DraftClaim] = []
    # Findings by start, so each sentence looks only at those starting inside it (linear, not
    # sentences x findings); indices keep the findings' own order within a sentence.
    order = sorted(range(len(findings)), key=lambda i: findings[i].start)
    starts = [findings[i].start for i in order]
    for n, ((s, e), sentence_claimant) in enumerate(zip(sentences, own, strict=True), start=1):
        window = sorted(order[bisect_left(starts, s) : bisect_left(starts, e)])
        inside = [findings[i] for i in window if findings[i].end <= e]
        if not inside and not is_assertion(text[s:e]):
            continue
        figures = [f for f in inside if f.kind == "figure"]
        for part, (cs, ce, clause_figures) in enumerate(_clauses(text, s, e, figures, by_figure)):
            attributions = [f for f in inside if f.kind == "attribution" and cs <= f.start < ce]
            lead = next(
                (f for f in clause_figures if f.measure in CASUALTY_MEASURES),
                clause_figures[0] if clause_figures else None,
            )
            chosen = by_figure.get(lead.start) if lead is not None else sentence_claimant
            if chosen is not None and chosen.start is not None:
                claimant, ctype, hedge = chosen.words, chosen.type, chosen.hedge
            else:
                claimant, hedge = publisher or "unattributed", ""
                ctype = "outlet" if publisher else "unattributed"
            out.append(
                DraftClaim(
                    start=cs,
                    end=ce,
                    claimant=claimant,
                    claimant_type=ctype,
                    claim_type=claim_type_for(text[cs:ce], clause_figures, attributions),
                    hedge=hedge,
                    figures=tuple(clause_figures),
                    sentence=n,
                    part=part,
                )
            )
    return out


def _clauses(
    text: str, s: int, e: int, figures: Sequence[Finding], by_figure: dict[int, Claimant]
) -> list[tuple[int, int, list[Finding]]]:
    """The sentence, or its clauses when its figures have different claimants.

    "Residents said at least 50 people were killed, although a Reuters reporter counted 65 bodies" is two
    claims: each clause starts after the last comma before the next claimant's words (or its figure).
    """
    groups: list[list[Finding]] = []
    for f in figures:
        c = by_figure.get(f.start)
        key = None if c is None else (c.words, c.start)
        last = groups[-1][-1] if groups else None
        lc = None if last is None else by_figure.get(last.start)
        if groups and key == (None if lc is None else (lc.words, lc.start)):
            groups[-1].append(f)
        else:
            groups.append([f])
    if len(groups) < 2:
        return [(s, e, list(figures))]
    cuts = [s]
    for prev, group in itertools.pairwise(groups):
        c = by_figure.get(group[0].start)
        anchor = group[0].start
        if c is not None and c.start is not None and prev[-1].end <= c.start < anchor:
            anchor = c.start
        gap = text[prev[-1].end : anchor]
        comma = max(gap.rfind(","), gap.rfind(";"))
        cut = prev[-1].end + comma + 1 if comma >= 0 else anchor
        cuts.append(cut)
    cuts.append(e)
    out: list[tuple[int, int, list[Finding]]] = []
    for (a, b), group in zip(itertools.pairwise(cuts), groups, strict=True):
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;"):
            b -= 1
        out.append((a, b, group))
    return out


UNREVIEWED = "unreviewed"


def _num(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def _casualty_fields(f: Finding, d: DraftClaim, drafts: Sequence[DraftClaim]) -> dict[str, object]:
    """A casualty figure's group and toll_state, and the total it breaks down as the annotation names it:
    its words in this claim, else {claim, text} (with occurrence when the words are there more than once)."""
    if f.measure not in SCHEMA_CASUALTY_MEASURES:
        return {}
    out: dict[str, object] = {"group": f.group or "people", "toll_state": f.toll_state or "current"}
    owner = next((c for c in drafts if any(x.start == f.part_of for x in c.figures)), None)
    if f.part_of is None or owner is None:
        return out
    total = next(x for x in owner.figures if x.start == f.part_of)
    occurrence = 1 + sum(1 for x in owner.figures if x.text == total.text and x.start < total.start)
    if owner is d and occurrence == 1:
        out["part_of"] = total.text
    else:
        out["part_of"] = {
            "claim": owner.local_id,
            "text": total.text,
            **({"occurrence": occurrence} if occurrence > 1 else {}),
        }
    return out


def draft_document(
    source_id: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    findings: Sequence[Finding],
    publisher: str,
) -> dict[str, object]:
    """The annotation file `claimtrail draft` writes: every claim, figure, date, place and claimant, unreviewed."""
    claims = []
    drafts = draft_claims(text, sentences, findings, publisher)
    for d in drafts:
        claims.append(
            {
                "id": d.local_id,
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
                        **_casualty_fields(f, d, drafts),
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
