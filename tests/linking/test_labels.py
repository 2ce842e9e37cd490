"""The hand-made figure-to-event labels of the event-linking corpus fit the shared texts and the key.

The texts stay in the shared folder beside the repository (``../shared/corpus/events/``);
``labelled/events_corpus.yaml`` holds only offsets, the figures' own words and their events.
Every label must point at its words in the raw file, name an event of key.csv (or an
``other-...`` aggregate) and use the measure and group vocabularies; every article of the key
must be labelled (with ``figures: []`` when it has no casualty figure).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).resolve().parent / "labelled" / "events_corpus.yaml"
# CI and the main checkout keep shared/ beside the clone; a helper worktree (wt/NAME) sits one level deeper.
SHARED_CANDIDATES = (REPO_ROOT.parent / "shared", REPO_ROOT.parent.parent / "shared")

MEASURES = {"killed", "injured", "missing", "abducted", "detained", "displaced", "casualties"}
GROUPS = {
    "people",
    "civilians",
    "children",
    "women",
    "men",
    "fighters",
    "soldiers",
    "police",
    "attackers",
    "aid_workers",
    "journalists",
    "other",
}
FIGURE_KEYS = {"text", "start", "value", "low", "high", "measure", "group", "event", "note"}


def _corpus_dir() -> Path:
    for shared in SHARED_CANDIDATES:
        corpus = shared / "corpus" / "events"
        if (corpus / "raw").is_dir() and (corpus / "key.csv").is_file():
            return corpus
    tried = ", ".join(str(s / "corpus" / "events") for s in SHARED_CANDIDATES)
    pytest.fail(
        f"the event-linking corpus is missing (looked in {tried}); "
        "put a copy of shared/ (with corpus/events/raw/ and key.csv) beside the repository"
    )


@pytest.fixture(scope="module")
def corpus() -> Path:
    return _corpus_dir()


@pytest.fixture(scope="module")
def key(corpus: Path) -> list[dict[str, str]]:
    with open(corpus / "key.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    data = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("articles"), list), f"{LABELS}: no 'articles' list"
    return data["articles"]


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    """The front matter's 'key: value' lines as written, and the offset where the body starts."""
    assert text.startswith("---\n"), "the raw file has no front matter"
    end = text.index("\n---\n", 4)
    fields = {}
    for line in text[4:end].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields, end + len("\n---\n")


def test_every_article_of_the_key_and_of_raw_is_labelled_once(
    labels: list[dict[str, Any]], key: list[dict[str, str]], corpus: Path
) -> None:
    names = [a["article"] for a in labels]
    assert len(names) == len(set(names)), "an article is labelled twice"
    missing = {row["article"] for row in key} - set(names)
    assert not missing, f"articles of key.csv without labels: {sorted(missing)}"
    on_disk = {p.name for p in (corpus / "raw").glob("*.md")}
    assert set(names) == on_disk, f"labelled articles differ from raw/: {sorted(set(names) ^ on_disk)}"


def test_labels_point_at_their_words_in_the_shared_text(labels: list[dict[str, Any]], corpus: Path) -> None:
    for article in labels:
        path = corpus / "raw" / article["article"]
        with open(path, encoding="utf-8") as f:  # newline translation on, as the build reads it
            text = f.read()
        assert "\r" not in text, f"{path.name}: CR line endings would shift the offsets"
        fields, body_start = _front_matter(text)
        expected = fields.get("published")
        assert article["published"] == expected, f"{path.name}: published {article['published']!r} != {expected!r}"
        previous_end = body_start
        for fig in article["figures"]:
            words, start = fig["text"], fig["start"]
            assert text[start : start + len(words)] == words, (
                f"{path.name}: at {start} the file reads {text[start : start + len(words)]!r}, not {words!r}"
            )
            assert start >= previous_end, f"{path.name}: figure {words!r} at {start} overlaps or precedes the last one"
            previous_end = start + len(words)


def test_fields_use_the_vocabularies_and_key_events(labels: list[dict[str, Any]], key: list[dict[str, str]]) -> None:
    events_by_article: dict[str, set[str]] = {}
    for row in key:
        events_by_article.setdefault(row["article"], set()).add(row["event"])
    key_events = {row["event"] for row in key}
    for article in labels:
        name = article["article"]
        for fig in article["figures"]:
            where = f"{name} {fig.get('text')!r} at {fig.get('start')}"
            assert set(fig) <= FIGURE_KEYS, f"{where}: unknown fields {sorted(set(fig) - FIGURE_KEYS)}"
            assert fig["measure"] in MEASURES, f"{where}: measure {fig['measure']!r}"
            assert fig["group"] in GROUPS, f"{where}: group {fig['group']!r}"
            event = fig["event"]
            assert event in key_events or event.startswith("other-"), f"{where}: event {event!r} is not in key.csv"
            if not event.startswith("other-"):
                assert event in events_by_article.get(name, set()), f"{where}: key.csv does not list {event} here"
            bounds = {k: fig[k] for k in ("value", "low", "high") if k in fig}
            assert all(isinstance(v, int) and v >= 0 for v in bounds.values()), f"{where}: bounds {bounds}"
            assert not ("value" in bounds and len(bounds) > 1), f"{where}: a point value with bounds"
            if "low" in bounds and "high" in bounds:
                assert bounds["low"] <= bounds["high"], f"{where}: low above high"


def test_each_main_event_has_figures_in_its_article(labels: list[dict[str, Any]], key: list[dict[str, str]]) -> None:
    events = {a["article"]: {f["event"] for f in a["figures"]} for a in labels}
    unlabelled = [
        (r["article"], r["event"]) for r in key if r["role"] == "main" and r["event"] not in events[r["article"]]
    ]
    assert not unlabelled, f"main events with no labelled figure in their article: {unlabelled}"
