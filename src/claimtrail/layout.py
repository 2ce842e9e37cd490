"""Every path of a repository and of the cache, the repository's file list, find_root, and the limits.

Paths are POSIX strings relative to the repository root (join them with
`root / PATH`).  Nothing else in claimtrail spells out a path of the
repository: stages, the runner, verify and the corpus generator all read them
from here.  The limits are module attributes that the runner reads at call
time, so a test can lower one with monkeypatch.setattr(layout, NAME, value).
"""

from __future__ import annotations

from pathlib import Path

from .errors import ClaimtrailError

# ---- inputs (read only) ---------------------------------------------------
RAW_DIR = "raw"
ANNOTATIONS_DIR = "raw/annotations"
RECEIVED_DIR = "received"  # raw/received/: what `claimtrail add` received, kept byte for byte
EVENTS_FILE = "raw/events.yaml"
DATASET_FILE = "raw/dataset.yaml"
REPORT_DIR = "report"
QUERY_DIR = "report/queries"
TEMPLATE_DIR = "report/templates"
ASSETS_DIR = "report/assets"
MKDOCS_FILE = "mkdocs.yml"
LOCK_FILE = "requirements/lock.txt"
# What a repository holds besides its outputs: what verify copies for a rebuild and the
# corpus generator copies from a template repository (raw/ is the generator's own).
REPO_DIRS = (RAW_DIR, REPORT_DIR)
REPO_FILES = (MKDOCS_FILE, "pyproject.toml", LOCK_FILE)
# Input files, as globs relative to the repository root (the manifest's inputs).
INPUT_GLOBS = (
    "raw/*",
    "raw/annotations/*.yaml",
    "report/queries/*.sql",
    "report/templates/*",
    "report/assets/*",
    MKDOCS_FILE,
    LOCK_FILE,
)

# ---- outputs (written by the runner only) -----------------------------------
BUILD_DIR = "build"
DESCRIPTOR = "datapackage.json"
CITATION = "CITATION.cff"
# The outputs at the repository root (everything else a build writes is under build/).
ROOT_OUTPUTS = (DESCRIPTOR, CITATION)
DATA_DIR = "build/data"
DATABASE = "build/claimtrail.duckdb"
# The DuckDB file as the site offers it: gzip-compressed (a DuckDB file is about six times its gzip).
DATABASE_DOWNLOAD = "build/dist/claimtrail.duckdb.gz"
PARQUET_DIR = "build/parquet"
DOCS_DIR = "build/docs"  # the Markdown pages MkDocs builds the site from
SITE_DIR = "build/site"
DIST_DIR = "build/dist"
MANIFEST = "build/manifest.json"
# Directories of build/ that hold no outputs and survive a rebuild: benchmark results and screenshots.
NOT_OUTPUTS = ("bench", "screenshots")

# ---- the cache (outside build/, so a failed build leaves build/ untouched) ----
CACHE_ROOT = ".claimtrail-cache"
CACHE_DIR = f"{CACHE_ROOT}/articles"  # per-article findings and sentences
PARSE_CACHE = f"{CACHE_ROOT}/parsed"
ROWS_CACHE = f"{CACHE_ROOT}/rows"
PAGE_CACHE = f"{CACHE_ROOT}/pages"
SEARCH_CACHE = f"{CACHE_ROOT}/search"  # search bundles by the pages they index (site.search_store)

# ---- limits (README.md, "Limits") -------------------------------------------
MAX_RAW_BYTES = 50 * 1024 * 1024  # per raw file
MAX_ARTICLES = 200_000  # per build, over all raw files
MAX_EXTRACT_BYTES = 10 * 1024 * 1024  # per file given to `claimtrail extract` / `draft`
# The DuckDB databases a build writes (the DuckDB file, the validation's twin) keep at most this in memory and
# spill the rest to disk (DuckDB's default is 80% of the machine's memory, so that its buffers grew with the
# corpus); outputs do not depend on it.  Read-only connections keep DuckDB's default: under this limit a site
# query of a 20,000-article corpus failed (it could not spill).
DUCKDB_MEMORY_LIMIT = "256MB"
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {"memory_limit": DUCKDB_MEMORY_LIMIT}


def find_root(start: Path) -> Path:
    """The repository root: the nearest directory at or above `start` holding raw/ and pyproject.toml or datapackage.json."""
    start = start.resolve()
    for d in (start, *start.parents):
        if (d / RAW_DIR).is_dir() and ((d / "pyproject.toml").is_file() or (d / DESCRIPTOR).is_file()):
            return d
    raise ClaimtrailError(
        str(start),
        "this directory is not inside a claimtrail repository (no raw/ beside a pyproject.toml above it)",
        "run the command inside the repository, or pass --root PATH",
    )


def checkout_root() -> Path:
    """The repository this claimtrail was installed from (src/claimtrail/../..): the benchmark's template."""
    return Path(__file__).resolve().parents[2]
