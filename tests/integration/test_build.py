"""Integration: build the real raw/ corpus in temporary copies, validate it, and break it on purpose.

Never builds inside the repository: every build runs in a copy under tmp_path
(the session's shared build is the `built_root` fixture of tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.runner import BuildOptions, build
from helpers import (
    REPO_ROOT,
    SEED_RAW,
    copy_repo,
    frictionless_validate,
    output_files,
    read_csv_rows,
    run_cli,
    tree_digest,
)

pytestmark = pytest.mark.integration

ANNOTATIONS = "raw/annotations"
TRACEBACK = "Traceback (most recent call last)"


def _leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in root.iterdir() if p.name.startswith(("build.staging-", "build.previous-", "build.commit-"))
    )


def _assert_one_error_message(proc: subprocess.CompletedProcess[str], file: str) -> None:
    """Exit code 2, no traceback, and exactly one 'error: FILE...' message with its fix."""
    assert proc.returncode == 2, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    assert TRACEBACK not in proc.stderr
    assert TRACEBACK not in proc.stdout
    assert proc.stderr.startswith(f"error: {file}"), proc.stderr
    assert proc.stderr.count("error:") == 1, proc.stderr
    assert proc.stderr.count("\n  fix: ") == 1, proc.stderr
    assert "internal error" not in proc.stderr


def _first_annotation(root: Path) -> Path:
    return sorted((root / ANNOTATIONS).glob("*.yaml"))[0]


def _corrupt_first_quote(root: Path) -> Path:
    """Change one character of the first claim quote of the first annotation file."""
    path = _first_annotation(root)
    text = path.read_text(encoding="utf-8")
    m = re.search(r'^    quote: "(.)', text, flags=re.MULTILINE)
    assert m is not None, f"no quote in {path}"
    replacement = "Q" if m.group(1) != "Q" else "Z"
    path.write_text(text[: m.start(1)] + replacement + text[m.end(1) :], encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# The seed build
# --------------------------------------------------------------------------


def test_frictionless_cli_validates_the_package(built_root: Path) -> None:
    proc = frictionless_validate(built_root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "INVALID" not in proc.stdout


def test_frictionless_cli_rejects_a_table_edited_after_the_build(built_copy: Path) -> None:
    """The validation above can fail: a hand-edited CSV no longer matches its recorded hash."""
    claims = built_copy / "build" / "data" / "claims.csv"
    claims.write_bytes(claims.read_bytes().replace(b"curated", b"reviewed", 1))
    proc = frictionless_validate(built_copy)
    assert proc.returncode != 0
    assert "INVALID" in proc.stdout


def _raw_texts(root: Path) -> dict[str, str]:
    """Raw article files decoded exactly as the build decodes them (no newline translation)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes().decode("utf-8")
        for p in (root / "raw").iterdir()
        if p.suffix in {".txt", ".md"}
    }


@pytest.mark.parametrize(("table", "column"), [("claims", "quote"), ("figures", "text"), ("sentences", "text")])
def test_every_anchored_text_equals_its_raw_slice(built_root: Path, table: str, column: str) -> None:
    texts = _raw_texts(built_root)
    sources = {s["source_id"]: s for s in read_csv_rows(built_root / "build" / "data" / "sources.csv")}
    rows = read_csv_rows(built_root / "build" / "data" / f"{table}.csv")
    assert rows, f"{table} is empty"
    for row in rows:
        raw_path = row.get("raw_path") or sources[row["source_id"]]["raw_path"]
        start, end = int(row["char_start"]), int(row["char_end"])
        assert texts[raw_path][start:end] == row[column], f"{table} row {row}"


