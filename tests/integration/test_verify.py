"""Integration: `claimtrail verify` on copies of the session's build, untampered and tampered, and the
hashes that verification rests on (datapackage.json's resources and sources, build/manifest.json).

Every verify runs in its own copy of the session build (tests/conftest.py `built_root`); nothing is
changed in the repository.  A verify is a full rebuild, so the four verify runs happen once per module,
side by side, and the tests below read their results:

- untampered: a private copy of the build, as built;
- outputs: one byte changed in build/data/claims.csv and in datapackage.json, one CSV deleted, and the
  hash build/manifest.json records for one site page changed (each independent of the others, and each
  must be named on its own);
- annotation: one byte changed in an annotation file (the rebuild succeeds, its outputs differ);
- raw: one byte changed in the raw file (the rebuild fails: the raw file no longer matches its sidecar).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import claimtrail
from claimtrail.cache.versions import code_sha256
from claimtrail.output_hashes import CONTENT_HASHED, duckdb_content_sha256, output_sha256
from helpers import LOCK_FILE, REPO_ROOT, SEED_RAW, TABLE_NAMES, copy_repo, run_cli, tree_digest

pytestmark = pytest.mark.integration

TRACEBACK = "Traceback (most recent call last)"
MANIFEST = "build/manifest.json"
CLAIMS = "build/data/claims.csv"
DELETED_CSV = "build/data/events.csv"
SITE_PAGE = "build/site/index.html"
TABLE_HEADER = re.compile(
    r"^file +committed / recorded sha256 +rebuilt / current sha256 +status$",
    flags=re.MULTILINE,
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _flip_byte(path: Path, offset: int) -> int:
    """Replace the (ASCII) byte at `offset` with another ASCII letter; return its 1-based line."""
    data = bytearray(path.read_bytes())
    assert chr(data[offset]).isascii(), f"byte {offset} of {path} is not ASCII"
    data[offset] = ord("Z") if data[offset] != ord("Z") else ord("Y")
    path.write_bytes(bytes(data))
    return _line_of(bytes(data), offset)


def _first_letter_after(data: bytes, start: int) -> int:
    m = re.compile(rb"[A-Za-z]").search(data, start)
    assert m is not None
    return m.start()


# --------------------------------------------------------------------------
# The verify runs
# --------------------------------------------------------------------------


@dataclass
class Run:
    """One `claimtrail verify --root ROOT` and what was done to ROOT before it."""

    root: Path
    cwd: Path
    recorded: dict[str, Any]  # build/manifest.json as built, before any tampering
    facts: dict[str, Any] = field(default_factory=dict)  # what the tampering changed, for the assertions
    proc: subprocess.CompletedProcess[str] | None = None
    digest_before: dict[str, str] = field(default_factory=dict)

    @property
    def result(self) -> subprocess.CompletedProcess[str]:
        assert self.proc is not None
        return self.proc

    def table(self) -> dict[str, tuple[str, str, str]]:
        """The verify table: path -> (committed/recorded sha256, rebuilt/current sha256, status)."""
        out = self.result.stdout
        m = TABLE_HEADER.search(out)
        assert m is not None, f"no table header in stdout:\n{out}"
        rows: dict[str, tuple[str, str, str]] = {}
        for line in out[m.end() :].lstrip("\n").split("\n"):
            if not line.strip():
                break
            parts = line.split()
            assert len(parts) == 4, f"malformed table row {line!r}"
            assert parts[0] not in rows, f"{parts[0]} has two rows"
            rows[parts[0]] = (parts[1], parts[2], parts[3])
        assert rows, f"the table has no rows:\n{out}"
        return rows

    def not_ok(self) -> dict[str, str]:
        return {path: status for path, (_, _, status) in self.table().items() if status != "ok"}

    def problems(self) -> list[str]:
        """The '  - ...' problem lines verify printed on stderr (first line of each)."""
        return [line[4:] for line in self.result.stderr.split("\n") if line.startswith("  - ")]

    def problem_about(self, path: str) -> str:
        found = [p for p in self.problems() if p.startswith((f"{path} ", f"input {path} "))]
        assert found, f"no problem names {path}; stderr:\n{self.result.stderr}"
        return found[0]


def _tamper_outputs(root: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    # one byte of the third line (second data row) of claims.csv
    claims = root / CLAIMS
    data = claims.read_bytes()
    line3 = data.index(b"\n", data.index(b"\n") + 1) + 1
    facts["claims_line"] = _flip_byte(claims, _first_letter_after(data, line3))
    facts["claims_committed_line"] = claims.read_bytes().split(b"\n")[facts["claims_line"] - 1].decode("utf-8")
    # one byte of datapackage.json: a letter of the resources' first "name" key
    package = root / "datapackage.json"
    data = package.read_bytes()
    facts["package_line"] = _flip_byte(package, data.index(b'"name"', data.index(b'"resources"')) + 1)
    # a committed CSV deleted
    facts["deleted_sha256"] = _sha256(root / DELETED_CSV)
    (root / DELETED_CSV).unlink()
    # the hash recorded for a site page that is not committed
    manifest = root / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    true_hash = json.loads(text)["outputs"][SITE_PAGE]
    false_hash = true_hash[:-1] + ("0" if true_hash[-1] != "0" else "1")
    entry = f'"{SITE_PAGE}": "{true_hash}"'
    assert text.count(entry) == 1
    facts["manifest_line"] = text[: text.index(entry)].count("\n") + 1
    manifest.write_text(text.replace(entry, f'"{SITE_PAGE}": "{false_hash}"'), encoding="utf-8")
    facts["site_true_hash"], facts["site_false_hash"] = true_hash, false_hash
    return facts


def _tamper_annotation(root: Path) -> dict[str, Any]:
    """One byte of the first claim's claimant in the first annotation file: still a valid annotation."""
    path = sorted((root / "raw" / "annotations").glob("*.yaml"))[0]
    data = path.read_bytes()
    source_id = re.search(rb"^source_id: *(\S+)", data, flags=re.MULTILINE)
    claim_id = re.search(rb"^  - id: *(\S+)", data, flags=re.MULTILINE)
    claimant = re.search(rb'^    claimant: "(.)', data, flags=re.MULTILINE)
    assert source_id and claim_id and claimant, f"{path} has no claim with a quoted claimant"
    _flip_byte(path, claimant.start(1))
    rel = path.relative_to(root).as_posix()
    row_id = f"{source_id.group(1).decode()}-{claim_id.group(1).decode()},"
    lines = (root / CLAIMS).read_text(encoding="utf-8").split("\n")
    claims_line = next(n for n, line in enumerate(lines, start=1) if line.startswith(row_id))
    return {"path": rel, "sha256": _sha256(path), "claims_line": claims_line}


