"""Syndicated copies: near-duplicate texts (the same wire story on several sites) count once.

Texts are cut into word shingles; a MinHash signature with a fixed hash
(blake2b, keyed permutations from a fixed seed) finds candidate pairs by
banding (LSH), and each candidate pair is then confirmed on the exact
Jaccard similarity of the two shingle sets, so the result is deterministic and
does not rest on the estimate.  Copies are grouped transitively; each group's
canonical source is the earliest published (undated last), then the smallest
source id, and every other member *repeats* it.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Copy", "SyndicationText", "minhash", "shingles", "syndicated_copies"]

#: Words per shingle.
SHINGLE_WORDS = 5
#: MinHash permutations, as BANDS bands of ROWS rows (a pair with Jaccard s is a candidate w.p. 1-(1-s^ROWS)^BANDS).
BANDS, ROWS = 32, 4
#: Exact Jaccard similarity of shingle sets from which two texts are copies of one story.
COPY_JACCARD = 0.5
_PRIME = (1 << 61) - 1
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SyndicationText:
    """One source's text as syndication sees it."""

    source_id: str
    published: str | None
    text: str


@dataclass(frozen=True)
class Copy:
    """``source_id`` repeats ``repeats`` (the canonical source of its group); ``similarity`` is their Jaccard."""

    source_id: str
    repeats: str
    similarity: float


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of k-word shingles of a text (lower-cased words; punctuation and spacing ignored)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < k:
        return frozenset({" ".join(words)}) if words else frozenset()
    return frozenset(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))


@lru_cache(maxsize=1)
def _permutations() -> tuple[tuple[int, int], ...]:
    rng = random.Random(20261201)
    return tuple((rng.randrange(1, _PRIME), rng.randrange(0, _PRIME)) for _ in range(BANDS * ROWS))


def _base_hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def minhash(items: frozenset[str]) -> tuple[int, ...]:
    """MinHash signature of a set: for each fixed permutation h(x) = (a x + b) mod p, the minimum over the set."""
    if not items:
        return tuple(_PRIME for _ in range(BANDS * ROWS))
    bases = [_base_hash(s) for s in sorted(items)]
    return tuple(min((a * x + b) % _PRIME for x in bases) for a, b in _permutations())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _canonical_key(t: SyndicationText) -> tuple[int, str, str]:
    return (0 if t.published else 1, t.published or "", t.source_id)


def syndicated_copies(texts: Sequence[SyndicationText], threshold: float = COPY_JACCARD) -> tuple[Copy, ...]:
    """Every source that repeats another (near-duplicate text), with the canonical source it repeats."""
    ordered = sorted(texts, key=lambda t: t.source_id)
    sets = [shingles(t.text) for t in ordered]
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i, sig in enumerate(minhash(s) for s in sets):
        if not sets[i]:
            continue
        for band in range(BANDS):
            key = hashlib.blake2b(repr(sig[band * ROWS : (band + 1) * ROWS]).encode(), digest_size=8).digest()
            buckets.setdefault((band, key), []).append(i)
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    similar: dict[tuple[int, int], float] = {}
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair in similar:
                    continue
                similar[pair] = jaccard(sets[pair[0]], sets[pair[1]])
                if similar[pair] >= threshold:
                    a, b = find(pair[0]), find(pair[1])
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        groups.setdefault(find(i), []).append(i)
    copies: list[Copy] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        canon = min(members, key=lambda i: _canonical_key(ordered[i]))
        for i in members:
            if i != canon:
                copies.append(
                    Copy(ordered[i].source_id, ordered[canon].source_id, round(jaccard(sets[i], sets[canon]), 4))
                )
    return tuple(sorted(copies, key=lambda c: c.source_id))
