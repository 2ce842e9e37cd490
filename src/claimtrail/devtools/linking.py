"""Developer tool: accuracy of event linking on a labelled corpus of front-matter articles.

    python -m claimtrail.devtools.linking [--corpus DIR] [--labels FILE] [--mentions]

Reads every ``raw/*.md`` of the corpus (YAML front matter with title and
published, then the text), runs extraction, ``article_mentions`` and
``link_corpus`` (no curated events), and prints B-cubed precision and recall
over the labelled figures, the share of them left unlinked, and one row per
labelled event.  Without a labels file it prints, per article of the corpus's
``key.csv``, the event its main mention was linked to.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..extract import extract_article
from ..link.cluster import link_corpus
from ..link.mentions import article_mentions
from ..link.model import ArticleMentions, Linking
from .link_scoring import Accuracy, LabelledFigure, accuracy, format_accuracy, labels_from_yaml

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "events"
DEFAULT_LABELS = REPO_ROOT / "tests" / "linking" / "labelled" / "events_corpus.yaml"

_FRONT = re.compile(r"\A---\n(?P<head>.*?)\n---\n", re.S)


@dataclass(frozen=True)
class CorpusArticle:
    """One article file: its name, text, publication date, the title's span and where the body starts."""

    name: str
    text: str
    published: str | None
    title_span: tuple[int, int] | None
    body_start: int


def read_article(name: str, text: str) -> CorpusArticle:
    """The article of a front-matter file (title and published read from the front matter's own lines)."""
    m = _FRONT.match(text)
    if m is None:
        return CorpusArticle(name, text, None, None, 0)
    head_start = m.start("head")
    title_span: tuple[int, int] | None = None
    published: str | None = None
    for line in re.finditer(r"^(?P<key>\w+):[ \t]*(?P<value>.*)$", m.group("head"), re.M):
        value = line.group("value").strip()
        if line.group("key") == "title" and value:
            s = head_start + line.start("value")
            e = head_start + line.end("value")
            if value[:1] in "\"'" and value[-1:] == value[:1]:
                s, e = s + 1, e - 1
            title_span = (s, e)
        elif line.group("key") == "published" and value:
            published = value.strip("\"'")
    return CorpusArticle(name, text, published, title_span, m.end())


def load_corpus(corpus: Path) -> list[CorpusArticle]:
    """Every raw/*.md article of the corpus, by name."""
    raw = corpus / "raw"
    files = sorted(raw.glob("*.md"))
    if not files:
        raise FileNotFoundError(f"no articles in {raw}")
    return [read_article(p.name, p.read_text(encoding="utf-8")) for p in files]


def mentions_of(article: CorpusArticle) -> ArticleMentions:
    """The article's event mentions (source id = its file name)."""
    findings, sentences = extract_article(article.text, article.published)
    return article_mentions(
        article.text,
        article.body_start,
        len(article.text),
        article.published,
        findings,
        sentences,
        source_id=article.name,
        title_span=article.title_span,
    )


def link_articles(articles: Sequence[CorpusArticle]) -> tuple[list[ArticleMentions], Linking]:
    mentions = [mentions_of(a) for a in articles]
    return mentions, link_corpus(mentions, ())


def corpus_accuracy(corpus: Path, labels: Path) -> tuple[Accuracy, Linking]:
    """The accuracy of linking the corpus against the labels file."""
    data = yaml.safe_load(labels.read_text(encoding="utf-8"))
    _, linking = link_articles(load_corpus(corpus))
    return accuracy(labels_from_yaml(data), linking.links), linking