def _tamper_raw(root: Path) -> dict[str, Any]:
    path = root / SEED_RAW
    data = path.read_bytes()
    _flip_byte(path, _first_letter_after(data, len(data) // 2))
    return {"sha256": _sha256(path)}


TAMPERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "untampered": lambda _root: {},
    "outputs": _tamper_outputs,
    "annotation": _tamper_annotation,
    "raw": _tamper_raw,
}


@pytest.fixture(scope="module")
def runs(built_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Each case: a private copy of the session build, tampered, then `claimtrail verify` on it."""
    recorded = json.loads((built_root / MANIFEST).read_text(encoding="utf-8"))
    base = tmp_path_factory.mktemp("verify")
    out: dict[str, Run] = {}
    for case, tamper in TAMPERS.items():
        root = copy_repo(base / case / "repo", built_root, with_outputs=True)
        cwd = base / case / "cwd"
        cwd.mkdir()
        run = Run(root=root, cwd=cwd, recorded=recorded)
        run.facts = tamper(root)
        run.digest_before = tree_digest(root)
        out[case] = run

    def verify(run: Run) -> subprocess.CompletedProcess[str]:
        return run_cli(["verify", "--root", str(run.root)], cwd=run.cwd)

    with ThreadPoolExecutor(max_workers=len(out)) as pool:
        for run, proc in zip(out.values(), pool.map(verify, out.values()), strict=True):
            run.proc = proc
    yield out


@pytest.mark.parametrize("case", list(TAMPERS))
def test_verify_prints_no_traceback_and_leaves_the_repository_alone(runs: dict[str, Run], case: str) -> None:
    run = runs[case]
    for stream in (run.result.stdout, run.result.stderr):
        assert TRACEBACK not in stream
        assert "internal error" not in stream
    assert run.result.returncode in (0, 1), f"exit {run.result.returncode}\n{run.result.stderr}"
    assert tree_digest(run.root) == run.digest_before, "verify changed build/ or datapackage.json"
    assert [p.name for p in run.root.iterdir() if p.name.startswith("build.")] == []


# --------------------------------------------------------------------------
# 1. Untampered
# --------------------------------------------------------------------------


def test_verify_passes_on_an_untampered_build(runs: dict[str, Run]) -> None:
    run = runs["untampered"]
    assert run.result.returncode == 0, run.result.stdout[-3000:] + run.result.stderr
    assert TABLE_HEADER.search(run.result.stdout)
    assert "\nverify OK: " in run.result.stdout
    assert "verify FAILED" not in run.result.stderr
    assert run.not_ok() == {}


def test_verify_table_covers_every_input_and_output_of_the_manifest(runs: dict[str, Run]) -> None:
    run = runs["untampered"]
    table = run.table()
    recorded = {**run.recorded["inputs"], **run.recorded["outputs"]}
    assert set(recorded) <= set(table), f"not in the table: {sorted(set(recorded) - set(table))}"
    for rel, sha in recorded.items():
        if rel == "datapackage.json" or rel.startswith("build/data/"):
            continue  # compared with the committed file, whose hash is the same
        assert table[rel] == (sha, sha, "ok"), rel
    for rel in ["datapackage.json", MANIFEST, *(f"build/data/{t}.csv" for t in TABLE_NAMES)]:
        sha = _sha256(run.root / rel)
        assert table[rel] == (sha, sha, "ok"), rel
    assert "build/claimtrail.duckdb" in table
    assert table["build/claimtrail.duckdb"][0].startswith("content:")


# --------------------------------------------------------------------------
# 2. Tampered
# --------------------------------------------------------------------------


def test_tampered_outputs_fail_verify_and_exactly_those_are_named(runs: dict[str, Run]) -> None:
    run = runs["outputs"]
    assert run.result.returncode == 1, run.result.stdout[-3000:] + run.result.stderr
    assert "verify FAILED: 5 problem(s)" in run.result.stderr
    assert "verify OK" not in run.result.stdout
    assert set(run.not_ok()) == {CLAIMS, DELETED_CSV, "datapackage.json", MANIFEST, SITE_PAGE}


def test_one_byte_in_claims_csv_is_named_with_its_first_differing_line(runs: dict[str, Run]) -> None:
    run = runs["outputs"]
    problem = run.problem_about(CLAIMS)
    line = run.facts["claims_line"]
    assert problem.startswith(f"{CLAIMS} differs: first difference at line {line}: committed "), problem
    assert repr(run.facts["claims_committed_line"][:160]) in problem
    committed, rebuilt, status = run.table()[CLAIMS]
    assert status == "differs"
    assert committed == _sha256(run.root / CLAIMS)
    assert rebuilt == run.recorded["outputs"][CLAIMS]


def test_one_byte_in_datapackage_json_is_named_with_its_line(runs: dict[str, Run]) -> None:
    run = runs["outputs"]
    problem = run.problem_about("datapackage.json")
    assert problem.startswith(f"datapackage.json differs: first difference at line {run.facts['package_line']}: ")
    assert run.table()["datapackage.json"][2] == "differs"


def test_deleted_csv_is_named(runs: dict[str, Run]) -> None:
    run = runs["outputs"]
    assert run.problem_about(DELETED_CSV).startswith(DELETED_CSV)
    committed, rebuilt, status = run.table()[DELETED_CSV]
    assert (committed, rebuilt) == ("-", run.facts["deleted_sha256"])
    assert status != "ok"


def test_deleted_csv_is_reported_missing_not_new(runs: dict[str, Run]) -> None:
    """A committed table that was deleted is missing from the repository; calling it 'new' reads as
    if the rebuild had invented a table nobody committed."""
    run = runs["outputs"]
    assert run.table()[DELETED_CSV][2] == "missing"
    assert run.problem_about(DELETED_CSV) == f"{DELETED_CSV} missing"


def test_changed_recorded_hash_of_a_site_output_is_named(runs: dict[str, Run]) -> None:
    run = runs["outputs"]
    assert run.problem_about(SITE_PAGE) == f"{SITE_PAGE} differs"
    assert run.table()[SITE_PAGE] == (run.facts["site_false_hash"], run.facts["site_true_hash"], "differs")
    problem = run.problem_about(MANIFEST)
    assert problem.startswith(f"{MANIFEST} differs: first difference at line {run.facts['manifest_line']}: ")
    assert run.facts["site_false_hash"] in problem


def test_one_byte_in_an_annotation_file_names_it(runs: dict[str, Run]) -> None:
    run = runs["annotation"]
    rel = run.facts["path"]
    assert run.result.returncode == 1, run.result.stdout[-3000:] + run.result.stderr
    assert "verify FAILED" in run.result.stderr
    assert f"input {rel} changed since the committed build" in run.result.stderr
    assert run.table()[rel] == (run.recorded["inputs"][rel], run.facts["sha256"], "changed")
    # the rebuild succeeded and its claims differ from the committed ones at the edited claim's row
    assert "the rebuild from raw/ failed" not in run.result.stderr
    line = run.facts["claims_line"]
    assert run.problem_about(CLAIMS).startswith(f"{CLAIMS} differs: first difference at line {line}: ")
    assert {p for p, s in run.not_ok().items() if p.startswith("raw/")} == {rel}


def test_one_byte_in_the_raw_file_names_it(runs: dict[str, Run]) -> None:
    run = runs["raw"]
    assert run.result.returncode == 1, run.result.stdout[-3000:] + run.result.stderr
    assert "verify FAILED" in run.result.stderr
    assert f"input {SEED_RAW} changed since the committed build" in run.result.stderr
    assert run.table()[SEED_RAW] == (run.recorded["inputs"][SEED_RAW], run.facts["sha256"], "changed")
    assert set(run.not_ok()) == {SEED_RAW}
    # the rebuild refuses the changed raw file, and says why
    assert "the rebuild from raw/ failed" in run.result.stderr
    assert f"error: {SEED_RAW}: its sha256 is {run.facts['sha256']}" in run.result.stderr
    # only the copy was changed
    assert _sha256(REPO_ROOT / SEED_RAW) == run.recorded["inputs"][SEED_RAW]


# --------------------------------------------------------------------------
# 4. datapackage.json: every resource and source hash is its file's
# --------------------------------------------------------------------------


def test_every_resource_bytes_and_hash_match_its_file(built_root: Path) -> None:
    package = json.loads((built_root / "datapackage.json").read_text(encoding="utf-8"))
    paths = [r["path"] for r in package["resources"]]
    on_disk = sorted(p.relative_to(built_root).as_posix() for p in (built_root / "build" / "data").glob("*.csv"))
    assert sorted(paths) == on_disk == sorted(f"build/data/{t}.csv" for t in TABLE_NAMES)
    for r in package["resources"]:
        data = (built_root / r["path"]).read_bytes()
        assert r["bytes"] == len(data), r["path"]
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), r["path"]


def test_package_sources_list_every_raw_file_with_its_hash(built_root: Path) -> None:
    package = json.loads((built_root / "datapackage.json").read_text(encoding="utf-8"))
    raw_files = sorted(
        p.relative_to(built_root).as_posix()
        for p in (built_root / "raw").iterdir()
        if p.is_file() and p.suffix in {".txt", ".md"}
    )
    assert SEED_RAW in raw_files
    assert sorted(s["path"] for s in package["sources"]) == raw_files
    for s in package["sources"]:
        data = (built_root / s["path"]).read_bytes()
        assert s["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), s["path"]
        assert s["bytes"] == len(data), s["path"]


# --------------------------------------------------------------------------
# 5. build/manifest.json: every input and output, with correct hashes
# --------------------------------------------------------------------------


def _files(root: Path, folder: str, pattern: str = "*") -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in (root / folder).rglob(pattern)
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


@pytest.fixture(scope="module")
def manifest(built_root: Path) -> dict[str, Any]:
    return json.loads((built_root / MANIFEST).read_text(encoding="utf-8"))


def test_manifest_lists_every_input_with_its_hash(built_root: Path, manifest: dict[str, Any]) -> None:
    inputs = manifest["inputs"]
    expected = (
        _files(built_root, "raw")
        | _files(built_root, "report/queries", "*.sql")
        | _files(built_root, "report/templates")
        | _files(built_root, "report/assets")
        | {"mkdocs.yml", LOCK_FILE}
    )
    assert set(inputs) == expected
    kinds: dict[str, Callable[[str], bool]] = {
        "raw file": lambda p: p == SEED_RAW,
        "sidecar": lambda p: p == SEED_RAW + ".provenance.yaml",
        "annotation": lambda p: p.startswith("raw/annotations/") and p.endswith(".yaml"),
        "events": lambda p: p == "raw/events.yaml",
        "dataset": lambda p: p == "raw/dataset.yaml",
        "lock": lambda p: p == LOCK_FILE,
        "query": lambda p: p.startswith("report/queries/") and p.endswith(".sql"),
        "template": lambda p: p.startswith("report/templates/"),
        "mkdocs.yml": lambda p: p == "mkdocs.yml",
    }
    for kind, matches in kinds.items():
        assert any(matches(p) for p in inputs), f"no {kind} among the manifest's inputs"
    for rel, sha in inputs.items():
        assert sha == _sha256(built_root / rel), rel


def test_manifest_records_the_code_and_its_version(built_root: Path, manifest: dict[str, Any]) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["code_sha256"])
    assert manifest["code_sha256"] == code_sha256()
    assert manifest["claimtrail_version"] == claimtrail.__version__ == importlib.metadata.version("claimtrail")
    package = json.loads((built_root / "datapackage.json").read_text(encoding="utf-8"))
    assert manifest["dataset"] == package["name"]
    assert manifest["dataset_version"] == package["version"]
    created = datetime.fromisoformat(package["created"].replace("Z", "+00:00"))
    assert manifest["source_date_epoch"] == int(created.timestamp())


def test_manifest_lists_every_output_with_its_hash(built_root: Path, manifest: dict[str, Any]) -> None:
    outputs = manifest["outputs"]
    assert set(outputs) == (_files(built_root, "build") - {MANIFEST}) | {"datapackage.json", "CITATION.cff"}
    required = [
        "datapackage.json",
        "CITATION.cff",
        "build/claimtrail.duckdb",
        SITE_PAGE,
        *(f"build/data/{t}.csv" for t in TABLE_NAMES),
        *(f"build/parquet/{t}.parquet" for t in TABLE_NAMES),
    ]
    assert not [rel for rel in required if rel not in outputs]
    assert len([rel for rel in outputs if rel.startswith("build/site/")]) > 1
    assert any(rel.startswith("build/docs/") for rel in outputs)
    duckdb_files = [rel for rel in outputs if rel.endswith(CONTENT_HASHED)]
    assert {"build/claimtrail.duckdb", "build/dist/claimtrail.duckdb.gz"} <= set(duckdb_files)
    for rel, recorded in outputs.items():
        if rel.endswith(".duckdb"):
            assert recorded == "content:" + duckdb_content_sha256(built_root / rel), rel
        elif rel.endswith(CONTENT_HASHED):  # the gzip download: the content of the database it holds
            assert recorded == output_sha256(built_root / rel) == outputs["build/claimtrail.duckdb"], rel
        else:
            assert recorded == _sha256(built_root / rel), rel
