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
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import duckdb

from . import __version__
from .errors import ClaimtrailError
from .manifest import output_sha256
from .package import source_date_epoch
from .query import load_queries, run_query, write_database, write_parquet
from .render import (
    EVENT_QUERIES,
    SHELL_DIR,
    SHELL_DOC,
    SHELL_MARKDOWN,
    SOURCE_QUERIES,
    SiteInputs,
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


def write_zip(target: Path, files: Mapping[str, Path], epoch: int) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed times and permissions."""
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            zf.writestr(info, files[name].read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


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


def _link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` as a hard link (no second copy of a large file), or copy it."""
    target.parent.mkdir(parents=True, exist_ok=True)
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
) -> int:
    """Write DuckDB, Parquet, the zip, docs and the site under staging/build; return the page count.

    The DuckDB file is written first; then its Parquet copies, the zip and the
    DuckDB content hash are made in worker threads (DuckDB and zlib release the
    GIL) while this thread runs the named queries.
    """
    build_dir = staging / "build"
    data_dir = build_dir / "data"
    db_path = build_dir / "claimtrail.duckdb"
    docs_dir = build_dir / "docs"
    site_dir = build_dir / "site"
    with stage("duckdb"):
        write_database(db_path, data_dir)

    epoch = source_date_epoch(str(descriptor["created"]))
    package_json = staging / "datapackage.json"
    zip_path = build_dir / "dist" / f"{dataset['name']}-{dataset['version']}.zip"
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="claimtrail-site") as pool:
        with stage("duckdb"):
            parquet_done = pool.submit(write_parquet, db_path, build_dir / "parquet")
            zip_done = pool.submit(
                write_zip,
                zip_path,
                {
                    "datapackage.json": package_json,
                    **{f"build/data/{t.name}.csv": data_dir / f"{t.name}.csv" for t in TABLES},
                },
                epoch,
            )
            db_hash = pool.submit(output_sha256, db_path)
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
                results = {n: run_query(con, q) for n, q in queries.items()}
            finally:
                con.close()
        with stage("duckdb"):
            for done in (parquet_done, zip_done, db_hash):
                done.result()
    entries = download_files(staging, zip_path)
    downloads = [
        {
            "name": name,
            "path": f"{DOWNLOADS}/{name}",
            "label": label,
            "bytes": path.stat().st_size,
            "sha256": output_sha256(path),
        }
        for name, path, label in entries
    ]

    with stage("render"):
        pages = render_pages(
            SiteInputs(
                results=results,
                raw_texts=raw_texts,
                dataset=dataset,
                package_version=__version__,
                package_sha256=output_sha256(package_json),
                downloads=downloads,
                queries=queries,
                expected_hashes=[
                    {"path": rel, "sha256": output_sha256(staging / rel)}
                    for rel in ["datapackage.json", *(f"build/data/{t.name}.csv" for t in TABLES)]
                ],
                source_date_epoch=epoch,
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
        for name, path, _ in entries:  # the downloads, linked (not copied) into the site
            _link_or_copy(path, site_dir / DOWNLOADS / name)
        write_html_pages(site_dir, pages.html)
    return len(pages.markdown) + len(pages.html)


def write_html_pages(site_dir: Path, html_pages: Mapping[str, tuple[str, Callable[[], str]]]) -> None:
    """Set each HTML page into the shell MkDocs built, and add it to the search index."""
    shell_dir = site_dir / SHELL_DIR
    shell = (shell_dir / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(shell_dir)
    index_path = site_dir / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if not str(d.get("location", "")).startswith(SHELL_DIR)]
    for rel, (title, render_body) in sorted(html_pages.items()):
        body = render_body()
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill_shell(shell, title, body), encoding="utf-8", newline="\n")
        docs.append(search_entry(rel.removesuffix("index.html"), title, body))
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
