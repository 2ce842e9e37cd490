"""The machine extractor (claimtrail.extract) against the labelled set in tests/extraction/labelled/.

* every figure the curators counted in the seed is found, with the same words,
  measure, qualifier and value (recall 100%);
* years, dates, times, model names, references, list numbers, ages, durations
  and ordinals are never reported as figures;
* figure precision and recall are at least 0.9 on the whole labelled set;
* the labelled set itself still agrees with the curated data and the parser;
* the extractor is a pure function of the article span and its metadata.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrail.devtools.accuracy import (
    LABELLED_DIR,
    LabelledDocument,
    accuracy_table,
    evaluate,
    load_labelled,
)
from claimtrail.extract import FINDING_KINDS as KINDS
from claimtrail.extract import Finding, extract_findings
from claimtrail.schema import DATE_PRECISIONS, MEASURES, QUALIFIERS, figure_bounds

ROOT = Path(__file__).resolve().parents[2]
SEED_RAW = "raw/000_fb5d5de520412f3a.txt"
FIGURES_CSV = ROOT / "build" / "data" / "figures.csv"


@pytest.fixture(scope="module")
def documents() -> list[LabelledDocument]:
    return load_labelled(ROOT / LABELLED_DIR, ROOT)


@pytest.fixture(scope="module")
def extracted(documents: list[LabelledDocument]) -> dict[str, list[Finding]]:
    return {d.id: extract_findings(d.text, d.start, d.end, d.published) for d in documents}


# --------------------------------------------------------------------------
# The curated figures of the seed
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CuratedFigure:
    source_id: str
    text: str
    start: int
    measure: str
    qualifier: str
    value: float | None


def _num(x: str | float | None) -> float | None:
    return None if x is None or x == "" else float(x)


def curated_figures() -> list[CuratedFigure]:
    """The seed's figures: build/data/figures.csv when present, else raw/annotations/*.yaml."""
    if FIGURES_CSV.is_file():
        with FIGURES_CSV.open(encoding="utf-8", newline="") as fh:
            return [
                CuratedFigure(
                    r["source_id"], r["text"], int(r["char_start"]), r["measure"], r["qualifier"], _num(r["value"])
                )
                for r in csv.DictReader(fh)
                if r["raw_path"] == SEED_RAW
            ]
    from claimtrail.raw.articles import parse_raw_file
    from claimtrail.rows.anchor import anchor_quote
    from claimtrail.runner.read import read_annotations, read_raw

    raw = read_raw(ROOT, ROOT / SEED_RAW)
    articles = {a.source_id: a for a in parse_raw_file(raw)}
    out: list[CuratedFigure] = []
    for sid, ann in read_annotations(ROOT).items():
        article = articles.get(sid)
        if article is None:
            continue
        for claim in ann.claims:
            quote = anchor_quote(
                raw.text, article, claim.quote, occurrence=claim.occurrence, char_start=claim.char_start,
                file=ann.path, line=claim.line, item=claim.local_id,
            )  # fmt: skip
            for fig in claim.figures:
                if getattr(fig, "reject", False):
                    continue
                at = anchor_quote(
                    raw.text, article, fig.text, occurrence=fig.occurrence, char_start=None,
                    file=ann.path, line=fig.line, item=claim.local_id, within=(quote.start, quote.end),
                )  # fmt: skip
                value = fig.value
                if fig.qualifier == "range" and fig.low is not None and fig.high is not None:
                    value = (fig.low + fig.high) / 2
                out.append(CuratedFigure(sid, fig.text, at.start, fig.measure, fig.qualifier, value))
    return out


SEED_SPANS = {
    "business-insider-isis-strikes-in-assad": "seed-business-insider",
    "reuters-russia-has-special-responsibility": "seed-reuters",
    "the-independent-syria-isis-attacks-kill": "seed-independent",
    "debkafile-exclusive-us-warplanes-intervene": "seed-debkafile",
    "daily-express-isis-bomshell-islamic-state": "seed-daily-express",
}


def test_the_seed_has_its_curated_figures() -> None:
    figures = curated_figures()
    assert len(figures) >= 17
    assert {f.source_id for f in figures} <= set(SEED_SPANS)


