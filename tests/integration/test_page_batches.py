"""Pages rendered a batch at a time: the same pages as from every row at once, and one batch's rows held.

The build fetches the rows of the source pages, event pages and index pages in
batches (site.builder.PageBuilder.prepare), and keeps only the event row
queries' keys and a streamed digest of each event's rows (site.write.query_results).
Here the batches are made small, so that the seed's pages fall into several.
"""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest

from claimtrail.layout import DATABASE, DATASET_FILE, DESCRIPTOR, TEMPLATE_DIR
from claimtrail.query import QueryResult, fetch_for_keys, key_columns_of, run_query
from claimtrail.raw import dataset_metadata
from claimtrail.site import builder as site_builder
from claimtrail.site import pages as site_pages
from claimtrail.site.builder import render_pages
from claimtrail.site.pages import EVENT_ROW_QUERIES, INDEX_ROW_QUERIES, SOURCE_ROW_QUERIES, Pages, SiteInputs
from claimtrail.site.write import query_results


def _inputs(root: Path, results: dict[str, QueryResult], queries: Any, event_digests: dict[str, str]) -> SiteInputs:
    descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    raw_texts = {str(s["path"]): (root / str(s["path"])).read_text(encoding="utf-8") for s in descriptor["sources"]}
    return SiteInputs(
        results=results,
        raw_texts=raw_texts,
        dataset=dict(dataset_metadata((root / DATASET_FILE).read_text(encoding="utf-8"), DATASET_FILE), citation="c"),
        package_version="0",
        package_sha256="0" * 64,
        queries=queries,
        expected_hashes=[],
        source_date_epoch=0,
        event_digests=event_digests,
    )


class Row(dict[str, Any]):
    """A row that can be referred to weakly: whoever holds the rows, the row objects are these."""

    __slots__ = ("__weakref__",)


class Fetches:
    """A RowSource over the build's DuckDB file that records each call and keeps a weak reference to the rows
    of each result (one list per call)."""

    def __init__(self, db: Path, queries: Any) -> None:
        self.db, self.queries = db, queries
        self.calls: list[tuple[str, tuple[str, ...] | None, str]] = []
        self.results: list[list[weakref.ref[Row]]] = []

    def __call__(self, name: str, ids: Sequence[str] | None, /, key: str = "source_id") -> QueryResult:
        self.calls.append((name, None if ids is None else tuple(ids), key))
        got = fetch_for_keys(self.db, self.queries, name, ids, key)
        rows = tuple(Row(r) for r in got.rows)
        self.results.append([weakref.ref(r) for r in rows])
        return QueryResult(got.query, got.columns, rows)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_builder, "SOURCE_BATCH", 2)
    monkeypatch.setattr(site_builder, "EVENT_BATCH", 2)
    monkeypatch.setattr(site_builder, "INDEX_BATCH", 2)
    monkeypatch.setattr(site_pages, "PAGE_SIZE", 20)  # several pages per index


def _bodies(pages: Pages, on_page: Any = None) -> dict[str, str]:
    order = sorted(pages.html)
    pages.prepare(order)
    out = {}
    for rel in order:
        out[rel] = pages.html[rel].body()
        if on_page is not None:
            on_page(rel)
    return out


