"""The pure parts of ingest on small pages written here: where each piece of metadata comes from."""

from __future__ import annotations

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.ingest.article_file import article_name, text_key
from claimtrail.ingest.decode import decode_bytes
from claimtrail.ingest.metadata import page_meta, parse_html
from claimtrail.ingest.records import feed_items, is_feed


def _meta(head: str, body: str = "", url: str = "") -> object:
    return page_meta(parse_html(f"<html><head>{head}</head><body>{body}</body></html>"), url)


def test_date_from_the_url_when_the_page_states_none() -> None:
    m = _meta(
        '<meta property="og:title" content="Storm hits the coast overnight">',
        url="https://news.example/2023/11/02/storm",
    )
    assert (m.published, m.published_precision, m.published_basis) == ("2023-11-02", "day", "URL")  # type: ignore[attr-defined]


def test_no_date_stays_unknown() -> None:
    m = _meta('<meta property="og:title" content="Storm hits the coast overnight">', url="https://news.example/storm")
    assert (m.published, m.published_precision, m.published_basis) == ("", "unknown", "")  # type: ignore[attr-defined]


def test_meta_tag_date_and_its_name() -> None:
    m = _meta(
        '<meta property="article:published_time" content="2022-07-08T10:00:00+02:00"><title>Storm hits the coast</title>'
    )
    assert (m.published, m.published_basis) == ("2022-07-08", "meta tag article:published_time")  # type: ignore[attr-defined]


def test_headline_loses_the_site_suffix_and_publisher_falls_back_to_the_host() -> None:
    m = _meta("<title>Storm hits the coast overnight | Coast News</title>", url="https://www.coastnews.com/a")
    assert m.title == "Storm hits the coast overnight"  # type: ignore[attr-defined]
    assert (m.publisher, m.publisher_basis) == ("coastnews", "the page's address")  # type: ignore[attr-defined]


def test_an_impossible_date_is_not_a_date() -> None:
    m = _meta('<meta name="date" content="2022-02-30"><title>Storm hits the coast overnight</title>')
    assert m.published == ""  # type: ignore[attr-defined]


def test_names_and_text_keys() -> None:
    assert article_name("The Gazette", "Storm hits the coast overnight, again and again", "t") == (
        "the-gazette-storm-hits-the-coast-overnight-again-e3b98a4d"
    )
    assert text_key("Storm, hits!\n\nthe coast") == text_key("storm hits the   coast")


def test_utf16_with_a_byte_order_mark_decodes() -> None:
    d = decode_bytes("\ufeff<html><p>Grüße</p></html>".encode("utf-16"), "x")
    assert "Grüße" in d.text and d.basis == "a byte-order mark"


def test_feed_sniffing_and_a_non_feed_xml() -> None:
    assert is_feed(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"></rss>')
    assert not is_feed(b"<html><body></body></html>")
    with pytest.raises(ClaimtrailError, match="is XML but not a feed"):
        feed_items(b"<?xml version='1.0'?><catalog/>", "c.xml", "")
