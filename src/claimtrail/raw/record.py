"""One article of a raw file, as the parser returns it: its span, its metadata and its id."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..hashing import sha256_hex
from ..text import slugify
from .fields import cut_id

ARTICLE_SHAPES = ("compilation_page", "front_matter", "plain")


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a raw file, with its span and the metadata inferred for it."""

    source_id: str
    raw_path: str
    index: int  # position within the raw file, from 1
    char_start: int  # span of the article in the raw text: body and Source line
    char_end: int
    body_start: int  # span of the article body (no Source line, no front matter)
    body_end: int
    title: str
    publisher: str
    publisher_basis: str
    dateline: str
    published: str
    published_precision: str
    published_basis: str
    published_note: str
    url: str
    kind: str  # one of ARTICLE_SHAPES


def source_id_for(publisher: str, title: str, fallback: str) -> str:
    """Publisher slug plus the first four words of the title slug."""
    words = slugify(title).split("-")[:4]
    parts = [p for p in (slugify(publisher), "-".join(w for w in words if w)) if p]
    ident = "-".join(parts)
    return cut_id(ident or slugify(fallback) or "article")


def with_curated_metadata(article: Article, curated: dict[str, str]) -> Article:
    """The article with metadata a curator supplied (published date and its basis, url)."""
    return replace(article, **curated)  # type: ignore[arg-type]


def article_text(raw_text: str, article: Article) -> str:
    return raw_text[article.char_start : article.char_end]


def article_sha256(raw_text: str, article: Article) -> str:
    return sha256_hex(article_text(raw_text, article).encode("utf-8"))
