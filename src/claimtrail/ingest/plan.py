"""What `add` will write for one source, computed in memory before anything is written.

`plan_page` turns received bytes into the three files of an article (the bytes as received, the
article file, the sidecar); `plan_text` turns a text file into the raw file and its sidecar.  Both
are pure: the same input gives the same bytes.  The source id is the one the build will derive,
because it is computed by parsing the planned file with the build's own parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import ClaimtrailError
from ..raw import decode_raw_file
from ..raw.articles import SOURCE_LINE, Article, parse_raw_file, source_id_for
from .article_file import (
    ArticleMeta,
    Received,
    article_name,
    article_text,
    page_description,
    received_path,
    sha256_hex,
    sidecar_text,
    text_key,
)
from .decode import decode_bytes
from .page import extract_page

SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+) -->")


@dataclass(frozen=True)
class Settings:
    """What the user said for every source of one `add`."""

    licence: str
    publisher: str = ""
    origin: str = ""
    retrieved: str = ""  # YYYY-MM-DD for files that carry no date
    taken_ids: frozenset[str] = frozenset()  # source ids already in raw/


@dataclass(frozen=True)
class Planned:
    """One article (or one text file's articles) ready to be written."""

    source: str  # what the user gave (path, URL, "FILE record N", "FEED item N")
    name: str
    files: dict[str, bytes]  # path relative to raw/ -> bytes; written in this order, the article file last
    articles: tuple[Article, ...]
    url: str
    text_keys: tuple[str, ...]
    received_sha256: str
    published_basis: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def saved_from(data: bytes) -> str:
    """The address a browser wrote into a saved page ('<!-- saved from url=(0042)https://... -->')."""
    m = SAVED_FROM.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else ""


def _parse_planned(path: str, data: bytes, sidecar: str) -> list[Article]:
    from ..raw import provenance_from_sidecar

    provenance = provenance_from_sidecar(sidecar, path + ".provenance.yaml")
    return parse_raw_file(decode_raw_file("raw/" + path, data, provenance, "raw/" + path + ".provenance.yaml"))


def plan_page(
    received: Received,
    settings: Settings,
    source: str,
    *,
    date_hint: str = "",
    content_type: str = "",
    payload: bytes | None = None,
) -> Planned:
    """The files of an article from a page's bytes, or a ClaimtrailError saying why it is not one.

    `payload` is the page inside the bytes kept (a WARC record's HTTP body); by default they are the page.
    """
    page_bytes = received.data if payload is None else payload
    decoded = decode_bytes(page_bytes, source, content_type)
    page = extract_page(decoded.text, received.url, source)
    m = page.meta
    published, basis = m.published, m.published_basis
    if not published and date_hint:
        published, basis = date_hint, "feed: the item's date in the feed (the page states none)"
    meta = ArticleMeta(
        title=m.title,
        publisher=settings.publisher or m.publisher,
        author="" if m.author.casefold() in (m.publisher.casefold(), settings.publisher.casefold()) else m.author,
        url=m.url,
        published=published,
        published_basis=basis,
        language=m.language,
    )
    name = article_name(meta.publisher, meta.title, page.text)
    kept = received_path(name, received.suffix)
    extractor = {"name": page.extractor, "version": page.extractor_version, "rules": page.rules_version}
    received_doc: dict[str, Any] = {
        "file": kept,
        "sha256": sha256_hex(received.data),
        "bytes": len(received.data),
        **({"payload_sha256": sha256_hex(payload), "payload_bytes": len(payload)} if payload is not None else {}),
        "url": received.url,
        "charset": decoded.charset,
        "charset_basis": decoded.basis,
        **received.details,
    }
    if settings.publisher:
        received_doc["publisher_given"] = settings.publisher
    file_name = f"{name}.md"
    derived = source_id_for(meta.publisher, meta.title, "raw/" + file_name)
    # Same publisher and first title words as an article already in raw/: give this one its own id.
    body = article_text(meta, page.text, ident=f"{derived}-{name[-8:]}" if derived in settings.taken_ids else "")
    sidecar = sidecar_text(
        file_name,
        body.encode("utf-8"),
        kind="article",
        description=page_description(meta, extractor, kept),
        origin=settings.origin or received.origin,
        retrieved=received.retrieved,
        retrieved_basis=received.retrieved_basis,
        licence=settings.licence,
        received=received_doc,
        extractor=extractor,
    )
    articles = _parse_planned(file_name, body.encode("utf-8"), sidecar)
    return Planned(
        source=source,
        name=name,
        files={
            kept: received.data,
            file_name + ".provenance.yaml": sidecar.encode("utf-8"),
            file_name: body.encode("utf-8"),
        },
        articles=tuple(articles),
        url=meta.url,
        text_keys=(text_key(page.text),),
        received_sha256=sha256_hex(received.data),
        published_basis=basis,
        details={"charset": decoded.charset, "charset_basis": decoded.basis},
    )


def plan_text(data: bytes, suffix: str, settings: Settings, source: str, retrieved_basis: str) -> Planned:
    """A plain-text or Markdown file, added as it is (UTF-8, front matter or plain, or a compilation page)."""
    if not data.strip():
        raise ClaimtrailError(source, "the file is empty", "give a file with the article's text")
    head = data[:1_000_000].decode("utf-8", "ignore")
    kind = "compilation_page" if SOURCE_LINE.search(head) and not head.lstrip("\ufeff").startswith("---") else "article"
    probe = {"sha256": sha256_hex(data), "bytes": len(data), "kind": kind}
    raw = decode_raw_file(source, data, probe, source)
    articles = parse_raw_file(raw)
    first = articles[0]
    name = article_name(first.publisher, first.title, raw.text)
    file_name = name + suffix
    titles = "; ".join(f"“{a.title}”" for a in articles[:5]) + (" …" if len(articles) > 5 else "")
    sidecar = sidecar_text(
        file_name,
        data,
        kind=kind,
        description=f"A text file of {len(articles)} article(s), added unchanged by `claimtrail add`: {titles}.",
        origin=settings.origin or f"the file {source}, handed to claimtrail add",
        retrieved=settings.retrieved,
        retrieved_basis=retrieved_basis,
        licence=settings.licence,
    )
    parsed = _parse_planned(file_name, data, sidecar)
    return Planned(
        source=source,
        name=name,
        files={file_name + ".provenance.yaml": sidecar.encode("utf-8"), file_name: data},
        articles=tuple(parsed),
        url=next((a.url for a in parsed if a.url), ""),
        text_keys=tuple(text_key(raw.text[a.body_start : a.body_end]) for a in parsed),
        received_sha256=sha256_hex(data),
    )


def with_source(planned: Planned, source: str) -> Planned:
    return replace(planned, source=source)
