"""sha256 of bytes and files, and the length-prefixed cache key: the one home of claimtrail's hashing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def sha256_hex(data: bytes) -> str:
    """The sha256 of `data`, as 64 lower-case hex digits."""
    return hashlib.sha256(data).hexdigest()


def text_sha256(text: str) -> str:
    """The sha256 of a text's UTF-8 bytes."""
    return sha256_hex(text.encode("utf-8"))


def sha256_of_parts(parts: Iterable[bytes]) -> str:
    """The sha256 of the parts one after the other, read one at a time (not length-prefixed: see cache_key)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    return sha256_hex(path.read_bytes())


def cache_key(*parts: str) -> str:
    """sha256 of the parts, each length-prefixed (so ('ab', 'c') and ('a', 'bc') differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()
