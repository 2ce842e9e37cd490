"""Sessions that build, test, lint and verify claimtrail, each in a fresh environment from the lock.

On a machine with only Python 3.11+, run this file directly: it first installs
the pinned nox (hash-checked, into .nox/_bootstrap) and then runs as nox would:

    python3 noxfile.py -s build     # the data package, DuckDB, Parquet and the site
    python3 noxfile.py -s tests     # the whole test suite

With nox already installed, `nox -s build` and `nox -s tests` are the same.
Refresh the lock files after changing dependencies with `nox -s lock`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LOCK = ROOT / "requirements" / "lock.txt"
NOX_LOCK = ROOT / "requirements" / "nox.txt"
BOOTSTRAP = ROOT / ".nox" / "_bootstrap"


def _bootstrap() -> None:
    """Install the pinned nox into .nox/_bootstrap and re-run this file with it."""
    python = BOOTSTRAP / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"noxfile.py: installing the pinned nox into {BOOTSTRAP} ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(BOOTSTRAP)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(NOX_LOCK)],
            check=True,
        )
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


if __name__ == "__main__":
    try:
        import nox
    except ImportError:
        _bootstrap()

import nox  # noqa: E402

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["build", "tests", "lint"]
nox.options.reuse_venv = "no"


def install_locked(session: nox.Session) -> None:
    """Every dependency at its locked version and hash, then the project itself without deps."""
    session.install("--require-hashes", "-r", str(LOCK))
    session.install("--no-deps", "-e", str(ROOT))


@nox.session
def build(session: nox.Session) -> None:
    """Build the data package and the site from raw/ (in a fresh locked environment)."""
    install_locked(session)
    session.run("claimtrail", "build", "--root", str(ROOT))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: unit, integration, data checks and browser tests."""
    install_locked(session)
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format check) over everything, mypy --strict over src/."""
    install_locked(session)
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")
    session.run("mypy", "src")


@nox.session
def verify(session: nox.Session) -> None:
    """Rebuild from raw/ in a temporary directory and compare with every committed output."""
    install_locked(session)
    session.run("claimtrail", "verify", "--root", str(ROOT))


@nox.session
def accuracy(session: nox.Session) -> None:
    """Precision and recall of the extractor per kind and per qualifier on tests/extraction/labelled, and per
    casualty measure and kind of writing (with group, claimant and claimant type) on the real texts of
    tests/extraction/real (dev and blind), read from ../shared; then figure-to-event linking (B-cubed) on the
    labelled events corpus of tests/linking/labelled."""
    install_locked(session)
    session.run("python", "-m", "claimtrail.devtools.accuracy", "--throughput", "20", *session.posargs)
    # figure-to-event assignment: B-cubed precision and recall, and the unlinked share, on ../shared/corpus/events
    session.run("python", "-m", "claimtrail.devtools.linking")


@nox.session
def bench(session: nox.Session) -> None:
    """Build generated corpora of 1,000, 5,000, 10,000 and 20,000 articles, time every stage, print the targets.

    `nox -s bench -- --quick` runs 1,000 articles only (as CI does); `-- --large` adds 100,000.  Results go to
    build/bench/results.json.  `nox -s bench -- --scaling` instead prints time against text size
    (50 kB to 5 MB) of sentence splitting, extraction and anchoring for one-line texts, long lines
    and runs of identical sentences (claimtrail.devtools.scaling).
    """
    install_locked(session)
    if "--scaling" in session.posargs:
        session.run("python", "-m", "claimtrail.devtools.scaling", *[a for a in session.posargs if a != "--scaling"])
        return
    quick, large = "--quick" in session.posargs, "--large" in session.posargs
    sizes = ["1000"] if quick else ["1000", "5000", "10000", "20000", *(["100000"] if large else [])]
    extra = [a for a in session.posargs if a not in ("--quick", "--large")]
    articles = [arg for n in sizes for arg in ("--articles", n)]
    session.run("claimtrail", "bench", *articles, "--output", str(ROOT / "build" / "bench" / "results.json"), *extra)


@nox.session
def lock(session: nox.Session) -> None:
    """Refresh requirements/lock.txt and requirements/nox.txt (exact versions with hashes)."""
    session.install("uv")
    common = ["--generate-hashes", "--universal", "--python-version", "3.11", "--quiet"]
    session.run("uv", "pip", "compile", "pyproject.toml", "--extra", "dev", *common, "-o", str(LOCK))
    session.run("uv", "pip", "compile", "requirements/nox.in", *common, "-o", str(NOX_LOCK))


if __name__ == "__main__":
    nox.main()
