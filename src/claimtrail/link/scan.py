"""Case-insensitive word lists scanned fast, with exactly what ``finditer`` would find.

A case-insensitive alternation of many words costs Python's regex engine a
full attempt at every position of the text, once per pattern.  ``Scanner``
first finds where any of its patterns can begin, in one pass over the
lower-cased text with a case-sensitive pattern (which the engine skips through
quickly); then it tries each exact pattern only there, in ``finditer``'s order
and with its non-overlapping rule.  Where lower-casing does not map the text
one to one onto what ``re.IGNORECASE`` matches (a length change, or a letter
such as "ı" or "ſ" that the flag pairs with an ASCII one), it falls back to
``finditer`` itself.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["Scanner"]

_ESCAPE_OR_CAPITAL = re.compile(r"\\.|[A-Z]|\(\?-i:")


def _lowered(pattern: str) -> str:
    """The pattern for lower-cased text, case-sensitive: its capital letters lower-cased (escapes kept) and its
    ``(?-i:...)`` groups made plain (what matches "IS" in the text matches "is" in the lower-cased text)."""
    return _ESCAPE_OR_CAPITAL.sub(
        lambda m: "(?:" if m.group() == "(?-i:" else m.group() if m.group()[0] == "\\" else m.group().lower(), pattern
    )


@lru_cache(maxsize=1)
def _case_traps() -> frozenset[str]:
    """Characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does not map
    to one (and characters whose lower case is longer)."""
    letter = re.compile("[a-z]", re.I)
    return frozenset(
        c
        for c in map(chr, range(0x80, 0x10000))
        if (letter.fullmatch(c) is not None and c.lower() not in string.ascii_lowercase) or len(c.lower()) != 1
    )


class Scanner:
    """``finditer`` of each of some case-insensitive patterns (``(?-i:...)`` groups allowed; no lookbehind)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.exact = tuple(re.compile(p, re.I) for p in patterns)
        self._any = re.compile("|".join(_lowered(p) for p in patterns))  # where any can match, in lower case

    def _starts(self, low: str, pos: int) -> list[int]:
        """Every position from pos where some pattern matches the lower-cased text, overlapping matches included."""
        out: list[int] = []
        for m in self._any.finditer(low, pos):
            out.append(m.start())
            out.extend(r for r in range(m.start() + 1, m.end()) if self._any.match(low, r) is not None)
        return out

    def finditer(self, text: str, start: int, end: int) -> list[list[re.Match[str]]]:
        """For each pattern, its matches in text[start:end], as ``pattern.finditer(text, start, end)`` gives them."""
        lo = max(start - 1, 0)  # one character before, so that \\b at the start sees what the full text has
        seg = text[lo:end]
        low = seg.lower()
        if len(low) != len(seg) or (not seg.isascii() and not _case_traps().isdisjoint(seg)):
            return [list(rx.finditer(text, start, end)) for rx in self.exact]
        candidates = [p + lo for p in self._starts(low, start - lo)]
        out: list[list[re.Match[str]]] = []
        for rx in self.exact:
            found: list[re.Match[str]] = []
            after = start
            for p in candidates:
                if p < after:
                    continue
                m = rx.match(text, p, end)
                if m is not None:
                    if m.end() == m.start():  # an empty match: finditer's stepping, not ours
                        return [list(r.finditer(text, start, end)) for r in self.exact]
                    found.append(m)
                    after = m.end()
            out.append(found)
        return out
