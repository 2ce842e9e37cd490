"""The downloads the site offers: which files, in what order, with what label, and SHA256SUMS over them."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..hashing import file_sha256
from ..layout import CITATION, DATABASE_DOWNLOAD, PARQUET_DIR
from ..output_hashes import CONTENT_HASHED
from ..schema import TABLES

SHA256SUMS = "SHA256SUMS"


def download_files(staging: Path, zip_path: Path) -> list[tuple[str, Path, str]]:
    """(name, file in staging, label) of every download but SHA256SUMS, in the order the downloads page lists them.

    Each table is stored once per format: its CSV in the zip (beside the descriptor that validates it),
    its Parquet file, and its table in the DuckDB file.  No CSV or descriptor is offered loose as well.
    """
    entries: list[tuple[str, Path, str]] = [
        (
            zip_path.name,
            zip_path,
            f"every table as CSV, in one folder {zip_path.stem}/ with the Frictionless descriptor "
            "datapackage.json (schemas, licences, hashes), README.md, LICENCE.md and CITATION.cff",
        ),
        (CITATION, staging / CITATION, "how to cite the dataset (Citation File Format; also in the zip)"),
    ]
    for t in TABLES:
        entries.append(
            (f"{t.name}.parquet", staging / PARQUET_DIR / f"{t.name}.parquet", f"{t.title}, Parquet: {t.grain}")
        )
    entries.append(
        (
            Path(DATABASE_DOWNLOAD).name,
            staging / DATABASE_DOWNLOAD,
            "DuckDB database with every table, keys and column comments, readable by DuckDB 1.1 and later, "
            "gzip-compressed (gunzip it, then open claimtrail.duckdb). Its hash here is of the database's content "
            "(DuckDB files embed a random identifier, so their bytes differ between identical builds, and "
            "SHA256SUMS leaves it out): check it with 'claimtrail verify'",
        )
    )
    return entries


def is_database(name: str) -> bool:
    """True for the DuckDB file and its gzip download, whose bytes differ between identical builds."""
    return name.endswith(CONTENT_HASHED)


# zlib's level 6 (gzip's default): at 10,000 articles about 5 s for a six-fold smaller download.
GZIP_LEVEL = 6


def compress_database(db_path: Path, target: Path) -> Path:
    """Write `db_path` gzip-compressed to `target` (no name or time in the header); `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        db_path.open("rb") as src,
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=GZIP_LEVEL, fileobj=raw, mtime=0) as out,
    ):
        shutil.copyfileobj(src, out, 1 << 20)
    return target


def sha256sums(files: Sequence[tuple[str, Path]]) -> bytes:
    """SHA256SUMS text as `sha256sum` writes it (hash, two spaces, name), which `sha256sum -c` checks.

    The DuckDB download is left out: its bytes are not the same from one identical build to the next.
    """
    lines = [f"{file_sha256(path)}  {name}\n" for name, path in sorted(files) if not is_database(name)]
    return "".join(lines).encode("utf-8")


_FORMATS = {
    ".zip": "application/zip",
    ".json": "application/json",
    ".csv": "text/csv",
    ".parquet": "application/vnd.apache.parquet",
    ".duckdb": "application/vnd.duckdb",
    ".gz": "application/gzip",
    ".cff": "application/x-yaml",
}


def dataset_jsonld(dataset: Mapping[str, Any], created: str, downloads: Sequence[Mapping[str, Any]]) -> str:
    """schema.org Dataset JSON-LD of the home page (how dataset search engines find data), every download a distribution.

    `downloads` are the downloads table's rows (name, path under the site, label, bytes).
    """
    home = str(dataset.get("homepage") or "")
    out: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": str(dataset["title"]),
        "alternateName": str(dataset["name"]),
        "description": " ".join(str(dataset["description"]).split()),
        "version": str(dataset["version"]),
        "datePublished": created[:10],
        "keywords": [str(k) for k in dataset.get("keywords") or []],
        "license": [str(lic.get("path") or lic["name"]) for lic in dataset["licenses"]],
        "isAccessibleForFree": True,
        "creator": [{"@type": "Organization", "name": str(c["title"])} for c in dataset["contributors"]],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": str(d["name"]),
                "description": str(d["label"]),
                "encodingFormat": _FORMATS.get(Path(str(d["name"])).suffix, "text/plain"),
                "contentUrl": home + str(d["path"]),
            }
            | ({"contentSize": f"{d['bytes']} B"} if d.get("bytes") is not None else {})
            for d in downloads
        ],
    }
    if home:
        out["url"] = home
    if dataset.get("id"):
        out["identifier"] = str(dataset["id"])
    text = json.dumps(out, ensure_ascii=False, indent=1)
    return '<script type="application/ld+json">\n' + text.replace("</", "<\\/") + "\n</script>"
