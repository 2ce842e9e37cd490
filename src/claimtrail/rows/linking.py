"""Stage 4, event links: each article's event mentions, the corpus linked to events, and what the links do to rows.

Pure functions.  ``event_mentions`` is per article (the runner caches it with
the article's work); ``link_articles`` is corpus-wide and gives each article
its ``ArticleLinks`` (its own link records and the source its text repeats),
which is all an article's rows depend on beyond the article itself, so the
runner keys each article's cached rows on its own ``links_digest``.
Grain of the event_links table: one row per machine link of a claim or a
figure to an event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..errors import ClaimtrailError
from ..extract.findings import ArticleWork
from ..hashing import cache_key
from ..layout import EVENTS_FILE
from ..link import (
    ArticleMentions,
    Linking,
    LinkRecord,
    MachineEvent,
    SyndicationText,
    article_mentions,
    curated_event,
    link_corpus,
    syndicated_copies,
)
from ..link.model import FeatureMatch, Words
from ..raw.annotations import Annotation
from ..raw.articles import Article
from ..raw.events import Event
from ..raw.links import LinkNote

Row = dict[str, object]
FEATURES = ("date", "place", "type", "actor")


@dataclass(frozen=True)
class ArticleLinks:
    """What corpus-wide linking decided for one article: its link records and the source its text repeats."""

    records: tuple[LinkRecord, ...] = ()
    repeats: str = ""


NO_LINKS = ArticleLinks()


def title_span(text: str, article: Article) -> tuple[int, int] | None:
    """Where the article's title stands in the raw text: the nearest before its body (a heading, front matter),
    else inside the article; None when the raw text does not spell it."""
    if not article.title:
        return None
    at = text.rfind(article.title, 0, article.body_start)
    if at == -1:
        at = text.find(article.title, article.char_start, article.char_end)
    return None if at == -1 else (at, at + len(article.title))


def event_mentions(article: Article, text: str, published: str, work: ArticleWork) -> ArticleMentions:
    """The event mentions of one article (offsets into its raw file, like its work)."""
    return article_mentions(
        text,
        article.body_start,
        article.body_end,
        published or None,
        work.findings,
        work.sentences,
        source_id=article.source_id,
        title_span=title_span(text, article),
    )


def link_articles(
    mentions: Sequence[ArticleMentions],
    events: Sequence[Event],
    texts: Sequence[SyndicationText],
    annotations: Mapping[str, Annotation] | None = None,
) -> tuple[Linking, dict[str, ArticleLinks]]:
    """The corpus linked to the curated and machine events, and per source its ArticleLinks.

    ``mentions`` are those of the articles linking decides for (no curator's
    claims); ``texts`` every article's body, for the syndicated copies.  A
    curated event's ``same_as`` takes over its machine event (links and all);
    the curators' link notes in ``annotations`` are checked against the events.
    """
    linking = _same_as(link_corpus(mentions, [curated_event(e) for e in events]), events)
    _check_notes(annotations or {}, linking, events, {t.source_id: t.published for t in texts})
    records: dict[str, list[LinkRecord]] = {}
    for r in linking.links:
        records.setdefault(r.source_id, []).append(r)
    repeats = {c.source_id: c.repeats for c in syndicated_copies(texts)}
    sources = sorted(set(records) | set(repeats))
    return linking, {s: ArticleLinks(tuple(records.get(s, ())), repeats.get(s, "")) for s in sources}


def _same_as(linking: Linking, events: Sequence[Event]) -> Linking:
    """Links to a machine event that a curated event declares itself the same as go to the curated event."""
    curated = {e.event_id: e for e in events}
    machine = {m.event_id for m in linking.events}
    target: dict[str, str] = {}
    for e in sorted(events, key=lambda e: e.event_id):
        if not e.same_as:
            continue
        seen, at = [e.event_id], e.same_as
        while at in curated and curated[at].same_as:
            if at in seen:
                raise ClaimtrailError(
                    EVENTS_FILE,
                    f"same_as makes a cycle: {' → '.join([*seen, at])}",
                    "point same_as at a machine event id, not back at a curated event",
                    line=e.line,
                    item=f"event {e.event_id}",
                )
            seen.append(at)
            at = curated[at].same_as
        if at not in machine and at not in curated:
            raise ClaimtrailError(
                EVENTS_FILE,
                f"same_as {e.same_as!r} is no machine event of this build",
                "use a machine event id from build/data/events.csv (review_status machine)",
                line=e.line,
                item=f"event {e.event_id}",
            )
        if at in machine:
            target[at] = e.event_id
    if not target:
        return linking
    links = tuple(
        replace(r, event_id=target[r.event_id], curated=True) if r.event_id in target else r for r in linking.links
    )
    return Linking(tuple(m for m in linking.events if m.event_id not in target), links)


def _check_notes(
    annotations: Mapping[str, Annotation],
    linking: Linking,
    events: Sequence[Event],
    published: Mapping[str, str | None],
) -> None:
    """Every link note names a known event, and no event that began after the article was published."""
    dates = {e.event_id: e.date_start for e in events} | {m.event_id: m.date_start or "" for m in linking.events}
    for source_id, ann in sorted(annotations.items()):
        for n in ann.links:
            if n.event in ("", "none"):
                continue
            if n.event not in dates:
                raise ClaimtrailError(
                    ann.path,
                    f"event {n.event!r} is neither in raw/events.yaml nor a machine event",
                    "use an event id from build/data/events.csv, or 'none' to cut the link",
                    line=n.line,
                    item="links",
                )
            pub, start = published.get(source_id), dates[n.event]
            if (
                pub
                and len(pub) == 10
                and len(start) == 10
                and (dt.date.fromisoformat(start) - dt.date.fromisoformat(pub)).days > 1
            ):
                raise ClaimtrailError(
                    ann.path,
                    f"event {n.event} began on {start}, after the article was published ({pub})",
                    "link the figure to an event the article can report",
                    line=n.line,
                    item="links",
                )


def links_digest(links: ArticleLinks) -> str:
    """A hash of an article's links: its cached rows are valid while this does not change."""
    # the repr of these frozen dataclasses of tuples, strings, numbers and None spells every field in declaration
    # order, the same on every run (no set, no dict), and costs a fraction of asdict() and JSON
    return cache_key("links", repr(links))


