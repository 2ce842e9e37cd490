"""ArticleBundle: what one article adds to the package (its CSV lines and what corpus-wide rows need), and its cache encoding."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..schema import TABLES
from .csv_format import csv_lines


@dataclass
class ArticleBundle:
    """What one article adds to the package: its CSV lines per table, and what corpus-wide rows need.

    `source` is its sources row and `linked` what the event tables read of its claim
    and figure rows that name an event (the events table counts them); `rows` holds every row only when they were
    just computed (a bundle read from the cache has CSV lines only).
    """

    key: str  # the hash of everything the rows depend on (their cache key)
    csv: dict[str, bytes]  # table name -> CSV lines (UTF-8), no header
    n_rows: dict[str, int]
    source: dict[str, Any]
    linked: list[dict[str, Any]]
    counts: dict[str, Any]  # the CorrectionCounts fields
    rows: dict[str, list[dict[str, Any]]] | None = None


def article_bundle(
    key: str,
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    counts: Mapping[str, Any],
    *,
    linked_fields: Sequence[str],
    keep_rows: bool = True,
) -> ArticleBundle:
    """The bundle of one article's rows (table name -> rows, the per-article tables only); of its claims and
    figures linked to an event it keeps the `linked_fields` (those the event tables read)."""
    by_name = {t.name: t for t in TABLES}
    return ArticleBundle(
        key=key,
        csv={name: csv_lines(by_name[name], table_rows).encode("utf-8") for name, table_rows in rows.items()},
        n_rows={name: len(table_rows) for name, table_rows in rows.items()},
        source=dict(rows["sources"][0]),
        linked=[
            {f: r[f] for f in linked_fields if f in r}
            for name in ("claims", "figures")
            for r in rows[name]
            if r["event_id"]
        ],
        counts=dict(counts),
        rows={name: [dict(r) for r in table_rows] for name, table_rows in rows.items()} if keep_rows else None,
    )


def encode_bundle(bundle: ArticleBundle) -> bytes:
    """A bundle as bytes: one JSON line (everything but the CSV text, plus each table's CSV byte
    length), then the CSV text of each table, concatenated as is (no JSON escaping to undo)."""
    header = {
        "csv_bytes": {name: len(data) for name, data in bundle.csv.items()},
        "n_rows": bundle.n_rows,
        "source": bundle.source,
        "linked": bundle.linked,
        "counts": bundle.counts,
    }
    line = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return line + b"\n" + b"".join(bundle.csv.values())


def decode_bundle(key: str, data: bytes) -> ArticleBundle:
    """The bundle encode_bundle wrote; ValueError if the bytes do not add up (a damaged entry)."""
    end = data.index(b"\n")
    header = json.loads(data[:end])
    csv: dict[str, bytes] = {}
    at = end + 1
    for name, size in header["csv_bytes"].items():
        if not isinstance(size, int) or size < 0 or at + size > len(data):
            raise ValueError("the bundle's CSV lengths do not match its bytes")
        csv[str(name)] = data[at : at + size]
        at += size
    if at != len(data):
        raise ValueError("the bundle has bytes after its CSV text")
    return ArticleBundle(
        key=key,
        csv=csv,
        n_rows={str(k): int(v) for k, v in header["n_rows"].items()},
        source=dict(header["source"]),
        linked=[dict(r) for r in header["linked"]],
        counts=dict(header["counts"]),
    )
