"""Accuracy of figure-to-event linking on the labelled development corpus (../shared/corpus/events/)."""

from __future__ import annotations

from link_helpers import EVENTS_CORPUS, REPO_ROOT

from claimtrail.devtools_linking import corpus_accuracy, format_accuracy
from claimtrail.link.model import FeatureMatch, LinkRecord
from claimtrail.link.scoring import LabelledFigure, accuracy, bcubed

LABELS = REPO_ROOT / "tests" / "linking" / "labelled" / "events_corpus.yaml"
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.85


def test_linking_meets_the_accuracy_targets_on_the_labelled_corpus() -> None:
    assert (EVENTS_CORPUS / "raw").is_dir(), f"the events corpus is missing at {EVENTS_CORPUS}"
    assert LABELS.is_file(), f"the figure labels are missing at {LABELS}"
    acc, _ = corpus_accuracy(EVENTS_CORPUS, LABELS)
    table = format_accuracy(acc)
    assert acc.figures > 100, table
    assert acc.precision >= TARGET_PRECISION, table
    assert acc.recall >= TARGET_RECALL, table


def test_linking_of_the_figures_the_extractor_finds_meets_the_targets() -> None:
    """Linking's own share of the task: the labelled figures that extraction hands it."""
    import yaml

    from claimtrail.devtools_linking import extracted_labels, link_articles, load_corpus
    from claimtrail.link.scoring import labels_from_yaml

    articles = load_corpus(EVENTS_CORPUS)
    labels = labels_from_yaml(yaml.safe_load(LABELS.read_text(encoding="utf-8")))
    found = extracted_labels(articles, labels)
    _, linking = link_articles(articles)
    acc = accuracy(found, linking.links)
    table = format_accuracy(acc)
    assert len(found) > 0.8 * len(labels), table
    assert acc.precision >= TARGET_PRECISION, table
    assert acc.recall >= TARGET_RECALL, table


def test_bcubed_of_known_clusterings() -> None:
    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0)
    p, r = bcubed(["a", "a", "b", "b"], ["x", "x", "x", "x"])
    assert (p, r) == (0.5, 1.0)
    p, r = bcubed(["a", "a"], [None, None])  # unlinked figures are singletons
    assert (p, r) == (1.0, 0.5)


def _row(source: str, start: int, end: int, event: str | None) -> LinkRecord:
    none = FeatureMatch("unknown", ())
    return LinkRecord(
        source, f"{source}#0", start, end, "x", "killed", "clause", event, False, 1.0, none, none, none, none
    )


def test_labels_match_figures_by_overlapping_offsets() -> None:
    labels = [
        LabelledFigure("a.md", 10, 14, "at 9", "e1"),
        LabelledFigure("a.md", 30, 32, "12", "e1"),
        LabelledFigure("b.md", 10, 12, "12", "e2"),
    ]
    links = [_row("a.md", 13, 14, "m1"), _row("a.md", 40, 42, "m1"), _row("b.md", 10, 12, "m2")]
    acc = accuracy(labels, links)
    assert acc.unlinked == 1 / 3
    assert acc.precision == 1.0
    assert [r.linked for r in acc.events] == [1, 1]


def test_linking_the_corpus_does_not_depend_on_the_order_articles_are_read() -> None:
    import random

    from claimtrail.devtools_linking import load_corpus, mentions_of
    from claimtrail.link.cluster import link_corpus

    mentions = [mentions_of(a) for a in load_corpus(EVENTS_CORPUS)]
    expected = link_corpus(mentions, ())
    rng = random.Random(12)
    for _ in range(5):
        shuffled = list(mentions)
        rng.shuffle(shuffled)
        assert link_corpus(shuffled, ()) == expected
    ids = {e.event_id for e in expected.events}
    assert len(ids) == len(expected.events)
    assert all(r.event_id is None or r.event_id in ids for r in expected.links)


def test_event_ids_of_the_corpus_stay_when_later_articles_are_added() -> None:
    from claimtrail.devtools_linking import load_corpus, mentions_of
    from claimtrail.link.cluster import link_corpus

    mentions = [mentions_of(a) for a in load_corpus(EVENTS_CORPUS)]
    earlier = [m for m in mentions if m.published is not None and m.published < "2016"]
    assert 5 < len(earlier) < len(mentions)
    before = {r.mention_id: r.event_id for r in link_corpus(earlier, ()).links if r.event_id is not None}
    after = {r.mention_id: r.event_id for r in link_corpus(mentions, ()).links}
    assert before and all(after[k] == v for k, v in before.items())
