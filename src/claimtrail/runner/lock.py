"""One build at a time per repository: an flock on .claimtrail-cache/build.lock that names its holder.

The kernel drops an flock when its process ends, however it ends (kill -9 included), so a lock a
killed build left behind is stale by construction: the next build takes it at once.  A second
build while the first runs refuses at once (BuildRunning, exit 75) naming the running build's
pid and command; it never waits silently and never touches the other's staging folder.  Where
the file system has no flock (some network mounts), the pid written in the file decides: the
lock is stale when no process has that pid.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..layout import CACHE_ROOT

LOCK_FILE = f"{CACHE_ROOT}/build.lock"


class BuildRunning(Exception):
    """Another build holds the repository's lock."""

    def __init__(self, lock: Path, holder: str) -> None:
        self.lock = lock
        self.holder = holder
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return (
            f"error: {self.lock}: another build is running in this repository ({self.holder})\n"
            "  fix: wait for it to finish and run the build again, or stop it first "
            f"(kill {self.holder.split()[1] if self.holder.startswith('pid ') else 'PID'})"
        )


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def _holder(text: str) -> str:
    pid, _, command = text.strip().partition(" ")
    return f"pid {pid}" + (f", {command}" if command else "") if pid.isdigit() else "a build whose pid is unknown"


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the repository's build lock for the block, or raise BuildRunning naming its holder."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise BuildRunning(path, _holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))) from None
            # No flock on this file system: the pid recorded in the file decides.
            text = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
            pid = text.partition(" ")[0]
            if pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid)):
                raise BuildRunning(path, _holder(text)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {' '.join(['claimtrail', *sys.argv[1:]])[:300]}\n".encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing drops the flock
