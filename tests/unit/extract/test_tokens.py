"""Sentence pieces found without pysbd's per-sentence regex are exactly the pieces pysbd's segment() returns."""

from __future__ import annotations

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrail.extract.tokens import _pysbd_pieces
from helpers import REPO_ROOT

SEGMENTER = pysbd.Segmenter(language="en", clean=False)
SHARED = REPO_ROOT.parent / "shared"


def _lines() -> list[str]:
    paths = sorted((REPO_ROOT / "raw").glob("*.txt")) + sorted((SHARED / "corpus").rglob("*.md"))
    paths += sorted((SHARED / "corpus").rglob("*.txt"))
    lines = [line for p in paths for line in p.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert len(lines) > 500, "the seed and ../shared/corpus give the lines this test compares"
    return lines


def test_pieces_equal_pysbd_on_the_seed_and_the_real_corpora() -> None:
    differ = [line[:80] for line in _lines() if _pysbd_pieces(SEGMENTER, line) != list(SEGMENTER.segment(line))]
    assert differ == []


@pytest.mark.parametrize(
    "line",
    [
        "He said: 'No.' She said: 'No.' They said: 'No.'",  # one sentence repeated: each occurrence once
        "Dr. Smith arrived at 5 p.m. on Monday.  Then he left.   ",
        "(1) First item. (2) Second item! (3) Third?",
        "A … B … C. \u00a0D.",
        "a. a. a. a. a.",
    ],
)
def test_pieces_equal_pysbd_on_awkward_lines(line: str) -> None:
    assert _pysbd_pieces(SEGMENTER, line) == list(SEGMENTER.segment(line))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?'\"()…\u00a0\n12Dr")), max_size=60))
def test_pieces_equal_pysbd_on_any_text(line: str) -> None:
    assert _pysbd_pieces(SEGMENTER, line) == list(SEGMENTER.segment(line))
