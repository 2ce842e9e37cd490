"""Stage 4, tables: articles, annotations and events become the rows of every table.

Pure functions: inputs are parsed articles, their raw texts, annotations and
events; the output maps each table name of the schema registry to its rows
(dicts keyed by the declared field names, in a stable order).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .annotate import Anchor, Annotation, anchor_quote
from .draft import CorrectionCounts, MergedFigure, draft_claims, merge_figures
from .errors import ClaimtrailError
from .events import Event
from .extract import Finding
from .hashing import text_sha256
from .parse import Article, article_sha256, with_curated_metadata, word_count
from .schema import TABLES, figure_bounds, table
from .text import line_at
from .work import ArticleWork, do_task, make_task

Row = dict[str, Any]
Tables = dict[str, list[Row]]


@dataclass(frozen=True)
class Corpus:
    """Everything the tables are built from."""

    articles: tuple[Article, ...]
    raw_texts: Mapping[str, str]  # raw_path -> decoded text
    raw_sha256: Mapping[str, str]  # raw_path -> sha256 of the file
    annotations: Mapping[str, Annotation]  # source_id -> annotation
    events: tuple[Event, ...]
    work: Mapping[str, ArticleWork] | None = None  # source_id -> findings and sentences (raw-file offsets)
    # "raw_path\0index" -> body_key of the article, where the runner has it from its cache
    body_keys: Mapping[str, str] | None = None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def build_tables(corpus: Corpus) -> Tables:
    """Rows of every table, checked for anchoring, event ids and coverage."""
    return build_tables_with_report(corpus)[0]


def effective_published(article: Article, ann: Annotation | None) -> str:
    """The publication date relative dates resolve against: the curator's, else the parser's."""
    if ann is not None and "published" in ann.source_meta:
        return ann.source_meta["published"]
    return article.published


def article_work(corpus: Corpus, article: Article) -> ArticleWork:
    """Findings and sentences of an article (computed by the runner's executor, or here)."""
    if corpus.work is not None and article.source_id in corpus.work:
        return corpus.work[article.source_id]
    text = corpus.raw_texts[article.raw_path]
    published = effective_published(article, corpus.annotations.get(article.source_id))
    return do_task(make_task(text[article.char_start : article.char_end], published)).shifted(article.char_start)


ARTICLE_TABLES = ("sources", "claims", "figures", "sentences", "mentions")


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
) -> ArticleRows:
    """One article's rows: one source row, and its claims, figures, sentences and mentions.

    A pure function of its arguments, so the runner may cache its result under a
    hash of them (the curated annotation and event ids included).
    """
    counts = CorrectionCounts()
    art = article
    if ann is not None and ann.source_meta:
        art = _curated_article(article, ann, text)
    art_claims, art_figures, spans = _claims_and_figures(
        art, ann, text, events_by_id, work.findings, work.sentences, counts
    )
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
    }
    rows = {
        "sources": [source],
        "claims": art_claims,
        "figures": art_figures,
        "sentences": _sentences(art, ann, text, spans, work.sentences),
        "mentions": _mentions(art, work.findings, "reviewed" if ann is not None else "machine"),
    }
    return ArticleRows(
        {name: [{f: r[f] for f in table(name).field_names} for r in rows[name]] for name in rows}, counts
    )


def check_corpus(corpus: Corpus) -> None:
    """Corpus-wide checks before any rows: no duplicate article or id, no annotation without its article."""
    _check_ids(corpus)
    parsed_ids = {a.source_id for a in corpus.articles}
    for source_id, orphan in corpus.annotations.items():
        if source_id not in parsed_ids:
            known = ", ".join(sorted(parsed_ids))
            raise ClaimtrailError(
                orphan.path,
                f"annotates article {source_id!r}, which no raw file contains",
                f"rename the file and its source_id to one of the parsed ids: {known}",
                line=1,
            )


