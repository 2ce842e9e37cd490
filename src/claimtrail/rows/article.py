"""Stage 4, rows of one article: the article, its annotation and findings become its rows of every per-article table.

Pure functions: inputs are parsed articles, their raw texts, annotations and
events; the output maps each table name of the schema registry to its rows
(dicts keyed by the declared field names, in a stable order).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ClaimtrailError
from ..extract import Finding
from ..extract.findings import ArticleWork
from ..raw.annotations import Annotation, ClaimNote, FigureNote
from ..raw.articles import Article, article_sha256, with_curated_metadata
from ..raw.events import Event
from ..schema import figure_bounds, table
from ..text import line_at, word_count
from ..validate.anchoring import check_anchoring
from .anchor import Anchor, anchor_quote
from .breakdowns import CuratedPart, apply_curated_part_of
from .drafting import draft_claims
from .linking import NO_LINKS, ArticleLinks, apply_links, apply_notes
from .review import CorrectionCounts, MergedFigure, machine_figure, merge_figures
from .sentences import _mentions, _overlaps, _sentences

Row = dict[str, Any]


Tables = dict[str, list[Row]]


def _overlapping(placed: Sequence[tuple[int, int, str]], anchor: Anchor) -> str | None:
    """The id of a placed claim (sorted by start, disjoint) that the anchor overlaps, found by bisection."""
    i = bisect_left(placed, (anchor.start, anchor.start, ""))
    for j in (i - 1, i):  # only the neighbours can overlap a span among disjoint ones
        if 0 <= j < len(placed) and _overlaps((anchor.start, anchor.end), placed[j][:2]):
            return placed[j][2]
    if i + 1 < len(placed) and _overlaps((anchor.start, anchor.end), placed[i + 1][:2]):
        return placed[i + 1][2]
    return None


def effective_published(article: Article, ann: Annotation | None) -> str:
    """The publication date relative dates resolve against: the curator's, else the parser's."""
    if ann is not None and "published" in ann.source_meta:
        return ann.source_meta["published"]
    return article.published


ARTICLE_TABLES = ("sources", "claims", "figures", "sentences", "mentions", "event_links")


@dataclass
class ArticleRows:
    """The rows one article contributes to each per-article table (ARTICLE_TABLES), and its review counts."""

    rows: dict[str, list[Row]]
    counts: CorrectionCounts


def article_rows(
    article: Article,
    ann: Annotation | None,
    text: str,
    raw_sha256: str,
    events_by_id: Mapping[str, Event],
    work: ArticleWork,
    links: ArticleLinks = NO_LINKS,
) -> ArticleRows:
    """One article's rows: one source row, and its claims, figures, sentences, mentions and event links.

    A pure function of its arguments, so the runner may cache its result under a
    hash of them (the curated annotation, event ids and the article's links included).
    """
    counts = CorrectionCounts()
    art = article
    notes = ann if ann is not None and ann.links_only else None
    if notes is not None:
        ann = None  # a file of link notes only: the article stays machine-drafted
    if ann is not None and ann.source_meta:
        art = _curated_article(article, ann, text)
    art_claims, art_figures, spans = _claims_and_figures(
        art, ann, text, events_by_id, work.findings, work.sentences, counts
    )
    event_links = apply_links(art_claims, art_figures, links, art.raw_path) if ann is None else []
    if notes is not None:
        event_links, moved = apply_notes(art_claims, art_figures, event_links, notes.links, art.source_id, notes.path)
        counts.links_confirmed, counts.links_moved, counts.links_cut = moved.confirmed, moved.moved, moved.cut
    source = {
        "source_id": art.source_id,
        "title": art.title,
        "publisher": art.publisher,
        "publisher_basis": art.publisher_basis,
        "dateline": art.dateline,
        "published": art.published,
        "published_precision": art.published_precision,
        "published_basis": art.published_basis,
        "published_note": art.published_note,
        "url": art.url,
        "raw_path": art.raw_path,
        "raw_sha256": raw_sha256,
        "char_start": art.char_start,
        "char_end": art.char_end,
        "text_sha256": article_sha256(text, art),
        "word_count": word_count(text[art.char_start : art.char_end]),
        "n_claims": len(art_claims),
        "n_figures": len(art_figures),
        "review_status": "curated" if ann is not None else "machine",
        "repeats_source_id": links.repeats,
    }
    rows = {
        "sources": [source],
        "claims": art_claims,
        "figures": art_figures,
        "sentences": _sentences(art, ann, text, spans, work.sentences),
        "mentions": _mentions(art, work.findings, "reviewed" if ann is not None else "machine"),
        "event_links": event_links,
    }
    return ArticleRows({name: _project(rows[name], table(name).field_names) for name in rows}, counts)


def _project(rows: list[Row], names: Sequence[str]) -> list[Row]:
    """Each row with exactly the declared fields, in their declared order."""
    return [{f: r[f] for f in names} for r in rows]


def checked_article_rows(
    article: Article,
    ann: Annotation | None,
    text: str,
    raw_sha256: str,
    events_by_id: Mapping[str, Event],
    work: ArticleWork,
    rows_before: Mapping[str, int] | None = None,
    links: ArticleLinks = NO_LINKS,
) -> ArticleRows:
    """article_rows, with every quote checked against the raw text: the one path from an article to its rows.

    The runner (runner.articles) and the in-memory pipeline (rows.corpus.build_tables) both call
    it.  `rows_before` counts the rows that precede these in each table's CSV, for the line
    numbers of an anchoring error.
    """
    got = article_rows(article, ann, text, raw_sha256, events_by_id, work, links)
    check_anchoring(got.rows, {article.raw_path: text}, {article.source_id: article.raw_path}, rows_before)
    return got


def _curated_article(article: Article, ann: Annotation, text: str) -> Article:
    meta = dict(ann.source_meta)
    basis = meta.get("published_basis", "")
    if basis:
        found = text.find(basis, article.char_start, article.char_end)
        if found == -1:
            raise ClaimtrailError(
                ann.path,
                f"published_basis “{basis[:60]}” is not in article {article.source_id}",
                "quote the exact words of the article the date rests on",
                item="source",
            )
    if "publisher" in meta:
        meta["publisher_basis"] = "curator: " + ann.path
    return with_curated_metadata(article, meta)


def _figure_rows(article: Article, claim_id: str, event_id: str, merged: Sequence[MergedFigure]) -> list[Row]:
    return [
        {
            "figure_id": f"{claim_id}-f{n}",
            "claim_id": claim_id,
            "source_id": article.source_id,
            "event_id": event_id,
            "event_link": "reviewed" if event_id else "none",
            "measure": m.measure,
            "value": m.value,
            "low": m.low,
            "high": m.high,
            "qualifier": m.qualifier,
            "unit": m.unit,
            "group": m.group,
            "part_of": m.part_of,  # a start offset until link_breakdowns turns it into the total's figure_id
            "toll_state": m.toll_state,
            "text": m.text,
            "char_start": m.start,
            "char_end": m.end,
            "raw_path": article.raw_path,
            "review_status": m.review_status,
        }
        for n, m in enumerate(merged, start=1)
    ]


def _machine_claims_and_figures(
    article: Article, text: str, findings: Sequence[Finding], sentences: Sequence[tuple[int, int]]
) -> tuple[list[Row], list[Row], list[tuple[tuple[int, int], str | None]]]:
    """Claims and figures drafted by the machine for an article no curator annotated."""
    claims: list[Row] = []
    figures: list[Row] = []
    spans: list[tuple[tuple[int, int], str | None]] = []
    for d in draft_claims(text, sentences, findings, article.publisher):
        claim_id = f"{article.source_id}-{d.local_id}"
        claims.append(
            {
                "claim_id": claim_id,
                "source_id": article.source_id,
                "event_id": "",
                "event_link": "none",
                "claimant": d.claimant,
                "claimant_type": d.claimant_type,
                "claim_type": d.claim_type,
                "hedge": d.hedge,
                "quote": text[d.start : d.end],
                "char_start": d.start,
                "char_end": d.end,
                "line": line_at(text, d.start),
                "raw_path": article.raw_path,
                "review_status": "machine",
            }
        )
        spans.append(((d.start, d.end), None))
        figures.extend(_figure_rows(article, claim_id, "", [machine_figure(f, "machine") for f in d.figures]))
    return claims, link_breakdowns(figures), spans


def link_breakdowns(figures: list[Row]) -> list[Row]:
    """Each breakdown's part_of, a start offset of its total, as that total's figure_id (empty when it has none)."""
    by_start: dict[int, str] = {}
    for r in figures:  # of two figures at the same words ("17 soldiers and militiamen"), the first is the total
        by_start.setdefault(r["char_start"], r["figure_id"])
    for r in figures:
        r["part_of"] = by_start.get(r["part_of"], "") if r["part_of"] is not None else ""
        r["group"] = r["group"] or ""
        r["toll_state"] = r["toll_state"] or ""
    return figures


def _claims_and_figures(
    article: Article,
    ann: Annotation | None,
    text: str,
    events_by_id: Mapping[str, Event],
    findings: Sequence[Finding],
    sentences: Sequence[tuple[int, int]],
    counts: CorrectionCounts,
) -> tuple[list[Row], list[Row], list[tuple[tuple[int, int], str | None]]]:
    """Claim and figure rows of one article, plus its annotated spans (claims and non-claims).

    Curated articles: the curator's claims, with the machine's figures inside
    them as corrected by the annotation.  Other articles: the machine's drafts.
    """
    if ann is None:
        return _machine_claims_and_figures(article, text, findings, sentences)
    claims: list[Row] = []
    figures: list[Row] = []
    spans: list[tuple[tuple[int, int], str | None]] = []  # (span, non-claim reason or None)
    machine_figures = sorted((f for f in findings if f.kind == "figure"), key=lambda f: f.start)
    figure_starts = [f.start for f in machine_figures]  # each claim bisects for its figures
    claimed: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, str]] = []  # claims placed so far, sorted by start (disjoint)
    occurrences: dict[tuple[str, int, int], list[int]] = {}  # one search per distinct quote and scope
    parts: list[CuratedPart] = []  # figure notes that set part_of
    for c in ann.claims:
        claim_id = f"{article.source_id}-{c.local_id}"
        row, anchor = _curated_claim(article, ann, c, text, events_by_id, placed, occurrences)
        claims.append(row)
        spans.append(((anchor.start, anchor.end), None))
        notes = _figure_notes(article, ann, c, text, anchor, occurrences)
        window = machine_figures[bisect_left(figure_starts, anchor.start) : bisect_left(figure_starts, anchor.end)]
        inside = [m for m in window if m.end <= anchor.end]
        merged, claim_counts = merge_figures(inside, notes, f"{ann.path} claim {c.local_id}")
        parts.extend(CuratedPart(claim_id, c.local_id, n, start) for n, start, _, _ in notes if n.part_of is not None)
        counts.add(claim_counts)
        claimed.update((m.start, m.end) for m in inside)
        figures.extend(_figure_rows(article, claim_id, c.event, merged))
    for nc in ann.non_claims:
        a = anchor_quote(
            text,
            article,
            nc.quote,
            occurrence=nc.occurrence,
            char_start=None,
            file=ann.path,
            line=nc.line,
            item="non_claim",
            occurrences=occurrences,
        )
        spans.append(((a.start, a.end), nc.reason))
    outside = [m for m in machine_figures if (m.start, m.end) not in claimed]
    counts.outside_claims += len(outside)
    counts.details.extend(
        f"{ann.path}: machine figure “{m.text}” (raw line {line_at(text, m.start)}) lies in no claim" for m in outside
    )
    claims.sort(key=lambda r: (r["char_start"], r["claim_id"]))
    figures.sort(key=lambda r: (r["char_start"], r["figure_id"]))
    figures = link_breakdowns(figures)
    apply_curated_part_of(ann.path, article.source_id, figures, parts)
    return claims, figures, spans


def _curated_claim(
    article: Article,
    ann: Annotation,
    c: ClaimNote,
    text: str,
    events_by_id: Mapping[str, Event],
    placed: list[tuple[int, int, str]],
    occurrences: dict[tuple[str, int, int], list[int]],
) -> tuple[Row, Anchor]:
    """A curator's claim: its quote anchored, overlapping no claim in `placed` (which it joins), its event known."""
    claim_id = f"{article.source_id}-{c.local_id}"
    item = f"claim {c.local_id}"
    anchor = anchor_quote(
        text,
        article,
        c.quote,
        occurrence=c.occurrence,
        char_start=c.char_start,
        file=ann.path,
        line=c.line,
        item=item,
        occurrences=occurrences,
    )
    other_id = _overlapping(placed, anchor)  # placed: sorted by start, so bisection finds it
    if other_id is not None:
        raise ClaimtrailError(
            ann.path,
            f"its quote overlaps the quote of claim {other_id}",
            "shorten one of the two quotes so that each word belongs to one claim",
            line=c.line,
            item=item,
        )
    insort(placed, (anchor.start, anchor.end, c.local_id))
    if c.event and c.event not in events_by_id:
        raise ClaimtrailError(
            ann.path,
            f"event {c.event!r} is not in raw/events.yaml",
            "use an event id from raw/events.yaml, or add the event there",
            line=c.line,
            item=item,
        )
    row = {
        "claim_id": claim_id,
        "source_id": article.source_id,
        "event_id": c.event,
        "event_link": "reviewed" if c.event else "none",
        "claimant": c.claimant,
        "claimant_type": c.claimant_type,
        "claim_type": c.claim_type,
        "hedge": c.hedge,
        "quote": c.quote,
        "char_start": anchor.start,
        "char_end": anchor.end,
        "line": line_at(text, anchor.start),
        "raw_path": article.raw_path,
        "review_status": "machine" if c.unreviewed else "curated",
    }
    return row, anchor


def _figure_notes(
    article: Article,
    ann: Annotation,
    c: ClaimNote,
    text: str,
    anchor: Anchor,
    occurrences: dict[tuple[str, int, int], list[int]],
) -> list[tuple[FigureNote, int, int, tuple[float | None, float | None, float | None]]]:
    """The curator's figures of a claim, each anchored inside the claim's quote, with its bounds."""
    notes = []
    for f in c.figures:
        fitem = f"claim {c.local_id}, figure “{f.text}”"
        fa = anchor_quote(
            text,
            article,
            f.text,
            occurrence=f.occurrence,
            char_start=None,
            file=ann.path,
            line=f.line,
            item=fitem,
            within=(anchor.start, anchor.end),
            occurrences=occurrences,
        )
        bounds = (None, None, None) if f.reject else figure_bounds(f.qualifier, f.value, f.low, f.high, f.text)
        notes.append((f, fa.start, fa.end, bounds))
    return notes
