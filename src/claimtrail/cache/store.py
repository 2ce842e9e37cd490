"""Content-addressed stores for a build's per-file and per-article results, under .claimtrail-cache/.

Each entry is kept under the sha256 of everything its value depends on
(claimtrail's code, the versions of the packages it uses, and the input
bytes), so an entry is either exactly what a fresh computation would give or
absent: nothing needs invalidating.  Each entry starts with a header line that
holds the sha256 of the bytes after it, checked on every read: an entry whose
bytes changed (a flipped bit, an edit of the same length) counts as absent, is
recorded in DAMAGED (the build reports them once) and is recomputed, so no
damaged entry can change an output.  Entries are written to a temporary name and
renamed, so a killed build leaves no half-written entry.  The directory is
safe to delete; it is not an output and never committed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HEADER = b"claimtrail-entry sha256="
_HEADER_LEN = len(HEADER) + 64 + 1  # the prefix, 64 hex digits, a newline

# Paths of the damaged entries found in this process since the last reset (the runner reports them once).
DAMAGED: list[str] = []


def record_damaged(path: str | Path) -> None:
    DAMAGED.append(str(path))


def checked_payload(data: bytes) -> bytes | None:
    """The payload of an entry's bytes if its header's sha256 matches it, else None."""
    head, payload = data[:_HEADER_LEN], data[_HEADER_LEN:]
    if not head.startswith(HEADER) or head[-1:] != b"\n":
        return None
    if hashlib.sha256(payload).hexdigest().encode("ascii") != head[len(HEADER) : -1]:
        return None
    return payload


class EntryStore:
    """Bytes stored by key, one file per entry (directory/ab/abcdef….suffix); None: a store that keeps nothing.

    checked=False stores the bytes bare (pages hard-linked into the site; their sha256 is in the
    page store's index and checked there).
    """

    def __init__(self, directory: Path | None, suffix: str = ".json", *, checked: bool = True) -> None:
        self.directory = directory
        self.suffix = suffix
        self.checked = checked
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        if self.directory is None:
            raise ValueError("this store keeps nothing")
        return self.directory / key[:2] / f"{key}{self.suffix}"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under `key` (its bytes are checked when get() reads it)."""
        return self.directory is not None and self.path(key).is_file()

    def get(self, key: str) -> bytes | None:
        """The entry's bytes, or None if absent or unreadable (counted as a miss)."""
        if self.directory is None:
            self.misses += 1
            return None
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        if self.checked:
            payload = checked_payload(data)
            if payload is None:
                record_damaged(path)
                self.misses += 1
                return None
            data = payload
        self.hits += 1
        return data

    def miss(self) -> None:
        """Count an entry that was found but could not be decoded as a miss."""
        self.hits -= 1
        self.misses += 1

    def put(self, key: str, data: bytes, mode: int | None = None) -> None:
        """Store an entry (with file mode `mode`, e.g. read-only for entries linked into outputs)."""
        if self.directory is None:
            return
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        if self.checked:
            data = HEADER + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data
        try:
            tmp.write_bytes(data)
        except OSError as exc:  # a full disk fails in write(), whose error names no file: name it
            if exc.filename is None:
                exc.filename = str(tmp)
            raise
        if mode is not None:
            tmp.chmod(mode)
        os.replace(tmp, path)
