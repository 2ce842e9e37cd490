"""`claimtrail add SOURCE...`: the runner.  It reads files, fetches URLs, refuses duplicates and
writes raw/ files atomically; everything it writes is computed first (plan.py).

A batch adds every good source, lists each bad one with its reason, and writes nothing for a bad one.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ClaimtrailError
from ..raw import ARTICLE_SUFFIXES, SIDECAR_SUFFIX
from ..yamlio import load_yaml, strip_lines
from .article_file import Received, text_key
from .fetch import TIMEOUT_SECONDS, Fetched, fetch
from .plan import Planned, Settings, plan_page, plan_text, saved_from
from .records import WARC_SUFFIXES, feed_items, is_feed, warc_pages

MAX_FILE_BYTES = 10 * 1024 * 1024  # a page, a text file or a feed
MAX_WARC_BYTES = 200 * 1024 * 1024
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Options:
    licence: str = ""
    publisher: str = ""
    origin: str = ""
    retrieved: str = ""
    timeout: float = TIMEOUT_SECONDS


@dataclass
class AddResult:
    added: list[Planned] = field(default_factory=list)
    failed: list[tuple[str, ClaimtrailError]] = field(default_factory=list)


@dataclass
class Known:
    """What raw/ already holds, for the duplicate check: url, text and received bytes -> file."""

    by_url: dict[str, str] = field(default_factory=dict)
    by_text: dict[str, str] = field(default_factory=dict)
    by_bytes: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def duplicate_of(self, p: Planned) -> tuple[str, str]:
        """(file, why) of an article p repeats, or ('', '')."""
        if p.received_sha256 in self.by_bytes:
            return self.by_bytes[p.received_sha256], "the same bytes"
        if p.url and p.url in self.by_url:
            return self.by_url[p.url], f"the same address {p.url}"
        for k in p.text_keys:
            if k in self.by_text:
                return self.by_text[k], "the same text"
        return "", ""

    def take(self, p: Planned) -> None:
        main = "raw/" + next(n for n in p.files if n.endswith(ARTICLE_SUFFIXES))
        self.by_bytes[p.received_sha256] = main
        if p.url:
            self.by_url[p.url] = main
        for k in p.text_keys:
            self.by_text[k] = main
        self.ids.update(a.source_id for a in p.articles)


def known_articles(root: Path) -> Known:
    """Index the articles already in raw/ (files that do not parse are left to the build to report)."""
    from ..raw import decode_raw_file, provenance_from_sidecar
    from ..raw.articles import parse_raw_file

    known = Known()
    for path in sorted((root / "raw").iterdir()):
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        if path.suffix.lower() not in ARTICLE_SUFFIXES or not path.is_file() or not sidecar.is_file():
            continue
        rel = f"raw/{path.name}"
        try:
            data = path.read_bytes()
            prov = provenance_from_sidecar(sidecar.read_text(encoding="utf-8"), rel + SIDECAR_SUFFIX)
            raw = decode_raw_file(rel, data, prov, rel + SIDECAR_SUFFIX)
            articles = parse_raw_file(raw)
        except (ClaimtrailError, OSError, UnicodeDecodeError):
            continue
        known.by_bytes[str(prov["sha256"])] = rel
        received = prov.get("received")
        if isinstance(received, dict) and received.get("sha256"):
            known.by_bytes[str(received["sha256"])] = rel
        for a in articles:
            known.ids.add(a.source_id)
            if a.url:
                known.by_url[a.url] = rel
            known.by_text[text_key(raw.text[a.body_start : a.body_end])] = rel
    return known


def default_licence(root: Path) -> str:
    """`default_licence` of raw/dataset.yaml ('' if it declares none)."""
    path = root / "raw" / "dataset.yaml"
    if not path.is_file():
        return ""
    data = strip_lines(load_yaml(path.read_text(encoding="utf-8"), "raw/dataset.yaml"))
    return " ".join(str(data.get("default_licence") or "").split()) if isinstance(data, dict) else ""


def settings_for(root: Path, options: Options) -> Settings:
    licence = " ".join(options.licence.split()) or default_licence(root)
    if not licence:
        raise ClaimtrailError(
            "raw/dataset.yaml",
            "no licence for the articles to add: neither --licence nor default_licence is given",
            'pass --licence TEXT (e.g. "the publisher\'s copyright, kept for verification"), '
            "or add 'default_licence: ...' to raw/dataset.yaml",
        )
    if options.retrieved and not DATE.match(options.retrieved):
        raise ClaimtrailError("--retrieved", f"{options.retrieved!r} is not a date", "write it as YYYY-MM-DD")
    return Settings(
        licence=licence, publisher=options.publisher.strip(), origin=options.origin.strip(), retrieved=options.retrieved
    )


def _read_file(path: Path, source: str, limit: int) -> bytes:
    if not path.is_file():
        raise ClaimtrailError(
            source,
            "no such file (and not an http:// or https:// address)",
            "give a saved page, a WARC file, a feed, a text file or a URL",
        )
    size = path.stat().st_size
    if size > limit:
        raise ClaimtrailError(
            source,
            f"the file has {size:,} bytes; the limit is {limit:,} bytes for this kind of file",
            "split it, or add the article's text as a .txt file",
        )
    return path.read_bytes()


def _local_date(settings: Settings, source: str) -> tuple[str, str]:
    if not settings.retrieved:
        raise ClaimtrailError(
            source,
            "a saved file does not say when it was retrieved",
            "pass --retrieved YYYY-MM-DD (the day the page was saved)",
        )
    return settings.retrieved, "--retrieved"


def plan_source(source: str, settings: Settings, timeout: float) -> Iterator[Planned | tuple[str, ClaimtrailError]]:
    """Every article one SOURCE gives, or (what, error) for each part that is not one."""
    if re.match(r"^https?://", source, flags=re.IGNORECASE):
        got = fetch(source, timeout=timeout)
        if got.is_feed:
            yield from _plan_feed(got.body, source, got.url, settings, timeout)
            return
        yield _plan_fetched(got, source, settings)
        return
    path = Path(source)
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        data = _read_file(path, source, MAX_WARC_BYTES)
        for page in warc_pages(data, source):
            what = f"{source} record {page.index} ({page.target_uri})"
            if not page.warc_date and not settings.retrieved:
                yield what, ClaimtrailError(what, "the record has no WARC-Date", "pass --retrieved YYYY-MM-DD")
                continue
            received = Received(
                data=page.record_bytes,
                suffix=".warc.gz" if data[:2] == b"\x1f\x8b" else ".warc",
                origin=f"{path.name}, WARC record {page.index} {page.record_id} (at byte {page.offset}), capture of {page.target_uri}",
                url=page.target_uri,
                retrieved=page.warc_date or settings.retrieved,
                retrieved_basis="WARC-Date" if page.warc_date else "--retrieved",
                details={"warc_file": path.name, "warc_record_id": page.record_id, "content_type": page.content_type},
            )
            try:
                yield _plan_warc_page(received, page.body, page.content_type, settings, what)
            except ClaimtrailError as exc:
                yield what, exc
        return
    data = _read_file(path, source, MAX_FILE_BYTES)
    if name.endswith(FEED_SUFFIXES) or is_feed(data):
        yield from _plan_feed(data, source, "", settings, timeout)
    elif name.endswith(PAGE_SUFFIXES) or re.match(rb"\s*(?:<!doctype html|<html)", data[:1024], flags=re.IGNORECASE):
        retrieved, basis = _local_date(settings, source)
        url = saved_from(data)
        received = Received(
            data, ".html", f"the saved page {source}" + (f" (saved from {url})" if url else ""), url, retrieved, basis
        )
        yield plan_page(received, settings, source)
    elif name.endswith(ARTICLE_SUFFIXES):
        _, basis = _local_date(settings, source)
        yield plan_text(data, path.suffix.lower(), settings, source, basis)
    else:
        raise ClaimtrailError(
            source,
            "is neither a web page, a WARC file, a feed nor a .txt/.md file",
            "give one of those (a saved page ends in .html)",
        )


def _plan_warc_page(received: Received, body: bytes, content_type: str, settings: Settings, what: str) -> Planned:
    """The record's bytes are kept; the text is extracted from the record's payload."""
    return plan_page(received, settings, what, content_type=content_type, payload=body)


def _plan_fetched(
    got: Fetched, source: str, settings: Settings, date_hint: str = "", feed: dict[str, object] | None = None
) -> Planned:
    details: dict[str, object] = {"http_status": got.status, "content_type": got.content_type}
    if got.redirects:
        details["redirected_to"] = got.url
    details.update(feed or {})
    retrieved, basis = got.retrieved, got.retrieved_basis
    if not retrieved:
        if not settings.retrieved:
            raise ClaimtrailError(
                source,
                "the server sent no Date header that can be read, so the day the page was retrieved is unknown",
                "pass --retrieved YYYY-MM-DD (the day you fetch it)",
            )
        retrieved, basis = settings.retrieved, "--retrieved"
    received = Received(got.body, ".html", got.requested, got.url, retrieved, basis, details)
    return plan_page(received, settings, source, date_hint=date_hint, content_type=got.content_type)


def _plan_feed(
    data: bytes, source: str, feed_url: str, settings: Settings, timeout: float
) -> Iterator[Planned | tuple[str, ClaimtrailError]]:
    """Each item's link, fetched; the item's date is a hint for a page that states none."""
    for n, item in enumerate(feed_items(data, source, feed_url), start=1):
        what = f"{source} item {n} ({item.link or 'no link'})"
        try:
            if not re.match(r"^https?://", item.link, flags=re.IGNORECASE):
                raise ClaimtrailError(what, "the item has no http(s) link", "the feed must give each item's address")
            got = fetch(item.link, timeout=timeout, feeds=False)
            feed = {"feed": source, "feed_item": n, "feed_date": item.date_hint}
            yield _plan_fetched(got, what, settings, date_hint=item.date_hint, feed=feed)
        except ClaimtrailError as exc:
            yield what, exc


def add_sources(root: Path, sources: Sequence[str], options: Options) -> AddResult:
    """Plan every source, refuse duplicates, write the good ones; nothing is written for a bad one."""
    settings = settings_for(root, options)
    known = known_articles(root)
    result = AddResult()
    for source in sources:
        try:
            for got in plan_source(source, replace(settings, taken_ids=frozenset(known.ids)), options.timeout):
                if isinstance(got, tuple):
                    result.failed.append(got)
                    continue
                held, why = known.duplicate_of(got)
                if held:
                    result.failed.append(
                        (
                            got.source,
                            ClaimtrailError(
                                got.source,
                                f"is already in raw/: {held} holds {why}",
                                f"nothing to add; curate it with `claimtrail draft {held}`",
                            ),
                        )
                    )
                    continue
                write_planned(root, got)
                known.take(got)
                result.added.append(got)
        except ClaimtrailError as exc:
            result.failed.append((source, exc))
    return result


def write_planned(root: Path, planned: Planned) -> None:
    """Write each file through a temporary file and a rename; the article file comes last, so an
    interrupted add leaves no article without its sidecar.  Existing files are never replaced."""
    raw = root / "raw"
    for rel in planned.files:
        if (raw / rel).exists():
            raise ClaimtrailError(
                f"raw/{rel}", "already exists", "remove it (and its sidecar) first if it is a mistake"
            )
    for rel, data in planned.files.items():
        target = raw / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".add-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def built_source_ids(root: Path) -> set[str] | None:
    """Source ids of the last build (build/data/sources.csv), None before the first build."""
    path = root / "build" / "data" / "sources.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["source_id"] for row in csv.DictReader(fh) if row.get("source_id")}


def report_lines(result: AddResult) -> tuple[list[str], list[str]]:
    """What `claimtrail add` prints: (each new source id with its files and the next step; each refused source)."""
    out: list[str] = []
    for p in result.added:
        for a in p.articles:
            out.append(
                f"added {a.source_id}: “{a.title}” — {a.publisher or 'publisher unknown'}, {a.published or 'date unknown'}"
            )
        out.extend(f"  wrote raw/{rel}" for rel in p.files)
    if result.added:
        first = next(n for n in result.added[0].files if n.endswith(ARTICLE_SUFFIXES))
        out.append(
            f"next: `claimtrail build` to put them in the data package, or `claimtrail draft raw/{first}` to curate one"
        )
    err = [f"not added: {what}\n  " + exc.message.replace("\n", "\n  ") for what, exc in result.failed]
    if result.failed:
        err.append(f"{len(result.added)} source(s) added, {len(result.failed)} refused")
    return out, err
