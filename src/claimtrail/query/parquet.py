"""Parquet: one file per table in primary-key order (bytes that depend only on the rows), partitioned datasets for large tables."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..schema import TABLES, table

# Tables with more rows than this are also written as Parquet datasets partitioned by
# a bucket of source_id (parquet/<table>/bucket=NN/*.parquet), which DuckDB reads with
# read_parquet('parquet/<table>/*/*.parquet', hive_partitioning = true).
PARTITION_ROWS = 100_000


PARTITION_BUCKETS = 16


def write_partitioned(con: duckdb.DuckDBPyConnection, table_name: str, order: str, directory: Path) -> None:
    """One table as a hive-partitioned Parquet dataset; the bucket depends only on source_id."""
    if directory.exists():
        import shutil

        shutil.rmtree(directory)
    target = directory.as_posix().replace("'", "''")
    bucket = f"lpad(CAST(abs(hash(source_id)) % {PARTITION_BUCKETS} AS VARCHAR), 2, '0')"
    con.execute(
        f"COPY (SELECT *, {bucket} AS bucket FROM {table_name} ORDER BY {order}) TO '{target}' "
        "(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (bucket), FILENAME_PATTERN 'part{i}')"
    )


def write_parquet(db_path: Path, parquet_dir: Path) -> None:
    """One Parquet file per table of the DuckDB file (and a partitioned dataset for large tables)."""
    parquet_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.execute("SET threads = 1")  # a stable row order in every output
        for t in TABLES:
            export_parquet(con, t.name, parquet_dir / f"{t.name}.parquet")
            n_rows = con.execute(f"SELECT count(*) FROM {t.name}").fetchone()
            if n_rows is not None and n_rows[0] > PARTITION_ROWS and "source_id" in t.field_names:
                write_partitioned(con, t.name, ", ".join(t.primary_key), parquet_dir / t.name)
    finally:
        con.close()


def export_parquet(con: duckdb.DuckDBPyConnection, table_name: str, target: Path) -> None:
    """One table as a Parquet file, rows in primary-key order.

    With `SET threads = 1` on the connection the bytes depend only on the
    table's content (and DuckDB's version), which is what the DuckDB file's
    content hash (manifest.duckdb_content_sha256) relies on.
    """

    order = ", ".join(table(table_name).primary_key)
    path = target.as_posix().replace("'", "''")
    con.execute(f"COPY (SELECT * FROM {table_name} ORDER BY {order}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
