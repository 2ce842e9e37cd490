"""Fixtures for browser tests: a built site served on 127.0.0.1 and Debian's Chromium.

No skips: if Chromium cannot be found the tests fail, naming what to install.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def chromium_path() -> str:
    candidates = [os.environ.get("CLAIMTRAIL_CHROMIUM", ""), "/usr/bin/chromium", shutil.which("chromium") or ""]
    for c in candidates:
        if c and Path(c).is_file():
            return c
    pytest.fail("Debian's chromium is not installed: run 'apt-get install chromium' (CI's .ci/run does)")


@pytest.fixture(scope="session")
def site_url(built_root: Path) -> Iterator[str]:
    """Serve build/site of the session's build on an ephemeral 127.0.0.1 port."""
    yield from _serve(built_root / "build" / "site")


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the seed plus the injection article of tests/hostile/."""
    from claimtrail.runner import build
    from corpus_tools import add_hostile_article
    from helpers import copy_repo

    root = copy_repo(tmp_path_factory.mktemp("hostile") / "repo")
    add_hostile_article(root)
    build(root)
    return root


@pytest.fixture(scope="session")
def hostile_site_url(hostile_root: Path) -> Iterator[str]:
    yield from _serve(hostile_root / "build" / "site")


@pytest.fixture(scope="session")
def serve() -> Callable[[Path], Iterator[str]]:
    """Serve a directory of a test's own on an ephemeral 127.0.0.1 port: ``yield from serve(directory)``."""
    return _serve


def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: object, site_url: str) -> Iterator[object]:
    """A fresh page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda req: pg.requests.append(req.url))  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