def test_claim_lines_and_article_hashes_point_at_the_raw_text(built_root: Path) -> None:
    texts = _raw_texts(built_root)
    for c in read_csv_rows(built_root / "build" / "data" / "claims.csv"):
        text = texts[c["raw_path"]]
        assert text.count("\n", 0, int(c["char_start"])) + 1 == int(c["line"])
    for s in read_csv_rows(built_root / "build" / "data" / "sources.csv"):
        text = texts[s["raw_path"]]
        article = text[int(s["char_start"]) : int(s["char_end"])]
        assert hashlib.sha256(article.encode("utf-8")).hexdigest() == s["text_sha256"]
        assert hashlib.sha256((built_root / s["raw_path"]).read_bytes()).hexdigest() == s["raw_sha256"]


def test_seed_sources_are_the_five_articles_of_the_compilation_page(built_root: Path) -> None:
    sources = read_csv_rows(built_root / "build" / "data" / "sources.csv")
    assert {s["raw_path"] for s in sources} == {SEED_RAW}
    assert [s["publisher"] for s in sources] == [
        "Business Insider",
        "Reuters",
        "The Independent",
        "debkafile",
        "Daily Express",
    ]


def test_committed_outputs_equal_a_fresh_build(built_root: Path) -> None:
    """build/data/*.csv and datapackage.json in the repository are exactly what raw/ builds to:
    nobody edits outputs by hand, and nobody changes raw/ without rebuilding."""
    fresh = output_files(built_root)
    committed = output_files(REPO_ROOT)
    assert sorted(committed) == sorted(fresh)
    differing = [name for name in fresh if committed[name] != fresh[name]]
    assert not differing, (
        f"committed outputs differ from a fresh build of raw/: {differing}; run 'claimtrail build' and commit"
    )


# --------------------------------------------------------------------------
# The CLI
# --------------------------------------------------------------------------