def test_recall_of_the_curated_seed_figures_is_total(documents: list[LabelledDocument]) -> None:
    by_id = {d.id: d for d in documents}
    missing: list[str] = []
    for cur in curated_figures():
        doc = by_id[SEED_SPANS[cur.source_id]]
        found = [
            f
            for f in extract_findings(doc.text, doc.start, doc.end, doc.published)
            if f.kind == "figure" and f.start == cur.start and f.text == cur.text
        ]
        ok = [
            f
            for f in found
            if f.measure == cur.measure
            and f.qualifier == cur.qualifier
            and (
                f.value == cur.value
                or (f.value is not None and cur.value is not None and abs(f.value - cur.value) < 1e-9)
            )
        ]
        if not ok:
            got = ", ".join(f"{f.measure}/{f.qualifier}/{f.value}" for f in found) or "nothing"
            missing.append(
                f"{cur.source_id} {cur.text!r}@{cur.start} {cur.measure}/{cur.qualifier}/{cur.value}: got {got}"
            )
    assert not missing, "curated figures the extractor misses:\n" + "\n".join(missing)


def test_labelled_seed_figures_agree_with_the_curated_ones(documents: list[LabelledDocument]) -> None:
    """tests/extraction/labelled/seed.yaml copies the curated figures; it must not drift from them."""
    labelled = {
        (f.start, f.text, f.measure, f.qualifier, f.value)
        for d in documents
        if d.raw == SEED_RAW
        for f in d.expected
        if f.kind == "figure"
    }
    curated = {(c.start, c.text, c.measure, c.qualifier, c.value) for c in curated_figures()}
    assert labelled == curated


def test_labelled_seed_spans_are_the_parsers_article_spans(documents: list[LabelledDocument]) -> None:
    from claimtrail.raw.articles import parse_raw_file
    from claimtrail.runner.read import read_raw

    spans = {a.source_id: (a.char_start, a.char_end) for a in parse_raw_file(read_raw(ROOT, ROOT / SEED_RAW))}
    for doc in documents:
        if doc.raw == SEED_RAW:
            assert doc.source_id is not None
            assert spans[doc.source_id] == (doc.start, doc.end), doc.id


# --------------------------------------------------------------------------
# What is not a figure
# --------------------------------------------------------------------------

