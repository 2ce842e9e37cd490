"""One error type for everything a user can fix: it names the place, the problem and the fix."""

from __future__ import annotations

import errno
import os


class ClaimtrailError(Exception):
    """An error in the inputs, reported as one message: where, what is wrong, how to fix it."""

    def __init__(
        self,
        file: str,
        problem: str,
        fix: str,
        *,
        line: int | None = None,
        item: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.fix = fix
        self.line = line
        self.item = item
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.item:
            where += f" ({self.item})"
        return f"error: {where}: {self.problem}\n  fix: {self.fix}"

    def __str__(self) -> str:
        return self.message


# Exit codes (README, "Exit codes"): sysexits.h names for faults of the machine, not of the input.
EXIT_CANTCREAT = 73  # a file or folder cannot be created, renamed or written: read-only, permissions, name too long
EXIT_IOERR = 74  # the disk is full or failed
EXIT_TEMPFAIL = 75  # another build is running in this repository: try again when it has finished

_FAULTS: dict[int, tuple[int, str]] = {
    errno.ENOSPC: (EXIT_IOERR, "free space on the disk that holds it (df -h shows how much), then build again"),
    errno.EDQUOT: (EXIT_IOERR, "your disk quota is used up: free space or ask for a larger quota, then build again"),
    errno.EIO: (EXIT_IOERR, "the disk reported an input/output error: check the device (dmesg), then build again"),
    errno.EMFILE: (EXIT_IOERR, "too many files are open: raise the limit (ulimit -n 4096), then build again"),
    errno.ENFILE: (EXIT_IOERR, "the system has too many files open: close programs, then build again"),
    errno.EROFS: (
        EXIT_CANTCREAT,
        "the file system is mounted read-only: build in a writable copy (--root PATH) or remount it read-write",
    ),
    errno.EACCES: (
        EXIT_CANTCREAT,
        "you may not write there: check the folder's owner and permissions (ls -ld), or build as its owner",
    ),
    errno.EPERM: (
        EXIT_CANTCREAT,
        "the operation is not permitted there (an immutable or foreign-owned file): check ls -l and lsattr",
    ),
    errno.ENAMETOOLONG: (
        EXIT_CANTCREAT,
        "the path is longer than the file system allows: move the repository to a shorter path, or shorten the name",
    ),
    errno.EXDEV: (
        EXIT_CANTCREAT,
        "build/ lies on another device than the repository (a mount or a link to another file system), so it "
        "cannot be renamed into place: make build/ a plain folder of the repository",
    ),
    errno.EBUSY: (
        EXIT_CANTCREAT,
        "it is a mount point or held by another program, so it cannot be renamed: unmount it or close that "
        "program, and keep build/ a plain folder of the repository",
    ),
}


class EnvironmentFault(Exception):
    """A fault of the machine (full disk, read-only folder, name too long), not of the input: path, OS reason, fix."""

    def __init__(self, path: str, reason: str, fix: str, exit_code: int) -> None:
        self.path = path
        self.reason = reason
        self.fix = fix
        self.exit_code = exit_code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"error: {self.path}: {self.reason} (a fault of the machine, not of the input)\n  fix: {self.fix}"


def environment_fault(exc: BaseException, path: str | None = None) -> EnvironmentFault | None:
    """The EnvironmentFault an OS error (or a library's error carrying one) stands for, or None."""
    code = exc.errno if isinstance(exc, OSError) else None
    if code not in _FAULTS:  # DuckDB and MkDocs report OS errors in their own exceptions' text
        text = str(exc)
        code = next((c for c in _FAULTS if os.strerror(c) in text), None)
        if code is None:
            return None
    exit_code, fix = _FAULTS[code]
    where = path
    if isinstance(exc, OSError) and exc.filename is not None:
        where = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
    reason = f"{os.strerror(code)} ({errno.errorcode.get(code, code)})"
    return EnvironmentFault(where or "(a file the build writes)", reason, fix, exit_code)
