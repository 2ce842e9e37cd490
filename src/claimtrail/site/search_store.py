"""Search bundles by the pages they index, so that a rebuild reindexes only the shards whose pages changed.

A shard's bundle (site.search) depends only on its pages' paths and bytes and
on how Pagefind is run.  The store keeps each bundle as one checked entry
(cache.store.EntryStore: a zip of its files, under the sha256 of those), and a
rebuild whose shard has the same key gets the stored files written into the site
instead of running Pagefind again: the same bytes a fresh index would give.  An
entry whose bytes changed is reported as damaged and its shard reindexed.  Only
the bundles of the latest build are kept.  The directory is safe to delete; it
is not an output and never committed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..cache.store import EntryStore
from ..hashing import cache_key, file_sha256

SUFFIX = ".bundle"


def shard_key(site_dir: Path, pages: Sequence[str], how: Sequence[str]) -> str:
    """sha256 of how Pagefind runs (`how`: its version and arguments) and each page's path and bytes."""
    parts = [*how, str(len(pages))]
    for rel in pages:
        parts += [rel, file_sha256(site_dir / rel)]
    return cache_key(*parts)


class SearchStore:
    """Search bundles by shard key, under `directory` (kept for the latest build's shards only)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.entries = EntryStore(directory, SUFFIX)
        self.used: set[str] = set()

    def take(self, key: str, output: Path) -> bool:
        """Write the stored bundle of `key` into `output`; False if none is stored whole."""
        data = self.entries.get(key)
        if data is None:
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                files = {name: zf.read(name) for name in zf.namelist()}
        except (zipfile.BadZipFile, ValueError, KeyError):
            self.entries.miss()
            return False
        for name, content in sorted(files.items()):
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_bytes(content)
        self.used.add(key)
        return True

    def put(self, key: str, bundle: Path) -> None:
        """Store the bundle just written at `bundle` under `key`."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:  # Pagefind's files are compressed
            for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
                zf.writestr(zipfile.ZipInfo(path.relative_to(bundle).as_posix()), path.read_bytes())
        self.entries.put(key, buffer.getvalue())
        self.used.add(key)

    def prune(self) -> None:
        """Remove every stored bundle this build did not use."""
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.rglob(f"*{SUFFIX}")):
            if path.name.removesuffix(SUFFIX) not in self.used:
                path.unlink(missing_ok=True)
