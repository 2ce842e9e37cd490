"""Stage 7, query: the DuckDB file, Parquet exports, and the named SQL of report/queries/ (writes files).

* `named`: NamedQuery and QueryResult, loading report/queries/*.sql, running a query (for some sources or events only,
  or its rows' digests by key);
* `database`: write_database, the DDL from the schema registry, the CSV loaded;
* `parquet`: write_parquet, export_parquet, partitioned datasets.
"""

from __future__ import annotations

from .database import create_database, write_database
from .named import (
    NamedQuery,
    QueryResult,
    digests_by_key,
    fetch_for_keys,
    key_columns_of,
    load_queries,
    parse_query,
    row_digests,
    run_query,
    source_ids_of,
)
from .parquet import export_parquet, write_parquet

__all__ = [
    "NamedQuery",
    "QueryResult",
    "create_database",
    "digests_by_key",
    "export_parquet",
    "fetch_for_keys",
    "key_columns_of",
    "load_queries",
    "parse_query",
    "row_digests",
    "run_query",
    "source_ids_of",
    "write_database",
    "write_parquet",
]
