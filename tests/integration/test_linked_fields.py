"""The event tables read nothing of a linked claim or figure but LINKED_FIELDS, which is all each article keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from claimtrail.cache.store import EntryStore
from claimtrail.rows.events import LINKED_FIELDS, event_tables
from claimtrail.runner import BuildOptions, build, read_inputs
from helpers import copy_repo


class _Recording(dict[str, Any]):
    """A row that notes every field read from it."""

    read: ClassVar[set[str]] = set()

    def __getitem__(self, key: str) -> Any:
        _Recording.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        _Recording.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        _Recording.read.add(str(key))
        return super().__contains__(key)


def test_event_tables_from_the_kept_fields_equal_those_from_whole_rows(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    result = build(root, options=BuildOptions(site=False, keep_tables=True))
    corpus = read_inputs(root, EntryStore(None)).corpus
    linked = [r for name in ("claims", "figures") for r in result.tables[name] if r["event_id"]]
    assert any("figure_id" in r for r in linked) and any("figure_id" not in r for r in linked), (
        "the seed links claims and figures to events: the scenario needs both"
    )
    assert result.tables["estimates"], "the scenario needs estimates, which read the figures' bounds"
    sources = result.tables["sources"]

    _Recording.read = set()
    whole = event_tables(corpus.events, sources, [_Recording(r) for r in linked])
    kept = event_tables(corpus.events, sources, [{f: r[f] for f in LINKED_FIELDS if f in r} for r in linked])

    assert _Recording.read <= set(LINKED_FIELDS), sorted(_Recording.read - set(LINKED_FIELDS))
    assert kept == whole
    # and the build's own event tables (from the kept fields, machine events included) hold the curated ones
    curated = {e.event_id for e in corpus.events}
    assert [r for r in result.tables["events"] if r["event_id"] in curated] == whole["events"]
    assert result.tables["estimates"] == whole["estimates"]