def _first(words: Sequence[Words]) -> Words | None:
    return min(words) if words else None


def _feature_cells(name: str, f: FeatureMatch) -> Row:
    w = _first(f.words)
    return {
        f"{name}_matched": f.matched,
        f"{name}_quote": w.text if w else "",
        f"{name}_char_start": w.start if w else None,
        f"{name}_char_end": w.end if w else None,
    }


def _link_row(r: LinkRecord, claim_id: str, figure_id: str, raw_path: str, basis: str) -> Row:
    row: Row = {
        "link_id": figure_id or claim_id,
        "source_id": r.source_id,
        "claim_id": claim_id,
        "figure_id": figure_id,
        "event_id": r.event_id or "",
        "mention_id": r.mention_id,
        "basis": basis,
        "score": round(r.score, 4),
    }
    for name in FEATURES:
        row.update(_feature_cells(name, getattr(r, name)))
    row["raw_path"] = raw_path
    row["review_status"] = "machine"
    return row


def _claim_record(figs: Sequence[Row], by_figure: Mapping[tuple[int, int], LinkRecord]) -> LinkRecord | None:
    """The record that places a machine claim: its first linked figure's."""
    for f in figs:
        rec = by_figure.get((int(str(f["char_start"])), int(str(f["char_end"]))))
        if rec is not None and rec.event_id:
            return rec
    return None


