"""The package's bytes from the written article tables and the event rows: the event CSVs and the descriptor (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..layout import CITATION, DATA_DIR, DESCRIPTOR
from ..schema import TABLES
from .bundle import ArticleBundle
from .csv_format import table_csv
from .descriptor import FileDigest, RawSource, descriptor, descriptor_json, digest_of
from .documents import citation_cff


@dataclass
class PackageBytes:
    """The assembled package: relative path -> bytes of what is left to write, the descriptor, rows per table
    (and the rows, if kept)."""

    descriptor: dict[str, Any]
    outputs: dict[str, bytes]
    row_counts: dict[str, int]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def assemble_package(
    dataset: Mapping[str, Any],
    raw_sources: Sequence[RawSource],
    bundles: Sequence[ArticleBundle],
    events: Mapping[str, list[dict[str, Any]]],
    written: Mapping[str, FileDigest],
    keep_tables: bool = True,
) -> PackageBytes:
    """The descriptor and the files left to write, given every article's bundle (in article order), the
    corpus-wide `events` tables and the `written` per-article tables (their CSV files' size and sha256: the
    runner writes each bundle's lines as it comes, so that no table is ever whole in memory).

    A table named in `events` (events, event_places, estimates) is written from those rows; every other table
    is the concatenation of the articles' CSV lines under one header, already written.
    """
    outputs: dict[str, bytes] = {}
    files: dict[str, FileDigest] = {}
    for t in TABLES:
        if t.name in events:
            data = table_csv(t, events[t.name])
            outputs[f"{DATA_DIR}/{t.name}.csv"] = data
            files[t.name] = digest_of(data)
        else:
            files[t.name] = written[t.name]
    desc = descriptor(dataset, raw_sources, files)
    outputs[DESCRIPTOR] = descriptor_json(desc)
    outputs[CITATION] = citation_cff(dataset, str(desc["created"]))
    row_counts = {
        t.name: len(events[t.name]) if t.name in events else sum(b.n_rows[t.name] for b in bundles) for t in TABLES
    }
    tables: dict[str, list[dict[str, Any]]] = {}
    if keep_tables:
        tables = {
            t.name: events[t.name] if t.name in events else [r for b in bundles for r in (b.rows or {})[t.name]]
            for t in TABLES
        }
    return PackageBytes(desc, outputs, row_counts, tables)
