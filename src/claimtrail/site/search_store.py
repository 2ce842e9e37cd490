"""Search bundles by the pages they index, so that a rebuild reindexes only the shards whose pages changed.

A shard's bundle (site.search) depends only on its pages' paths and bytes and
on how Pagefind is run.  The store keeps each bundle under the sha256 of those
(directory/KEY/, its files read-only, with KEY.json listing each file's sha256),
and a rebuild whose shard has the same key gets the stored bundle hard-linked into
the site instead of running Pagefind again: the same bytes a fresh index would
give.  A stored file whose bytes no longer match its listing is reported as
damaged and its shard reindexed.  Only the bundles of the latest build are kept.
The directory is safe to delete; it is not an output and never committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..cache.store import record_damaged
from ..hashing import cache_key
from .page_store import _link_or_copy


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def shard_key(site_dir: Path, pages: Sequence[str], how: Sequence[str]) -> str:
    """sha256 of how Pagefind runs (`how`: its version and arguments) and each page's path and bytes."""
    parts = [*how, str(len(pages))]
    for rel in pages:
        parts += [rel, _file_sha256(site_dir / rel)]
    return cache_key(*parts)


class SearchStore:
    """Search bundles by shard key, under `directory` (kept for the latest build's shards only)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _listing(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def take(self, key: str, output: Path) -> bool:
        """Link the stored bundle of `key` to `output` (which must not exist); False if none is stored whole."""
        try:
            listing = json.loads(self._listing(key).read_text(encoding="utf-8"))
            stored = self.directory / key
            files = {str(rel): str(digest) for rel, digest in listing.items()}
            for rel, digest in files.items():
                if _file_sha256(stored / rel) != digest:
                    record_damaged(stored / rel)
                    raise ValueError(rel)
        except (OSError, ValueError, TypeError, AttributeError):
            self.misses += 1
            return False
        for rel in sorted(files):
            (output / rel).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(stored / rel, output / rel)
        self.used.add(key)
        self.hits += 1
        return True

    def put(self, key: str, bundle: Path) -> None:
        """Store the bundle just written at `bundle` under `key` (its files linked, read-only)."""
        stored = self.directory / key
        tmp = self.directory / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        listing: dict[str, str] = {}
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            rel = path.relative_to(bundle).as_posix()
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(path, tmp / rel)
            os.chmod(tmp / rel, 0o444)
            listing[rel] = _file_sha256(path)
        shutil.rmtree(stored, ignore_errors=True)
        tmp.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, stored)
        listed = self._listing(key)
        listed.with_suffix(".tmp").write_text(json.dumps(listing, sort_keys=True), encoding="utf-8")
        os.replace(listed.with_suffix(".tmp"), listed)  # last: a listing means the bundle is whole
        self.used.add(key)

    def prune(self) -> None:
        """Remove every stored bundle this build did not use."""
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.iterdir()):
            key = path.name.removesuffix(".json")
            if key not in self.used:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
