"""Bytes received to text: the declared charset first, then detection; binary data is refused.

The result says which charset was used and why (`basis`), so the same bytes decode the same
way again when `claimtrail verify` re-derives an article.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import ClaimtrailError

# Leading bytes of common binary formats a user may hand over by mistake.
MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "a program"),
)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used and where it came from."""

    text: str
    charset: str  # a Python codec name, e.g. utf-8, cp1252
    basis: str  # e.g. "declared in the HTTP Content-Type header", "detected by charset-normalizer"


def binary_kind(data: bytes) -> str:
    """What binary data looks like ('' when it may be text)."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    head = data[:4096]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary data (it holds NUL bytes)"
    return ""


def declared_charset(data: bytes, content_type: str = "") -> tuple[str, str]:
    """(charset, where it was declared): a byte-order mark, the HTTP header, then the document itself."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, "a byte-order mark"
    m = HEADER_CHARSET.search(content_type)
    if m:
        return m.group(1).strip().lower(), "declared in the HTTP Content-Type header"
    head = data[:8192]
    xm = XML_ENCODING.search(head)
    if xm:
        return xm.group(1).decode("ascii").lower(), "declared in the XML declaration"
    mm = META_CHARSET.search(head)
    if mm:
        return mm.group(1).decode("ascii").lower(), "declared in the page's <meta> charset"
    return "", ""


def codec_name(charset: str) -> str:
    """Python's name for a charset, or '' if Python does not know it."""
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return ""


def decode_bytes(data: bytes, source: str, content_type: str = "") -> Decoded:
    """Decode by the declared charset, else by detection; refuse binary data and undecodable bytes."""
    what = binary_kind(data)
    if what:
        raise ClaimtrailError(source, f"is {what}, not a web page or text", "give a saved HTML page or a text file")
    charset, basis = declared_charset(data, content_type)
    if charset:
        codec = codec_name(charset)
        if not codec:
            raise ClaimtrailError(
                source,
                f"its charset {charset!r} ({basis}) is not a charset Python knows",
                "save the page again as UTF-8, or correct the charset declaration",
            )
        try:
            return Decoded(data.decode(codec), codec, basis)
        except UnicodeDecodeError as exc:
            raise ClaimtrailError(
                source,
                f"byte {exc.start} (0x{data[exc.start]:02x}) is not valid {codec}, the charset {basis}",
                "the declaration is wrong: save the page again (as UTF-8) or fix its charset",
            ) from None
    return detect(data, source)


def detect(data: bytes, source: str) -> Decoded:
    """No declaration: valid UTF-8 is UTF-8; otherwise ask charset-normalizer."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "detected: the bytes are valid UTF-8 (no charset declared)")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    codec = codec_name(best.encoding) if best is not None else ""
    if best is None or not codec or best.chaos > 0.2:
        raise ClaimtrailError(
            source,
            "declares no charset and its bytes are in no charset that could be detected",
            "save the page again as UTF-8",
        )
    return Decoded(data.decode(codec), codec, "detected by charset-normalizer (no charset declared)")


def decode_with(data: bytes, charset: str) -> str:
    """Decode again with a recorded codec (for re-derivation); errors are real mismatches."""
    return data.decode(charset)
