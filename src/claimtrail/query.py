"""Stage 7, query: load the validated tables into DuckDB and run the named SQL files.

The DuckDB schema (types, NOT NULL, enums as CHECKs, primary and foreign keys,
column comments) comes from the schema registry.  Questions live in
report/queries/*.sql, one per file, with a header comment saying what each
answers; parameters are DuckDB named parameters ($source_id, $event_id).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .schema import TABLES, duckdb_comments, duckdb_ddl

QUERY_DIR = Path("report") / "queries"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str  # the header comment, joined
    sql: str


@dataclass(frozen=True)
class QueryResult:
    query: NamedQuery
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]


def parse_query(name: str, sql: str) -> NamedQuery:
    """A named query; its question is the leading '--' comment block."""
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    question = " ".join(header)
    question = re.sub(r"^Question:\s*", "", question)
    return NamedQuery(name=name, question=question, sql=sql.strip())


def load_queries(query_dir: Path) -> dict[str, NamedQuery]:
    return {p.stem: parse_query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(query_dir.glob("*.sql"))}


def create_database(con: duckdb.DuckDBPyConnection, csv_dir: Path) -> None:
    """Create every table from the registry and load its CSV into it."""
    for t in TABLES:
        con.execute(duckdb_ddl(t))
        for stmt in duckdb_comments(t):
            con.execute(stmt)
        csv_path = (csv_dir / f"{t.name}.csv").as_posix().replace("'", "''")
        columns = ", ".join(t.field_names)
        con.execute(
            f"INSERT INTO {t.name} ({columns}) SELECT {columns} FROM read_csv('{csv_path}', "
            "header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = false, "
            f"columns = {_column_types(t.name)}, nullstr = '', strict_mode = true)"
        )


def _column_types(table_name: str) -> str:
    from .schema import DUCKDB_TYPES, table

    t = table(table_name)
    inner = ", ".join(f"'{f.name}': '{DUCKDB_TYPES[f.type]}'" for f in t.fields)
    return "{" + inner + "}"


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


def write_database(db_path: Path, csv_dir: Path) -> None:
    """Write the DuckDB file: every table with its constraints, loaded from its CSV."""
    if db_path.exists():
        db_path.unlink()
    con = duckdb.connect(str(db_path))
    try:
        con.execute("SET threads = 1")  # a stable row order in every output
        create_database(con, csv_dir)
        con.execute("CHECKPOINT")
    finally:
        con.close()


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
    from .schema import table

    order = ", ".join(table(table_name).primary_key)
    path = target.as_posix().replace("'", "''")
    con.execute(f"COPY (SELECT * FROM {table_name} ORDER BY {order}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")


def run_query(
    con: duckdb.DuckDBPyConnection, query: NamedQuery, params: Mapping[str, Any] | None = None
) -> QueryResult:
    """Run a named query; the rows come back as dicts keyed by column name."""
    used = set(re.findall(r"\$([a-z_]+)", query.sql))
    bound = {k: v for k, v in (params or {}).items() if k in used}
    cur = con.execute(query.sql, bound) if bound else con.execute(query.sql)
    columns = tuple(d[0] for d in cur.description or ())
    rows = tuple(dict(zip(columns, r, strict=True)) for r in cur.fetchall())
    return QueryResult(query=query, columns=columns, rows=rows)
