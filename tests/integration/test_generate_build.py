"""Integration: a generated corpus builds, and every quote of its tables anchors in its raw text.

The corpus is written by claimtrail.devtools.corpus into tmp_path (never into the
repository) and built there without the site.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrail.devtools.corpus import generate_corpus
from claimtrail.runner import build
from corpus_tools import raw_digest
from helpers import REPO_ROOT, read_csv_rows

pytestmark = pytest.mark.integration

N = 40


def test_a_generated_corpus_builds_and_every_quote_anchors(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "repo", N, seed=2, template_root=REPO_ROOT)
    root = corpus.root
    before = raw_digest(root)

    result = build(root, site=False)

    assert raw_digest(root) == before  # the build wrote nothing under raw/
    counts = result.counts()
    assert counts["sources"] == N
    assert counts["claims"] > N and counts["figures"] > N
    data = root / "build" / "data"
    sources = read_csv_rows(data / "sources.csv")
    assert len({s["source_id"] for s in sources}) == N
    assert all(s["review_status"] == "machine" and s["publisher"] for s in sources)
    raw_path = {s["source_id"]: s["raw_path"] for s in sources}
    texts = {p: (root / p).read_text(encoding="utf-8") for p in sorted(set(raw_path.values()))}

    checked = 0
    for table, column in (("claims", "quote"), ("figures", "text"), ("mentions", "text"), ("sentences", "text")):
        for row in read_csv_rows(data / f"{table}.csv"):
            path = row["raw_path"] if "raw_path" in row else raw_path[row["source_id"]]
            start, end = int(row["char_start"]), int(row["char_end"])
            assert texts[path][start:end] == row[column], (table, row)
            checked += 1
    assert checked > 10 * N

    for s in sources:  # each article's span and hash are true to the raw text
        text = texts[s["raw_path"]]
        assert 0 <= int(s["char_start"]) < int(s["char_end"]) <= len(text)

    figures = read_csv_rows(data / "figures.csv")
    assert {f["qualifier"] for f in figures} >= {"exact", "range", "at_least", "more_than", "approximately"}
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == f"synthetic-{N}"
    assert len(descriptor["sources"]) == corpus.n_files
