"""Helpers shared by every tier of the test suite (and by tests/data/update_snapshot.py).

Nothing here builds inside the repository: builds always run in a temporary
copy made by `copy_repo`.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from claimtrail.layout import ROOT_OUTPUTS
from claimtrail.raw import RawFile, decode_raw_file
from claimtrail.schema import DUCKDB_TYPES, TABLES, duckdb_ddl, sql_name

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_RAW = "raw/000_fb5d5de520412f3a.txt"
LOCK_FILE = "requirements/lock.txt"

CHECKS_DIR = REPO_ROOT / "tests" / "data" / "checks"
SNAPSHOT = REPO_ROOT / "tests" / "data" / "row_counts.json"
TABLE_NAMES = tuple(t.name for t in TABLES)


# --------------------------------------------------------------------------
# Raw files without files on disk
# --------------------------------------------------------------------------


def make_raw(text: str | bytes, *, kind: str = "article", path: str = "raw/test.txt") -> RawFile:
    """A RawFile for `text`, decoded through claimtrail.raw with a matching provenance."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return decode_raw_file(path, data, provenance_for(data, kind=kind, name=Path(path).name), path + ".provenance.yaml")


def provenance_for(data: bytes, *, kind: str = "article", name: str = "test.txt") -> dict[str, Any]:
    """A complete, correct provenance mapping for `data`."""
    return {
        "file": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "kind": kind,
        "description": "test file",
        "origin": "written by the test suite",
        "retrieved": "2026-01-01",
        "licence": "test",
    }


def seed_raw() -> RawFile:
    """The repository's seed compilation page, decoded and checked against its sidecar."""
    from claimtrail.raw import provenance_from_sidecar

    sidecar_rel = SEED_RAW + ".provenance.yaml"
    provenance = provenance_from_sidecar((REPO_ROOT / sidecar_rel).read_text(encoding="utf-8"), sidecar_rel)
    return decode_raw_file(SEED_RAW, (REPO_ROOT / SEED_RAW).read_bytes(), provenance, sidecar_rel)


# --------------------------------------------------------------------------
# Temporary repository copies, builds and the CLI
# --------------------------------------------------------------------------


def copy_repo(dest: Path, source: Path = REPO_ROOT, *, with_outputs: bool = False) -> Path:
    """Copy raw/, report/, mkdocs.yml, pyproject.toml and requirements/lock.txt (and, if asked, build/ —
    build/manifest.json included — and the root outputs, datapackage.json and CITATION.cff) of `source` into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "raw", dest / "raw")
    shutil.copy2(source / "pyproject.toml", dest / "pyproject.toml")
    # The site stage needs the named queries, templates, assets and mkdocs.yml.
    if (source / "report").is_dir():
        shutil.copytree(source / "report", dest / "report")
    if (source / "mkdocs.yml").is_file():
        shutil.copy2(source / "mkdocs.yml", dest / "mkdocs.yml")
    # The build manifest records the dependency lock as an input, and `claimtrail verify` checks it.
    if (source / LOCK_FILE).is_file():
        (dest / LOCK_FILE).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / LOCK_FILE, dest / LOCK_FILE)
    if with_outputs:
        shutil.copytree(source / "build", dest / "build")
        for name in ROOT_OUTPUTS:  # datapackage.json, CITATION.cff
            if (source / name).is_file():
                shutil.copy2(source / name, dest / name)
    return dest


def output_files(root: Path) -> dict[str, bytes]:
    """Every file `claimtrail build` writes (build/data/*.csv, datapackage.json and CITATION.cff), by relative path."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build" / "data").glob("*.csv"))}
    for name in ROOT_OUTPUTS:
        files[name] = (root / name).read_bytes()
    return files


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under build/ plus datapackage.json, to prove a failed build changed nothing."""
    digests = {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file()
    }
    digests["datapackage.json"] = hashlib.sha256((root / "datapackage.json").read_bytes()).hexdigest()
    return digests


def run_cli(
    args: Sequence[str],
    *,
    cwd: Path,
    timeout: float = 300,
    env: Mapping[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m claimtrail ARGS` in a fresh interpreter; internal-error logs go to cwd's temp dir.

    env: variables to set on top of this process's environment (a value of None unsets one).
    """
    env_vars = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            env_vars.pop(key, None)
        else:
            env_vars[key] = value
    log_dir = cwd / ".cli-tmp"
    log_dir.mkdir(exist_ok=True)
    env_vars["TMPDIR"] = str(log_dir)
    return subprocess.run(
        [sys.executable, "-m", "claimtrail", *args],
        cwd=cwd,
        env=env_vars,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def frictionless_validate(root: Path) -> subprocess.CompletedProcess[str]:
    """`frictionless validate datapackage.json` in `root`, with the frictionless CLI of this venv."""
    return subprocess.run(
        [venv_tool("frictionless"), "validate", "datapackage.json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def venv_tool(name: str) -> str:
    """Path of a console script installed beside the running interpreter (same venv)."""
    path = Path(sys.executable).parent / name
    assert path.is_file(), f"{name} is not installed beside {sys.executable}"
    return str(path)


# --------------------------------------------------------------------------
# CSV tables
# --------------------------------------------------------------------------


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv_rows(path: Path, rows: Sequence[Mapping[str, str]], fieldnames: Sequence[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fieldnames), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def count_rows(data_dir: Path) -> dict[str, int]:
    """Rows per table of build/data/*.csv (header excluded), in registry order."""
    return {name: len(read_csv_rows(data_dir / f"{name}.csv")) for name in TABLE_NAMES}


# --------------------------------------------------------------------------
# DuckDB
# --------------------------------------------------------------------------


def relaxed_ddl(name: str) -> str:
    """CREATE TABLE with the registry's columns and types but no keys or constraints,
    so that a deliberately broken table can still be loaded and checked."""
    t = next(t for t in TABLES if t.name == name)
    cols = ",\n  ".join(f"{sql_name(f.name)} {DUCKDB_TYPES[f.type]}" for f in t.fields)
    return f"CREATE TABLE {t.name} (\n  {cols}\n);"


def load_tables(data_dir: Path, *, constrained: bool = True) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding every table of `data_dir`.

    constrained: create the tables with claimtrail.schema.duckdb_ddl (keys, NOT NULL,
    enum checks), so the load itself already enforces them; otherwise only the columns
    and types, so that checks can be run against broken data.
    """
    con = duckdb.connect(":memory:")
    for t in TABLES:  # registry order: referenced tables come first
        con.execute(duckdb_ddl(t) if constrained else relaxed_ddl(t.name))
        csv_path = str(data_dir / f"{t.name}.csv").replace("'", "''")
        con.execute(
            f"COPY {t.name} FROM '{csv_path}' (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')"
        )
    return con


def check_files() -> list[Path]:
    return sorted(CHECKS_DIR.glob("*.sql"))


def run_check(con: duckdb.DuckDBPyConnection, check: Path) -> list[tuple[Any, ...]]:
    """The offending rows the check's query returns (none = pass)."""
    return con.execute(check.read_text(encoding="utf-8")).fetchall()
