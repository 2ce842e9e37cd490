"""Integration: two full builds (site included) of the same inputs are byte-identical.

The two builds run as separate `python -m claimtrail build` processes, in two different directories,
from two different working directories, at two different times, with a different hash seed, time zone
and locale.  Every output must come out byte for byte the same; the only exception is a DuckDB file,
which embeds a random identifier and is compared by content.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimtrail.output_hashes import CONTENT_HASHED, duckdb_content_sha256, output_sha256
from helpers import TABLE_NAMES, copy_repo, run_cli

pytestmark = pytest.mark.integration

TRACEBACK = "Traceback (most recent call last)"
# Areas of a build compared file by file (a directory, or one file).
AREAS = (
    "build/data",
    "build/parquet",
    "build/dist",
    "build/docs",
    "build/site",
    "datapackage.json",
    "build/manifest.json",
)


def _second_locale() -> str:
    """A locale other than C.UTF-8 that this machine has: a UTF-8 one if any, else POSIX."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        names = []
    others = sorted(n for n in names if n.split(".")[0] not in {"C", "POSIX"})
    utf8 = [n for n in others if n.lower().replace("-", "").endswith(".utf8")]
    return (utf8 or others or ["POSIX"])[0]


OTHER_LOCALE = _second_locale()
ENV_A: dict[str, str | None] = {
    "PYTHONHASHSEED": "1",
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "SOURCE_DATE_EPOCH": None,
}
ENV_B: dict[str, str | None] = {
    "PYTHONHASHSEED": "4242",
    "TZ": "Pacific/Kiritimati",
    "LC_ALL": OTHER_LOCALE,
    "LANG": OTHER_LOCALE,
    "SOURCE_DATE_EPOCH": None,
}
PROBE = (
    "import locale, time; print(hash('claimtrail'), time.strftime('%z'), locale.setlocale(locale.LC_ALL, ''), sep='|')"
)


def _probe(env: Mapping[str, str | None], cwd: Path) -> str:
    """What the build's interpreter sees of its environment: hash seed, UTC offset, locale."""
    env_vars = dict(os.environ)
    for key, value in env.items():
        if value is None:
            env_vars.pop(key, None)
        else:
            env_vars[key] = value
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=cwd, env=env_vars, capture_output=True, text=True, check=True, timeout=60
    )
    return proc.stdout.strip()


@dataclass
class Build:
    root: Path
    cwd: Path
    env: Mapping[str, str | None]
    probe: str
    started: float
    finished: float
    proc: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Build, Build]]:
    base = tmp_path_factory.mktemp("determinism")
    # one snapshot of the inputs, so both builds read exactly the same bytes
    snapshot = copy_repo(base / "inputs")
    root_a = copy_repo(base / "a" / "repo", snapshot)
    root_b = copy_repo(base / "second-place" / "nested" / "claimtrail copy", snapshot)
    cwd_b = base / "elsewhere" / "deeper"
    cwd_b.mkdir(parents=True)

    def run(root: Path, cwd: Path, env: Mapping[str, str | None], args: list[str]) -> Build:
        probe = _probe(env, cwd)
        started = time.time()
        proc = run_cli(args, cwd=cwd, env=env)
        return Build(root, cwd, env, probe, started, time.time(), proc)

    # A: run from inside the repository (the root is found from the working directory)
    a = run(root_a, root_a, ENV_A, ["build"])
    time.sleep(1.5)
    # B: run from an unrelated directory, root given
    b = run(root_b, cwd_b, ENV_B, ["build", "--root", str(root_b)])
    yield a, b


def _files(root: Path, area: str) -> list[str]:
    path = root / area
    if path.is_file():
        return [area]
    return sorted(p.relative_to(root).as_posix() for p in path.rglob("*") if p.is_file())


def test_both_builds_succeed(builds: tuple[Build, Build]) -> None:
    for b in builds:
        assert b.proc.returncode == 0, f"exit {b.proc.returncode}\n{b.proc.stdout}\n{b.proc.stderr}"
        assert TRACEBACK not in b.proc.stdout + b.proc.stderr
        assert b.proc.stdout.startswith(f"built {b.root.resolve()}: ")
        assert "site: " in b.proc.stdout