def apply_links(claims: list[Row], figures: list[Row], links: ArticleLinks, raw_path: str) -> list[Row]:
    """Machine claims and figures take the events linking gave them; the event_links rows that say why.

    A casualty figure takes its own link; a claim takes the event of its first
    linked figure; the claim's other figures (things, forces) take the claim's
    link (basis ``claim``).  Rows left unlinked say ``event_link`` none.
    """
    by_figure = {
        (r.figure_start, r.figure_end): r
        for r in links.records
        if r.figure_start is not None and r.figure_end is not None
    }
    figs_of: dict[str, list[Row]] = {}
    for f in figures:
        figs_of.setdefault(str(f["claim_id"]), []).append(f)
    out: list[Row] = []
    for c in claims:
        cid = str(c["claim_id"])
        rec = _claim_record(figs_of.get(cid, []), by_figure)
        c["event_id"], c["event_link"] = (rec.event_id, "machine") if rec and rec.event_id else ("", "none")
        if rec is not None and rec.event_id:
            out.append(_link_row(rec, cid, "", raw_path, "claim"))
        for f in figs_of.get(cid, []):
            own = by_figure.get((int(str(f["char_start"])), int(str(f["char_end"]))))
            if own is not None and own.event_id:
                f["event_id"], f["event_link"] = own.event_id, "machine"
                out.append(_link_row(own, cid, str(f["figure_id"]), raw_path, own.basis or "main"))
            elif rec is not None and rec.event_id:
                f["event_id"], f["event_link"] = rec.event_id, "machine"
                out.append(_link_row(rec, cid, str(f["figure_id"]), raw_path, "claim"))
            else:
                f["event_id"], f["event_link"] = "", "none"
    return sorted(out, key=lambda r: str(r["link_id"]))


def machine_event_rows(events: Sequence[MachineEvent]) -> list[tuple[MachineEvent, list[Row]]]:
    """Each machine event with its place rows (event_places' shape), finest place first."""
    out = []
    for e in events:
        places: list[Row] = []
        for order, p in enumerate(e.places, start=1):
            places.append(
                {
                    "event_id": e.event_id,
                    "place_order": order,
                    "place": p.name,
                    "gazetteer_name": p.name if p.geonames_id is not None else "",
                    "geonames_id": p.geonames_id,
                    "country_code": p.country or "",
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "geo_precision": {"city": "city", "country": "country"}.get(p.level, "unknown"),
                }
            )
        out.append((e, places))
    return out


@dataclass
class LinkCounts:
    """How the curators' link notes changed an article's machine links."""

    confirmed: int = 0
    moved: int = 0
    cut: int = 0


def _noted_rows(n: LinkNote, claims: list[Row], figures: list[Row], source_id: str, path: str) -> list[Row]:
    """The claim (with its figures) or the figure a link note names; an error naming the note's line if none."""
    if n.claim:
        cid = f"{source_id}-{n.claim}"
        found = [c for c in claims if c["claim_id"] == cid]
        if found:
            return found + [f for f in figures if f["claim_id"] == cid]
        what, known = f"claim {n.claim!r}", ", ".join(str(c["claim_id"]).removeprefix(source_id + "-") for c in claims)
    else:
        same = [f for f in figures if f["text"] == n.figure]
        k = (n.occurrence or 1) - 1
        if k < len(same):
            return [same[k]]
        what, known = f"figure “{n.figure}”", ", ".join(f"“{f['text']}”" for f in figures)
    raise ClaimtrailError(
        path, f"{what} is no machine claim or figure of {source_id}", f"use one of: {known}", line=n.line, item="links"
    )


def apply_notes(
    claims: list[Row], figures: list[Row], link_rows: list[Row], notes: Sequence[LinkNote], source_id: str, path: str
) -> tuple[list[Row], LinkCounts]:
    """The curators' link notes over the machine's links: confirm (the evidence stays, reviewed), move to an
    event or cut loose (the machine's evidence no longer applies and its event_links rows go)."""
    counts = LinkCounts()
    by_id = {str(r["link_id"]): r for r in link_rows}
    for n in notes:
        rows = _noted_rows(n, claims, figures, source_id, path)
        ids = [str(r.get("figure_id") or r["claim_id"]) for r in rows]
        if not n.event:
            if not all(r["event_link"] in ("machine", "reviewed") and r["event_id"] for r in rows):
                raise ClaimtrailError(
                    path,
                    "confirms a machine link that does not exist (the machine linked it to no event)",
                    "set 'event: ID' to link it yourself",
                    line=n.line,
                    item="links",
                )
            for r, i in zip(rows, ids, strict=True):
                r["event_link"] = "reviewed"
                if i in by_id:
                    by_id[i]["review_status"] = "reviewed"
            counts.confirmed += 1
            continue
        for r, i in zip(rows, ids, strict=True):
            r["event_id"], r["event_link"] = ("", "none") if n.event == "none" else (n.event, "reviewed")
            by_id.pop(i, None)
        if n.event == "none":
            counts.cut += 1
        else:
            counts.moved += 1
    return sorted(by_id.values(), key=lambda r: str(r["link_id"])), counts
