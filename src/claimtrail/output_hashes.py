"""sha256 of each output of a build; DuckDB files by content; HashMemo reads each file (inode) once."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from .hashing import file_sha256, sha256_hex, sha256_of_parts

# Outputs compared by content rather than bytes: the DuckDB file and its gzip download.
CONTENT_HASHED = (".duckdb", ".duckdb.gz")


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

    def parts(con: duckdb.DuckDBPyConnection, exports: Path) -> Iterator[bytes]:
        for t in TABLES:
            cols = con.execute(
                "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [t.name],
            ).fetchall()
            yield json.dumps([t.name, cols], ensure_ascii=False).encode("utf-8")
            export = exports / f"{t.name}.parquet"
            if parquet_dir is None:
                export_parquet(con, t.name, export)
            yield sha256_hex(export.read_bytes()).encode("ascii") + b"\n"

    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET threads = 1")
        with tempfile.TemporaryDirectory(prefix="claimtrail-content-") as tmp:
            return sha256_of_parts(parts(con, parquet_dir or Path(tmp)))
    finally:
        con.close()


_CONTENT_BY_BYTES: dict[str, str] = {}  # file sha256 -> content sha256 (copies are hashed once)


def output_sha256(path: Path) -> str:
    """sha256 of an output file; 'content:<sha256>' for formats compared by content."""
    digest = file_sha256(path)
    if not path.name.endswith(CONTENT_HASHED):
        return digest
    if digest not in _CONTENT_BY_BYTES:
        _CONTENT_BY_BYTES[digest] = "content:" + (
            _gzipped_duckdb_content_sha256(path) if path.name.endswith(".gz") else duckdb_content_sha256(path)
        )
    return _CONTENT_BY_BYTES[digest]


def _gzipped_duckdb_content_sha256(path: Path) -> str:
    """duckdb_content_sha256 of the DuckDB file a .duckdb.gz holds (unpacked into a temporary file)."""
    import gzip
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimtrail-gunzip-") as tmp:
        db = Path(tmp) / path.name.removesuffix(".gz")
        with gzip.open(path, "rb") as src, db.open("wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        return duckdb_content_sha256(db)


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