def event_tables(events: Sequence[Event], sources: Sequence[Row], linked: Sequence[Row]) -> Tables:
    """Rows of events and event_places, from the events and the claims and figures linked to them.

    `linked` holds the claim and figure rows whose event_id is set (a figure row has a figure_id).
    """
    claims = [r for r in linked if "figure_id" not in r]
    figures = [r for r in linked if "figure_id" in r]
    event_rows, place_rows = _events(events, sources, claims, figures)
    return {
        name: [{f: r[f] for f in table(name).field_names} for r in rows]
        for name, rows in (("events", event_rows), ("event_places", place_rows))
    }


def build_tables_with_report(corpus: Corpus) -> tuple[Tables, CorrectionCounts]:
    """Rows of every table, and how curators corrected the machine's figures."""
    check_corpus(corpus)
    counts = CorrectionCounts()
    events_by_id = {e.event_id: e for e in corpus.events}
    tables: Tables = {t.name: [] for t in TABLES}
    for article in corpus.articles:
        text = corpus.raw_texts[article.raw_path]
        ann = corpus.annotations.get(article.source_id)
        work = article_work(corpus, article)
        got = article_rows(article, ann, text, corpus.raw_sha256[article.raw_path], events_by_id, work)
        counts.add(got.counts)
        for name, rows in got.rows.items():
            tables[name].extend(rows)
    linked = [r for name in ("claims", "figures") for r in tables[name] if r["event_id"]]
    tables.update(event_tables(corpus.events, tables["sources"], linked))
    return {t.name: tables[t.name] for t in TABLES}, counts


def body_key(text: str, article: Article) -> str:
    """sha256 of an article's body with runs of whitespace made one space: equal for the same text."""
    body = re.sub(r"\s+", " ", text[article.body_start : article.body_end]).strip()
    return text_sha256(body)


def _check_ids(corpus: Corpus) -> None:
    # The same text first: a file copied under a second name is a duplicate, whatever its id.
    by_hash: dict[str, Article] = {}
    for a in corpus.articles:
        text = corpus.raw_texts[a.raw_path]
        key = (corpus.body_keys or {}).get(f"{a.raw_path}\0{a.index}") or body_key(text, a)
        if key in by_hash:
            first = by_hash[key]
            raise ClaimtrailError(
                a.raw_path,
                f"article {a.source_id!r} has the same text as {first.source_id!r} in {first.raw_path}",
                "keep one copy of the article in raw/ and delete the other file and its sidecar",
                line=line_at(text, a.char_start),
            )
        by_hash[key] = a
    seen: dict[str, Article] = {}
    for a in corpus.articles:
        if a.source_id in seen:
            first = seen[a.source_id]
            raise ClaimtrailError(
                a.raw_path,
                f"article {a.index} has the id {a.source_id!r}, already used by article {first.index} of {first.raw_path}",
                "give one of them its own 'id:' in front matter, or remove the duplicate file",
                line=line_at(corpus.raw_texts[a.raw_path], a.char_start),
            )
        seen[a.source_id] = a


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
            "measure": m.measure,
            "value": m.value,
            "low": m.low,
            "high": m.high,
            "qualifier": m.qualifier,
            "unit": m.unit,
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
    position = {span: n for n, span in enumerate(sentences, start=1)}
    for d in draft_claims(text, sentences, findings, article.publisher):
        claim_id = f"{article.source_id}-m{position[(d.start, d.end)]:03d}"
        claims.append(
            {
                "claim_id": claim_id,
                "source_id": article.source_id,
                "event_id": "",
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
        merged = [
            MergedFigure(
                f.text, f.start, f.end, str(f.measure), str(f.qualifier), f.value, f.low, f.high, str(f.unit), "machine"
            )
            for f in d.figures
        ]
        figures.extend(_figure_rows(article, claim_id, "", merged))
    return claims, figures, spans


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
    machine_figures = [f for f in findings if f.kind == "figure"]
    claimed: set[tuple[int, int]] = set()
    placed: list[tuple[Anchor, str]] = []
    for c in ann.claims:
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
        )
        for other, other_id in placed:
            if _overlaps((anchor.start, anchor.end), (other.start, other.end)):
                raise ClaimtrailError(
                    ann.path,
                    f"its quote overlaps the quote of claim {other_id}",
                    "shorten one of the two quotes so that each word belongs to one claim",
                    line=c.line,
                    item=item,
                )
        placed.append((anchor, c.local_id))
        if c.event and c.event not in events_by_id:
            raise ClaimtrailError(
                ann.path,
                f"event {c.event!r} is not in raw/events.yaml",
                "use an event id from raw/events.yaml, or add the event there",
                line=c.line,
                item=item,
            )
        claims.append(
            {
                "claim_id": claim_id,
                "source_id": article.source_id,
                "event_id": c.event,
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
        )
        spans.append(((anchor.start, anchor.end), None))
        notes = []
        for f in c.figures:
            fitem = f"{item}, figure “{f.text}”"
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
            )
            bounds = (None, None, None) if f.reject else figure_bounds(f.qualifier, f.value, f.low, f.high, f.text)
            notes.append((f, fa.start, fa.end, bounds))
        inside = [m for m in machine_figures if anchor.start <= m.start and m.end <= anchor.end]
        merged, claim_counts = merge_figures(inside, notes, f"{ann.path} claim {c.local_id}")
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
        )
        spans.append(((a.start, a.end), nc.reason))
    outside = [m for m in machine_figures if (m.start, m.end) not in claimed]
    counts.outside_claims += len(outside)
    counts.details.extend(
        f"{ann.path}: machine figure “{m.text}” (raw line {line_at(text, m.start)}) lies in no claim" for m in outside
    )
    claims.sort(key=lambda r: (r["char_start"], r["claim_id"]))
    figures.sort(key=lambda r: (r["char_start"], r["figure_id"]))
    return claims, figures, spans


