"""Nothing lost when a build dies: killed at any moment, the outputs are one whole build, old or new.

build/ and datapackage.json cannot be replaced by one atomic rename.  The build
stages everything in build.staging-PID, renames that to build.commit-PID once it
is complete and validated (the commit point), and then moves build/ and
datapackage.json into place; recover_interrupted, which every build runs first,
finishes a committed swap or throws away an uncommitted one.  These tests:

* crash the swap (and then the recovery) at every one of its filesystem steps;
* kill `claimtrail build` (a real process, SIGKILL) at random moments spread over
  the build, several times;

and check with frictionless-free means that datapackage.json parses and every
resource's bytes and hash match its file (and build/manifest.json matches the
files of build/), that the result is exactly the old or the new build, that the
non-output dirs of build/ survive, and that the next `claimtrail build` succeeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimtrail import cli
from claimtrail.runner import build
from claimtrail.runner.transaction import recover_interrupted, swap_into_place
from corpus_tools import add_hostile_article, raw_digest
from helpers import copy_repo

pytestmark = pytest.mark.integration

KEPT = "build/bench/keep.txt"  # a file of a non-output dir of build/, which every rebuild keeps
KILLS = 8


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_state(root: Path, *, manifest: bool = True) -> str | None:
    """sha256 of datapackage.json if build/ and datapackage.json are one whole build, else None.

    Whole: the descriptor parses, every resource's file has the recorded bytes and hash,
    and (if asked) build/manifest.json names this datapackage.json and every other file
    of the build with its hash (DuckDB files, hashed by content, are only required to exist).
    """
    try:
        data = (root / "datapackage.json").read_bytes()
        desc = json.loads(data)
    except (OSError, ValueError):
        return None
    for res in desc["resources"]:
        path = root / res["path"]
        if not path.is_file():
            return None
        content = path.read_bytes()
        if len(content) != res["bytes"] or "sha256:" + _sha(content) != res["hash"]:
            return None
    if manifest:
        try:
            outputs: dict[str, str] = json.loads((root / "build" / "manifest.json").read_bytes())["outputs"]
        except (OSError, ValueError, KeyError):
            return None
        for rel, digest in outputs.items():
            path = root / rel
            if not path.is_file():
                return None
            if not digest.startswith("content:") and _sha(path.read_bytes()) != digest:
                return None
    return _sha(data)


def leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in root.iterdir() if p.name.startswith(("build.staging-", "build.previous-", "build.commit-"))
    )


def recoverable(root: Path) -> bool:
    """A torn state the next run repairs: a committed swap to finish, or build/ to restore."""
    return bool(list(root.glob("build.commit-*"))) or (
        not (root / "build").exists() and bool(list(root.glob("build.previous-*")))
    )


# --------------------------------------------------------------------------
# The swap, crashed at every filesystem step
# --------------------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no except or finally of the build catches it."""


@contextlib.contextmanager
def killed_at(step: int) -> Iterator[list[int]]:
    """Make the `step`-th rename, replace or rmtree (from 0) die before it happens; yields [steps done]."""
    done = [0]
    counter = itertools.count()
    real_rename, real_replace, real_rmtree = Path.rename, os.replace, shutil.rmtree

    def gate() -> None:
        if next(counter) == step:
            raise Killed
        done[0] += 1

    def rename(self: Path, target: Any) -> Any:
        gate()
        return real_rename(self, target)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        gate()
        real_replace(src, dst, **kwargs)

    def rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        gate()
        real_rmtree(path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "rename", rename)
        mp.setattr(os, "replace", replace)
        mp.setattr(shutil, "rmtree", rmtree)
        yield done


def _write(base: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_bytes(data)


def _package_files(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "build" / "data").glob("*.csv")}
    files["datapackage.json"] = (root / "datapackage.json").read_bytes()
    return files


