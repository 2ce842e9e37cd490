"""Every cache entry carries the sha256 of its bytes and is checked before use (issue 16, class 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrail.cache.store import DAMAGED, HEADER, EntryStore, checked_payload


@pytest.fixture(autouse=True)
def _no_damage_recorded() -> None:
    DAMAGED.clear()


def test_an_entry_round_trips_with_its_hash_in_a_header(tmp_path: Path) -> None:
    store = EntryStore(tmp_path)
    store.put("ab" * 32, b'{"x": 1}')
    raw = store.path("ab" * 32).read_bytes()
    assert raw.startswith(HEADER) and raw.endswith(b'\n{"x": 1}')
    assert store.get("ab" * 32) == b'{"x": 1}' and store.hits == 1 and DAMAGED == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit, same length
        lambda b: b[:-2] + b"99",  # a digit edited, same length (still valid JSON)
        lambda b: b[len(HEADER) + 65 :],  # the header lost
        lambda b: b[:-1],  # truncated
        lambda b: b"",  # empty
        lambda b: b.replace(HEADER, b"claimtrail-entry sha257="),  # a foreign header
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_recorded(tmp_path: Path, damage: object) -> None:
    store = EntryStore(tmp_path)
    key = "cd" * 32
    store.put(key, b'{"value": 12}')
    path = store.path(key)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert store.get(key) is None
    assert (store.hits, store.misses) == (0, 1)
    assert [str(path)] == DAMAGED
    store.put(key, b'{"value": 12}')  # recomputed and stored again
    assert store.get(key) == b'{"value": 12}'


def test_checked_payload_refuses_a_header_without_its_newline() -> None:
    assert checked_payload(HEADER + b"0" * 64 + b"x") is None


def test_unchecked_stores_keep_bytes_bare(tmp_path: Path) -> None:
    store = EntryStore(tmp_path, ".html", checked=False)
    store.put("ef" * 32, b"<p>page</p>")
    assert store.path("ef" * 32).read_bytes() == b"<p>page</p>"
