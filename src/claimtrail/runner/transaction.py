"""The build's commit: staging → build.commit-PID (the commit point) → swap into place; recover_interrupted finishes or undoes a killed one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..layout import BUILD_DIR, NOT_OUTPUTS, ROOT_OUTPUTS
from .lock import pid_alive


def write_tree(base: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        path = base / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:  # a full disk fails in write(), whose error names no file: name it
            if exc.filename is None:
                exc.filename = str(path)
            raise


def recover_interrupted(root: Path) -> None:
    """Finish or undo what a killed build left behind, so build/ and datapackage.json are one build's.

    A build.commit-* directory was complete and validated when it got that name: the
    swap is finished (rolled forward).  Otherwise build/ is restored from build.previous-*
    if it is missing (rolled back); uncommitted build.staging-* directories are deleted.
    """
    for commit in sorted(root.glob("build.commit-*")):
        if _owner_running(commit):
            continue  # another build's commit in progress (a build without the lock): not ours to finish
        _finish_swap(root, commit, root / commit.name.replace("build.commit-", "build.previous-", 1))
    previous = sorted(root.glob("build.previous-*"))
    if previous and not (root / BUILD_DIR).exists():
        previous[-1].rename(root / BUILD_DIR)
        previous = previous[:-1]
    for p in previous:
        _move_kept_dirs(p, root / BUILD_DIR)
        shutil.rmtree(p, ignore_errors=True)
    for p in root.glob("build.staging-*"):
        if not _owner_running(p):  # never another running build's staging folder
            shutil.rmtree(p, ignore_errors=True)


def _owner_running(path: Path) -> bool:
    """True when the build that named `path` (build.staging-PID, build.commit-PID) is another live claimtrail.

    Builds take the repository's lock, so this only guards against a build that did not (an older
    claimtrail).  A pid that a later, unrelated process reuses (init is pid 1) does not count.
    """
    pid = path.name.rpartition("-")[2]
    if not pid.isdigit() or int(pid) == os.getpid() or not pid_alive(int(pid)):
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return b"claimtrail" in fh.read()
    except OSError:  # no /proc (not Linux): a live pid is taken to be a build
        return True


def _move_kept_dirs(old: Path, new: Path) -> None:
    """Move the non-output dirs (NOT_OUTPUTS) of an old build/ into the new one."""
    if old.is_dir() and new.is_dir():
        for name in NOT_OUTPUTS:
            if (old / name).exists() and not (new / name).exists():
                (old / name).rename(new / name)


def _finish_swap(root: Path, commit: Path, previous: Path) -> None:
    """Move a committed build/ and datapackage.json into place; safe to repeat after a kill."""
    old = root / BUILD_DIR
    if (commit / BUILD_DIR).is_dir():
        if old.exists():
            if previous.exists():
                shutil.rmtree(previous)
            old.rename(previous)
        (commit / BUILD_DIR).rename(old)
    for name in ROOT_OUTPUTS:
        if (commit / name).exists():
            os.replace(commit / name, root / name)
    _move_kept_dirs(previous, old)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(commit, ignore_errors=True)


def swap_into_place(root: Path, staging: Path) -> None:
    """Replace build/ and datapackage.json by the staged ones, keeping non-output dirs.

    build/ and datapackage.json cannot be replaced by one atomic rename, so renaming the
    complete staging dir to build.commit-PID is the commit point: a build killed before
    it leaves the previous outputs as they were; one killed after it is finished by
    recover_interrupted, which every build runs first.
    """
    commit = root / f"build.commit-{os.getpid()}"
    staging.rename(commit)
    _finish_swap(root, commit, root / f"build.previous-{os.getpid()}")
