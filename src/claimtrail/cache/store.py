"""Content-addressed stores for a build's per-file and per-article results, under .claimtrail-cache/.

Each entry is kept under the sha256 of everything its value depends on
(claimtrail's code, the versions of the packages it uses, and the input
bytes), so an entry is either exactly what a fresh computation would give or
absent: nothing needs invalidating.  A damaged or unreadable entry counts as
absent and is recomputed.  Entries are written to a temporary name and
renamed, so a killed build leaves no half-written entry.  The directory is
safe to delete; it is not an output and never committed.
"""

from __future__ import annotations

import os
from pathlib import Path


class EntryStore:
    """Bytes stored by key, one file per entry (directory/ab/abcdef….suffix); None: a store that keeps nothing."""

    def __init__(self, directory: Path | None, suffix: str = ".json") -> None:
        self.directory = directory
        self.suffix = suffix
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        if self.directory is None:
            raise ValueError("this store keeps nothing")
        return self.directory / key[:2] / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        """The entry's bytes, or None if absent or unreadable (counted as a miss)."""
        if self.directory is None:
            self.misses += 1
            return None
        try:
            data = self.path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
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
        tmp.write_bytes(data)
        if mode is not None:
            tmp.chmod(mode)
        os.replace(tmp, path)