def _mentions(article: Article, findings: Sequence[Finding], status: str) -> list[Row]:
    """Rows of the dates, places and attributions the extractor found in an article."""
    rows: list[Row] = []
    numbers: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.kind == "figure":
            continue
        numbers[f.kind] += 1
        rows.append(
            {
                "mention_id": f"{article.source_id}-{f.kind}-{numbers[f.kind]:03d}",
                "source_id": article.source_id,
                "kind": f.kind,
                "text": f.text,
                "char_start": f.start,
                "char_end": f.end,
                "raw_path": article.raw_path,
                "date_start": f.date_start or "",
                "date_end": f.date_end or "",
                "date_precision": f.precision or "",
                "gazetteer_name": f.gazetteer_name or "",
                "geonames_id": f.geonames_id,
                "country_code": f.country_code or "",
                "latitude": f.latitude,
                "longitude": f.longitude,
                "claimant": f.claimant or "",
                "review_status": status,
            }
        )
    return rows


def _sentences(
    article: Article,
    ann: Annotation | None,
    text: str,
    spans: Sequence[tuple[tuple[int, int], str | None]],
    sentence_list: Sequence[tuple[int, int]],
) -> list[Row]:
    rows: list[Row] = []
    for pos, (s, e) in enumerate(sentence_list, start=1):
        n_claims = sum(1 for span, reason in spans if reason is None and _overlaps(span, (s, e)))
        reasons = sorted({reason for span, reason in spans if reason is not None and _overlaps(span, (s, e))})
        coverage = "claim" if n_claims else ("non_claim" if reasons else "uncovered")
        if ann is not None and not ann.draft and coverage == "uncovered":
            raise ClaimtrailError(
                ann.path,
                f"sentence {pos} of {article.source_id} (raw line {line_at(text, s)}) is covered by no claim "
                f"and no non_claim: “{text[s:e][:80]}”",
                "add a claim for what it asserts, or list it under non_claims with a reason",
            )
        rows.append(
            {
                "sentence_id": f"{article.source_id}-s{pos:03d}",
                "source_id": article.source_id,
                "position": pos,
                "text": text[s:e],
                "char_start": s,
                "char_end": e,
                "n_claims": n_claims,
                "coverage": coverage,
                "non_claim_reason": reasons[0] if coverage == "non_claim" else "",
            }
        )
    return rows


