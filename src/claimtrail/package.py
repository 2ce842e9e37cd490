"""Stage 5, package: CSV bytes of each table and the datapackage.json descriptor.

Both are generated from the schema registry: the CSV columns are the declared
fields in declared order, and every resource's schema is the registry's Table
Schema.  CSV is UTF-8, RFC 4180 quoting, LF line endings, rows in a stable order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .hashing import sha256_hex
from .layout import DATA_DIR
from .schema import TABLES, Table

DIALECT = {
    "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
    "header": True,
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
}


@dataclass(frozen=True)
class RawSource:
    """A raw file listed among the package's sources."""

    path: str
    sha256: str
    size: int
    description: str
    origin: str
    retrieved: str
    licence: str


def format_cell(value: Any) -> str:
    """The CSV text of one cell: empty for missing, integral numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def csv_lines(table: Table, rows: Sequence[Mapping[str, Any]]) -> str:
    """RFC 4180 CSV lines (LF endings) of some of a table's rows, without the header."""
    buf = io.StringIO(newline="")
    # QUOTE_MINIMAL quotes a cell holding a character of the line terminator: with "\n" a cell
    # holding a lone CR (text from an old-Mac file) went unquoted and readers split the row
    # there.  So each row is written with "\r\n", whose last two characters become "\n".
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    lines = []
    for cells in ([format_cell(row[name]) for name in table.field_names] for row in rows):
        writer.writerow(cells)
        lines.append(buf.getvalue()[:-2] + "\n")
        buf.seek(0)
        buf.truncate()
    return "".join(lines)


def csv_header(table: Table) -> str:
    return ",".join(table.field_names) + "\n"


def table_csv(table: Table, rows: Sequence[Mapping[str, Any]]) -> bytes:
    """RFC 4180 CSV (LF line endings) of a table's rows, header first."""
    return (csv_header(table) + csv_lines(table, rows)).encode("utf-8")


@dataclass
class ArticleBundle:
    """What one article adds to the package: its CSV lines per table, and what corpus-wide rows need.

    `source` is its sources row and `linked` its claim and figure rows that name an
    event (the events table counts them); `rows` holds every row only when they were
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
    key: str, rows: Mapping[str, Sequence[Mapping[str, Any]]], counts: Mapping[str, Any], *, keep_rows: bool = True
) -> ArticleBundle:
    """The bundle of one article's rows (table name -> rows, the per-article tables only)."""
    by_name = {t.name: t for t in TABLES}
    return ArticleBundle(
        key=key,
        csv={name: csv_lines(by_name[name], table_rows).encode("utf-8") for name, table_rows in rows.items()},
        n_rows={name: len(table_rows) for name, table_rows in rows.items()},
        source=dict(rows["sources"][0]),
        linked=[dict(r) for name in ("claims", "figures") for r in rows[name] if r["event_id"]],
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


def created_timestamp(raw_sources: Sequence[RawSource]) -> str:
    """`created`, from the inputs: the latest date a raw file was received."""
    latest = max((s.retrieved for s in raw_sources), default="1970-01-01")
    return f"{latest}T00:00:00Z"


def source_date_epoch(created: str) -> int:
    """SOURCE_DATE_EPOCH for every timestamp a build writes: `created`, from the inputs."""
    import datetime as dt

    return int(dt.datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())


def descriptor(
    dataset: Mapping[str, Any],
    raw_sources: Sequence[RawSource],
    csv_bytes: Mapping[str, bytes],
) -> dict[str, Any]:
    """The datapackage.json descriptor (Data Package v2)."""
    resources = []
    for t in TABLES:
        data = csv_bytes[t.name]
        resources.append(
            {
                "$schema": "https://datapackage.org/profiles/2.0/dataresource.json",
                "name": t.name,
                "type": "table",
                "path": f"{DATA_DIR}/{t.name}.csv",
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": t.title,
                "description": f"{t.title}: {t.grain}. {t.description}",
                "bytes": len(data),
                "hash": "sha256:" + sha256_hex(data),
                "dialect": DIALECT,
                "schema": t.table_schema(),
            }
        )
    licence_note = str(dataset.get("raw_licence_note", "")).strip()
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": dataset["name"],
        "title": dataset["title"],
        "description": str(dataset["description"]).strip() + ("\n\n" + licence_note if licence_note else ""),
        "version": str(dataset["version"]),
        "created": created_timestamp(raw_sources),
        "keywords": list(dataset.get("keywords") or []),
        "licenses": list(dataset["licenses"]),
        "contributors": list(dataset["contributors"]),
        "sources": [
            {
                "title": s.path,
                "path": s.path,
                "description": s.description,
                "origin": s.origin,
                "retrieved": s.retrieved,
                "licence": s.licence,
                "bytes": s.size,
                "hash": "sha256:" + s.sha256,
            }
            for s in raw_sources
        ],
        "resources": resources,
    }


def descriptor_json(desc: Mapping[str, Any]) -> bytes:
    """Stable JSON text of the descriptor (key order as built, 2-space indent, LF)."""
    return (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
