"""Sentence splitting, extraction and anchoring take time that grows with the text, not faster (issue 16, class 2).

Each shape is timed at a size and at four times that size; a linear stage takes about 4 times as
long, a quadratic one 16 times.  The bound is a ratio of two timings of this machine, never a clock.
The best of three runs is used, so that another process on a shared machine does not decide it.
"""

from __future__ import annotations

import itertools

import pysbd
import pytest

from claimtrail.devtools.scaling import SHAPES, time_stages
from claimtrail.extract import extract_article, sentence_spans
from claimtrail.extract.tokens import MAX_SEGMENT_CHARS, _segments

SIZE = 50_000  # quadratic steps showed only above 100 kB (a 200 kB one-line text once took 13 s to draft)
RATIO_BOUND = 6.0


def _best(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        best = min(best, sum(time_stages(text).values()))
    return best


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_time_grows_linearly_with_the_text(shape: str) -> None:
    time_stages(SHAPES[shape](1000))  # warm up: the gazetteer and pysbd's rules load once
    seen = []
    for _ in range(3):  # a busy machine can slow one measurement; a quadratic stage fails every time (x16)
        small = _best(SHAPES[shape](SIZE))
        large = _best(SHAPES[shape](4 * SIZE))
        seen.append(f"{small:.3f}s at {SIZE:,} chars, {large:.3f}s at {4 * SIZE:,}")
        if large / small < RATIO_BOUND:
            return
    pytest.fail(f"{shape}: time grows faster than the text: " + "; ".join(seen))


def test_long_lines_are_cut_into_bounded_pieces_that_cover_the_line() -> None:
    text = "word " * 3000 + "x" * 2500 + ". A sentence ends. " * 200
    pieces = _segments(text, 0, len(text))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))  # no gap, no overlap
    assert all(0 < e - s <= MAX_SEGMENT_CHARS for s, e in pieces)


def test_a_line_under_the_limit_splits_exactly_as_pysbd_splits_it() -> None:
    line = "The ministry said 150 people died. Reuters reported it on Monday! Was it true? Nobody knows."
    assert len(line) < MAX_SEGMENT_CHARS
    spans = sentence_spans(line, 0, len(line))
    pysbd_sentences = [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(line)]
    assert [line[s:e] for s, e in spans] == pysbd_sentences


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_extracts_with_anchored_findings(shape: str) -> None:
    text = SHAPES[shape](5_000)
    findings, sentences = extract_article(text, "2016-05-24")
    assert sentences, shape
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert all(0 <= s < e <= len(text) for s, e in sentences)
    assert [s for s, _ in sentences] == sorted(s for s, _ in sentences)


def test_the_benchmark_prints_time_against_size(capsys: pytest.CaptureFixture[str]) -> None:
    from claimtrail.devtools.scaling import main

    assert main(["--sizes", "2000", "4000", "--shapes", "one-line", "a-dot-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:2] == ["shape", "bytes"]
    assert [line.split()[:2] for line in out[1:]] == [
        ["one-line", "2,000"],
        ["one-line", "4,000"],
        ["a-dot-run", "2,000"],
        ["a-dot-run", "4,000"],
    ]


PARSE_SHAPES = {
    "blank-lines": lambda n: "Title\n" + "\n" * n + "Body text here.\n" + "\n" * n,
    "self-references": lambda n: "Title\n" + " ".join(f"n{i}news's sources" for i in range(n // 16)) + "\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(PARSE_SHAPES))
def test_parsing_grows_linearly_with_the_text(shape: str) -> None:
    import time

    from claimtrail.raw.articles import parse_raw_file
    from helpers import make_raw

    def best(n: int) -> float:
        raw = make_raw(PARSE_SHAPES[shape](n))
        times = []
        for _ in range(3):
            t0 = time.process_time()
            parse_raw_file(raw)
            times.append(time.process_time() - t0)
        return min(times)

    for _ in range(3):
        small, large = best(100_000), best(400_000)
        if large / small < RATIO_BOUND:
            return
    pytest.fail(f"{shape}: {small:.3f}s at 100,000 chars, {large:.3f}s at 400,000")
