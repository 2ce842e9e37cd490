"""Writing the site: Parquet, downloads, the pages and `mkdocs build --strict`, in a build's staging directory.

The pure work is in site.pages (which pages, from which query results) and
site.html; the DuckDB rows come from query.named.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from .. import __version__
from ..cache.versions import render_version
from ..errors import ClaimtrailError
from ..hashing import sha256_hex
from ..layout import (
    ASSETS_DIR,
    DATA_DIR,
    DATABASE,
    DATABASE_DOWNLOAD,
    DESCRIPTOR,
    DIST_DIR,
    DOCS_DIR,
    MKDOCS_FILE,
    PARQUET_DIR,
    QUERY_DIR,
    SITE_DIR,
    TEMPLATE_DIR,
)
from ..output_hashes import HashMemo, duckdb_content_sha256
from ..package import source_date_epoch
from ..package.documents import citation_text
from ..query import load_queries, run_query, write_parquet
from ..query.named import NamedQuery, QueryResult, fetch_for_keys, key_columns_of, row_digests, source_ids_of
from ..schema import TABLES
from .builder import render_pages
from .downloads import SHA256SUMS, compress_database, dataset_jsonld, download_files, is_database, sha256sums
from .page_store import PageStore, _link_or_copy, write_html_pages
from .pages import (
    EVENT_QUERIES,
    EVENT_ROW_QUERIES,
    INDEX_ROW_QUERIES,
    SOURCE_QUERIES,
    SOURCE_ROW_QUERIES,
    SiteInputs,
    event_row_digests,
)
from .search import SEARCH_DOC, SEARCH_MARKDOWN, build_search_index
from .search_store import SearchStore
from .shell import (
    DOWNLOADS_PAGE,
    SHELL_DOC,
    SHELL_MARKDOWN,
    add_to_head,
    download_rows,
    fill_download_rows,
    run_mkdocs,
    sitemap_with_pages,
)

DOWNLOADS = "downloads"

SQL_DIR = "sql"  # the named queries' SQL, one file each, linked from the SQL boxes (report/templates/_macros.j2)

HASH_CHARS = 10  # hex digits of the sha256 in a hashed asset's name
HASHED = (".css", ".js", ".svg")  # the site's assets written under content-hashed names (cacheable for good)


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
    search_cache: Path | None = None,
    zip_done: Future[Path],
) -> int:
    """Write Parquet, docs and the site under staging/build from its DuckDB file; return the page count.

    `source_digests` (source_id -> hash of what its rows depend on) and a
    `page_cache` directory let unchanged pages be linked from earlier builds;
    `hashes` collects the sha256 of what is written, for the manifest; a
    `search_cache` directory lets search shards whose pages did not change be
    linked from earlier builds.

    The DuckDB file (query.write_database) must be there, and `zip_done` gives the package zip once written.
    Parquet and the DuckDB file's gzip are written in a worker thread (DuckDB and zlib release the GIL) while
    this thread renders the pages and runs MkDocs; the downloads table is filled into the downloads page last.
    """
    memo = hashes if hashes is not None else HashMemo()
    db_path = staging / DATABASE
    docs_dir = staging / DOCS_DIR
    site_dir = staging / SITE_DIR
    epoch = source_date_epoch(str(descriptor["created"]))
    package_json = staging / DESCRIPTOR
    with stage("render"):
        queries, results, event_digests = query_results(root, db_path)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimtrail-parquet") as pool:
        with stage("duckdb"):
            parquet_done = pool.submit(write_parquet, db_path, staging / PARQUET_DIR)
            gzip_done = pool.submit(compress_database, db_path, staging / DATABASE_DOWNLOAD)
        with stage("render"):
            pages = render_pages(
                SiteInputs(
                    results=results,
                    raw_texts=raw_texts,
                    dataset=dict(dataset, citation=citation_text(dataset, str(descriptor["created"]))),
                    package_version=__version__,
                    package_sha256=memo.sha256(package_json),
                    queries=queries,
                    expected_hashes=_expected_hashes(staging, memo),
                    source_date_epoch=epoch,
                    source_digests=source_digests or {},
                    event_digests=event_digests,
                    raw_provenance={str(s["path"]): s for s in descriptor.get("sources", [])},
                ),
                root / TEMPLATE_DIR,
                rows=partial(fetch_for_keys, db_path, queries),
            )
            assets = write_docs(root, docs_dir, pages.markdown, queries)
        with stage("mkdocs"), _source_date_epoch(epoch):
            run_mkdocs(root / MKDOCS_FILE, docs_dir, site_dir, str(dataset.get("homepage") or ""), assets)
        with stage("render"):
            store = PageStore(page_cache) if page_cache is not None else None
            version = render_version(root, queries, dataset)
            written = write_html_pages(site_dir, pages.html, store, version, pages.prepare)
            memo.known.update(written)
        # Parquet, the zip and the DuckDB content hash were made while the pages were.
        with stage("duckdb"):
            parquet_done.result()
            zip_path = zip_done.result()
            # The DuckDB file's content hash, from the Parquet exports just made of it.
            memo.record(db_path, "content:" + duckdb_content_sha256(db_path, staging / PARQUET_DIR))
            memo.record(gzip_done.result(), memo.sha256(db_path))  # the content it holds
    with stage("render"):
        write_downloads(root, staging, zip_path, memo, dataset, str(descriptor["created"]))
        sitemap_with_pages(site_dir, [rel for rel, page in pages.html.items() if not page.in_place])
    with stage("search"):
        search_store = SearchStore(search_cache) if search_cache is not None else None
        build_search_index(
            site_dir, store=search_store, listings=pages.listings
        )  # last: it reads every page as written
    return len(pages.markdown) + sum(1 for page in pages.html.values() if not page.in_place)


def _expected_hashes(staging: Path, memo: HashMemo) -> list[dict[str, str]]:
    """{path, sha256} of the descriptor and each table's CSV, which the verify page lists."""
    return [
        {"path": rel, "sha256": memo.sha256(staging / rel)}
        for rel in [DESCRIPTOR, *(f"{DATA_DIR}/{t.name}.csv" for t in TABLES)]
    ]


