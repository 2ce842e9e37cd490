"""Where the search's shards are cut: bounded, in order, and moved only near a page added or removed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrail.site.search import shards_of

PAGES = sorted(f"sources/article-{i:05d}.html" for i in range(3000))


def test_shards_keep_every_page_in_order_and_stay_under_the_bound() -> None:
    shards = shards_of(PAGES, 200)
    assert [p for s in shards for p in s] == PAGES
    assert max(len(s) for s in shards) <= 200
    assert min(len(s) for s in shards[:-1]) >= 200 // 4
    assert 3000 / len(shards) < 200  # not every shard at the bound: cut by the pages' hashes


def test_an_empty_site_has_one_empty_shard() -> None:
    assert shards_of([], 200) == [[]]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(PAGES) - 1), st.booleans())
def test_a_page_added_or_removed_changes_few_shards(where: int, add: bool) -> None:
    before = shards_of(PAGES, 200)
    pages = [*PAGES[:where], "sources/article-new.html", *PAGES[where:]] if add else PAGES[:where] + PAGES[where + 1 :]
    after = shards_of(sorted(pages), 200)
    changed = [s for s in after if s not in before]
    assert len(changed) <= 3, len(changed)  # its own shard, and a cut it moved at most


def test_a_shard_holds_at_most_so_many_bytes_unless_one_page_is_larger() -> None:
    sizes = {p: 1_000 for p in PAGES} | {PAGES[10]: 50_000}
    shards = shards_of(PAGES, 200, sizes, 20_000)
    assert [p for s in shards for p in s] == PAGES
    assert all(sum(sizes[p] for p in s) <= 20_000 for s in shards if s != [PAGES[10]])
    assert [PAGES[10]] in shards  # a page larger than the bound is a shard of its own
    assert max(len(s) for s in shards) <= 20
    # without sizes, the bound is the pages' count alone
    assert shards_of(PAGES, 200) == shards_of(PAGES, 200, None, 20_000)