def test_cli_run_from_a_subdirectory_finds_the_root(built_root: Path, tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    sub = root / "notes" / "deeper"
    sub.mkdir(parents=True)
    proc = run_cli(["build"], cwd=sub)
    assert proc.returncode == 0, proc.stderr
    assert TRACEBACK not in proc.stderr
    assert proc.stdout.startswith(f"built {root.resolve()}: ")
    assert not (sub / "build").exists()
    assert not (sub / "datapackage.json").exists()
    # a separate process builds the same bytes as the session's in-process build
    assert output_files(root) == output_files(built_root)
    assert _leftovers(root) == []


def test_failed_build_exits_nonzero_and_leaves_previous_outputs_byte_identical(built_copy: Path) -> None:
    before = tree_digest(built_copy)
    annotation = _corrupt_first_quote(built_copy)
    proc = run_cli(["build", "--root", str(built_copy)], cwd=built_copy)
    _assert_one_error_message(proc, annotation.relative_to(built_copy).as_posix())
    assert "is not in article" in proc.stderr
    assert tree_digest(built_copy) == before
    assert _leftovers(built_copy) == []


def test_failure_after_staging_leaves_previous_outputs_byte_identical(built_copy: Path) -> None:
    """A stage that fails after everything was written to staging must not swap anything in."""
    before = tree_digest(built_copy)

    def failing_stage(staging: Path, _result: object) -> None:
        assert (staging / "datapackage.json").is_file()
        raise ClaimtrailError("build/", "a late stage failed", "nothing to fix: this is a test")

    with pytest.raises(ClaimtrailError, match="a late stage failed"):
        build(built_copy, site=False, extra_stages=(failing_stage,))
    assert tree_digest(built_copy) == before
    assert _leftovers(built_copy) == []


def test_build_killed_mid_swap_is_recovered_by_the_next_run(built_copy: Path) -> None:
    """A build killed between moving build/ aside and moving the new one in leaves build.previous-*;
    the next run restores it, even when that run itself fails on bad input."""
    before = tree_digest(built_copy)
    (built_copy / "build").rename(built_copy / "build.previous-99999")
    (built_copy / "build.staging-99999" / "build").mkdir(parents=True)
    path = _first_annotation(built_copy)
    path.write_text(path.read_text(encoding="utf-8") + "claims: [\n", encoding="utf-8")
    with pytest.raises(ClaimtrailError):
        build(built_copy, site=False)
    assert tree_digest(built_copy) == before
    assert _leftovers(built_copy) == []


def _append(rel: str, data: bytes) -> Callable[[Path], str]:
    def change(root: Path) -> str:
        with (root / rel).open("ab") as fh:
            fh.write(data)
        return rel

    return change


def _append_to_first_annotation(data: bytes) -> Callable[[Path], str]:
    def change(root: Path) -> str:
        path = _first_annotation(root)
        with path.open("ab") as fh:
            fh.write(data)
        return path.relative_to(root).as_posix()

    return change


def _sub(rel: str, pattern: str, replacement: str) -> Callable[[Path], str]:
    def change(root: Path) -> str:
        path = root / rel
        text, n = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
        assert n == 1, f"{pattern!r} not found in {rel}"
        path.write_text(text, encoding="utf-8")
        return rel

    return change


def _delete(rel: str, reported: str) -> Callable[[Path], str]:
    def change(root: Path) -> str:
        (root / rel).unlink()
        return reported

    return change


BAD_INPUTS: dict[str, Callable[[Path], str]] = {
    "raw file changed after it was received": _append(SEED_RAW, b"\nOne more line.\n"),
    "missing provenance sidecar": _delete(SEED_RAW + ".provenance.yaml", SEED_RAW),
    "sidecar byte count is not a number": _sub(SEED_RAW + ".provenance.yaml", r"^bytes: .*$", "bytes: many"),
    "annotation is broken YAML": _append_to_first_annotation(b"claims: [\n"),
    "annotation is not UTF-8": _append_to_first_annotation(b"# caf\xe9\n"),
    "events file uses an alias": _sub("raw/events.yaml", r"^events:", "anchor: &a 1\nalias: *a\nevents:"),
    "event date does not exist": _sub("raw/events.yaml", r"^(\s*)date_start: .*$", r"\1date_start: 2016-02-30"),
    "dataset file missing": _delete("raw/dataset.yaml", "raw/dataset.yaml"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gives_one_message_and_no_traceback(tmp_path: Path, case: str) -> None:
    root = copy_repo(tmp_path / "repo")
    reported_file = BAD_INPUTS[case](root)
    proc = run_cli(["build", "--no-site", "--root", str(root)], cwd=root)
    _assert_one_error_message(proc, reported_file)
    assert not (root / "build").exists()
    assert not (root / "datapackage.json").exists()


def test_cli_outside_any_repository_fails_with_a_message(tmp_path: Path) -> None:
    proc = run_cli(["build"], cwd=tmp_path)
    assert proc.returncode == 2
    assert TRACEBACK not in proc.stderr
    assert "not inside a claimtrail repository" in proc.stderr


@pytest.mark.parametrize("load_fails_too", [False, True])
def test_a_validation_failure_beside_the_site_is_the_error_reported(
    built_copy: Path, monkeypatch: pytest.MonkeyPatch, load_fails_too: bool
) -> None:
    """Validation runs beside the DuckDB load and the pages; when it fails, nothing is committed and its
    error is reported, also when the DuckDB load failed on the same bad rows meanwhile."""
    import time

    import claimtrail.runner as build_module

    before = tree_digest(built_copy)

    def invalid(*args: object) -> None:
        time.sleep(0.5)  # fail after the site stage has started
        raise ClaimtrailError("build/data/claims.csv", "a Frictionless error", "nothing to fix: this is a test", line=3)

    def broken_load(*args: object) -> None:
        raise RuntimeError("Constraint Error: duplicate key")

    monkeypatch.setattr(build_module, "validate_package", invalid)
    if load_fails_too:
        monkeypatch.setattr(build_module, "write_database", broken_load)
    with pytest.raises(ClaimtrailError, match="a Frictionless error"):
        build(built_copy, options=BuildOptions(executor="serial"))
    assert tree_digest(built_copy) == before
    assert _leftovers(built_copy) == []
