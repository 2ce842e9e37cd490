"""Stage 1, raw: decode a raw file and check it against its provenance sidecar.

Raw files are kept byte for byte as received.  Each one has a sidecar
`<name>.provenance.yaml` beside it that records what the file is, where it
came from, when it was received, its licence and its sha256.  Reading a raw
file checks the hash; nothing here ever writes under raw/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ClaimtrailError
from ..hashing import sha256_hex
from ..text import byte_line
from ..yamlio import key_line, load_yaml, strip_lines, written
from .fields import check_keys, kind_of, web_url

SIDECAR_SUFFIX = ".provenance.yaml"


ARTICLE_SUFFIXES = (".txt", ".md")


REQUIRED_PROVENANCE = ("file", "sha256", "bytes", "kind", "description", "origin", "retrieved", "licence")
# What `claimtrail add` records beside them: how `retrieved` was known, the bytes as received
# (raw/received/), and the extractor that turned them into the article's text.
OPTIONAL_PROVENANCE = ("retrieved_basis", "received", "extractor")


FILE_KINDS = ("compilation_page", "article")


@dataclass(frozen=True)
class RawFile:
    """A raw file, decoded, with the provenance its sidecar declares."""

    path: str  # relative to the repository root, POSIX separators
    text: str
    sha256: str
    size: int
    provenance: dict[str, Any]


def sidecar_template(name: str, data: bytes) -> str:
    """The sidecar a curator should write for a new raw file (used in fix hints)."""
    return (
        f"file: {name}\n"
        f"sha256: {sha256_hex(data)}\n"
        f"bytes: {len(data)}\n"
        "kind: article            # or compilation_page\n"
        "description: ...\n"
        "origin: ...              # where the file came from (URL or hand-over)\n"
        "retrieved: YYYY-MM-DD\n"
        "licence: ...             # e.g. publisher's copyright, included for verification\n"
    )


def provenance_from_sidecar(sidecar_text: str, sidecar_path: str) -> dict[str, Any]:
    """Parse and check the fields of a provenance sidecar."""
    data = load_yaml(sidecar_text, sidecar_path)
    if not isinstance(data, dict):
        raise ClaimtrailError(sidecar_path, "the sidecar is not a YAML mapping", "write one 'key: value' per line")
    check_keys(data, REQUIRED_PROVENANCE + OPTIONAL_PROVENANCE, sidecar_path, what="a provenance sidecar")
    for key in ("file", "sha256", "kind", "description", "origin", "retrieved", "licence"):
        if isinstance(data.get(key), (dict, list)):
            raise ClaimtrailError(
                sidecar_path,
                f"{key} must be text, not {kind_of(data[key])}",
                f"write {key} on one line as text",
                line=key_line(data, key),
            )
        if data.get(key) is not None:  # a sha256 of digits only, or a date, is kept as written
            data[key] = written(data, key)
    web_url(str(data.get("origin") or ""), sidecar_path, "origin", line=key_line(data, "origin"), strict=False)
    data = strip_lines(data)
    missing = [k for k in REQUIRED_PROVENANCE if data.get(k) is None or not str(data[k]).strip()]
    if missing:
        raise ClaimtrailError(
            sidecar_path,
            f"the sidecar lacks {', '.join(missing)}",
            f"add the fields {', '.join(REQUIRED_PROVENANCE)}",
        )
    if isinstance(data["bytes"], bool) or not isinstance(data["bytes"], int):
        raise ClaimtrailError(
            sidecar_path,
            f"bytes is {data['bytes']!r}, not a whole number",
            "set bytes to the file's size in bytes (wc -c FILE)",
        )
    if data["kind"] not in FILE_KINDS:
        raise ClaimtrailError(sidecar_path, f"kind {data['kind']!r} is unknown", f"use one of {', '.join(FILE_KINDS)}")
    return dict(data)


def decode_raw_file(path: str, data: bytes, provenance: dict[str, Any], sidecar_path: str) -> RawFile:
    """Check the bytes against the sidecar's hash and decode them as UTF-8."""
    digest = sha256_hex(data)
    if str(provenance["sha256"]) != digest:
        raise ClaimtrailError(
            path,
            f"its sha256 is {digest}, but {sidecar_path} records {provenance['sha256']}: "
            "the raw file changed after it was received",
            "restore the file as received (git checkout -- " + path + "); if the new bytes are "
            "a deliberate new version, add them under a new file name with their own sidecar",
        )
    if int(provenance["bytes"]) != len(data):
        raise ClaimtrailError(
            sidecar_path,
            f"bytes is {provenance['bytes']} but the file has {len(data)} bytes",
            f"set bytes: {len(data)}",
        )
    if b"\x00" in data:
        line = byte_line(data, data.index(b"\x00"))
        raise ClaimtrailError(
            path,
            "the file contains NUL bytes: it is binary or corrupted, not text",
            "replace it with the article's UTF-8 text",
            line=line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = byte_line(data, exc.start)
        raise ClaimtrailError(
            path,
            f"byte {exc.start} (0x{data[exc.start]:02x}) is not valid UTF-8",
            "convert the file to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8) before adding it, "
            "under a new name with a new sidecar",
            line=line,
        ) from None
    return RawFile(path=path, text=text, sha256=digest, size=len(data), provenance=provenance)
