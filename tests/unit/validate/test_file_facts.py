"""The twin reads a file's facts in chunks: the same as counting in its whole bytes, wherever the chunks fall."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrail.validate.duckdb_twin import reading
from claimtrail.validate.duckdb_twin.descriptor import digest_parts

BYTES = st.lists(st.sampled_from([b'"', b"\n", b"\r", b"\x01", b"a", b",", b"\xef\xbb\xbf", b"\xc3\xa9"])).map(b"".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=BYTES, chunk=st.integers(min_value=1, max_value=7), algorithm=st.sampled_from(["md5", "sha256", "crc"]))
def test_chunked_facts_equal_those_of_the_whole_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, chunk: int, algorithm: str
) -> None:
    monkeypatch.setattr(reading, "CHUNK_BYTES", chunk)
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    facts = reading._file_facts(path, (algorithm, "x"))
    assert facts.size == len(data)
    assert facts.head == data[:3]
    assert facts.quotes == data.count(b'"')
    assert facts.newlines == data.count(b"\n")
    assert facts.carriage_returns == (b"\r" in data)
    assert facts.sentinel == (reading.NULL_SENTINEL.encode() in data)
    assert facts.final_newline == data.endswith(b"\n")
    # frictionless checks md5 and sha256 only
    assert facts.digest == (hashlib.new(algorithm, data).hexdigest() if algorithm != "crc" else None)


def test_a_descriptor_hash_without_prefix_is_md5() -> None:
    assert digest_parts("abc") == ("md5", "abc")
    assert digest_parts("sha256:abc") == ("sha256", "abc")
    assert digest_parts(None) is None
    assert digest_parts("") is None
