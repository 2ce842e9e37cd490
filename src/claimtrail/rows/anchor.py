"""Anchoring: find a curator's quote in the article's text, or say where it first differs.

A quote anchors when it occurs exactly once in its scope (the article, or the span a curator
narrowed it to); the error names the first differing character with its code point.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import ClaimtrailError
from ..raw.articles import Article
from ..text import line_at


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int


def anchor_quote(
    raw_text: str,
    article: Article,
    quote: str,
    *,
    occurrence: int | None,
    char_start: int | None,
    file: str,
    line: int | None,
    item: str,
    within: tuple[int, int] | None = None,
    occurrences: dict[tuple[str, int, int], list[int]] | None = None,
) -> Anchor:
    """Offsets of `quote` in the article (or in `within`), or a ClaimtrailError.

    `occurrences` memoises the starts of each (quote, scope) searched, so that an annotation quoting
    the same words many times (a long run of identical sentences) searches the text once for them.
    """
    lo, hi = within if within is not None else (article.char_start, article.char_end)
    scope = "its claim" if within is not None else f"article {article.source_id}"
    if char_start is not None:
        if not lo <= char_start <= hi - len(quote):
            raise ClaimtrailError(
                file,
                f"offsets disagree with the quote: char_start {char_start} is out of range; the quote's "
                f"{len(quote)} characters lie inside {scope} (characters {lo}–{hi} of {article.raw_path}) "
                f"only if they start between {lo} and {hi - len(quote)}",
                "correct char_start, or delete it and let the build find the quote",
                line=line,
                item=item,
            )
        found = raw_text[char_start : char_start + len(quote)]
        if found != quote:
            raise ClaimtrailError(
                file,
                f"offsets disagree with the quote: raw_text[{char_start}:{char_start + len(quote)}] is "
                f"“{found[:80]}”, not the quote “{quote[:80]}”",
                "correct char_start, or delete it and let the build find the quote",
                line=line,
                item=item,
            )
        return Anchor(char_start, char_start + len(quote))
    starts = _starts(raw_text, quote, lo, hi, occurrences)
    if not starts:
        near = _closest_hint(raw_text[lo:hi], quote)
        raise ClaimtrailError(
            file,
            f"the quote “{_short(quote)}” is not in {scope}{near}",
            "copy the words exactly from raw/ (curly quotes ’ “ ”, dashes – —, non-breaking spaces and typos included)",
            line=line,
            item=item,
        )
    if occurrence is None:
        if len(starts) > 1:
            lines = ", ".join(str(line_at(raw_text, s)) for s in starts[:10]) + (", …" if len(starts) > 10 else "")
            raise ClaimtrailError(
                file,
                f"the quote “{_short(quote)}” occurs {len(starts)} times in {scope} (raw lines {lines}), "
                "so its place is ambiguous",
                "lengthen the quote until it is unique, or add 'occurrence: N' (1 = first)",
                line=line,
                item=item,
            )
        return Anchor(starts[0], starts[0] + len(quote))
    if occurrence > len(starts):
        raise ClaimtrailError(
            file,
            f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s) in {scope}",
            f"use an occurrence between 1 and {len(starts)}",
            line=line,
            item=item,
        )
    s = starts[occurrence - 1]
    return Anchor(s, s + len(quote))


def _starts(
    raw_text: str, quote: str, lo: int, hi: int, occurrences: dict[tuple[str, int, int], list[int]] | None
) -> list[int]:
    """Every start of `quote` in raw_text[lo:hi] (overlapping ones included), memoised in `occurrences`."""
    key = (quote, lo, hi)
    starts = occurrences.get(key) if occurrences is not None else None
    if starts is None:
        starts = []
        pos = raw_text.find(quote, lo, hi)
        while pos != -1 and pos + len(quote) <= hi:
            starts.append(pos)
            pos = raw_text.find(quote, pos + 1, hi)
        if occurrences is not None:
            occurrences[key] = starts
    return starts


def _short(text: str, n: int = 70) -> str:
    flat = text.replace("\n", "⏎")
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def _char(c: str) -> str:
    """A character for a message: “а” (U+0430 CYRILLIC SMALL LETTER A); invisible ones by code point only."""
    name = unicodedata.name(c, "")
    code = f"U+{ord(c):04X}" + (f" {name}" if name else "")
    return f"“{c}” ({code})" if c.isprintable() and not c.isspace() and unicodedata.category(c) != "Cf" else code


def _closest_hint(scope_text: str, quote: str) -> str:
    """Say how much of the quote's start does match, to point at the first wrong character."""
    lo, hi = 0, len(quote)  # the longest prefix found in the text (a prefix of a found prefix is found)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in scope_text:
            lo = mid
        else:
            hi = mid - 1
    best = lo
    if best >= len(quote):
        return ""
    if best == 0:
        return f"; already its first character, {_char(quote[0])}, occurs nowhere in it"
    after = scope_text.find(quote[:best]) + best
    has = f"has {_char(scope_text[after])}" if after < len(scope_text) else "ends"
    return f"; its first {best} characters match, then the quote has {_char(quote[best])} where the article {has}"