NOT_FIGURES = [
    "The war began in 2011 and the talks resumed in 2015.",
    "since 2011",
    "On May 17 the jets flew; on February 27 the truce began.",
    "On Tuesday, May 17, US warplanes struck.",
    "The blasts came at 10:30 and again at 3 pm.",
    "US F-16 jets, a P-3 plane and Su-24 bombers flew over Idlib.",
    "Hospitals were hit.[3] Schools were hit.[12]",
    "1. Aleppo\n2. Homs\n3) Idlib",
    "The 2,000-year-old city was a tourist hotspot.",
    "Only two months before, in Syria’s five-year conflict, he was 15 years old.",
    "A man aged 40 and a 15-year-old boy.",
    "It was the first attack of its kind, the third this month.",
    "long before IS became one of their main enemies.",
    "In one letter, ISIS jihadis command their counterparts.",
    "No one was killed and nobody was hurt.",
    "Prices rose 40 percent and the UN asked for $3 billion.",
    "The 1990s were calmer; the temple dates from 30 BC.",
    "The 3-1 vote and a 24/7 watch under Resolution 2254.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text: str) -> None:
    figures = [f for f in extract_findings(text, 0, len(text), "2016-05-23") if f.kind == "figure"]
    assert figures == [], [f.text for f in figures]


YEAR = re.compile(r"(1[89]|20)\d\d")


def test_no_year_date_or_model_number_is_a_figure(
    documents: list[LabelledDocument], extracted: dict[str, list[Finding]]
) -> None:
    for doc in documents:
        found = extracted[doc.id]
        dates = [(f.start, f.end) for f in found if f.kind == "date"]
        for f in found:
            if f.kind != "figure":
                continue
            assert not YEAR.fullmatch(f.text), f"{doc.id}: the year {f.text!r} is reported as a figure"
            assert not any(s < f.end and f.start < e for s, e in dates), f"{doc.id}: {f.text!r} is inside a date"
            before = doc.text[max(0, f.start - 2) : f.start]
            assert not re.search(r"[A-Za-z]-$", before), f"{doc.id}: {f.text!r} is a model number"


# --------------------------------------------------------------------------
# Precision and recall on the whole labelled set
# --------------------------------------------------------------------------


def test_figure_precision_and_recall_are_at_least_90_percent(documents: list[LabelledDocument]) -> None:
    report = evaluate(documents)
    fig = report.by_kind["figure"]
    assert fig.gold >= 17 + 40
    detail = "\n" + report.table() + "\n" + report.details()
    assert fig.span_precision >= 0.9, detail
    assert fig.span_recall >= 0.9, detail
    assert fig.full_precision >= 0.9, detail
    assert fig.full_recall >= 0.9, detail


def test_every_kind_is_labelled_and_scored(documents: list[LabelledDocument]) -> None:
    report = evaluate(documents)
    for kind in KINDS:
        assert report.by_kind[kind].gold > 0, kind
        assert report.by_kind[kind].span_recall >= 0.8, f"{kind}\n{report.table()}\n{report.details()}"
        assert report.by_kind[kind].span_precision >= 0.8, f"{kind}\n{report.table()}\n{report.details()}"


def test_accuracy_table_is_printable() -> None:
    table = accuracy_table(ROOT)
    for kind in KINDS:
        assert f"kind {kind}" in table
    for q in QUALIFIERS:
        assert f"figure qualifier {q}" in table


# --------------------------------------------------------------------------
# The contract of extract_findings
# --------------------------------------------------------------------------


def test_findings_are_anchored_typed_and_sorted(
    documents: list[LabelledDocument], extracted: dict[str, list[Finding]]
) -> None:
    for doc in documents:
        found = extracted[doc.id]
        assert found == sorted(found, key=lambda f: (f.start, f.kind, f.end))
        for f in found:
            assert f.kind in KINDS
            assert doc.start <= f.start < f.end <= doc.end
            assert doc.text[f.start : f.end] == f.text
            if f.kind == "figure":
                assert f.measure in MEASURES and f.qualifier in QUALIFIERS and f.unit
                assert (f.value, f.low, f.high) == figure_bounds(
                    f.qualifier, f.value if f.qualifier not in ("range", "vague") else None,
                    f.low if f.qualifier == "range" else None, f.high if f.qualifier == "range" else None,
                    f.text,
                )  # fmt: skip
            elif f.kind == "date":
                assert f.precision in DATE_PRECISIONS
                assert (f.date_start is None) == (f.precision == "unknown")
                if f.date_start and f.date_end:
                    assert f.date_start <= f.date_end
            elif f.kind == "place":
                assert f.geonames_id and f.latitude is not None and f.longitude is not None
            else:
                assert f.claimant and f.form == f.text
                assert f.claimant_start is not None and f.claimant_end is not None
                assert doc.text[f.claimant_start : f.claimant_end] == f.claimant


def test_extraction_depends_only_on_the_span_and_its_metadata(documents: list[LabelledDocument]) -> None:
    """Same findings, shifted, when the article is cut out of its raw file or surrounded by other text."""
    for doc in documents:
        if doc.raw is None:
            continue
        inside = extract_findings(doc.text, doc.start, doc.end, doc.published)
        alone_text = doc.text[doc.start : doc.end]
        alone = extract_findings(alone_text, 0, len(alone_text), doc.published)
        noisy_text = "1. 2011 F-16 In Aleppo, 250 troops said:" + alone_text + " 17 May Moscow 3 pm"
        noisy = extract_findings(noisy_text, 40, 40 + len(alone_text), doc.published)
        assert _shifted(inside, -doc.start) == alone
        assert _shifted(noisy, -40) == alone
        assert extract_findings(doc.text, doc.start, doc.end, doc.published) == inside  # deterministic


def _shifted(found: list[Finding], delta: int) -> list[Finding]:
    from dataclasses import replace

    return [
        replace(
            f,
            start=f.start + delta,
            end=f.end + delta,
            claimant_start=None if f.claimant_start is None else f.claimant_start + delta,
            claimant_end=None if f.claimant_end is None else f.claimant_end + delta,
        )
        for f in found
    ]


def test_bad_spans_are_refused() -> None:
    with pytest.raises(ValueError):
        extract_findings("abc", 2, 1, None)
    with pytest.raises(ValueError):
        extract_findings("abc", 0, 4, None)
    assert extract_findings("abc", 1, 1, None) == []


PIECES = [
    "May", "17", "2011", "F-16", "about", "150", "killed", "said", "Aleppo", "according", "to", "between",
    "and", "nine", "–", "[3]", "\n", "1.", "dozens", "of", "people", "since", "Monday", "last", "week",
    "Homs,", "“", "”", "’s", "-", "+", "0", "none", "One", "claimed", "responsibility", "10:30", "troops",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=40),
    cut=st.tuples(st.integers(0, 400), st.integers(0, 400)),
    published=st.sampled_from([None, "2016", "2016-05", "2016-05-23", "not a date"]),
)
def test_any_span_of_any_text_gives_anchored_findings(
    pieces: list[str], cut: tuple[int, int], published: str | None
) -> None:
    text = " ".join(pieces)
    start, end = sorted((min(cut[0], len(text)), min(cut[1], len(text))))
    for f in extract_findings(text, start, end, published):
        assert start <= f.start < f.end <= end
        assert text[f.start : f.end] == f.text
        if f.claimant_start is not None:
            assert start <= f.claimant_start < f.claimant_end <= end  # type: ignore[operator]
