"""The DuckDB file: every table created from the registry's DDL (keys, NOT NULL, comments), loaded from its CSV."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..layout import DUCKDB_CONFIG
from ..schema import DUCKDB_TYPES, TABLES, duckdb_comments, duckdb_ddl, sql_name, table


def create_database(con: duckdb.DuckDBPyConnection, csv_dir: Path) -> None:
    """Create every table from the registry and load its CSV into it."""
    for t in TABLES:
        con.execute(duckdb_ddl(t))
        for stmt in duckdb_comments(t):
            con.execute(stmt)
        csv_path = (csv_dir / f"{t.name}.csv").as_posix().replace("'", "''")
        columns = ", ".join(sql_name(n) for n in t.field_names)
        con.execute(
            f"INSERT INTO {t.name} ({columns}) SELECT {columns} FROM read_csv('{csv_path}', "
            "header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = false, "
            f"columns = {_column_types(t.name)}, nullstr = '', strict_mode = true)"
        )


def _column_types(table_name: str) -> str:
    t = table(table_name)
    inner = ", ".join(f"'{f.name}': '{DUCKDB_TYPES[f.type]}'" for f in t.fields)
    return "{" + inner + "}"


# The oldest DuckDB that must open the file: written in the storage format of DuckDB 1.1, which
# every DuckDB from 1.1 on reads (R, DBeaver, distributions' packages lag the newest release).
STORAGE_VERSION = "v1.1.0"


def write_database(db_path: Path, csv_dir: Path) -> None:
    """Write the DuckDB file, readable by DuckDB 1.1 and later: every table with its constraints, loaded from its CSV."""
    if db_path.exists():
        db_path.unlink()
    con = duckdb.connect(str(db_path), config={**DUCKDB_CONFIG, "storage_compatibility_version": STORAGE_VERSION})
    try:
        con.execute("SET threads = 1")  # a stable row order in every output
        create_database(con, csv_dir)
        con.execute("CHECKPOINT")
    finally:
        con.close()
