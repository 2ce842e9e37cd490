"""Data checks written in SQL (tests/data/checks/*.sql), run with DuckDB over the built CSVs.

Each check is a query returning the offending rows: zero rows is a pass.  Every
check is also run against a deliberately broken copy of one table, to prove
that it can fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from claimtrail.runner import BuildResult
from claimtrail.schema import TABLES
from helpers import (
    CHECKS_DIR,
    SNAPSHOT,
    TABLE_NAMES,
    check_files,
    count_rows,
    load_tables,
    read_csv_rows,
    run_check,
    write_csv_rows,
)

pytestmark = pytest.mark.integration

Rows = list[dict[str, str]]
CHECKS = check_files()


@pytest.fixture(scope="module")
def data_dir(built_root: Path) -> Path:
    return built_root / "build" / "data"


@pytest.fixture(scope="module")
def con(data_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The built tables, created with claimtrail.schema.duckdb_ddl (keys, NOT NULL, enums) and loaded by COPY."""
    con = load_tables(data_dir, constrained=True)
    yield con
    con.close()


def test_there_are_checks() -> None:
    assert len(CHECKS) >= 15


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_passes_on_the_build(con: duckdb.DuckDBPyConnection, check: Path) -> None:
    offending = run_check(con, check)
    assert offending == [], f"{check.name} returned {len(offending)} offending row(s), e.g. {offending[:3]}"


