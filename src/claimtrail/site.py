"""Runner for the query and render stages: DuckDB, Parquet, downloads, pages and `mkdocs build --strict`.

Works inside the staging directory of a build; the pure work is in
query.py (SQL) and render.py (pages).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from . import __version__
from .cache import EntryStore, cache_key
from .errors import ClaimtrailError
from .manifest import HashMemo, duckdb_content_sha256, sha256_bytes
from .package import DATA_DIR, source_date_epoch
from .query import NamedQuery, QueryResult, load_queries, run_query, write_parquet
from .render import (
    DOWNLOADS_PAGE,
    EVENT_QUERIES,
    INDEX_ROW_QUERIES,
    SHELL_DIR,
    SHELL_DOC,
    SHELL_MARKDOWN,
    SOURCE_QUERIES,
    SOURCE_ROW_QUERIES,
    HtmlPage,
    SiteInputs,
    download_rows,
    fill_download_rows,
    fill_in_place,
    fill_shell,
    render_pages,
    search_entry,
)
from .schema import TABLES

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


def write_package_zip(staging: Path, dataset: Mapping[str, Any], descriptor: Mapping[str, Any]) -> Path:
    """build/dist/NAME-VERSION.zip in `staging`: datapackage.json and every CSV, as the package's users unzip it."""
    target = staging / "build" / "dist" / f"{dataset['name']}-{dataset['version']}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    files = {"datapackage.json": staging / "datapackage.json"}
    files.update({f"{DATA_DIR}/{t.name}.csv": staging / DATA_DIR / f"{t.name}.csv" for t in TABLES})
    write_zip(target, files, source_date_epoch(str(descriptor["created"])))
    return target


def write_zip(target: Path, files: Mapping[str, Path], epoch: int) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed times and permissions."""
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            zf.writestr(info, files[name].read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)


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


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    """Put `source` at `target` (whose directory exists) as a hard link (no second copy of a
    large file), or copy it."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def download_files(staging: Path, zip_path: Path) -> list[tuple[str, Path, str]]:
    """(name, file in staging, label) of every download, in the order the downloads page lists them."""
    build_dir = staging / "build"
    entries: list[tuple[str, Path, str]] = [
        (zip_path.name, zip_path, "the whole data package: datapackage.json and every CSV"),
        (
            "datapackage.json",
            staging / "datapackage.json",
            "Frictionless Data Package descriptor (schemas, licences, hashes)",
        ),
    ]
    for t in TABLES:
        entries.append((f"{t.name}.csv", build_dir / "data" / f"{t.name}.csv", f"{t.title}, CSV: {t.grain}"))
    for t in TABLES:
        entries.append(
            (f"{t.name}.parquet", build_dir / "parquet" / f"{t.name}.parquet", f"{t.title}, Parquet: {t.grain}")
        )
    entries.append(
        (
            "claimtrail.duckdb",
            build_dir / "claimtrail.duckdb",
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
    build_dir = staging / "build"
    db_path = build_dir / "claimtrail.duckdb"
    docs_dir = build_dir / "docs"
    site_dir = build_dir / "site"
    epoch = source_date_epoch(str(descriptor["created"]))
    package_json = staging / "datapackage.json"
    with stage("render"):
        queries = load_queries(root / "report" / "queries")
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
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimtrail-parquet") as pool:
        with stage("duckdb"):
            parquet_done = pool.submit(write_parquet, db_path, build_dir / "parquet")
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
                        for rel in ["datapackage.json", *(f"build/data/{t.name}.csv" for t in TABLES)]
                    ],
                    source_date_epoch=epoch,
                    source_digests=source_digests or {},
                    fetch=partial(fetch_for_sources, db_path, queries),
                    raw_provenance={str(s["path"]): s for s in descriptor.get("sources", [])},
                ),
                root / "report" / "templates",
            )
            for rel, text in sorted({**pages.markdown, SHELL_DOC: SHELL_MARKDOWN}.items()):
                path = docs_dir / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            shutil.copytree(root / "report" / "assets", docs_dir / "assets", dirs_exist_ok=True)
        with stage("mkdocs"), _source_date_epoch(epoch):
            run_mkdocs(root / "mkdocs.yml", docs_dir, site_dir)
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
            memo.record(db_path, "content:" + duckdb_content_sha256(db_path, build_dir / "parquet"))
    with stage("render"):
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
        rows = download_rows(downloads, root / "report" / "templates")
        page = site_dir / DOWNLOADS_PAGE
        page.write_text(fill_download_rows(page.read_text(encoding="utf-8"), rows), encoding="utf-8", newline="\n")
        write_search_index(
            site_dir,
            search,
            {f"{DOWNLOADS}/": search_entry("", "", rows)["text"]},
            [rel.removesuffix("index.html") for rel, p in pages.html.items() if p.in_place],
        )
    return len(pages.markdown) + sum(1 for page in pages.html.values() if not page.in_place)


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


def _subquery(query: NamedQuery) -> str:
    """The named query as a subquery aliased ct_q (filters and projections keep DuckDB's row order)."""
    return f"({query.sql.rstrip().rstrip(';')}) AS ct_q"


