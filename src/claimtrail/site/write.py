"""Writing the site: Parquet, downloads, the pages and `mkdocs build --strict`, in a build's staging directory.

The pure work is in site.pages (which pages, from which query results) and
site.html; the DuckDB rows come from query.named.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from .. import __version__
from ..cache.versions import render_version
from ..errors import ClaimtrailError
from ..layout import (
    ASSETS_DIR,
    DATA_DIR,
    DATABASE,
    DESCRIPTOR,
    DOCS_DIR,
    MKDOCS_FILE,
    PARQUET_DIR,
    QUERY_DIR,
    SITE_DIR,
    TEMPLATE_DIR,
)
from ..output_hashes import HashMemo, duckdb_content_sha256
from ..package import source_date_epoch
from ..query import load_queries, run_query, write_parquet
from ..query.named import NamedQuery, QueryResult, fetch_for_sources, source_ids_of
from ..schema import TABLES
from .builder import render_pages
from .page_store import PageStore, _link_or_copy, write_html_pages
from .pages import EVENT_QUERIES, INDEX_ROW_QUERIES, SOURCE_QUERIES, SOURCE_ROW_QUERIES, SiteInputs
from .shell import DOWNLOADS_PAGE, SHELL_DIR, SHELL_DOC, SHELL_MARKDOWN, download_rows, fill_download_rows, search_entry

DOWNLOADS = "downloads"


CORPUS_QUERIES = (
    "home_counts",
    "sources_list",
    "events_list",
    "claims_index",
    "figures_index",
    "disagreements",
    "coverage_by_source",
)


REQUIRED_QUERIES = SOURCE_QUERIES + EVENT_QUERIES + CORPUS_QUERIES


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def download_files(staging: Path, zip_path: Path) -> list[tuple[str, Path, str]]:
    """(name, file in staging, label) of every download, in the order the downloads page lists them."""
    entries: list[tuple[str, Path, str]] = [
        (zip_path.name, zip_path, "the whole data package: datapackage.json and every CSV"),
        (
            DESCRIPTOR,
            staging / DESCRIPTOR,
            "Frictionless Data Package descriptor (schemas, licences, hashes)",
        ),
    ]
    for t in TABLES:
        entries.append((f"{t.name}.csv", staging / DATA_DIR / f"{t.name}.csv", f"{t.title}, CSV: {t.grain}"))
    for t in TABLES:
        entries.append(
            (f"{t.name}.parquet", staging / PARQUET_DIR / f"{t.name}.parquet", f"{t.title}, Parquet: {t.grain}")
        )
    entries.append(
        (
            Path(DATABASE).name,
            staging / DATABASE,
            "DuckDB database with every table, keys and column comments. Its hash is of its content "
            "(DuckDB files embed a random identifier, so their bytes differ between identical builds): "
            "check it with 'claimtrail verify'",
        )
    )
    return entries


def build_site(
    root: Path,
    staging: Path,
    descriptor: Mapping[str, Any],
    raw_texts: Mapping[str, str],
    dataset: Mapping[str, Any],
    *,
    stage: Callable[[str], AbstractContextManager[object]] = lambda name: nullcontext(),
    hashes: HashMemo | None = None,
    source_digests: Mapping[str, str] | None = None,
    page_cache: Path | None = None,
    zip_done: Future[Path],
) -> int:
    """Write Parquet, docs and the site under staging/build from its DuckDB file; return the page count.

    `source_digests` (source_id -> hash of what its rows depend on) and a
    `page_cache` directory let unchanged pages be linked from earlier builds;
    `hashes` collects the sha256 of what is written, for the manifest.

    The DuckDB file (query.write_database) must be there, and `zip_done` gives
    the package zip (write_package_zip) once written.  Parquet is written in a
    worker thread (DuckDB releases the GIL) while this thread renders the pages
    and runs MkDocs; the downloads table (sizes, hashes) is filled into the built
    downloads page last.
    """
    memo = hashes if hashes is not None else HashMemo()
    db_path = staging / DATABASE
    docs_dir = staging / DOCS_DIR
    site_dir = staging / SITE_DIR
    epoch = source_date_epoch(str(descriptor["created"]))
    package_json = staging / DESCRIPTOR
    with stage("render"):
        queries, results = query_results(root, db_path)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimtrail-parquet") as pool:
        with stage("duckdb"):
            parquet_done = pool.submit(write_parquet, db_path, staging / PARQUET_DIR)
        with stage("render"):
            pages = render_pages(
                SiteInputs(
                    results=results,
                    raw_texts=raw_texts,
                    dataset=dataset,
                    package_version=__version__,
                    package_sha256=memo.sha256(package_json),
                    queries=queries,
                    expected_hashes=[
                        {"path": rel, "sha256": memo.sha256(staging / rel)}
                        for rel in [DESCRIPTOR, *(f"{DATA_DIR}/{t.name}.csv" for t in TABLES)]
                    ],
                    source_date_epoch=epoch,
                    source_digests=source_digests or {},
                ),
                root / TEMPLATE_DIR,
                rows=partial(fetch_for_sources, db_path, queries),
            )
            write_docs(root, docs_dir, pages.markdown)
        with stage("mkdocs"), _source_date_epoch(epoch):
            run_mkdocs(root / MKDOCS_FILE, docs_dir, site_dir)
        with stage("render"):
            store = PageStore(page_cache) if page_cache is not None else None
            version = render_version(root, queries, dataset)
            written, search = write_html_pages(site_dir, pages.html, store, version, pages.prepare)
            memo.known.update(written)
        # Parquet, the zip and the DuckDB content hash were made while the pages were.
        with stage("duckdb"):
            parquet_done.result()
            zip_path = zip_done.result()
            # The DuckDB file's content hash, from the Parquet exports just made of it.
            memo.record(db_path, "content:" + duckdb_content_sha256(db_path, staging / PARQUET_DIR))
    with stage("render"):
        rows = write_downloads(root, staging, zip_path, memo)
        write_search_index(
            site_dir,
            search,
            {f"{DOWNLOADS}/": search_entry("", "", rows)["text"]},
            [rel.removesuffix("index.html") for rel, p in pages.html.items() if p.in_place],
        )
    return len(pages.markdown) + sum(1 for page in pages.html.values() if not page.in_place)


def query_results(root: Path, db_path: Path) -> tuple[dict[str, NamedQuery], dict[str, QueryResult]]:
    """The named queries of report/queries/ and the results the pages are made from (index rows: source ids only)."""
    queries = load_queries(root / QUERY_DIR)
    missing = sorted(set(REQUIRED_QUERIES) - set(queries))
    if missing:
        raise ClaimtrailError(
            "report/queries/",
            f"the named queries {', '.join(missing)} are missing",
            "restore report/queries/*.sql from the repository (git checkout -- report/), or build with --no-site",
        )
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        results = {n: run_query(con, q) for n, q in queries.items() if n not in SOURCE_ROW_QUERIES}
        for name in INDEX_ROW_QUERIES:  # the rows' sources only; pages fetch their rows
            results[name] = source_ids_of(con, queries[name])
    finally:
        con.close()
    return queries, results


def write_docs(root: Path, docs_dir: Path, markdown: Mapping[str, str]) -> None:
    """The Markdown pages MkDocs builds (and its shell page), with the site's assets."""
    for rel, text in sorted({**markdown, SHELL_DOC: SHELL_MARKDOWN}.items()):
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    shutil.copytree(root / ASSETS_DIR, docs_dir / "assets", dirs_exist_ok=True)


