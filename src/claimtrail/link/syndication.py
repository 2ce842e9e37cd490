"""Syndicated copies: near-duplicate texts (the same wire story on several sites) count once.

Texts are cut into word shingles; a bottom-k MinHash sketch with a fixed hash
(blake2b) finds candidate pairs (texts whose sketches share enough values, by
an inverted index of sketch values), and each candidate pair is then confirmed
on the exact Jaccard similarity of the two shingle sets, so the result is
deterministic and does not rest on the estimate.  Copies are grouped transitively; each group's
canonical source is the earliest published (undated last), then the smallest
source id, and every other member *repeats* it.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Copy",
    "SyndicationText",
    "estimate_jaccard",
    "jaccard",
    "minhash",
    "shingles",
    "syndicated_copies",
    "text_sketch",
]

#: Words per shingle.
SHINGLE_WORDS = 5
#: Size of the bottom-k MinHash sketch: the k smallest 64-bit hashes of a text's shingles.
SKETCH_SIZE = 64
#: Sketch values two texts must share to be compared exactly (copies at Jaccard 0.5 share about k/3 of them).
MIN_SHARED = 6
#: A sketch value shared by more texts than this is boilerplate (a site's footer), not evidence of copying.
MAX_POSTING = 200
#: Exact Jaccard similarity of shingle sets from which two texts are copies of one story.
COPY_JACCARD = 0.5
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SyndicationText:
    """One source's text as syndication sees it."""

    source_id: str
    published: str | None
    text: str
    sketch: tuple[int, ...] | None = None  # text_sketch(text), when computed beforehand (with the article's mentions)


@dataclass(frozen=True, slots=True)
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


@lru_cache(maxsize=1 << 18)  # a shingle many articles share (a wire's boilerplate) is hashed once; memory bounded
def _hash(shingle: str) -> int:
    """A fixed 64-bit hash of a shingle (blake2b: the same on every machine and run)."""
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def minhash(items: frozenset[str], k: int = SKETCH_SIZE) -> tuple[int, ...]:
    """Bottom-k MinHash sketch of a set: its k smallest hashes, ascending."""
    return tuple(heapq.nsmallest(k, {_hash(x) for x in items}))


def text_sketch(text: str) -> tuple[int, ...]:
    """The MinHash sketch of a text's shingles: what syndication compares first (computable one article at a time)."""
    return minhash(shingles(text))


def estimate_jaccard(a: tuple[int, ...], b: tuple[int, ...], k: int = SKETCH_SIZE) -> float:
    """The Jaccard similarity that two bottom-k sketches estimate (share of the union's k smallest in both)."""
    union = heapq.nsmallest(k, set(a) | set(b))
    if not union:
        return 1.0
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _canonical_key(t: SyndicationText) -> tuple[int, str, str]:
    return (0 if t.published else 1, t.published or "", t.source_id)


def syndicated_copies(texts: Sequence[SyndicationText], threshold: float = COPY_JACCARD) -> tuple[Copy, ...]:
    """Every source that repeats another (near-duplicate text), with the canonical source it repeats."""
    ordered = sorted(texts, key=lambda t: t.source_id)
    sketches = [t.sketch if t.sketch is not None else text_sketch(t.text) for t in ordered]
    postings: dict[int, list[int]] = {}
    for i, sketch in enumerate(sketches):
        for h in sketch:
            postings.setdefault(h, []).append(i)
    sets: dict[int, frozenset[str]] = {}

    def shingle_set(i: int) -> frozenset[str]:
        if i not in sets:
            sets[i] = shingles(ordered[i].text)
        return sets[i]

    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # The candidate pairs (i, j > i) sharing MIN_SHARED sketch values, counted one article at a time: the
    # corpus's pairs are never held at once (the groups do not depend on the order pairs are joined in).
    for i, sketch in enumerate(sketches):
        shared: Counter[int] = Counter()
        for h in sketch:
            members = postings[h]
            if 1 < len(members) <= MAX_POSTING:
                shared.update(j for j in members if j > i)
        for j in sorted(j for j, n in shared.items() if n >= MIN_SHARED):
            if jaccard(shingle_set(i), shingle_set(j)) >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        sets.pop(i, None)  # no later pair holds i (j > i), but as the canonical copy below, made again then
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
                    Copy(
                        ordered[i].source_id,
                        ordered[canon].source_id,
                        round(jaccard(shingle_set(i), shingle_set(canon)), 4),
                    )
                )
    return tuple(sorted(copies, key=lambda c: c.source_id))
