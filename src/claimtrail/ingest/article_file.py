"""The files `claimtrail add` writes for one article, as text: the article file with its front matter,
the provenance sidecar, and their deterministic names.  Pure: nothing here reads the clock or a disk.

A name is `<publisher>-<first words of the headline>-<8 hex of the text's sha256>`, so the same input
gives the same names and bytes, and two articles never share a name unless they share their text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..text import slugify
from . import RECEIVED_DIR

NAME_WORDS = 6
NAME_MAX = 70  # characters of the slug before the hash


@dataclass(frozen=True)
class Received:
    """The bytes as received and what is known about how they came."""

    data: bytes
    suffix: str  # .html, .warc.gz, .warc
    origin: str  # the URL, "FILE.warc.gz, record <id>", or the path given
    url: str  # the address the bytes came from ('' for a saved page that names none)
    retrieved: str  # YYYY-MM-DD
    retrieved_basis: str  # WARC-Date | HTTP Date header | --retrieved
    details: dict[str, Any] = field(default_factory=dict)  # HTTP status, content type, WARC record id, ...


@dataclass(frozen=True)
class ArticleMeta:
    """What the article file's front matter records."""

    title: str
    publisher: str
    author: str
    url: str
    published: str
    published_basis: str
    language: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_key(text: str) -> str:
    """sha256 of the text's letters and digits only, case-folded: equal for one story under two addresses."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    return sha256_hex("".join(c for c in norm if c.isalnum()).encode("utf-8"))


def article_name(publisher: str, title: str, text: str) -> str:
    """The deterministic base name (no suffix) of an article's files."""
    words = [w for w in slugify(title).split("-") if w][:NAME_WORDS]
    slug = "-".join(p for p in (slugify(publisher), "-".join(words)) if p)[:NAME_MAX].strip("-") or "article"
    return f"{slug}-{sha256_hex(text.encode('utf-8'))[:8]}"


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)


def article_text(meta: ArticleMeta, body: str, *, ident: str = "") -> str:
    """The article file: YAML front matter (fields the parser reads), a blank line, the body, a newline."""
    fm: dict[str, Any] = {"id": ident} if ident else {}
    fm.update({"title": meta.title, "publisher": meta.publisher})
    if meta.author:
        fm["author"] = meta.author
    fm["url"] = meta.url
    if meta.published:
        fm["published"] = meta.published
        fm["published_basis"] = meta.published_basis
    if meta.language:
        fm["language"] = meta.language
    return "---\n" + _dump(fm) + "---\n\n" + body.strip("\n") + "\n"


def received_path(name: str, suffix: str) -> str:
    """Path of the received bytes, relative to raw/."""
    return f"{RECEIVED_DIR}/{name}{suffix}"


def sidecar_text(
    file_name: str,
    data: bytes,
    *,
    kind: str,
    description: str,
    origin: str,
    retrieved: str,
    retrieved_basis: str,
    licence: str,
    received: dict[str, Any] | None = None,
    extractor: dict[str, str] | None = None,
) -> str:
    """The provenance sidecar (raw.REQUIRED_PROVENANCE, then what add knows about the received bytes)."""
    doc: dict[str, Any] = {
        "file": file_name,
        "sha256": sha256_hex(data),
        "bytes": len(data),
        "kind": kind,
        "description": description,
        "origin": origin,
        "retrieved": retrieved,
        "retrieved_basis": retrieved_basis,
        "licence": licence,
    }
    if received is not None:
        doc["received"] = received
    if extractor is not None:
        doc["extractor"] = extractor
    header = (
        f"# Provenance of raw/{file_name}, written by `claimtrail add`.\n"
        "# The raw file is kept byte for byte; the build refuses to run if its sha256 changes.\n"
        + (
            "# `received` names the bytes as received, kept unchanged under raw/received/.\n"
            if received is not None
            else ""
        )
    )
    return header + _dump(doc)


def page_description(meta: ArticleMeta, extractor: dict[str, str], received_file: str) -> str:
    """One sentence for the sidecar's description."""
    when = f", published {meta.published}" if meta.published else ", date of publication unknown"
    by = f" by {meta.author}" if meta.author else ""
    return (
        f"“{meta.title}”, {meta.publisher or 'publisher unknown'}{by}{when}.  The text is the page's main "
        f"text as extracted by {extractor['name']} {extractor['version']} (claimtrail rules {extractor['rules']}) "
        f"from raw/{received_file}, the bytes as received."
    )


def text_summary(text: str) -> str:
    """First words of a text, for messages."""
    words = re.sub(r"\s+", " ", text).strip()
    return words[:60] + ("…" if len(words) > 60 else "")
