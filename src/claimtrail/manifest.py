"""The build manifest: hashes of every input and every output, so a user can see what produced what.

`build/manifest.json` is committed.  Its inputs are the raw files and their
sidecars, the annotations, events and dataset files, the named queries,
templates and site assets, mkdocs.yml, the dependency lock and the code
(claimtrail's version and a hash of its source files).  Its outputs are
datapackage.json, every table, Parquet file, the DuckDB file (by content:
DuckDB files carry a random identifier, so their bytes differ between
identical builds) and every file of the site.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MANIFEST = "build/manifest.json"
# Directories of build/ that hold no outputs: benchmark results and screenshots.
NOT_OUTPUTS = ("bench", "screenshots")
# Input files, as globs relative to the repository root.
INPUT_GLOBS = (
    "raw/*",
    "raw/annotations/*.yaml",
    "report/queries/*.sql",
    "report/templates/*",
    "report/assets/*",
    "mkdocs.yml",
    "requirements/lock.txt",
)
# Outputs compared by content rather than bytes.
CONTENT_HASHED = (".duckdb",)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def input_files(root: Path) -> list[str]:
    """Relative paths of every input file, sorted."""
    found: set[str] = set()
    for pattern in INPUT_GLOBS:
        for p in root.glob(pattern):
            if p.is_file() and not p.name.startswith("."):
                found.add(p.relative_to(root).as_posix())
    return sorted(found)


def code_sha256() -> str:
    """Hash of claimtrail's own source files (path and bytes of every .py module)."""
    package_dir = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(package_dir.rglob("*.py")):
        h.update(p.relative_to(package_dir).as_posix().encode("utf-8") + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def duckdb_content_sha256(path: Path, parquet_dir: Path | None = None) -> str:
    """Hash of a DuckDB file's content: every table's columns (name, type, comment) and rows in key order.

    The rows are hashed as the bytes of each table's Parquet export
    (query.export_parquet: key order, one thread, so the bytes depend only on
    the rows).  `parquet_dir` may hold those exports already, written from this
    very file (a build's build/parquet/); otherwise they are made in a
    temporary directory.
    """
    import tempfile

    import duckdb

    from .query import export_parquet
    from .schema import TABLES

    h = hashlib.sha256()
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET threads = 1")
        with tempfile.TemporaryDirectory(prefix="claimtrail-content-") as tmp:
            for t in TABLES:
                cols = con.execute(
                    "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                    [t.name],
                ).fetchall()
                h.update(json.dumps([t.name, cols], ensure_ascii=False).encode("utf-8"))
                export = (parquet_dir or Path(tmp)) / f"{t.name}.parquet"
                if parquet_dir is None:
                    export_parquet(con, t.name, export)
                h.update(sha256_bytes(export.read_bytes()).encode("ascii") + b"\n")
    finally:
        con.close()
    return h.hexdigest()


_CONTENT_BY_BYTES: dict[str, str] = {}  # file sha256 -> content sha256 (copies are hashed once)


def output_sha256(path: Path) -> str:
    """sha256 of an output file; 'content:<sha256>' for formats compared by content."""
    digest = file_sha256(path)
    if path.suffix not in CONTENT_HASHED:
        return digest
    if digest not in _CONTENT_BY_BYTES:
        _CONTENT_BY_BYTES[digest] = "content:" + duckdb_content_sha256(path)
    return _CONTENT_BY_BYTES[digest]


class HashMemo:
    """output_sha256 of files within one build, each file (inode) hashed once.

    Hard-linked copies (the site's downloads, pages linked from the page store)
    share an inode, so they are read once.  Pages the build already hashed when it
    wrote them are given in `known` (relative path -> sha256).  Only for files that
    are not changed after they are first hashed, as a build's outputs are not.
    """

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.known: dict[str, str] = dict(known or {})
        self._by_inode: dict[tuple[int, int, int, int], str] = {}

    def record(self, path: Path, digest: str) -> None:
        """The hash of a file, computed by its writer (a DuckDB file's content hash)."""
        st = path.stat()
        self._by_inode[(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)] = digest

    def sha256(self, path: Path, rel: str | None = None) -> str:
        if rel is not None and rel in self.known:
            return self.known[rel]
        st = path.stat()
        inode = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if inode not in self._by_inode:
            self._by_inode[inode] = output_sha256(path)
        return self._by_inode[inode]


def output_files(base: Path) -> list[str]:
    """Relative paths of every output under `base` (datapackage.json and build/, manifest excluded)."""
    out = ["datapackage.json"] if (base / "datapackage.json").is_file() else []
    skipped = tuple(f"build/{d}/" for d in NOT_OUTPUTS)
    found: list[str] = []
    # os.walk with strings: at 10,000 pages a pathlib walk costs a second.
    for directory, _, names in os.walk(base / "build"):
        prefix = os.path.relpath(directory, base).replace(os.sep, "/")
        for name in names:
            rel = f"{prefix}/{name}"
            if rel != MANIFEST and not rel.startswith(skipped) and os.path.isfile(os.path.join(directory, name)):
                found.append(rel)
    return out + sorted(found)


def manifest(
    *,
    dataset: Mapping[str, Any],
    version: str,
    source_date_epoch: int,
    inputs: Mapping[str, str],
    outputs: Mapping[str, str],
) -> dict[str, Any]:
    return {
        "dataset": dataset["name"],
        "dataset_version": str(dataset["version"]),
        "claimtrail_version": version,
        "code_sha256": code_sha256(),
        "source_date_epoch": source_date_epoch,
        "note": (
            "sha256 of every input and output of this build. Values written 'content:<sha256>' hash a "
            "file's content rather than its bytes (DuckDB files embed a random identifier). "
            "Check with: claimtrail verify"
        ),
        "inputs": dict(sorted(inputs.items())),
        "outputs": dict(sorted(outputs.items())),
    }


def manifest_json(m: Mapping[str, Any]) -> bytes:
    return (json.dumps(m, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
