"""Every snippet of the downloads page runs verbatim in a fresh virtual environment, and an old DuckDB opens the file.

Each section of the page (<section class="ct-snippets">) gets its own new
virtual environment holding only what its own install line installs (the line
is run verbatim, like every other snippet), in a folder holding every download.
These tests install from the package index (pip's cache makes reruns quick).
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from claimtrail.schema import TABLES
from helpers import read_csv_rows

pytestmark = [pytest.mark.integration, pytest.mark.network]

OLDEST_DUCKDB = "1.1.3"  # the file must open in DuckDB 1.1 (query.database.STORAGE_VERSION)


class _Snippets(html.parser.HTMLParser):
    """Sections of <pre class="ct-snippet" data-lang=...><code>TEXT</code></pre>, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, list[tuple[str, str]]]] = []
        self._lang: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "ct-snippets" in (a.get("class") or "").split():
            self.sections.append((a.get("id") or "", []))
        if tag == "pre" and "ct-snippet" in (a.get("class") or "").split():
            self._lang, self._text = a.get("data-lang") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._lang is not None:
            self.sections[-1][1].append((self._lang, "".join(self._text)))
            self._lang = None

    def handle_data(self, data: str) -> None:
        if self._lang is not None:
            self._text.append(data)


def page_snippets(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = _Snippets()
    parser.feed(page)
    return parser.sections


def fresh_venv(where: Path) -> dict[str, str]:
    """A new virtual environment (no packages but pip) and the environment variables that activate it."""
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{where / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(where)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run_snippet(lang: str, code: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    argv = ["bash", "-e", "-c", code] if lang == "sh" else ["python3", "-c", code]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_every_snippet_runs_verbatim_in_a_fresh_venv(built_root: Path, tmp_path: Path) -> None:
    site = built_root / "build" / "site"
    sections = page_snippets((site / "downloads" / "index.html").read_text(encoding="utf-8"))
    assert [name for name, _ in sections] == ["check", "frictionless", "duckdb", "pandas"]
    folder = tmp_path / "downloaded"
    shutil.copytree(site / "downloads", folder)
    (folder / "index.html").unlink()
    printed: dict[str, str] = {}
    for name, snippets in sections:
        assert snippets, f"section {name} has no snippet"
        env = fresh_venv(tmp_path / f"venv-{name}")
        for lang, code in snippets:
            assert lang in ("sh", "python")
            done = run_snippet(lang, code, folder, env)
            assert done.returncode == 0, (
                f"section {name}: {code!r} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            )
            printed[name] = printed.get(name, "") + done.stdout
    # What the snippets print is the data: the counts are the tables' row counts.
    n_claims = len(read_csv_rows(built_root / "build" / "data" / "claims.csv"))
    n_figures = len(read_csv_rows(built_root / "build" / "data" / "figures.csv"))
    assert f"{n_claims} claims, {n_figures} figures" in printed["pandas"]
    assert f"{n_figures} figures" in printed["frictionless"]
    assert "high_bound" in printed["duckdb"]


def test_a_snippet_that_fails_fails_the_runner(tmp_path: Path) -> None:
    env = fresh_venv(tmp_path / "venv")
    assert run_snippet("python", "import pandas", tmp_path, env).returncode != 0  # nothing but pip is installed
    assert run_snippet("sh", "false\ntrue", tmp_path, env).returncode != 0  # a shell snippet stops at its first error


def test_duckdb_file_opens_in_duckdb_1_1(built_root: Path, tmp_path: Path) -> None:
    env = fresh_venv(tmp_path / "venv-old-duckdb")
    install = subprocess.run(
        ["python3", "-m", "pip", "install", "-q", f"duckdb=={OLDEST_DUCKDB}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    db = built_root / "build" / "claimtrail.duckdb"
    code = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__)\n"
        "for (name,) in con.execute('SELECT table_name FROM duckdb_tables() ORDER BY table_name').fetchall():\n"
        "    print(name, con.execute(f'SELECT count(*) FROM {name}').fetchone()[0])\n"
    )
    done = subprocess.run(
        ["python3", "-c", code, str(db)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0] == OLDEST_DUCKDB
    counts = dict(line.split(" ") for line in lines[1:])
    expected = {t.name: str(len(read_csv_rows(built_root / "build" / "data" / f"{t.name}.csv"))) for t in TABLES}
    assert counts == expected


def test_a_file_in_the_newest_storage_format_does_not_open_in_duckdb_1_1(tmp_path: Path) -> None:
    """The check above can fail: without the storage version, the installed DuckDB writes a file 1.1 refuses."""
    import duckdb

    if duckdb.__version__.startswith("1."):
        pytest.fail(f"DuckDB {duckdb.__version__} is installed; this check needs the locked 2.x")
    path = tmp_path / "new.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1); CHECKPOINT")
    con.close()
    env = fresh_venv(tmp_path / "venv")
    subprocess.run(["python3", "-m", "pip", "install", "-q", f"duckdb=={OLDEST_DUCKDB}"], env=env, check=True)
    done = subprocess.run(
        ["python3", "-c", f"import duckdb; duckdb.connect({str(path)!r}, read_only=True)"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
