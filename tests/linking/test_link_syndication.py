"""Syndicated copies: near-duplicate texts found deterministically, each pointing at its canonical source."""

from __future__ import annotations

from dataclasses import replace

import pytest
from link_helpers import EVENTS_CORPUS

from claimtrail.link.syndication import (
    SyndicationText,
    estimate_jaccard,
    jaccard,
    minhash,
    shingles,
    syndicated_copies,
    text_sketch,
)


def corpus_texts() -> list[str]:
    files = sorted((EVENTS_CORPUS / "raw").glob("*.md"))
    assert files, f"the events corpus is missing at {EVENTS_CORPUS}"
    return [p.read_text(encoding="utf-8") for p in files]


def republished(text: str, header: str) -> str:
    """The same story under another outlet's header, with one word changed and the ending cut."""
    words = text.split()
    words[len(words) // 2] = "reportedly"
    return header + "\n" + " ".join(words[: int(len(words) * 0.9)])


def test_copies_are_found_and_point_at_the_earliest_source() -> None:
    texts = corpus_texts()
    items = [SyndicationText(f"src-{i:02d}", "2020-01-02", t) for i, t in enumerate(texts)]
    items.append(SyndicationText("zz-copy-late", "2020-01-03", republished(texts[5], "Republished from the wire")))
    items.append(SyndicationText("aa-copy-early", "2020-01-01", republished(texts[5], "First on the wire")))
    copies = syndicated_copies(items)
    assert {(c.source_id, c.repeats) for c in copies} == {
        ("src-05", "aa-copy-early"),
        ("zz-copy-late", "aa-copy-early"),
    }
    assert all(0.5 <= c.similarity <= 1.0 for c in copies)


def test_different_stories_about_one_event_are_not_copies() -> None:
    texts = corpus_texts()
    items = [SyndicationText(f"src-{i:02d}", None, t) for i, t in enumerate(texts)]
    assert syndicated_copies(items) == ()


def test_result_is_deterministic_and_independent_of_input_order() -> None:
    texts = corpus_texts()[:6]
    items = [SyndicationText(f"s{i}", None, t) for i, t in enumerate(texts)]
    items += [SyndicationText(f"c{i}", None, republished(t, "Copy")) for i, t in enumerate(texts)]
    first = syndicated_copies(items)
    assert len(first) == 6
    assert syndicated_copies(list(reversed(items))) == first
    assert minhash(shingles(texts[0])) == minhash(shingles(texts[0]))


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_sketch_estimates_the_exact_jaccard(cut: float) -> None:
    text = corpus_texts()[0]
    words = text.split()
    a = shingles(text)
    b = shingles(" ".join(words[: int(len(words) * cut)]))
    assert abs(estimate_jaccard(minhash(a), minhash(b)) - jaccard(a, b)) < 0.2


def test_sketches_computed_beforehand_give_the_same_copies() -> None:
    """The runner computes each article's sketch beside its mentions; syndication then trusts it."""
    texts = corpus_texts()[:6]
    items = [SyndicationText(f"s{i}", None, t) for i, t in enumerate(texts)]
    items += [SyndicationText(f"c{i}", None, republished(t, "Copy")) for i, t in enumerate(texts)]
    sketched = [SyndicationText(t.source_id, t.published, t.text, text_sketch(t.text)) for t in items]
    assert syndicated_copies(sketched) == syndicated_copies(items)
    assert len(syndicated_copies(items)) == 6
    # the sketch given is what is used: a wrong one hides a copy
    blind = [replace(t, sketch=()) if t.source_id == "c0" else t for t in sketched]
    assert "c0" not in {c.source_id for c in syndicated_copies(blind)}
