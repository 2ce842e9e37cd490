"""The schema registry: the datapackage descriptor and the DuckDB DDL generated from it."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from claimtrail import schema
from claimtrail.package import descriptor, digest_of, table_csv
from claimtrail.schema import TABLES, duckdb_comments, duckdb_ddl
from helpers import TABLE_NAMES

# Every coded field and the vocabulary it must be constrained to.
CODED_FIELDS = {
    ("sources", "published_precision"): schema.PUBLISHED_PRECISIONS,
    ("sources", "review_status"): schema.REVIEW_STATUSES,
    ("events", "event_type"): schema.EVENT_TYPES,
    ("events", "date_precision"): schema.DATE_PRECISIONS,
    ("events", "geo_precision"): schema.GEO_PRECISIONS,
    ("events", "corroboration"): schema.CORROBORATION_STATUSES,
    ("event_places", "geo_precision"): schema.GEO_PRECISIONS,
    ("claims", "claimant_type"): schema.CLAIMANT_TYPES,
    ("claims", "claim_type"): schema.CLAIM_TYPES,
    ("claims", "review_status"): schema.REVIEW_STATUSES,
    ("figures", "measure"): schema.MEASURES,
    ("figures", "qualifier"): schema.QUALIFIERS,
    ("figures", "review_status"): schema.REVIEW_STATUSES,
    ("estimates", "measure"): schema.MEASURES,
    ("estimates", "rule"): schema.ESTIMATE_RULES,
    ("estimates", "high_bound"): schema.ESTIMATE_HIGH_BOUNDS,
    ("sentences", "coverage"): schema.SENTENCE_COVERAGE,
    ("sentences", "non_claim_reason"): schema.NON_CLAIM_REASONS,
    ("mentions", "kind"): schema.MENTION_KINDS,
    ("mentions", "date_precision"): schema.DATE_PRECISIONS,
    ("mentions", "review_status"): schema.REVIEW_STATUSES,
    ("events", "review_status"): schema.REVIEW_STATUSES,
    ("claims", "event_link"): schema.EVENT_LINKS,
    ("figures", "event_link"): schema.EVENT_LINKS,
    ("event_links", "review_status"): schema.REVIEW_STATUSES,
    **{("event_links", f"{f}_matched"): schema.LINK_MATCHES for f in ("date", "place", "type", "actor")},
    ("event_links", "basis"): ("clause", "sentence", "context", "main", "claim"),
}
CODED_SUFFIXES = ("_type", "_status", "_precision", "_reason")
REQUIRED_FOREIGN_KEYS = {
    ("claims", "source_id", "sources", "source_id"),
    ("claims", "event_id", "events", "event_id"),
    ("figures", "claim_id", "claims", "claim_id"),
    ("figures", "source_id", "sources", "source_id"),
    ("figures", "event_id", "events", "event_id"),
    ("estimates", "event_id", "events", "event_id"),
    ("event_links", "event_id", "events", "event_id"),
    ("event_links", "claim_id", "claims", "claim_id"),
}
DATASET = {
    "name": "test-package",
    "title": "Test package",
    "version": "0.0.1",
    "description": "A package built from no rows.",
    "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
    "contributors": [{"title": "tests"}],
}


@pytest.fixture(scope="module")
def desc() -> dict[str, Any]:
    return descriptor(DATASET, (), {t.name: digest_of(table_csv(t, [])) for t in TABLES})


def _resources(desc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in desc["resources"]}


def _fields(desc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(r["name"], f) for r in desc["resources"] for f in r["schema"]["fields"]]


def test_descriptor_is_a_data_package_v2(desc: dict[str, Any]) -> None:
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for r in desc["resources"]:
        assert r["$schema"] == "https://datapackage.org/profiles/2.0/dataresource.json"
        assert r["schema"]["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json"


def test_descriptor_has_one_resource_per_table(desc: dict[str, Any]) -> None:
    assert [r["name"] for r in desc["resources"]] == list(TABLE_NAMES)
    assert set(TABLE_NAMES) >= {"sources", "events", "claims", "figures", "sentences"}
    for r in desc["resources"]:
        assert r["path"] == f"build/data/{r['name']}.csv"
        assert r["hash"].startswith("sha256:")


def test_every_resource_has_a_primary_key_of_declared_fields(desc: dict[str, Any]) -> None:
    for r in desc["resources"]:
        pk = r["schema"].get("primaryKey")
        assert pk, f"{r['name']} has no primaryKey"
        names = {f["name"] for f in r["schema"]["fields"]}
        assert set(pk) <= names


def test_required_foreign_keys_are_declared(desc: dict[str, Any]) -> None:
    declared = {
        (r["name"], fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
        for r in desc["resources"]
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert declared >= REQUIRED_FOREIGN_KEYS


def test_foreign_keys_point_at_declared_keys(desc: dict[str, Any]) -> None:
    resources = _resources(desc)
    for r in desc["resources"]:
        for fk in r["schema"].get("foreignKeys", []):
            target = resources[fk["reference"]["resource"]]
            assert fk["reference"]["fields"] == target["schema"]["primaryKey"]


@pytest.mark.parametrize(("table", "field"), sorted(CODED_FIELDS), ids=lambda x: str(x))
def test_coded_fields_have_enum_constraints(desc: dict[str, Any], table: str, field: str) -> None:
    f = next(f for f in _resources(desc)[table]["schema"]["fields"] if f["name"] == field)
    assert f["constraints"]["enum"] == list(CODED_FIELDS[(table, field)])


def test_every_field_that_looks_coded_is_listed_and_constrained(desc: dict[str, Any]) -> None:
    """A new *_type/*_status/*_precision/*_reason field must get an enum too (and be added above)."""
    for table, f in _fields(desc):
        if f["name"].endswith(CODED_SUFFIXES) or f["name"] in {"measure", "qualifier", "coverage", "corroboration"}:
            assert (table, f["name"]) in CODED_FIELDS, f"{table}.{f['name']} looks coded but is not listed"
            assert "enum" in f.get("constraints", {}), f"{table}.{f['name']} has no enum"


def test_every_field_has_a_description(desc: dict[str, Any]) -> None:
    for table, f in _fields(desc):
        assert isinstance(f.get("description"), str) and len(f["description"].strip()) >= 10, f"{table}.{f['name']}"
    for r in desc["resources"]:
        assert r["description"].strip()


def test_qualifier_rules_are_documented_in_the_figures_schema(desc: dict[str, Any]) -> None:
    figures = _resources(desc)["figures"]
    qualifier = next(f for f in figures["schema"]["fields"] if f["name"] == "qualifier")
    for words in ("round(0.9 × value)", "low = value (an exclusive bound", "hundreds 200–999"):
        assert words in qualifier["description"]


# --------------------------------------------------------------------------
# DuckDB DDL
# --------------------------------------------------------------------------


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    for t in TABLES:  # registry order: referenced tables first
        con.execute(duckdb_ddl(t))
        for statement in duckdb_comments(t):
            con.execute(statement)
    return con


def test_duckdb_ddl_creates_every_table_with_its_columns(con: duckdb.DuckDBPyConnection) -> None:
    for t in TABLES:
        cols = [r[0] for r in con.execute(f"SELECT * FROM {t.name} LIMIT 0").description]
        assert cols == list(t.field_names)


def test_duckdb_columns_carry_the_descriptions(con: duckdb.DuckDBPyConnection) -> None:
    comment = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'claims' AND column_name = 'quote'"
    ).fetchone()
    assert comment is not None and "raw_text[char_start:char_end]" in comment[0]


def _insert_source(con: duckdb.DuckDBPyConnection, **overrides: object) -> None:
    row: dict[str, object] = {
        "source_id": "s1",
        "title": "T",
        "published_precision": "unknown",
        "raw_path": "raw/a.txt",
        "raw_sha256": "0" * 64,
        "char_start": 0,
        "char_end": 10,
        "text_sha256": "0" * 64,
        "word_count": 2,
        "n_claims": 0,
        "n_figures": 0,
        "review_status": "curated",
    }
    row.update(overrides)
    con.execute(f"INSERT INTO sources ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))


def test_duckdb_ddl_enforces_keys_and_vocabularies(con: duckdb.DuckDBPyConnection) -> None:
    _insert_source(con)
    with pytest.raises(duckdb.ConstraintException):
        _insert_source(con)  # duplicate primary key
    with pytest.raises(duckdb.ConstraintException):
        _insert_source(con, source_id="s2", review_status="guessed")  # not in the vocabulary
    with pytest.raises(duckdb.ConstraintException):
        _insert_source(con, source_id="s3", title=None)  # required
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO claims (claim_id, source_id, claimant, claimant_type, claim_type, quote, char_start, char_end, "
            "line, raw_path, review_status) VALUES ('c', 'no-such-source', 'x', 'outlet', 'context', 'q', 0, 1, 1, 'r', 'curated')"
        )