def test_every_table_was_loaded(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    for name in TABLE_NAMES:
        (n,) = con.execute(f"SELECT count(*) FROM {name}").fetchone() or (0,)
        assert n == len(read_csv_rows(data_dir / f"{name}.csv"))
        if name == "event_links":  # one row per machine link: empty exactly when nothing is machine-linked
            (machine,) = con.execute(
                "SELECT (SELECT count(*) FROM claims WHERE event_link = 'machine')"
                " + (SELECT count(*) FROM figures WHERE event_link = 'machine')"
            ).fetchone() or (0,)
            assert (n > 0) == (machine > 0), f"event_links has {n} rows for {machine} machine links"
        else:
            assert n > 0, f"{name} is empty"


# --------------------------------------------------------------------------
# Each check can fail: run it against a copy with one table deliberately broken
# --------------------------------------------------------------------------


def _first(rows: Rows, *columns: str) -> dict[str, str]:
    """The first row whose `columns` are all non-empty."""
    return next(r for r in rows if all(r[c] for c in columns))


def _duplicate_first(rows: Rows) -> None:
    rows.append(dict(rows[0]))


def _set(column: str, value: str, *, where: tuple[str, ...] = ()) -> Callable[[Rows], None]:
    def mutate(rows: Rows) -> None:
        _first(rows, *where)[column] = value

    return mutate


def _value_above_high(rows: Rows) -> None:
    row = _first(rows, "value", "high")
    row["value"] = str(float(row["high"]) + 1)


def _open_bound_closed(rows: Rows) -> None:
    row = next(r for r in rows if r["qualifier"] in {"more_than", "at_least"})
    row["high"] = str(float(row["value"]) * 2)


def _low_above_high(rows: Rows) -> None:
    row = _first(rows, "low", "high")
    row["low"] = str(float(row["high"]) + 1)


def _best_above_high(rows: Rows) -> None:
    row = _first(rows, "best", "high")
    row["best"] = str(float(row["high"]) + 1)


# check name -> (table to break, how)
BREAKERS: dict[str, tuple[str, Callable[[Rows], None]]] = {
    **{f"unique_{t.name}": (t.name, _duplicate_first) for t in TABLES},
    "fk_claims_sources": ("claims", _set("source_id", "no-such-source")),
    "fk_claims_events": ("claims", _set("event_id", "no-such-event", where=("event_id",))),
    "fk_figures_claims": ("figures", _set("claim_id", "no-such-claim")),
    "fk_figures_sources": ("figures", _set("source_id", "no-such-source")),
    "fk_figures_events": ("figures", _set("event_id", "no-such-event", where=("event_id",))),
    "fk_event_places_events": ("event_places", _set("event_id", "no-such-event")),
    "fk_estimates_events": ("estimates", _set("event_id", "no-such-event")),
    "estimates_low_best_high_ordered": ("estimates", _best_above_high),
    "estimates_match_figures": ("estimates", _set("n_figures", "99")),
    "fk_sentences_sources": ("sentences", _set("source_id", "no-such-source")),
    "fk_mentions_sources": ("mentions", _set("source_id", "no-such-source")),
    "mentions_within_source": ("mentions", _set("char_end", "999999999")),
    "figures_value_within_bounds": ("figures", _value_above_high),
    "figures_bounds_follow_qualifier": ("figures", _open_bound_closed),
    "figures_low_le_high": ("figures", _low_above_high),
    "figures_match_their_claim": ("figures", _set("event_id", "", where=("event_id",))),
    "claims_within_source": ("claims", _set("char_end", "999999999")),
    "figures_within_claim": ("figures", _set("char_start", "0")),
    "sentences_within_source": ("sentences", _set("char_end", "999999999")),
    "events_dates_ordered": ("events", _set("date_start", "2099-01-01", where=("date_start", "date_end"))),
    "fk_event_links_sources": ("event_links", _set("source_id", "no-such-source")),
    "fk_event_links_claims": ("event_links", _set("claim_id", "no-such-claim")),
    "fk_event_links_events": ("event_links", _set("event_id", "no-such-event")),
    # the seeded link row has no machine-linked figure behind it, and that alone is the breakage
    "event_links_match_machine_links": ("event_links", lambda rows: None),
}


def test_every_check_has_a_breaker_and_every_breaker_a_check() -> None:
    assert sorted(BREAKERS) == sorted(p.stem for p in CHECKS)


def _link_row(data_dir: Path, fieldnames: list[str]) -> dict[str, str]:
    """A well-formed event_links row for the first figure on an event (the seed has no machine link of its own)."""
    figure = _first(read_csv_rows(data_dir / "figures.csv"), "event_id")
    row = dict.fromkeys(fieldnames, "")
    row.update(
        link_id=figure["figure_id"],
        source_id=figure["source_id"],
        claim_id=figure["claim_id"],
        figure_id=figure["figure_id"],
        event_id=figure["event_id"],
        mention_id=f"{figure['source_id']}#0",
        basis="sentence",
        score="1.0",
        raw_path=figure["raw_path"],
        review_status="machine",
        **{f"{feature}_matched": "unknown" for feature in ("date", "place", "type", "actor")},
    )
    return row


def _broken_copy(data_dir: Path, dest: Path, table: str, mutate: Callable[[Rows], None]) -> Path:
    """A copy of build/data in `dest` with `table` changed by `mutate`; an empty table first gets a row to break."""
    shutil.copytree(data_dir, dest)
    rows = read_csv_rows(dest / f"{table}.csv")
    with (dest / f"{table}.csv").open(encoding="utf-8") as fh:
        fieldnames = fh.readline().rstrip("\n").split(",")
    if not rows and table == "event_links":
        rows.append(_link_row(dest, fieldnames))
    mutate(rows)
    write_csv_rows(dest / f"{table}.csv", rows, fieldnames)
    return dest


@pytest.fixture(scope="module")
def relaxed_con(data_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The intact tables loaded the way the broken copies are: columns and types, no constraints."""
    con = load_tables(data_dir, constrained=False)
    yield con
    con.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_fails_on_a_broken_copy(
    data_dir: Path, relaxed_con: duckdb.DuckDBPyConnection, tmp_path: Path, check: Path
) -> None:
    table, mutate = BREAKERS[check.stem]
    # the intact tables pass when loaded the same way, so the failure below is the breakage's
    assert run_check(relaxed_con, check) == []
    con = load_tables(_broken_copy(data_dir, tmp_path / "data", table, mutate), constrained=False)
    try:
        offending = run_check(con, check)
    finally:
        con.close()
    assert len(offending) == 1, f"{check.name} should report exactly the broken row, got {offending}"


def test_ddl_constraints_refuse_a_duplicate_key(data_dir: Path, tmp_path: Path) -> None:
    """Loading through schema.duckdb_ddl is itself a check: a duplicated claim_id does not load."""
    broken = _broken_copy(data_dir, tmp_path / "data", "claims", _duplicate_first)
    with pytest.raises(duckdb.ConstraintException):
        load_tables(broken, constrained=True)


# --------------------------------------------------------------------------
# The checks themselves and the registry
# --------------------------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_starts_with_a_header_comment(check: Path) -> None:
    lines = check.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("-- check: "), f"{check.name} must start with '-- check: <what it checks>'"
    assert any(line.startswith("-- returns: ") for line in lines if line.startswith("--"))


def test_every_primary_key_and_foreign_key_of_the_registry_has_a_check() -> None:
    names = {p.stem for p in CHECKS}
    for t in TABLES:
        assert f"unique_{t.name}" in names
        for col in t.primary_key:
            assert col in (CHECKS_DIR / f"unique_{t.name}.sql").read_text(encoding="utf-8")
        for fk in t.foreign_keys:
            assert f"fk_{t.name}_{fk.resource}" in names


# --------------------------------------------------------------------------
# Row counts snapshot
# --------------------------------------------------------------------------


def test_row_counts_match_the_snapshot(data_dir: Path) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert count_rows(data_dir) == expected, (
        "the number of rows changed; if that is intended, run 'python tests/data/update_snapshot.py' and commit"
    )


def test_row_counts_match_the_build_result(data_dir: Path, seed_build: tuple[Path, BuildResult]) -> None:
    assert count_rows(data_dir) == seed_build[1].counts()


def test_update_snapshot_script_writes_the_counts(built_root: Path, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "row_counts.json"
    script = Path(__file__).with_name("update_snapshot.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--from-build", str(built_root), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == count_rows(data_dir)
    assert out.read_text(encoding="utf-8").endswith("}\n")
