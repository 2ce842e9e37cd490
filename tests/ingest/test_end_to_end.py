"""A saved page, a URL on 127.0.0.1, a WARC file and a feed become articles in one `claimtrail add`,
build, and show on the site with their provenance; `verify` re-derives their texts."""

from __future__ import annotations

import hashlib
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from ingest_tools import LICENCE, SHARED_INGEST, Route, article_html, serve, write_warc

from claimtrail.ingest.rederive import check_added_articles
from helpers import copy_repo, read_csv_rows, run_cli

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>F</title><link>{base}/from-feed</link><pubDate>Thu, 07 Mar 2024 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def _page(title: str, seed: int) -> bytes:
    return article_html(title, "Test Gazette", seed=seed).encode("utf-8")


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(root, stdout of add, stdout of build) after one add of four kinds of source and one build."""
    root = copy_repo(tmp_path_factory.mktemp("e2e") / "repo")
    saved = SHARED_INGEST / "pages" / "theguardian.com.academics.html"
    if not saved.is_file():
        pytest.fail(f"missing {saved}")
    warc = write_warc(
        root.parent / "capture.warc.gz",
        [("https://gazette.example/w", _page("Lighthouse keeper retires", 51), "text/html")],
    )
    routes = {
        "/live": Route(body=_page("Cycle path opens", 52)),
        "/from-feed": Route(body=_page("Choir wins prize", 53)),
    }
    first = run_cli(["build", "--root", str(root), "--no-site"], cwd=root)
    assert first.returncode == 0, first.stderr
    with serve(routes) as server:
        routes["/rss"] = Route(body=FEED.format(base=server.base).encode(), content_type="application/rss+xml")
        add = run_cli(
            [
                "add",
                str(saved),
                server.url("/live"),
                str(warc),
                server.url("/rss"),
                "--retrieved",
                "2026-11-28",
                "--licence",
                LICENCE,
                "--root",
                str(root),
            ],
            cwd=root,
        )
    assert add.returncode == 0, add.stderr
    built = run_cli(["build", "--root", str(root)], cwd=root)
    assert built.returncode == 0, built.stderr
    return root, add.stdout, built.stdout


def test_four_kinds_of_source_in_one_command(added: tuple[Path, str, str]) -> None:
    _, out, _ = added
    ids = re.findall(r"^added ([a-z0-9-]+):", out, flags=re.MULTILINE)
    assert len(ids) == 4, out
    assert "the-guardian-thousands-of-uk-academics" in ids
    assert {
        "test-gazette-cycle-path-opens",
        "test-gazette-lighthouse-keeper-retires",
        "test-gazette-choir-wins-prize",
    } <= set(ids)


def test_build_prints_the_new_ids_and_the_site_shows_provenance(added: tuple[Path, str, str]) -> None:
    root, out, build_out = added
    ids = re.findall(r"^added ([a-z0-9-]+):", out, flags=re.MULTILINE)
    line = next(li for li in build_out.splitlines() if li.startswith("new since the last build:"))
    assert sorted(line.split(": ", 1)[1].split(", ")) == sorted(ids)
    by_path = {r["raw_path"]: r["source_id"] for r in read_csv_rows(root / "build" / "data" / "sources.csv")}
    for sidecar in sorted((root / "raw").glob("*.md.provenance.yaml")):
        prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        page = root / "build" / "site" / "sources" / f"{by_path['raw/' + prov['file']]}.html"
        html = unescape(page.read_text(encoding="utf-8"))
        assert " ".join(prov["origin"].split()) in html, (page, prov["origin"])
        assert prov["licence"] in html and f"retrieved {prov['retrieved']}" in html


def test_added_texts_re_derive_and_a_changed_text_names_the_version_needed(
    added: tuple[Path, str, str], tmp_path: Path
) -> None:
    root, _, _ = added
    assert check_added_articles(root) == []
    copy = copy_repo(tmp_path / "copy", root)
    sidecar = next((copy / "raw").glob("test-gazette-cycle-*.md.provenance.yaml"))
    prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    md = copy / "raw" / prov["file"]
    data = md.read_bytes().replace(b"Item 52.0:", b"Item 52.0 (edited):")
    md.write_bytes(data)
    text = sidecar.read_text(encoding="utf-8")
    text = text.replace(prov["sha256"], hashlib.sha256(data).hexdigest()).replace(
        f"bytes: {prov['bytes']}", f"bytes: {len(data)}", 1
    )
    sidecar.write_text(text, encoding="utf-8")
    [problem] = check_added_articles(copy)
    assert f"raw/{prov['file']}: its text differs from what trafilatura" in problem and "first at character" in problem
    sidecar.write_text(text.replace(f"version: {prov['extractor']['version']}", "version: 1.6.0"), encoding="utf-8")
    [problem] = check_added_articles(copy)
    assert "install trafilatura==1.6.0 to re-derive it" in problem
    (copy / "raw" / prov["received"]["file"]).write_bytes(b"changed")
    [problem] = check_added_articles(copy)
    assert "its sha256 is" in problem


def test_verify_reports_a_text_that_no_longer_re_derives(added: tuple[Path, str, str], tmp_path: Path) -> None:
    root, _, _ = added
    copy = copy_repo(tmp_path / "copy", root, with_outputs=True)
    sidecar = next((copy / "raw").glob("test-gazette-lighthouse-*.md.provenance.yaml"))
    prov = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    kept = copy / "raw" / prov["received"]["file"]
    kept.unlink()
    result = run_cli(["verify", "--root", str(copy)], cwd=copy)
    assert result.returncode == 1
    assert (
        f"raw/{prov['file']}: the received bytes raw/{prov['received']['file']} named in its sidecar are missing"
        in result.stderr
    )


def test_the_readme_quote_check_works_over_every_raw_file(
    added: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _, _ = added
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("yourself:\n\n```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(root)
    scope: dict[str, object] = {}
    exec(compile(snippet, "README.md", "exec"), scope)
    raws = scope["raws"]
    assert isinstance(raws, dict) and len(raws) >= 2 and any(p.startswith("raw/test-gazette-") for p in raws)
