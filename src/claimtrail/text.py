"""Small text helpers shared by the stages: line numbers of offsets, slugs, ASCII folding."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_LINE_END = re.compile(r"\r\n|\r|\n")


# The line starts of the text line_at was last asked about.  The text itself is kept, so an
# identity check is safe (its id cannot be reused while it is held); rows of one article ask for
# many lines of one text, and counting from 0 for each would be quadratic in the text's length.
_line_index: tuple[str, list[int]] = ("", [0])


def line_at(text: str, offset: int) -> int:
    """1-based line number of a character offset; a line ends at LF, CRLF or a lone CR."""
    global _line_index
    cached, starts = _line_index
    if cached is not text:
        starts = [0, *(m.end() for m in _LINE_END.finditer(text))]
        _line_index = (text, starts)
    # A CRLF split by the offset (offset just after the CR) counts the CR as ending the line.
    line = bisect_right(starts, offset)
    if 0 < offset < len(text) + 1 and text[offset - 1 : offset + 1] == "\r\n":
        line += 1
    return line


def byte_line(data: bytes, index: int) -> int:
    """1-based line number of a byte offset (for bytes that may not decode)."""
    prefix = data[:index].decode("utf-8", errors="replace")
    return line_at(prefix, len(prefix))


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'ISIS strikes in Assad’s' -> 'isis-strikes-in-assads'."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Ţarţūs' -> 'tartus' (for accent-insensitive look-ups)."""
    if text.isascii():
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    norm = unicodedata.normalize("NFKD", text)
    return _NOT_ASCII_ALNUM.sub("", norm.encode("ascii", "ignore").decode("ascii").lower())


# Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and
# the marks (U+200E, U+200F, U+061C).  In a page they would reorder what a reader sees ("gnp.exe"
# shown as "exe.png"); the data keeps them byte for byte, the site shows each as a visible marker.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def has_bidi(text: str) -> bool:
    return not BIDI_CONTROLS.isdisjoint(text)


def bidi_marker(c: str) -> str:
    """The visible stand-in of a bidi control: [U+202E]."""
    return f"[U+{ord(c):04X}]"


def visible_bidi(text: str) -> str:
    """`text` with each bidi control replaced by its visible marker (for page titles and attributes)."""
    if not has_bidi(text):
        return text
    return "".join(bidi_marker(c) if c in BIDI_CONTROLS else c for c in text)


NON_SPACE_RUN = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words of a text, counted as runs of non-space characters."""
    return len(NON_SPACE_RUN.findall(text))
