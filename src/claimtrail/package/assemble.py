"""The package's bytes from every article's bundle and the event rows: CSV files and the descriptor (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..layout import CITATION, DATA_DIR, DESCRIPTOR
from ..schema import TABLES
from .bundle import ArticleBundle
from .csv_format import csv_header, table_csv
from .descriptor import RawSource, descriptor, descriptor_json
from .documents import citation_cff


@dataclass
class PackageBytes:
    """The assembled package: relative path -> bytes, the descriptor, rows per table (and the rows, if kept)."""

    descriptor: dict[str, Any]
    outputs: dict[str, bytes]
    row_counts: dict[str, int]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def assemble_package(
    dataset: Mapping[str, Any],
    raw_sources: Sequence[RawSource],
    bundles: Sequence[ArticleBundle],
    events: Mapping[str, list[dict[str, Any]]],
    keep_tables: bool = True,
) -> PackageBytes:
    """CSV bytes and descriptor from every article's bundle (in article order) and the corpus-wide `events` tables.

    A table named in `events` (events, event_places) is written from those rows; every other
    table is the concatenation of the articles' CSV lines under one header.
    """
    csvs: dict[str, bytes] = {}
    for t in TABLES:
        if t.name not in events:
            csvs[t.name] = b"".join([csv_header(t).encode("utf-8"), *(b.csv[t.name] for b in bundles)])
        else:
            csvs[t.name] = table_csv(t, events[t.name])
    desc = descriptor(dataset, raw_sources, csvs)
    outputs = {f"{DATA_DIR}/{name}.csv": data for name, data in csvs.items()}
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