def write_downloads(root: Path, staging: Path, zip_path: Path, memo: HashMemo) -> str:
    """The downloads, linked into the site, and their table (size, sha256) filled into the downloads page."""
    site_dir = staging / SITE_DIR
    entries = download_files(staging, zip_path)
    downloads = [
        {
            "name": name,
            "path": f"{DOWNLOADS}/{name}",
            "label": label,
            "bytes": path.stat().st_size,
            "sha256": memo.sha256(path),
        }
        for name, path, label in entries
    ]
    (site_dir / DOWNLOADS).mkdir(parents=True, exist_ok=True)
    for name, path, _ in entries:  # the downloads, linked (not copied) into the site
        _link_or_copy(path, site_dir / DOWNLOADS / name)
    rows = download_rows(downloads, root / TEMPLATE_DIR)
    page = site_dir / DOWNLOADS_PAGE
    page.write_text(fill_download_rows(page.read_text(encoding="utf-8"), rows), encoding="utf-8", newline="\n")
    return rows


def write_search_index(
    site_dir: Path,
    entries: Sequence[Mapping[str, str]],
    more_text: Mapping[str, str],
    replaced: Sequence[str] = (),
) -> None:
    """MkDocs' search index with the HTML pages' entries, and text added to some pages'.

    MkDocs' entries for the shell page and for the `replaced` locations (pages
    built from a stub, whose entries are among `entries`) are dropped.
    """
    index_path = site_dir / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    gone = set(replaced)
    docs = [
        d
        for d in index["docs"]
        if not str(d.get("location", "")).startswith(SHELL_DIR) and str(d.get("location", "")).split("#")[0] not in gone
    ]
    for d in docs:
        if d.get("location") in more_text:
            d["text"] = (str(d.get("text", "")) + " " + more_text[d["location"]]).strip()
    docs.extend(entries)
    index["docs"] = docs
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path) -> None:
    """`mkdocs build --strict` with docs and site dirs in the staging area."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        detail = "; ".join(handler.messages[:3]) or str(exc)
        raise ClaimtrailError(
            str(config_file.name),
            f"mkdocs build --strict failed: {detail}",
            "fix the template or mkdocs.yml setting named in the message and rebuild",
        ) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
