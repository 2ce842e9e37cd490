"""Tools of the ingest tests: article pages written here (our own prose), a local HTTP server on
127.0.0.1 in a thread, WARC files written through warcio, and `claimtrail add` run in-process."""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimtrail.cli import main
from corpus_tools import raw_digest
from helpers import copy_repo

SHARED_INGEST = Path(__file__).resolve().parents[2].parent / "shared" / "ingest"
LICENCE = "written for the claimtrail test suite"

# Our own sentences, to make article bodies of any length (no real article text in the project).
SENTENCES = (
    "The council met on Tuesday to discuss the new water supply for the eastern district.",
    "Residents had complained for months that the pressure dropped every evening after six.",
    "Engineers said the old pipes under the market square were more than eighty years old.",
    "A spokesperson for the utility promised that repairs would begin before the winter.",
    "Shop owners near the square worry that the works will keep customers away for weeks.",
    "The mayor said the cost would be shared between the city and the regional government.",
    "Opposition members asked why the problem had not been found in last year's survey.",
    "The first phase of the work is due to finish in the spring, officials said.",
)


def body_paragraphs(seed: int, n: int = 6) -> list[str]:
    """n paragraphs of three sentences each, varied by seed (different seeds give different texts)."""
    out = []
    for i in range(n):
        picked = [SENTENCES[(seed * 3 + i + k * 5) % len(SENTENCES)] for k in range(3)]
        out.append(f"Item {seed}.{i}: " + " ".join(picked))
    return out


def article_html(
    title: str,
    publisher: str,
    *,
    published: str | None = "2024-03-05",
    seed: int = 1,
    canonical: str = "",
    charset: str = "utf-8",
    extra_body: str = "",
) -> str:
    """An article page with the metadata a news site declares, menus and a related-links box."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if published:
        ld["datePublished"] = published + "T09:30:00Z"
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body_paragraphs(seed))
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | {publisher}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{publisher}">{link}
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{title}</h1><p class="byline">By Test Writer</p>
{paragraphs}
<p><em>Read more</em>: <a href="/other">A different story about something else entirely</a></p>
{extra_body}
</article>
<footer><p>Copyright the test publisher. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str = ""
    delay: float = 0.0
    date_header: bool = True  # False: the answer carries no Date header


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)

    def url(self, path: str) -> str:
        return self.base + path


@contextlib.contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """A ThreadingHTTPServer on 127.0.0.1 (a free port) answering `routes`; 404 for anything else."""
    state = Server("", routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = state.routes.get(self.path, Route(404, b"<html><body>not found</body></html>"))
            if route.delay:
                time.sleep(route.delay)
            try:
                if route.date_header:
                    self.send_response(route.status)
                else:
                    self.send_response_only(route.status)
                if route.location:
                    self.send_header("Location", route.location)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_warc(path: Path, pages: Sequence[tuple[str, bytes, str]], *, gzip: bool = True) -> Path:
    """A WARC file of response records (url, body, content type), plus a request record, via warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, body, ctype in pages:
            req = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")
            )
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2025-06-07T08:09:10Z"},
            )
            writer.write_record(rec)
    return path


def run_add(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`claimtrail add ARGS --root ROOT` in this process: (exit code, stdout, stderr)."""
    code = main(["add", *args, "--root", str(root)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A temporary copy of the repository."""
    return copy_repo(tmp_path / "repo")


def assert_refused(root: Path, before: dict[str, str], code: int, err: str, *phrases: str) -> None:
    """Exit 2, one message naming each phrase, and nothing written under raw/."""
    assert code == 2, err
    for phrase in phrases:
        assert phrase in err, f"{phrase!r} not in:\n{err}"
    assert raw_digest(root) == before, "something was written under raw/"
    assert not (root / "raw" / "received").exists()
