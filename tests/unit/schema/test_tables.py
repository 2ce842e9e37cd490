"""The SQL files and the templates use only fields declared in the schema registry.

SQL is checked through DuckDB's own parser (json_serialize_sql): every column
reference must be a declared field or an alias the query itself defines, and
every table a declared table or a CTE.  Templates are checked through Jinja's
parser: every attribute read from a query row must be a declared field or a
column the named queries output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import jinja2.nodes
import pytest

from claimtrail.query import load_queries
from claimtrail.schema import TABLES, duckdb_ddl
from helpers import REPO_ROOT

QUERY_DIR = REPO_ROOT / "report" / "queries"
CHECK_DIR = REPO_ROOT / "tests" / "data" / "checks"
TEMPLATE_DIR = REPO_ROOT / "report" / "templates"
DECLARED_FIELDS = {f.name for t in TABLES for f in t.fields}
DECLARED_TABLES = {t.name for t in TABLES}

# Attributes templates read from objects that are not query rows: query results
# (rows, query), named queries (name, question, sql), the dataset metadata of
# raw/dataset.yaml, download entries, per-measure blocks, and the registry's
# own Table/Field/ForeignKey objects on the data dictionary page.
STRUCTURAL = {
    "rows",
    "query",
    "name",
    "question",
    "sql",
    "title",
    "description",
    "version",
    "licenses",
    "contributors",
    "raw_licence_note",
    "homepage",  # raw/dataset.yaml
    "citation",  # the dataset cited in one line (package.documents.citation_text)
    "path",
    "label",
    "bytes",
    "sha256",
    "measure",
    "estimates",
    "chart",
    "grain",
    "fields",
    "primary_key",
    "foreign_keys",
    "resource",
    "reference_fields",
    "type",
    "required",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "unit",
    "unique",
    "last",  # Jinja's loop.last
    "number",
    "url",
    "current",
    "gap",  # pages left out before a pager link
    "pager",  # the pager macro and its links
    "origin",  # a raw file's provenance, as datapackage.json's sources list it (source pages)
    "retrieved",
    "licence",
    "cite",  # the cite-this macro
}


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def sql_names(sql: str) -> tuple[set[str], set[str], set[str]]:
    """(column names referenced, aliases defined, tables referenced) of a SQL text."""
    con = duckdb.connect()
    ast = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])
    assert not ast["error"], ast
    columns: set[str] = set()
    aliases: set[str] = set()
    tables: set[str] = set()
    for node in _walk(ast):
        if node.get("class") == "COLUMN_REF":
            columns.add(node["column_names"][-1])
        if node.get("type") == "BASE_TABLE":
            tables.add(node["table_name"])
            if node.get("alias"):
                aliases.add(node["alias"])
        if isinstance(node.get("alias"), str) and node["alias"]:
            aliases.add(node["alias"])
        if "cte_map" in node:
            for entry in node["cte_map"]["map"]:
                aliases.add(entry["key"])
    return columns, aliases, tables


def sql_files() -> list[Path]:
    return sorted(QUERY_DIR.glob("*.sql")) + sorted(CHECK_DIR.glob("*.sql"))


@pytest.mark.parametrize("path", sql_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sql_uses_only_declared_fields(path: Path) -> None:
    columns, aliases, tables = sql_names(path.read_text(encoding="utf-8"))
    assert columns, f"{path.name} references no column"
    assert columns - DECLARED_FIELDS - aliases == set()
    assert tables - DECLARED_TABLES - aliases == set()


def test_the_sql_check_catches_an_undeclared_field() -> None:
    columns, aliases, _ = sql_names("SELECT c.claim_id, c.casualty_count AS n FROM claims AS c")
    assert columns - DECLARED_FIELDS - aliases == {"casualty_count"}


def query_output_columns() -> set[str]:
    """Columns every named query outputs, found by running it on an empty database."""
    con = duckdb.connect()
    for t in TABLES:
        con.execute(duckdb_ddl(t))
    out: set[str] = set()
    for q in load_queries(QUERY_DIR).values():
        params = {p: None for p in ("source_id", "event_id") if f"${p}" in q.sql}
        cur = con.execute(q.sql, params) if params else con.execute(q.sql)
        out |= {d[0] for d in cur.description}
    return out


def template_attributes(path: Path) -> set[str]:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)))
    tree = env.parse(path.read_text(encoding="utf-8"))
    return {n.attr for n in tree.find_all(jinja2.nodes.Getattr)}


def test_query_outputs_are_declared_fields_or_documented_aliases() -> None:
    outputs = query_output_columns()
    derived = outputs - DECLARED_FIELDS
    # Derived columns computed by the SQL itself, each documented in its query's header.
    assert derived <= {
        "n_events",
        "n_sentences",
        "n_sentences_with_claims",
        "n_publishers",
        "n_with_claims",
        "n_non_claims",
        "n_uncovered",
        "share_with_claims",
        "event_title",
        "source_title",
        "best",
        "high_open",
        "min_value",
        "max_value",
        "median_value",
        "spread",
        "relative_spread",
        "qualifiers",
        "is_earlier",
        "place_label",
        "is_machine",
        "is_machine_event",
        "link_score",
        "link_basis",
        "n_machine_figures",
        "n_occurrences",
    }, derived


@pytest.mark.parametrize("path", sorted(TEMPLATE_DIR.glob("*.j2")), ids=lambda p: p.name)
def test_templates_use_only_declared_fields(path: Path) -> None:
    allowed = DECLARED_FIELDS | query_output_columns() | STRUCTURAL
    assert template_attributes(path) - allowed == set()


def test_the_template_check_catches_an_undeclared_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("{% for c in claims.rows %}{{ c.casualty_count }}{% endfor %}", encoding="utf-8")
    allowed = DECLARED_FIELDS | query_output_columns() | STRUCTURAL
    assert template_attributes(bad) - allowed == {"casualty_count"}


@pytest.mark.parametrize(
    "path", sorted(p for p in TEMPLATE_DIR.glob("*.j2") if p.name != "_macros.j2"), ids=lambda p: p.name
)
def test_templates_hold_no_logic_beyond_loops_and_formatting(path: Path) -> None:
    """No assignments, arithmetic, comparisons or macros defined outside _macros: only loops, tests and formatting."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)))
    tree = env.parse(path.read_text(encoding="utf-8"))
    n = jinja2.nodes
    forbidden = (
        n.Assign,
        n.AssignBlock,
        n.Add,
        n.Sub,
        n.Mul,
        n.Div,
        n.FloorDiv,
        n.Mod,
        n.Pow,
        n.Compare,
        n.CallBlock,
        n.Macro,
    )
    found = [type(n).__name__ for n in tree.find_all(forbidden)]
    assert found == []