def source_ids_of(con: duckdb.DuckDBPyConnection, query: NamedQuery) -> QueryResult:
    """The source_id of each row of a named query, in its order (a projection keeps DuckDB's order)."""
    got = run_query(con, NamedQuery(query.name, query.question, f"SELECT ct_q.source_id FROM {_subquery(query)}"))
    return QueryResult(query, got.columns, got.rows)


def fetch_for_sources(
    db_path: Path, queries: Mapping[str, NamedQuery], name: str, source_ids: Sequence[str] | None
) -> QueryResult:
    """A named query's rows for some sources only (all if None), in the query's order.

    Each call has its own connection, closed at once: DuckDB keeps what it read
    in memory while a connection is open, and the pages are rendered after this.
    """
    query = queries[name]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if source_ids is None:
            return run_query(con, query)
        # A filter keeps the order of the query's rows (DuckDB preserves it through filters).
        sql = f"SELECT * FROM {_subquery(query)} WHERE ct_q.source_id IN (SELECT unnest($ct_ids))"
        got = run_query(con, NamedQuery(query.name, query.question, sql), {"ct_ids": list(source_ids)})
        return QueryResult(query, got.columns, got.rows)
    finally:
        con.close()


def render_version(root: Path, queries: Mapping[str, NamedQuery], dataset: Mapping[str, Any]) -> str:
    """What besides a page's data decides its HTML: code, dependency versions, templates, queries, dataset."""
    from importlib.metadata import version

    from .work import work_version

    templates = sorted((root / "report" / "templates").glob("*"))
    return cache_key(
        work_version(),
        *(f"{name}=={version(name)}" for name in ("jinja2", "markupsafe", "mkdocs", "mkdocs-material")),
        *(f"{p.name}\0{p.read_text(encoding='utf-8')}" for p in templates if p.is_file()),
        *(f"{q.name}\0{q.sql}" for q in queries.values()),
        json.dumps(dataset, ensure_ascii=False, sort_keys=True, default=str),
    )


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
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Set each HTML page into the shell MkDocs built; the sha256 of each, and their search entries.

    With a store, a page whose title, data digest, shell and `version` (code,
    templates, queries, dataset) match one already rendered is linked from the
    store instead of rendered again; `prepare` is told which pages will be
    rendered before the first is.  The shell page itself is removed.
    """
    shell_dir = site_dir / SHELL_DIR
    shell = (shell_dir / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(shell_dir)
    shell_digest = cache_key(version, shell)
    written: dict[str, tuple[dict[str, str], str]] = {}
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
            data = fill_shell(shell, page.title, body).encode("utf-8")
        written[rel] = (search_entry(rel.removesuffix("index.html"), page.title, body), sha256_bytes(data))
        if store is not None:
            store.put(keys[rel], data, written[rel], target)
        else:
            target.write_bytes(data)
    if store is not None:
        store.save()
    hashes = {f"build/site/{rel}": digest for rel, (_, digest) in written.items()}
    return hashes, [written[rel][0] for rel in sorted(written)]


class PageStore:
    """Rendered pages by key (directory/ab/KEY.html, read-only) and one index of them.

    The index (directory/index.json) gives each page's search entry, sha256,
    size and modification time; it is read once and rewritten with the pages of
    the latest build.  Pages are hard-linked from the store into the site, so an
    unchanged page costs neither rendering nor writing.  A stored page whose size
    or modification time differs from the index (someone edited a linked page in
    place) is not used again: it is rendered anew.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = str(directory)
        self.html = EntryStore(directory, ".html")
        self.index_path = directory / "index.json"
        self.known: dict[str, list[Any]] = {}
        self.used: dict[str, list[Any]] = {}
        try:
            loaded = json.loads(self.index_path.read_bytes())
            if isinstance(loaded, dict):
                self.known = loaded
        except (OSError, ValueError):
            pass

    def link(self, key: str, target: str | Path) -> tuple[dict[str, str], str] | None:
        """Put the stored page at `target`; its (search entry, sha256), or None if not stored."""
        entry = self.known.get(key)
        if entry is None:
            return None
        try:
            search, digest, size, mtime_ns = entry
            page = os.path.join(self.directory, key[:2], key + ".html")
            st = os.stat(page)
            if (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
                return None  # changed after it was stored
            _link_or_copy(page, target)
            found = ({str(k): str(v) for k, v in search.items()}, str(digest))
        except (OSError, ValueError, TypeError, AttributeError):
            return None
        self.used[key] = entry
        return found

    def put(self, key: str, data: bytes, found: tuple[dict[str, str], str], target: str | Path) -> None:
        """Store a page and link it to `target`."""
        self.html.put(key, data, mode=0o444)
        page = self.html.path(key)
        _link_or_copy(page, target)
        st = page.stat()
        # The search entry keeps its key order: the search index holds it as written.
        self.used[key] = [found[0], found[1], st.st_size, st.st_mtime_ns]

    def save(self) -> None:
        """Rewrite the index with the pages this build used (written to a temporary name, then renamed)."""
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.index_path.with_name(f"index.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.used, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.index_path)


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
