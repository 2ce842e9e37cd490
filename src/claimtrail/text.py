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


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Ţarţūs' -> 'tartus' (for accent-insensitive look-ups)."""
    norm = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", norm.encode("ascii", "ignore").decode("ascii").lower())