@pytest.fixture(scope="module")
def old_and_new(
    built_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The tables and descriptor of the seed build (old) and of the seed plus the hostile article (new)."""
    new_root = copy_repo(tmp_path_factory.mktemp("new-build") / "repo", built_root)
    add_hostile_article(new_root)
    build(new_root, site=False)
    old, new = _package_files(built_root), _package_files(new_root)
    assert old["datapackage.json"] != new["datapackage.json"]
    return old, new


def _swap_scene(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> Path:
    """root with the old build in place (and a kept dir) and the new one staged, as build() leaves it."""
    _write(root, old)
    _write(root, {KEPT: b"benchmarks survive every rebuild\n"})
    staging = root / "build.staging-4242"
    _write(staging, new)
    return staging


def test_swap_crashed_at_every_step_is_old_or_new_after_recovery(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = old_and_new
    old_sha, new_sha = _sha(old["datapackage.json"]), _sha(new["datapackage.json"])
    step = 0
    while True:
        root = tmp_path / f"swap-{step}"
        staging = _swap_scene(root, old, new)
        with killed_at(step) as done:
            try:
                swap_into_place(root, staging)
                completed = True
            except Killed:
                completed = False
        committed = completed or done[0] >= 1  # the first step is the rename to build.commit-*
        state = package_state(root, manifest=False)
        assert state in (old_sha, new_sha) or recoverable(root), f"step {step}: torn and not recoverable"

        # The recovery itself may be killed too, at any of its steps; a later one finishes.
        for r_step in itertools.count():
            scene = tmp_path / f"swap-{step}-recover-{r_step}"
            shutil.copytree(root, scene, symlinks=True)
            with killed_at(r_step):
                try:
                    recover_interrupted(scene)
                    recovered = True
                except Killed:
                    recovered = False
            recover_interrupted(scene)
            expected = new_sha if committed else old_sha
            assert package_state(scene, manifest=False) == expected, f"swap step {step}, recovery step {r_step}"
            assert (scene / KEPT).is_file(), f"kept dir lost at swap step {step}, recovery step {r_step}"
            assert leftovers(scene) == []
            if recovered:
                break
        if completed:
            assert state == new_sha and leftovers(root) == []
            break
        step += 1
    assert step >= 4, "the swap should have several steps to crash at"


def test_uncommitted_staging_is_thrown_away_and_a_committed_one_finished(tmp_path: Path) -> None:
    """The two cases by hand: staging without commit -> old stays; commit without swap -> new is moved in."""
    old = {"datapackage.json": b'{"resources": []}\n', "build/data/x.csv": b"a\n1\n"}
    new = {"datapackage.json": b'{"resources": [], "v": 2}\n', "build/data/x.csv": b"a\n2\n"}
    root = tmp_path / "uncommitted"
    _write(root, old)
    _write(root / "build.staging-1", new)
    recover_interrupted(root)
    assert _package_files(root) == old and leftovers(root) == []
    root = tmp_path / "committed"
    _write(root, old)
    _write(root / "build.commit-1", new)
    recover_interrupted(root)
    assert _package_files(root) == new and leftovers(root) == []


# --------------------------------------------------------------------------
# `claimtrail build`, killed with SIGKILL at random moments
# --------------------------------------------------------------------------


def _start_build(root: Path) -> subprocess.Popen[bytes]:
    """`python -m claimtrail build` in its own process group, so that the kill reaches all of it."""
    env = dict(os.environ, TMPDIR=str(root.parent))
    return subprocess.Popen(
        [sys.executable, "-m", "claimtrail", "build", "--root", str(root)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _staged(root: Path) -> bool:
    return any(root.glob("build.staging-*")) or any(root.glob("build.commit-*"))


@pytest.fixture(scope="module")
def kill_scene(built_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An old complete build with changed inputs (the hostile article added), the new build's
    datapackage.json, and the timing of an uninterrupted `claimtrail build` of it."""
    base = tmp_path_factory.mktemp("kill")
    old = copy_repo(base / "old", built_root, with_outputs=True)
    add_hostile_article(old)
    _write(old, {KEPT: b"benchmarks survive every rebuild\n"})
    old_sha = package_state(old)
    assert old_sha is not None

    reference = base / "reference"
    shutil.copytree(old, reference, symlinks=True)
    start = time.monotonic()
    proc = _start_build(reference)
    staged_at = None
    while proc.poll() is None:
        if staged_at is None and _staged(reference):
            staged_at = time.monotonic() - start
        time.sleep(0.002)
    total = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    new_sha = package_state(reference)
    assert new_sha is not None and new_sha != old_sha
    return {
        "old": old,
        "old_sha": old_sha,
        "new_sha": new_sha,
        "staged_at": staged_at or total / 2,
        "writing": total - (staged_at or total / 2),
    }


def test_build_killed_at_random_moments_leaves_the_old_or_the_new_build(
    kill_scene: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("CLAIMTRAIL_KILL_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    old_sha, new_sha = kill_scene["old_sha"], kill_scene["new_sha"]
    seen: list[str] = []
    for n in range(KILLS):
        root = tmp_path / f"kill-{n}"
        shutil.copytree(kill_scene["old"], root, symlinks=True)
        raw_before = raw_digest(root)
        proc = _start_build(root)
        if n < 2:  # while it reads and checks the inputs
            time.sleep(rng.uniform(0, kill_scene["staged_at"]))
            moment = "reading"
        else:  # spread over the writing of the staging dir, the site, and the swap at its end
            deadline = time.monotonic() + 120
            while not _staged(root) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.001)
            time.sleep(kill_scene["writing"] * (n - 2 + rng.random()) / (KILLS - 2))
            moment = "writing"
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        where = f"kill {n} ({moment}, seed {seed}, exit {proc.returncode})"

        state = package_state(root)
        assert state in (old_sha, new_sha) or recoverable(root), f"{where}: torn and not recoverable"
        recover_interrupted(root)
        state = package_state(root)
        assert state in (old_sha, new_sha), f"{where}: not a whole build after recovery"
        assert (root / KEPT).is_file(), f"{where}: the kept dir was lost"
        assert leftovers(root) == [], where
        assert raw_digest(root) == raw_before, f"{where}: raw/ was written"
        seen.append("new" if state == new_sha else "old")

        # and the next `claimtrail build` succeeds and gives the new build
        assert cli.main(["build", "--no-site", "--root", str(root)]) == 0, f"{where}: {capsys.readouterr().err}"
        assert package_state(root, manifest=False) == new_sha, where
    capsys.readouterr()
    assert "old" in seen, f"no kill landed before the swap (seed {seed})"
