"""Stage 1, raw: bytes checked against the provenance sidecar, then decoded."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.hashing import sha256_hex
from claimtrail.raw import REQUIRED_PROVENANCE, decode_raw_file, provenance_from_sidecar
from claimtrail.runner.read import read_raw
from helpers import provenance_for

PATH = "raw/article.txt"
SIDECAR = PATH + ".provenance.yaml"
SIDECAR_TEXT = """\
file: article.txt
sha256: {sha}
bytes: {size}
kind: article
description: A test article
origin: written by the test suite
retrieved: 2026-01-01
licence: test licence
"""


def _decode(data: bytes, **overrides: object) -> object:
    provenance = provenance_for(data, name="article.txt")
    provenance.update(overrides)
    return decode_raw_file(PATH, data, provenance, SIDECAR)


def test_matching_bytes_decode_to_text() -> None:
    data = "Line one\nLine two – with a dash ’\n".encode()
    raw = _decode(data)
    assert raw.text == data.decode("utf-8")
    assert raw.sha256 == sha256_hex(data)
    assert raw.size == len(data)
    assert raw.path == PATH


def test_sha256_mismatch_names_the_file_and_both_hashes() -> None:
    data = b"The text as received.\n"
    recorded = sha256_hex(b"Some other text.\n")
    with pytest.raises(ClaimtrailError) as info:
        _decode(data, sha256=recorded)
    err = info.value
    assert err.file == PATH
    assert str(err).startswith(f"error: {PATH}")
    assert sha256_hex(data) in err.problem
    assert recorded in err.problem
    assert SIDECAR in err.problem
    assert "fix:" in str(err)


def test_byte_count_mismatch_names_the_sidecar() -> None:
    data = b"abc\n"
    with pytest.raises(ClaimtrailError) as info:
        _decode(data, bytes=99)
    assert info.value.file == SIDECAR
    assert "bytes: 4" in info.value.fix


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"first\nsecond\nthi\x00rd\n", 3),
        (b"\x00at the start", 1),
        (b"a\nb\nc\nd\ne\x00\n", 5),
    ],
)
def test_nul_bytes_raise_with_the_line(data: bytes, line: int) -> None:
    with pytest.raises(ClaimtrailError) as info:
        _decode(data)
    assert info.value.line == line
    assert "NUL" in info.value.problem
    assert f"{PATH}:{line}" in str(info.value)


@pytest.mark.parametrize(
    ("data", "line", "byte"),
    [
        (b"ok\nstill ok\nWindows \x92quote\x92\n", 3, "0x92"),
        (b"\xff\xfeUTF-16 BOM", 1, "0xff"),
        (b"ok\n" + "café".encode("latin-1"), 2, "0xe9"),
    ],
)
def test_invalid_utf8_raises_with_the_line_and_byte(data: bytes, line: int, byte: str) -> None:
    with pytest.raises(ClaimtrailError) as info:
        _decode(data)
    assert info.value.line == line
    assert byte in info.value.problem
    assert "UTF-8" in info.value.problem


# --------------------------------------------------------------------------
# The sidecar
# --------------------------------------------------------------------------


def _sidecar_text(data: bytes = b"text\n") -> str:
    return SIDECAR_TEXT.format(sha=sha256_hex(data), size=len(data))


def test_complete_sidecar_is_accepted() -> None:
    provenance = provenance_from_sidecar(_sidecar_text(), SIDECAR)
    assert set(REQUIRED_PROVENANCE) <= set(provenance)
    assert provenance["retrieved"] == "2026-01-01"  # dates stay strings
    assert "__line__" not in provenance


@pytest.mark.parametrize("field", REQUIRED_PROVENANCE)
def test_sidecar_without_a_field_raises(field: str) -> None:
    text = "".join(line + "\n" for line in _sidecar_text().splitlines() if not line.startswith(field + ":"))
    with pytest.raises(ClaimtrailError) as info:
        provenance_from_sidecar(text, SIDECAR)
    assert info.value.file == SIDECAR
    assert field in info.value.problem


def test_sidecar_with_an_empty_field_raises() -> None:
    """`licence:` with no value (YAML null) is as missing as no `licence:` line at all."""
    field = "licence"
    text = "".join(
        (f"{field}:\n" if line.startswith(field + ":") else line + "\n") for line in _sidecar_text().splitlines()
    )
    with pytest.raises(ClaimtrailError) as info:
        provenance_from_sidecar(text, SIDECAR)
    assert field in info.value.problem


def test_sidecar_with_an_unknown_kind_raises() -> None:
    text = _sidecar_text().replace("kind: article", "kind: newsletter")
    with pytest.raises(ClaimtrailError, match="newsletter"):
        provenance_from_sidecar(text, SIDECAR)


def test_sidecar_that_is_not_a_mapping_raises() -> None:
    with pytest.raises(ClaimtrailError, match="not a YAML mapping"):
        provenance_from_sidecar("- just\n- a list\n", SIDECAR)


# --------------------------------------------------------------------------
# Reading a raw file from disk (build.read_raw)
# --------------------------------------------------------------------------


def _write_raw(root: Path, data: bytes, sidecar: str | None) -> Path:
    (root / "raw").mkdir()
    path = root / PATH
    path.write_bytes(data)
    if sidecar is not None:
        (root / SIDECAR).write_text(sidecar, encoding="utf-8")
    return path


def test_read_raw_checks_the_file_against_its_sidecar(tmp_path: Path) -> None:
    data = b"The text.\n"
    raw = read_raw(tmp_path, _write_raw(tmp_path, data, _sidecar_text(data)))
    assert raw.path == PATH
    assert raw.text == "The text.\n"


def test_read_raw_refuses_a_changed_file(tmp_path: Path) -> None:
    path = _write_raw(tmp_path, b"The text.\n", _sidecar_text(b"The text.\n"))
    path.write_bytes(b"The text, edited.\n")
    with pytest.raises(ClaimtrailError) as info:
        read_raw(tmp_path, path)
    assert info.value.file == PATH


def test_read_raw_without_sidecar_suggests_one(tmp_path: Path) -> None:
    data = b"The text.\n"
    with pytest.raises(ClaimtrailError) as info:
        read_raw(tmp_path, _write_raw(tmp_path, data, None))
    assert SIDECAR in info.value.problem
    assert sha256_hex(data) in info.value.fix  # the template carries the real hash


def test_read_raw_refuses_a_sidecar_naming_another_file(tmp_path: Path) -> None:
    data = b"The text.\n"
    sidecar = _sidecar_text(data).replace("file: article.txt", "file: other.txt")
    with pytest.raises(ClaimtrailError, match=r"other\.txt"):
        read_raw(tmp_path, _write_raw(tmp_path, data, sidecar))
