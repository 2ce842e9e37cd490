"""Where the search's shards are cut: bounded, in order, and moved only near a page added or removed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrail.site.search import by_kind, search_shards, shards_of

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


def test_pages_are_grouped_by_kind_the_site_own_pages_first() -> None:
    pages = sorted(
        ["index.html", "events/e1.html", "methodology/index.html", "sources/a.html", "dictionary/index.html"]
    )
    assert by_kind(pages) == [
        ["dictionary/index.html", "index.html", "methodology/index.html"],
        ["events/e1.html"],
        ["sources/a.html"],
    ]
    assert by_kind(["sources/a.html"]) == [["sources/a.html"]]
    assert by_kind([]) == []


def test_a_changed_article_and_the_home_page_leave_every_other_kind_shard_alone() -> None:
    """A one-article change touches its page, an event page and the site's own pages: with shards by kind,
    the other shards of articles and events keep their pages (and their stored bundles)."""
    site = sorted(["index.html", "methodology/index.html", "verify/index.html"])
    events = sorted(f"events/e{i:04d}.html" for i in range(1500))
    articles = [p for p in PAGES if p != "sources/index.html"]
    pages = sorted([*site, *events, *articles])
    shards = search_shards(pages, {p: 1_000 for p in pages}, 200)
    touched = {"index.html", "methodology/index.html", events[700], articles[1234]}
    kinds_of_touched = {next(i for i, s in enumerate(shards) if p in s) for p in touched}
    assert len(kinds_of_touched) <= 3  # the site's own shard, one of events, one of articles
    assert all(not (set(s) & set(site)) or set(s) <= set(site) for s in shards)  # never mixed with articles


def test_listings_are_sharded_with_the_site_own_pages() -> None:
    """The pages of the indexes (sources/index.html, sources/2.html...) change with any article: not in its shards."""
    pages = sorted(["index.html", "sources/index.html", "sources/2.html", "sources/a.html", "events/e.html"])
    listings = {"sources/index.html", "sources/2.html", "claims/index.html"}
    assert by_kind(pages, listings) == [
        ["index.html", "sources/2.html", "sources/index.html"],
        ["events/e.html"],
        ["sources/a.html"],
    ]