def test_batched_pages_equal_pages_from_every_row(built_root: Path, small_batches: None) -> None:
    db = built_root / DATABASE
    queries, lazy_results, digests = query_results(built_root, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        full = {n: run_query(con, q) for n, q in queries.items()}
    finally:
        con.close()
    # The long queries are held by their keys only.
    for name in EVENT_ROW_QUERIES:
        assert lazy_results[name].columns == ("event_id", "source_id")
        assert [(r["event_id"], r["source_id"]) for r in lazy_results[name].rows] == [
            (r["event_id"], r["source_id"]) for r in full[name].rows
        ]
    assert not set(SOURCE_ROW_QUERIES) & set(lazy_results)
    templates = built_root / TEMPLATE_DIR
    whole = _bodies(render_pages(_inputs(built_root, full, queries, {}), templates))
    fetches = Fetches(db, queries)
    batched = render_pages(_inputs(built_root, lazy_results, queries, digests), templates, rows=fetches)
    assert sorted(batched.html) == sorted(whole)
    got = _bodies(batched)
    assert got == whole
    # Several batches, none larger than its limit, and never a whole query fetched.
    assert all(ids is not None for _, ids, _ in fetches.calls)
    by_name = {name: [ids for n, ids, _ in fetches.calls if n == name] for name, _, _ in fetches.calls}
    for name in (*SOURCE_ROW_QUERIES, *EVENT_ROW_QUERIES):
        assert len(by_name[name]) > 1
        assert all(ids is not None and len(ids) <= 2 for ids in by_name[name])
    for name in INDEX_ROW_QUERIES:
        assert len(by_name[name]) > 1, name
    events = {c[2] for c in fetches.calls if c[0] in EVENT_ROW_QUERIES}
    assert events == {"event_id"}


def test_only_the_batch_being_rendered_is_held(built_root: Path, small_batches: None) -> None:
    db = built_root / DATABASE
    queries, results, digests = query_results(built_root, db)
    fetches = Fetches(db, queries)
    pages = render_pages(_inputs(built_root, results, queries, digests), built_root / TEMPLATE_DIR, rows=fetches)
    order = sorted(pages.html)
    pages.prepare(order)
    batch_start = 0  # the index in fetches.results of the first result of the batch being rendered
    stale: list[tuple[str, list[int]]] = []
    for rel in order:
        before = len(fetches.results)
        pages.html[rel].body()
        if len(fetches.results) > before:  # this page's batch was fetched for it
            batch_start = before
        gc.collect()
        alive = [i for i, refs in enumerate(fetches.results) if any(ref() is not None for ref in refs)]
        if any(i < batch_start for i in alive):
            stale.append((rel, alive))
    assert stale == []  # no earlier batch's rows outlive the next batch's fetch
    kinds = {name for name, _, _ in fetches.calls}
    assert kinds == {*SOURCE_ROW_QUERIES, *EVENT_ROW_QUERIES, *INDEX_ROW_QUERIES}
    assert len(fetches.results) > len(kinds)


def test_streamed_event_digests_equal_digests_of_the_fetched_rows(built_root: Path) -> None:
    """The page digests from query_results' streamed digests equal those made from every row fetched at once."""
    db = built_root / DATABASE
    queries, results, digests = query_results(built_root, db)
    assert sorted(digests) == sorted(r["event_id"] for r in results["event_detail"].rows)
    templates = built_root / TEMPLATE_DIR
    streamed = render_pages(_inputs(built_root, results, queries, digests), templates, rows=Fetches(db, queries))
    fetched = render_pages(_inputs(built_root, results, queries, {}), templates, rows=Fetches(db, queries))
    events = sorted(rel for rel in streamed.html if rel.startswith("events/"))
    assert events
    assert [streamed.html[rel].digest for rel in events] == [fetched.html[rel].digest for rel in events]
    # and a digest follows its event's rows: events with different rows have different digests
    assert len({digests[e] for e in digests}) > 1


def test_key_rows_equal_the_query_columns_and_share_one_dict_per_key(built_root: Path) -> None:
    """The keys held for the long queries: each row's values in the query's order, repeated keys one object."""
    queries, _, _ = query_results(built_root, built_root / DATABASE)
    con = duckdb.connect(str(built_root / DATABASE), read_only=True)
    try:
        full = run_query(con, queries["claims_index"])
        keys = key_columns_of(con, queries["claims_index"], ("source_id",))
    finally:
        con.close()
    assert [r["source_id"] for r in keys.rows] == [r["source_id"] for r in full.rows]
    distinct = {r["source_id"] for r in full.rows}
    assert len(keys.rows) > len(distinct) > 1  # several claims per source
    assert len({id(r) for r in keys.rows}) == len(distinct)