def test_the_two_builds_really_ran_in_different_conditions(builds: tuple[Build, Build]) -> None:
    a, b = builds
    hash_a, tz_a, locale_a = a.probe.split("|")
    hash_b, tz_b, locale_b = b.probe.split("|")
    assert hash_a != hash_b, "PYTHONHASHSEED had no effect"
    assert (tz_a, tz_b) == ("+0000", "+1400"), "TZ had no effect (is tzdata installed?)"
    assert locale_a != locale_b, "LC_ALL had no effect"
    assert a.root != b.root
    assert a.cwd != b.cwd
    assert b.started - a.finished >= 1.0


@pytest.mark.parametrize("area", AREAS)
def test_builds_are_byte_identical(builds: tuple[Build, Build], area: str) -> None:
    """Every file of the area, byte for byte (DuckDB files and their gzip by content)."""
    a, b = builds
    files = _files(a.root, area)
    assert files, f"the build wrote nothing under {area}"
    assert files == _files(b.root, area)
    differing = []
    for rel in files:
        if rel.endswith(CONTENT_HASHED):
            same = output_sha256(a.root / rel) == output_sha256(b.root / rel)
        else:
            same = (a.root / rel).read_bytes() == (b.root / rel).read_bytes()
        if not same:
            differing.append(rel)
    assert not differing, f"{len(differing)} of {len(files)} files differ between the two builds: {differing[:20]}"


def test_every_output_is_covered_by_the_comparison(builds: tuple[Build, Build]) -> None:
    """Nothing under build/ escapes the areas compared above, except the top-level DuckDB file."""
    a, b = builds
    covered = {rel for area in AREAS for rel in _files(a.root, area)}
    everything = set(_files(a.root, "build"))
    assert everything - covered == {"build/claimtrail.duckdb"}
    assert set(_files(b.root, "build")) == everything
    for site_file in ("build/site/index.html", "build/site/sitemap.xml", "build/site/pagefind/pagefind-entry.json"):
        assert site_file in covered


def test_duckdb_files_are_equal_by_content(builds: tuple[Build, Build]) -> None:
    """The database and its gzip downloads: one content hash, in both builds, as each manifest records."""
    a, _ = builds
    dbs = [rel for rel in _files(a.root, "build") if rel.endswith(CONTENT_HASHED)]
    assert {"build/claimtrail.duckdb", "build/dist/claimtrail.duckdb.gz"} <= set(dbs)
    assert "build/site/downloads/claimtrail.duckdb.gz" in dbs
    hashes = {f"{n}:{rel}": duckdb_content_sha256(build.root / rel) for n, build in enumerate(builds) for rel in dbs
              if rel.endswith(".duckdb")}  # fmt: skip
    hashes |= {f"{n}:{rel}": output_sha256(build.root / rel).removeprefix("content:")
               for n, build in enumerate(builds) for rel in dbs if rel.endswith(".gz")}  # fmt: skip
    assert len(set(hashes.values())) == 1, hashes
    content = "content:" + hashes[f"0:{dbs[0]}"]
    for build in builds:
        outputs = json.loads((build.root / "build/manifest.json").read_text(encoding="utf-8"))["outputs"]
        assert {rel: outputs[rel] for rel in dbs} == dict.fromkeys(dbs, content)


def test_parquet_files_are_identical(builds: tuple[Build, Build]) -> None:
    a, b = builds
    names = [f"build/parquet/{t}.parquet" for t in TABLE_NAMES]
    assert _files(a.root, "build/parquet") == sorted(names)
    for rel in names:
        da, db = (a.root / rel).read_bytes(), (b.root / rel).read_bytes()
        assert da.startswith(b"PAR1"), rel
        assert hashlib.sha256(da).hexdigest() == hashlib.sha256(db).hexdigest(), rel