def _events(
    events: Sequence[Event], sources: Sequence[Row], claims: Sequence[Row], figures: Sequence[Row]
) -> tuple[list[Row], list[Row]]:
    publisher_of = {s["source_id"]: (s["publisher"] or s["source_id"]) for s in sources}
    claims_by_event: dict[str, list[Row]] = defaultdict(list)
    for c in claims:
        if c["event_id"]:
            claims_by_event[c["event_id"]].append(c)
    figures_by_event: dict[str, list[Row]] = defaultdict(list)
    for f in figures:
        if f["event_id"]:
            figures_by_event[f["event_id"]].append(f)
    event_rows: list[Row] = []
    place_rows: list[Row] = []
    for e in sorted(events, key=lambda e: e.event_id):
        ev_claims = claims_by_event.get(e.event_id, [])
        ev_figures = figures_by_event.get(e.event_id, [])
        n_sources = len({c["source_id"] for c in ev_claims})
        publishers = {publisher_of[c["source_id"]] for c in ev_claims}
        points = [p for p in e.places if p.latitude is not None and p.longitude is not None]
        if len(points) == 1 and len(e.places) == 1:
            lat, lon, geo = points[0].latitude, points[0].longitude, points[0].geo_precision
        elif points:
            lat = round(sum(p.latitude or 0.0 for p in points) / len(points), 5)
            lon = round(sum(p.longitude or 0.0 for p in points) / len(points), 5)
            geo = "centroid"
        else:
            lat, lon, geo = None, None, "country"
        event_rows.append(
            {
                "event_id": e.event_id,
                "title": e.title,
                "event_type": e.event_type,
                "date_start": e.date_start,
                "date_end": e.date_end,
                "date_precision": e.date_precision,
                "date_basis": e.date_basis,
                "place": "; ".join(p.name for p in e.places),
                "latitude": lat,
                "longitude": lon,
                "geo_precision": geo,
                "actors": "; ".join(e.actors),
                "n_sources": n_sources,
                "n_publishers": len(publishers),
                "n_claims": len(ev_claims),
                "n_figures": len(ev_figures),
                "corroboration": corroboration(len(publishers), ev_figures, publisher_of),
            }
        )
        for order, p in enumerate(e.places, start=1):
            place_rows.append(
                {
                    "event_id": e.event_id,
                    "place_order": order,
                    "place": p.name,
                    "gazetteer_name": p.gazetteer_name,
                    "geonames_id": p.geonames_id,
                    "country_code": p.country_code,
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "geo_precision": p.geo_precision,
                }
            )
    return event_rows, place_rows


def corroboration(n_publishers: int, figures: Sequence[Row], publisher_of: Mapping[str, str]) -> str:
    """unreported / single_source / corroborated / contested (see the events table's docs).

    Contested: two figures for the same measure from different publishers whose
    [low, high] intervals do not overlap (an open bound is unbounded).
    """
    if n_publishers == 0:
        return "unreported"
    if n_publishers == 1:
        return "single_source"
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for f in figures:
        by_measure[f["measure"]].append(f)
    for rows in by_measure.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if publisher_of[a["source_id"]] == publisher_of[b["source_id"]]:
                    continue
                a_lo = a["low"] if a["low"] is not None else float("-inf")
                a_hi = a["high"] if a["high"] is not None else float("inf")
                b_lo = b["low"] if b["low"] is not None else float("-inf")
                b_hi = b["high"] if b["high"] is not None else float("inf")
                if a_hi < b_lo or b_hi < a_lo:
                    return "contested"
    return "corroborated"
