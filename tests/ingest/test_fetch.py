"""`claimtrail add URL` against a server the test starts on 127.0.0.1: pages, redirects and every way
a fetch can fail (each with one message, and nothing written under raw/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ingest_tools import LICENCE, Route, article_html, assert_refused, run_add, serve

from claimtrail import __version__
from claimtrail.ingest.fetch import MAX_REDIRECTS
from corpus_tools import raw_digest


def _page(title: str, seed: int) -> bytes:
    return article_html(title, "Test Gazette", seed=seed).encode("utf-8")


def test_a_url_becomes_an_article_and_the_client_names_itself(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routes = {"/news/a": Route(body=_page("Tram line extended", 11)), "/old": Route(301, location="/news/a")}
    with serve(routes) as server:
        code, out, err = run_add(repo, server.url("/old"), "--licence", LICENCE, capsys=capsys)
    assert code == 0, err
    assert "added test-gazette-tram-line-extended" in out
    assert all(ua.startswith(f"claimtrail/{__version__}") for _, ua in server.requests)
    sidecar = next((repo / "raw").glob("test-gazette-tram-*.md.provenance.yaml"))
    prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert prov["origin"] == server.url("/old")
    assert prov["retrieved_basis"] == "HTTP Date header"
    assert prov["received"]["url"] == server.url("/news/a")
    assert prov["received"]["http_status"] == 200 and prov["received"]["redirected_to"] == server.url("/news/a")
    kept = repo / "raw" / prov["received"]["file"]
    assert kept.read_bytes() == routes["/news/a"].body
    front = yaml.safe_load((repo / "raw" / prov["file"]).read_text(encoding="utf-8").split("---\n")[1])
    assert front["url"] == server.url("/news/a")  # no canonical link: the address it came from


def test_an_answer_without_a_date_needs_retrieved_and_never_takes_the_clock(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {"/undated": Route(body=_page("Bridge reopens", 12), date_header=False)}
    before = raw_digest(repo)
    with serve(routes) as server:
        code, _, err = run_add(repo, server.url("/undated"), "--licence", LICENCE, capsys=capsys)
        assert_refused(repo, before, code, err, "no Date header", "--retrieved YYYY-MM-DD")
        code, _, err = run_add(
            repo, server.url("/undated"), "--licence", LICENCE, "--retrieved", "2026-02-03", capsys=capsys
        )
    assert code == 0, err
    sidecar = next((repo / "raw").glob("test-gazette-bridge-*.md.provenance.yaml"))
    prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert (prov["retrieved"], prov["retrieved_basis"]) == ("2026-02-03", "--retrieved")


@pytest.mark.parametrize(
    ("route", "phrases"),
    [
        (Route(404, b"<html><body>gone</body></html>"), ("the server answered 404 Not Found", "check the address")),
        (Route(500, b"<html><body>oops</body></html>"), ("the server answered 500 Internal Server Error",)),
        (
            Route(body=b"%PDF-1.4 binary", content_type="application/pdf"),
            ("content type application/pdf, not an HTML page",),
        ),
        (Route(body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/html"), ("is a PNG image, not a web page",)),
        (
            Route(body=b"<html>" + b"x" * 64, content_type="text/html; charset=klingon-8"),
            ("charset 'klingon-8'", "not a charset Python knows"),
        ),
        (
            Route(
                body="<html><body><p>caf\xe9</p></body></html>".encode("latin-1"),
                content_type="text/html; charset=utf-8",
            ),
            ("is not valid utf-8", "declared in the HTTP Content-Type header"),
        ),
    ],
    ids=["404", "500", "pdf", "binary", "unknown-charset", "wrong-charset"],
)
def test_a_failed_fetch_writes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str], route: Route, phrases: tuple[str, ...]
) -> None:
    before = raw_digest(repo)
    with serve({"/x": route}) as server:
        code, _, err = run_add(repo, server.url("/x"), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, server.url("/x"), *phrases)


def test_redirect_loop_and_too_many_redirects(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routes = {"/a": Route(302, location="/b"), "/b": Route(302, location="/a")}
    routes.update({f"/r{i}": Route(302, location=f"/r{i + 1}") for i in range(MAX_REDIRECTS + 2)})
    before = raw_digest(repo)
    with serve(routes) as server:
        code, _, err = run_add(repo, server.url("/a"), "--licence", LICENCE, capsys=capsys)
        assert_refused(repo, before, code, err, "redirects in a loop")
        code, _, err = run_add(repo, server.url("/r0"), "--licence", LICENCE, capsys=capsys)
        assert_refused(repo, before, code, err, f"redirected more than {MAX_REDIRECTS} times")


def test_timeout(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = raw_digest(repo)
    with serve({"/slow": Route(body=_page("Slow", 1), delay=2.0)}) as server:
        code, _, err = run_add(repo, server.url("/slow"), "--licence", LICENCE, "--timeout", "0.5", capsys=capsys)
    assert_refused(repo, before, code, err, "did not answer within 0.5 seconds")


def test_body_over_the_size_limit(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimtrail.ingest.fetch as fetch_module

    monkeypatch.setattr(fetch_module, "MAX_BYTES", 1000)
    monkeypatch.setattr(fetch_module.fetch, "__kwdefaults__", {**fetch_module.fetch.__kwdefaults__, "max_bytes": 1000})
    before = raw_digest(repo)
    with serve({"/big": Route(body=_page("Big", 2))}) as server:
        code, _, err = run_add(repo, server.url("/big"), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "the limit is 1,000")


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        (
            "<html><head><title>Sign in</title></head><body><form><p>Please log in to continue reading.</p><input name=u><input type=password></form></body></html>",
            "a login wall, cookie wall, error or index page",
        ),
        (
            "<html><head><title>We value your privacy</title></head><body><div class=consent><p>We use cookies to improve your experience. Accept all to continue.</p><button>Accept</button></div></body></html>",
            "its title is “We value your privacy”",
        ),
        (
            "<html><head><title>Page not found</title></head><body><h1>Sorry</h1><p>The page you asked for does not exist.</p></body></html>",
            "its title is “Page not found”",
        ),
        (
            "<html><head><title>World news</title></head><body><ul>"
            + "".join(f'<li><a href="/s{i}">Headline number {i} of the day about the news</a></li>' for i in range(30))
            + "</ul></body></html>",
            "it is an index page",
        ),
    ],
    ids=["login-wall", "cookie-wall", "error-page-200", "index-page"],
)
def test_pages_with_no_article_text(repo: Path, capsys: pytest.CaptureFixture[str], body: str, phrase: str) -> None:
    before = raw_digest(repo)
    with serve({"/p": Route(body=body.encode("utf-8"))}) as server:
        code, _, err = run_add(repo, server.url("/p"), "--licence", LICENCE, capsys=capsys)
    assert_refused(repo, before, code, err, "the page holds no article text", phrase)


def test_a_batch_adds_the_good_lists_the_bad_and_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routes = {"/good": Route(body=_page("Stadium roof repaired", 21)), "/bad": Route(500, b"no")}
    with serve(routes) as server:
        code, out, err = run_add(
            repo,
            server.url("/good"),
            server.url("/bad"),
            str(repo / "no-such.html"),
            "--licence",
            LICENCE,
            capsys=capsys,
        )
    assert code == 2
    text = out + err
    assert "added test-gazette-stadium-roof-repaired" in text
    assert f"not added: {server.url('/bad')}" in text and "500" in text
    assert "no-such.html" in text and "no such file" in text
    assert "1 source(s) added, 2 refused" in text
    assert len(list((repo / "raw").glob("test-gazette-*.md"))) == 1
