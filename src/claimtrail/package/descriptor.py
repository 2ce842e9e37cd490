"""datapackage.json: the descriptor, generated from the schema registry, and the build's timestamps (from the inputs)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..hashing import sha256_hex
from ..layout import DATA_DIR
from ..schema import TABLES
from .csv_format import DIALECT


@dataclass(frozen=True)
class FileDigest:
    """A written file's size and sha256 (a table's CSV, hashed as it is written or from its bytes)."""

    size: int
    sha256: str


def digest_of(data: bytes) -> FileDigest:
    return FileDigest(len(data), sha256_hex(data))


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
    csv_files: Mapping[str, FileDigest],
) -> dict[str, Any]:
    """The datapackage.json descriptor (Data Package v2), given each table's CSV size and sha256."""
    resources = []
    for t in TABLES:
        data = csv_files[t.name]
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
                "bytes": data.size,
                "hash": "sha256:" + data.sha256,
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
        **{key: str(dataset[key]) for key in ("id", "homepage") if dataset.get(key)},
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