def extracted_labels(articles: Sequence[CorpusArticle], labels: Sequence[LabelledFigure]) -> list[LabelledFigure]:
    """The labelled figures whose words overlap a figure the extractor finds (linking can only link those)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for a in articles:
        findings, _ = extract_article(a.text, a.published)
        spans[a.name] = [(f.start, f.end) for f in findings if f.kind == "figure"]
    return [lab for lab in labels if any(s < lab.end and lab.start < e for s, e in spans.get(lab.article, ()))]


def _key_report(corpus: Path, linking: Linking) -> str:
    main_event = {
        r.source_id: r.event_id for r in linking.links if r.figure_start is None and r.mention_id.endswith("#0")
    }
    lines = [f"{'article':62} {'key event':34} linked main event"]
    with (corpus / "key.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["role"] == "main":
                lines.append(f"{row['article']:62} {row['event']:34} {main_event.get(row['article'])}")
    return "\n".join(lines)


def _mentions_report(mentions: Sequence[ArticleMentions], linking: Linking) -> str:
    event_of = {r.mention_id: r.event_id for r in linking.links if r.figure_start is None}
    lines: list[str] = []
    for am in mentions:
        lines.append(f"== {am.source_id} ({am.published})")
        for m in am.mentions:
            places = ", ".join(f"{p.level}:{p.name}" for p in m.places)
            date = f"{m.date.date_start}..{m.date.date_end} {m.date.precision}" if m.date else "-"
            lines.append(
                f"  #{m.index} {m.role:5} {'/'.join(m.types) or '-':24} {date:34} {places} -> {event_of.get(m.mention_id)}"
            )
            lines.extend(f"      {fa.figure.text!r} {fa.figure.measure} [{fa.basis}]" for fa in m.figures)
        lines.extend(f"      {f.text!r} {f.measure} [unassigned]" for f in am.unassigned)
    return "\n".join(lines)


def _bench(n: int, corpus: Path) -> int:
    import time

    from .link_bench import bench_link, bench_mentions

    r = bench_link(n)
    print(
        f"link_corpus: {n} synthetic articles in {r.seconds:.2f} s ({r.ms_per_article:.3f} ms/article), {r.events} events"
    )
    m = bench_mentions(min(n, 500))
    print(
        f"article_mentions: {m.articles} synthetic articles, {m.ms_per_article:.2f} ms/article (extraction not counted)"
    )
    if (corpus / "raw").is_dir():
        articles = load_corpus(corpus)
        prepared = [(a, extract_article(a.text, a.published)) for a in articles]
        t0 = time.perf_counter()
        for a, (findings, sentences) in prepared:
            article_mentions(
                a.text, a.body_start, len(a.text), a.published, findings, sentences, title_span=a.title_span
            )
        per = 1000 * (time.perf_counter() - t0) / len(prepared)
        print(f"article_mentions: {len(prepared)} corpus articles, {per:.2f} ms/article (extraction not counted)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claimtrail.devtools.linking", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--mentions", action="store_true", help="also print every mention and its event")
    ap.add_argument("--bench", type=int, metavar="N", help="time link_corpus on N synthetic articles and stop")
    args = ap.parse_args(argv)
    if args.bench:
        return _bench(args.bench, args.corpus)
    if not (args.corpus / "raw").is_dir():
        print(f"error: no corpus at {args.corpus} (expected raw/*.md)", file=sys.stderr)
        return 2
    articles = load_corpus(args.corpus)
    mentions, linking = link_articles(articles)
    if args.mentions:
        print(_mentions_report(mentions, linking))
        print()
    print(f"machine events: {len(linking.events)}")
    if args.labels.is_file():
        data = yaml.safe_load(args.labels.read_text(encoding="utf-8"))
        labels = labels_from_yaml(data)
        print(format_accuracy(accuracy(labels, linking.links)))
        found = extracted_labels(articles, labels)
        part = accuracy(found, linking.links)
        print(
            f"\nof these, {len(found)} are figures the extractor finds; over them: B-cubed precision "
            f"{part.precision:.3f}, recall {part.recall:.3f}, unlinked share {part.unlinked:.3f}"
        )
    elif (args.corpus / "key.csv").is_file():
        print(f"(no labels at {args.labels}: article-level check against key.csv)")
        print(_key_report(args.corpus, linking))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
