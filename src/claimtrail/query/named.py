"""Named SQL: the questions of report/queries/*.sql, run against the DuckDB file.

Questions live in report/queries/*.sql, one per file, with a header comment saying what each
answers; parameters are DuckDB named parameters ($source_id, $event_id).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


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


def _subquery(query: NamedQuery) -> str:
    """The named query as a subquery aliased ct_q (filters and projections keep DuckDB's row order)."""
    return f"({query.sql.rstrip().rstrip(';')}) AS ct_q"


# Rows fetched at a time when a query's rows are streamed (digested, or only their keys kept).
DIGEST_BATCH_ROWS = 10_000


def key_columns_of(con: duckdb.DuckDBPyConnection, query: NamedQuery, columns: Sequence[str]) -> QueryResult:
    """Some columns of each row of a named query, in its order (a projection keeps DuckDB's order)."""
    picked = ", ".join(f"ct_q.{c}" for c in columns)
    cur = con.execute(f"SELECT {picked} FROM {_subquery(query)}")
    names = tuple(d[0] for d in cur.description or ())
    # Rows with the same keys are one shared dict (read only, like every row): one per source or
    # (event, source), not one per claim, whose hundreds of thousands would hold the corpus's size.
    shared: dict[tuple[Any, ...], dict[str, Any]] = {}
    rows = []
    while batch := cur.fetchmany(DIGEST_BATCH_ROWS):
        for r in batch:
            row = shared.get(r)
            if row is None:
                row = shared[r] = dict(zip(names, r, strict=True))
            rows.append(row)
    return QueryResult(query, names, tuple(rows))


def source_ids_of(con: duckdb.DuckDBPyConnection, query: NamedQuery) -> QueryResult:
    """The source_id of each row of a named query, in its order."""
    return key_columns_of(con, query, ("source_id",))


def digests_by_key(rows: Iterable[Mapping[str, Any]], key: str) -> dict[Any, str]:
    """key value -> sha256 of the repr of its rows (dicts in column order), in their order; the rows may stream."""
    hashes: dict[Any, Any] = {}
    for row in rows:
        h = hashes.get(row[key])
        if h is None:
            h = hashes[row[key]] = hashlib.sha256()
        h.update(repr(row).encode("utf-8") + b"\n")
    return {k: h.hexdigest() for k, h in hashes.items()}


def row_digests(con: duckdb.DuckDBPyConnection, query: NamedQuery, key: str) -> dict[Any, str]:
    """digests_by_key over a named query's rows, streamed: DIGEST_BATCH_ROWS at a time, never the whole result."""
    cur = con.execute(query.sql)
    columns = tuple(d[0] for d in cur.description or ())

    def stream() -> Iterator[dict[str, Any]]:
        while batch := cur.fetchmany(DIGEST_BATCH_ROWS):
            yield from (dict(zip(columns, r, strict=True)) for r in batch)

    return digests_by_key(stream(), key)


def fetch_for_keys(
    db_path: Path,
    queries: Mapping[str, NamedQuery],
    name: str,
    ids: Sequence[str] | None,
    key: str = "source_id",
) -> QueryResult:
    """A named query's rows whose `key` column is one of `ids` (all if None), in the query's order.

    Each call has its own connection, closed at once: DuckDB keeps what it read
    in memory while a connection is open, and the pages are rendered after this.
    """
    query = queries[name]
    if key not in ("source_id", "event_id"):
        raise ValueError(f"rows are fetched by source_id or event_id, not {key!r}")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if ids is None:
            return run_query(con, query)
        # A filter keeps the order of the query's rows (DuckDB preserves it through filters).
        sql = f"SELECT * FROM {_subquery(query)} WHERE ct_q.{key} IN (SELECT unnest($ct_ids))"
        got = run_query(con, NamedQuery(query.name, query.question, sql), {"ct_ids": list(ids)})
        return QueryResult(query, got.columns, got.rows)
    finally:
        con.close()