def query_results(root: Path, db_path: Path) -> tuple[dict[str, NamedQuery], dict[str, QueryResult], dict[str, str]]:
    """The named queries of report/queries/, the results the pages are made from, and a digest of each event's rows.

    The long queries are not held: the indexes' rows by their source ids only, the event row queries' by
    their event and source ids (and each event's rows digested, streamed); the pages fetch their rows.
    """
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
        fetched_later = (*SOURCE_ROW_QUERIES, *INDEX_ROW_QUERIES, *EVENT_ROW_QUERIES)
        results = {n: run_query(con, q) for n, q in queries.items() if n not in fetched_later}
        for name in INDEX_ROW_QUERIES:  # the rows' sources only; pages fetch their rows
            results[name] = source_ids_of(con, queries[name])
        by_query: dict[str, dict[Any, str]] = {}
        for name in EVENT_ROW_QUERIES:
            results[name] = key_columns_of(con, queries[name], ("event_id", "source_id"))
            by_query[name] = row_digests(con, queries[name], "event_id")
    finally:
        con.close()
    return queries, results, event_row_digests(by_query, [r["event_id"] for r in results["event_detail"].rows])


def write_docs(
    root: Path, docs_dir: Path, markdown: Mapping[str, str], queries: Mapping[str, NamedQuery] | None = None
) -> dict[str, str]:
    """The Markdown pages MkDocs builds (and its shell page and the search page), the site's assets and the
    SQL of every named query at sql/NAME.sql (stored once, linked from each page's SQL boxes).

    The site's own stylesheet and script are written under content-hashed names (assets/claimtrail.HASH.css),
    so that a browser may cache them for good; the names given in mkdocs.yml -> those written.
    """
    for rel, text in sorted({**markdown, SHELL_DOC: SHELL_MARKDOWN, SEARCH_DOC: SEARCH_MARKDOWN}.items()):
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    (docs_dir / SQL_DIR).mkdir(parents=True, exist_ok=True)
    for name, query in sorted((queries or {}).items()):
        (docs_dir / SQL_DIR / f"{name}.sql").write_text(query.sql + "\n", encoding="utf-8", newline="\n")
    return copy_hashed_assets(root / ASSETS_DIR, docs_dir / "assets")


def copy_hashed_assets(source: Path, target: Path) -> dict[str, str]:
    """Copy the assets directory; each .css, .js and .svg file gets its content hash in its name.

    Returns the site paths as written in mkdocs.yml (assets/NAME.css) -> the hashed ones.
    """
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*(f"*{x}" for x in HASHED)))
    renamed: dict[str, str] = {}
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.suffix in HASHED:
            rel = path.relative_to(source)
            data = path.read_bytes()
            hashed = rel.with_name(f"{path.stem}.{sha256_hex(data)[:HASH_CHARS]}{path.suffix}")
            (target / hashed).parent.mkdir(parents=True, exist_ok=True)
            (target / hashed).write_bytes(data)
            renamed[f"assets/{rel.as_posix()}"] = f"assets/{hashed.as_posix()}"
    return renamed


def write_downloads(
    root: Path, staging: Path, zip_path: Path, memo: HashMemo, dataset: Mapping[str, Any], created: str
) -> str:
    """The downloads and SHA256SUMS, linked into the site; their table (size, sha256) filled into the downloads
    page, and the home page's schema.org Dataset description listing every one; the table's rows."""
    site_dir = staging / SITE_DIR
    entries = download_files(staging, zip_path)
    sums = staging / DIST_DIR / SHA256SUMS
    sums.write_bytes(sha256sums([(name, path) for name, path, _ in entries]))
    entries.append(
        (
            SHA256SUMS,
            sums,
            "the SHA-256 of every file above but the DuckDB file: in the folder you downloaded them into, "
            "run 'sha256sum -c --ignore-missing SHA256SUMS'",
        )
    )
    downloads = [
        {
            "name": name,
            "path": f"{DOWNLOADS}/{name}",
            "label": label,
            # A DuckDB file's size, like its bytes, differs between identical builds: not shown.
            "bytes": None if is_database(name) else path.stat().st_size,
            "sha256": memo.sha256(path),
        }
        for name, path, label in entries
    ]
    (site_dir / DOWNLOADS).mkdir(parents=True, exist_ok=True)
    for name, path, _ in entries:  # the downloads, linked (not copied) into the site
        _link_or_copy(path, site_dir / DOWNLOADS / name)
    home = site_dir / "index.html"
    jsonld = dataset_jsonld(dataset, created, downloads)
    home.write_text(add_to_head(home.read_text(encoding="utf-8"), jsonld), encoding="utf-8", newline="\n")
    rows = download_rows(downloads, root / TEMPLATE_DIR)
    page = site_dir / DOWNLOADS_PAGE
    page.write_text(fill_download_rows(page.read_text(encoding="utf-8"), rows), encoding="utf-8", newline="\n")
    return rows
