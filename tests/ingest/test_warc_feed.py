"""WARC files (written here through warcio) and RSS/Atom feeds, and the bad files of every kind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from ingest_tools import LICENCE, Route, article_html, assert_refused, run_add, serve, write_warc

from claimtrail.ingest import add as add_module
from claimtrail.ingest.records import warc_pages
from corpus_tools import raw_digest

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Gazette</title><link>{base}/</link>
<item><title>One</title><link>{base}/one</link><pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item>
<item><title>Two</title><link>/two</link><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Test Gazette</title>
<entry><title>Three</title><link rel="alternate" href="{base}/three"/><published>2024-03-07T08:00:00Z</published></entry>
</feed>
"""


def _page(title: str, seed: int, published: str | None = "2024-03-05") -> bytes:
    return article_html(title, "Test Gazette", seed=seed, published=published).encode("utf-8")


def test_each_html_record_of_a_warc_becomes_an_article(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://gazette.example/a", _page("Ferry timetable changes", 31), "text/html; charset=utf-8"),
            ("https://gazette.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
            ("https://gazette.example/b", _page("Schools close for storm", 32), "text/html"),
        ],
    )
    code, out, err = run_add(repo, str(warc), "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    assert out.count("added ") == 2
    sidecars = sorted((repo / "raw").glob("test-gazette-*.md.provenance.yaml"))
    assert len(sidecars) == 2
    records = {p.target_uri: p for p in warc_pages(warc.read_bytes(), "crawl")}
    for sidecar in sidecars:
        prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        assert prov["retrieved"] == "2025-06-07" and prov["retrieved_basis"] == "WARC-Date"
        assert "crawl.warc.gz, WARC record" in prov["origin"]
        kept = (repo / "raw" / prov["received"]["file"]).read_bytes()
        assert prov["received"]["file"].endswith(".warc.gz")
        assert hashlib.sha256(kept).hexdigest() == prov["received"]["sha256"]
        record = records[prov["received"]["url"]]
        assert kept == record.record_bytes and kept in warc.read_bytes()  # the record's bytes, as in the file
        assert prov["received"]["payload_sha256"] == hashlib.sha256(record.body).hexdigest()


def test_warc_with_no_html_records(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc = write_warc(
        tmp_path / "images.warc", [("https://gazette.example/x.png", b"\x89PNG\r\n", "image/png")], gzip=False
    )
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(warc), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "but no HTML response with status 200")


def test_truncated_warc_gz(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = write_warc(tmp_path / "full.warc.gz", [("https://gazette.example/a", _page("Ferry", 31), "text/html")])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full.read_bytes()[:-40])
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(cut), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "is truncated", "copy the WARC file again")


def test_truncated_uncompressed_warc(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = write_warc(
        tmp_path / "full.warc", [("https://gazette.example/a", _page("Ferry", 31), "text/html")], gzip=False
    )
    cut = tmp_path / "cut.warc"
    cut.write_bytes(full.read_bytes()[:-300])
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(cut), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "is truncated: record 2", "more than the file holds")
    assert [p.index for p in warc_pages(full.read_bytes(), "full")] == [2]


def test_rss_and_atom_feeds_add_each_item_and_keep_the_date_as_a_hint(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {
        "/one": Route(body=_page("Bus lanes approved", 41)),
        "/two": Route(body=_page("Park gates repainted", 42, published=None)),
        "/three": Route(body=_page("Museum reopens", 43, published=None)),
    }
    with serve(routes) as server:
        routes["/feed.xml"] = Route(body=RSS.format(base=server.base).encode(), content_type="application/rss+xml")
        atom = tmp_path / "gazette.atom"
        atom.write_text(ATOM.format(base=server.base), encoding="utf-8")
        code, out, err = run_add(repo, server.url("/feed.xml"), str(atom), "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    assert out.count("added ") == 3
    fronts = {}
    for md in (repo / "raw").glob("test-gazette-*.md"):
        fm = yaml.safe_load(md.read_text(encoding="utf-8").split("---\n")[1])
        fronts[fm["title"]] = fm
    assert fronts["Bus lanes approved"]["published_basis"] == "JSON-LD datePublished"  # the page's own date wins
    assert fronts["Park gates repainted"]["published"] == "2024-03-06"
    assert fronts["Park gates repainted"]["published_basis"].startswith("feed:")
    assert fronts["Museum reopens"]["published"] == "2024-03-07"
    sidecar = next((repo / "raw").glob("test-gazette-park-gates-*.md.provenance.yaml"))
    received = yaml.safe_load(sidecar.read_text(encoding="utf-8"))["received"]
    assert (
        received["feed"].endswith("/feed.xml") and received["feed_item"] == 2 and received["feed_date"] == "2024-03-06"
    )


def test_feed_items_that_fail_are_listed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routes = {"/one": Route(body=_page("Bus lanes approved", 41))}  # /two answers 404
    with serve(routes) as server:
        routes["/feed.xml"] = Route(body=RSS.format(base=server.base).encode(), content_type="application/rss+xml")
        code, out, err = run_add(repo, server.url("/feed.xml"), "--licence", LICENCE, capsys=capsys)
    assert code == 2
    assert "added test-gazette-bus-lanes-approved" in out
    assert f"item 2 ({server.url('/two')})" in out + err and "404" in out + err


def test_a_feed_that_is_not_xml(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text("<rss><channel><item><title>Unclosed & broken</item>", encoding="utf-8")
    before = raw_digest(repo)
    code, _, err = run_add(repo, str(feed), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "is not XML, so it is not an RSS or Atom feed")
    with serve({"/feed": Route(body=b"this is not xml at all", content_type="application/rss+xml")}) as server:
        code, _, err = run_add(repo, server.url("/feed"), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "is not XML")


def test_bad_local_files(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    unknown = tmp_path / "odd.html"
    unknown.write_bytes(article_html("Odd", "Test Gazette", charset="x-unknown-99").encode())
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(article_html("Caf\xe9 opens", "Test Gazette", charset="utf-8").encode("cp1252"))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"<!doctype html>\n")
    big = tmp_path / "big.html"
    big.write_bytes(_page("Big", 1))
    before = raw_digest(repo)
    cases = [
        (binary, "is a JPEG image, not a web page or text"),
        (unknown, "its charset 'x-unknown-99'"),
        (wrong, "is not valid utf-8, the charset declared in the page's <meta> charset"),
        (empty, "the page is empty"),
        (big, "the limit is 1,000 bytes"),
    ]
    for path, phrase in cases:
        if path == big:
            monkeypatch.setattr(add_module, "MAX_FILE_BYTES", 1000)
        code, _, err = run_add(repo, str(path), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
        assert_refused(repo, before, code, err, str(path), phrase)


def test_undeclared_charset_is_detected_and_said(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = article_html("Caf\xe9 owners protest r\xe9gime of fees", "Test Gazette", charset="utf-8", seed=9)
    page = tmp_path / "latin.html"
    page.write_bytes(html.replace('<meta charset="utf-8">', "").replace("Item", "Café item").encode("cp1252"))
    code, _, err = run_add(repo, str(page), "--retrieved", "2026-11-30", "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    prov = yaml.safe_load(next((repo / "raw").glob("test-gazette-*.md.provenance.yaml")).read_text(encoding="utf-8"))
    assert prov["received"]["charset_basis"] == "detected by charset-normalizer (no charset declared)"
    assert "Café item" in next((repo / "raw").glob("test-gazette-*.md")).read_text(encoding="utf-8")
