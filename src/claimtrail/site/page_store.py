"""Writing the HTML pages into the site: each body set into its shell, and the page store that links unchanged pages from an earlier build."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..cache.store import EntryStore, record_damaged
from ..hashing import cache_key, sha256_hex
from ..layout import SITE_DIR
from .pages import HtmlPage
from .shell import SHELL_DIR, fill_in_place, fill_shell, share_chrome


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    """Put `source` at `target` (whose directory exists) as a hard link (no second copy of a
    large file), or copy it."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def _make_dirs(directory: str, made: set[str]) -> None:
    """os.makedirs(directory, exist_ok=True), remembering what exists to spare system calls."""
    if directory not in made:
        os.makedirs(directory, exist_ok=True)
        made.add(directory)


def write_html_pages(
    site_dir: Path,
    html_pages: Mapping[str, HtmlPage],
    store: PageStore | None = None,
    version: str = "",
    prepare: Callable[[Sequence[str]], None] = lambda paths: None,
) -> dict[str, str]:
    """Set each HTML page into the shell MkDocs built; the sha256 of each (site path -> sha256).

    With a store, a page whose title, data digest, shell and `version` (code,
    templates, queries, dataset) match one already rendered is linked from the
    store instead of rendered again; `prepare` is told which pages will be
    rendered before the first is.  The shell page itself is removed.
    """
    shell_dir = site_dir / SHELL_DIR
    # (the shell is built one level down, like its pages: its shared files are at ../assets/)
    shell, shared = share_chrome((shell_dir / "index.html").read_text(encoding="utf-8"), "../")
    shutil.rmtree(shell_dir)
    for shared_rel, data in sorted(shared.items()):
        (site_dir / shared_rel).write_bytes(data)
    shell_digest = cache_key(version, shell)
    written: dict[str, str] = {}
    # Pages MkDocs built from a stub are their own shell.
    built = {rel: (site_dir / rel).read_text(encoding="utf-8") for rel, page in html_pages.items() if page.in_place}
    keys = {
        rel: cache_key(cache_key(version, built[rel]) if page.in_place else shell_digest, rel, page.title, page.digest)
        for rel, page in html_pages.items()
    }
    made: set[str] = set()
    for rel in sorted(html_pages):  # (string paths: at 10,000 pages pathlib's overhead shows)
        place = os.path.join(site_dir, rel)
        _make_dirs(os.path.dirname(place), made)
        if html_pages[rel].in_place and store is not None and keys[rel] in store.known:
            os.unlink(place)  # the stub MkDocs built, replaced by the stored page
        found = store.link(keys[rel], place) if store is not None else None
        if found is not None:
            written[rel] = found
    todo = [rel for rel in sorted(html_pages) if rel not in written]
    prepare(todo)
    for rel in todo:
        page, target = html_pages[rel], site_dir / rel  # (few pages: pathlib is fine here)
        body = page.body()
        if page.in_place:
            data = fill_in_place(built[rel], page.title, body).encode("utf-8")
            target.unlink(missing_ok=True)
        else:
            data = fill_shell(shell, page.title, body, rel).encode("utf-8")
        written[rel] = sha256_hex(data)
        if store is not None:
            store.put(keys[rel], data, written[rel], target)
        else:
            target.write_bytes(data)
    if store is not None:
        store.save()
    return {f"{SITE_DIR}/{rel}": digest for rel, digest in sorted(written.items())}


class PageStore:
    """Rendered pages by key (directory/ab/KEY.html, read-only) and one index of them.

    The index (directory/index.json) gives each page's sha256, size and
    modification time; it is read once and rewritten with the pages of
    the latest build.  Pages are hard-linked from the store into the site, so an
    unchanged page costs neither rendering nor writing.  A stored page whose size
    or modification time differs from the index (someone edited a linked page in
    place) is not used again: it is rendered anew.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = str(directory)
        self.html = EntryStore(directory, ".html", checked=False)
        self.index_path = directory / "index.json"
        self.known: dict[str, list[Any]] = {}
        self.used: dict[str, list[Any]] = {}
        try:
            loaded = json.loads(self.index_path.read_bytes())
            if isinstance(loaded, dict):
                self.known = loaded
        except (OSError, ValueError):
            pass

    def link(self, key: str, target: str | Path) -> str | None:
        """Put the stored page at `target`; its sha256, or None if not stored."""
        entry = self.known.get(key)
        if entry is None:
            return None
        try:
            digest, size, mtime_ns = entry
            page = os.path.join(self.directory, key[:2], key + ".html")
            st = os.stat(page)
            if (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
                return None  # changed after it was stored
            with open(page, "rb") as fh:  # same size and time can still hide an edit: the bytes decide
                if sha256_hex(fh.read()) != digest:
                    record_damaged(page)
                    return None
            _link_or_copy(page, target)
            found = str(digest)
        except (OSError, ValueError, TypeError, AttributeError):
            return None
        self.used[key] = entry
        return found

    def put(self, key: str, data: bytes, digest: str, target: str | Path) -> None:
        """Store a page and link it to `target`."""
        self.html.put(key, data, mode=0o444)
        page = self.html.path(key)
        _link_or_copy(page, target)
        st = page.stat()
        self.used[key] = [digest, st.st_size, st.st_mtime_ns]

    def save(self) -> None:
        """Rewrite the index with the pages this build used (written to a temporary name, then renamed)."""
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.index_path.with_name(f"index.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.used, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.index_path)
