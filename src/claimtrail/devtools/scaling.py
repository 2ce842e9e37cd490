"""Time against text size for the per-article work: sentence splitting, extraction and anchoring.

``python -m claimtrail.devtools.scaling`` (``nox -s bench -- --scaling``) prints, for each shape of
text (one line, long lines, a run of identical sentences in paragraphs, "a. a. a." on one line,
a run without spaces, digits), the CPU seconds of this process each stage takes at sizes up to
5 MB (CPU time, so that other work on a shared machine does not inflate the figures).  The texts are
generated here (no article text of the corpora).  Tests compare the time at one size with the time
at four times that size (a ratio, never a clock).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from ..extract import extract_article
from ..extract.findings import ArticleWork
from ..extract.tokens import _sentences
from ..raw.annotations import Annotation, ClaimNote, NonClaimNote
from ..raw.articles import Article
from ..rows.article import article_rows

_SENTENCE = "The ministry said 150 people were killed in Aleppo on Monday, according to Reuters. "

_TOLL_UPDATE = "The death toll rose to 12, police said.\nIt was later revised to 15, bringing the total to 20.\n"

SHAPES: dict[str, Callable[[int], str]] = {
    "one-line": lambda n: (_SENTENCE * (n // len(_SENTENCE) + 1))[:n],
    "long-lines": lambda n: "\n".join([_SENTENCE * 200] * (n // (len(_SENTENCE) * 200) + 1))[:n],
    "identical-paragraphs": lambda n: "\n\n".join([_SENTENCE.strip()] * (n // len(_SENTENCE) + 1))[:n],
    "a-dot-run": lambda n: ("a. " * (n // 3 + 1))[:n],
    "no-spaces": lambda n: "x" * n,
    "digits": lambda n: ("1,000 " * (n // 6 + 1))[:n],
    # every line changes the toll: each change supersedes the tolls said before it
    "toll-updates": lambda n: (_TOLL_UPDATE * (n // len(_TOLL_UPDATE) + 1))[:n],
}

STAGES = ("split", "extract", "anchor")


def _article(text: str) -> Article:
    return Article(
        source_id="scaling",
        raw_path="raw/scaling.txt",
        index=1,
        char_start=0,
        char_end=len(text),
        body_start=0,
        body_end=len(text),
        title="Scaling",
        publisher="Bench",
        publisher_basis="",
        dateline="",
        published="2016-05-24",
        published_precision="day",
        published_basis="",
        published_note="",
        url="",
        kind="plain",
    )


def _annotation(text: str, sentences: list[tuple[int, int]]) -> Annotation:
    """A curated annotation with one claim per sentence, quoting it by occurrence (by offset if it occurs inside another)."""
    starts: dict[str, dict[int, int]] = {}  # quote -> {start: its occurrence number}
    claims = []
    for n, (s, e) in enumerate(sentences, start=1):
        quote = text[s:e]
        if quote not in starts:
            found: dict[int, int] = {}
            pos = text.find(quote)
            while pos != -1:
                found[pos] = len(found) + 1
                pos = text.find(quote, pos + 1)
            starts[quote] = found
        occurrence = starts[quote].get(s)
        char_start = None if occurrence else s
        claims.append(ClaimNote(f"c{n}", quote, occurrence, char_start, "Bench", "media", "assessment", "", "", (), n))
    return Annotation("raw/annotations/scaling.yaml", "scaling", {}, tuple(claims), tuple[NonClaimNote, ...]())


def time_stages(text: str) -> dict[str, float]:
    """CPU seconds of each stage on one text: split (sentences), extract (all findings), anchor (rows)."""
    t0 = time.process_time()
    _sentences(text, 0, len(text))
    t1 = time.process_time()
    findings, sentences = extract_article(text, "2016-05-24")
    t2 = time.process_time()
    work = ArticleWork(tuple(findings), tuple(sentences))
    article = _article(text)
    article_rows(article, None, text, "0" * 64, {}, work)  # machine claims, one per sentence
    article_rows(article, _annotation(text, sentences), text, "0" * 64, {}, work)  # curated quotes anchored
    t3 = time.process_time()
    return {"split": t1 - t0, "extract": t2 - t1, "anchor": t3 - t2}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000, 1_000_000, 5_000_000])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    args = parser.parse_args(argv)
    print(f"{'shape':<22} {'bytes':>10} " + " ".join(f"{s + ' s':>10}" for s in STAGES) + f" {'µs/char':>8}")
    for shape in args.shapes:
        for size in args.sizes:
            seconds = time_stages(SHAPES[shape](size))
            total = sum(seconds.values())
            print(
                f"{shape:<22} {size:>10,} "
                + " ".join(f"{seconds[s]:>10.2f}" for s in STAGES)
                + f" {total / size * 1e6:>8.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
