"""Small text helpers shared by the stages: line numbers of offsets, slugs, ASCII folding."""

from __future__ import annotations

import re
import unicodedata


def line_at(text: str, offset: int) -> int:
    """1-based line number of a character offset; a line ends at LF, CRLF or a lone CR."""
    return text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset) + 1


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


NON_SPACE_RUN = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words of a text, counted as runs of non-space characters."""
    return len(NON_SPACE_RUN.findall(text))
