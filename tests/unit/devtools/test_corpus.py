"""The synthetic corpus generator: deterministic, never inside raw/, and every file valid for the parser.

No build here: the generated files are read back through claimtrail.raw and
claimtrail.raw.articles (and the extractor, for the qualifier forms), the way the
build reads them.  tests/integration/test_generate_build.py builds one.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from claimtrail.devtools.corpus import generate_corpus
from claimtrail.devtools.corpus.files import GeneratedCorpus
from claimtrail.devtools.corpus.vocabulary import PLACES
from claimtrail.extract import extract_findings
from claimtrail.raw import ARTICLE_SUFFIXES, SIDECAR_SUFFIX, RawFile, decode_raw_file, provenance_from_sidecar
from claimtrail.raw.articles import Article, parse_raw_file
from claimtrail.raw.dataset import dataset_metadata
from claimtrail.raw.events import parse_events
from claimtrail.schema import QUALIFIERS
from helpers import LOCK_FILE, REPO_ROOT

N = 50
SEED = 1


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _article_paths(root: Path) -> list[Path]:
    return sorted(
        p
        for p in (root / "raw").iterdir()
        if p.suffix in ARTICLE_SUFFIXES and not p.name.endswith(SIDECAR_SUFFIX) and p.is_file()
    )


def _read(root: Path, path: Path) -> RawFile:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    rel = path.relative_to(root).as_posix()
    provenance = provenance_from_sidecar(sidecar.read_text(encoding="utf-8"), rel + SIDECAR_SUFFIX)
    return decode_raw_file(rel, path.read_bytes(), provenance, rel + SIDECAR_SUFFIX)


def _fake_template(root: Path) -> Path:
    """A template repository with a raw/ of its own (never the real one)."""
    (root / "raw").mkdir(parents=True)
    (root / "raw" / "keep.txt").write_text("untouched\n", encoding="utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCorpus:
    return generate_corpus(tmp_path_factory.mktemp("gen") / "repo", N, seed=SEED, template_root=REPO_ROOT)


@pytest.fixture(scope="module")
def parsed(corpus: GeneratedCorpus) -> list[tuple[RawFile, list[Article]]]:
    return [(raw, parse_raw_file(raw)) for raw in (_read(corpus.root, p) for p in _article_paths(corpus.root))]


@pytest.fixture(scope="module")
def articles(parsed: list[tuple[RawFile, list[Article]]]) -> list[tuple[RawFile, Article]]:
    return [(raw, a) for raw, arts in parsed for a in arts]


# --------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 30, seed=5, template_root=REPO_ROOT)
    second = generate_corpus(tmp_path / "b", 30, seed=5, template_root=REPO_ROOT)
    assert _tree(first.root) == _tree(second.root)
    assert (first.n_articles, first.n_files, first.n_bytes) == (second.n_articles, second.n_files, second.n_bytes)


def test_another_seed_gives_another_corpus(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", 30, seed=5, template_root=REPO_ROOT)
    b = generate_corpus(tmp_path / "b", 30, seed=6, template_root=REPO_ROOT)
    raw_a = {k: v for k, v in _tree(a.root).items() if k.startswith("raw/")}
    raw_b = {k: v for k, v in _tree(b.root).items() if k.startswith("raw/")}
    assert raw_a != raw_b


def test_small_corpora(tmp_path: Path) -> None:
    """Any size works, down to one article (a single file, no compilation page)."""
    for n in (1, 2, 3, 4):
        c = generate_corpus(tmp_path / f"n{n}", n, seed=0, template_root=REPO_ROOT)
        got = [a for p in _article_paths(c.root) for a in parse_raw_file(_read(c.root, p))]
        assert len(got) == c.n_articles == n


# --------------------------------------------------------------------------
# Where it writes
# --------------------------------------------------------------------------


@pytest.mark.parametrize("inside", ["raw", "raw/sub", "raw/sub/deeper"])
def test_refuses_to_write_inside_raw(tmp_path: Path, inside: str) -> None:
    template = _fake_template(tmp_path / "template")
    before = _tree(template)
    with pytest.raises(ValueError, match="raw"):
        generate_corpus(template / inside, 5, template_root=template)
    assert _tree(template) == before
    assert not (template / "raw" / "sub").exists()


def test_refuses_raw_reached_through_a_link(tmp_path: Path) -> None:
    template = _fake_template(tmp_path / "template")
    link = tmp_path / "link"
    link.symlink_to(template / "raw", target_is_directory=True)
    before = _tree(template)
    with pytest.raises(ValueError, match="raw"):
        generate_corpus(link / "corpus", 5, template_root=template)
    assert _tree(template) == before


def test_refuses_a_non_empty_destination(tmp_path: Path) -> None:
    template = _fake_template(tmp_path / "template")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "something").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        generate_corpus(dest, 5, template_root=template)
    assert sorted(p.name for p in dest.iterdir()) == ["something"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="not a directory"):
        generate_corpus(tmp_path / "file", 5, template_root=template)


@pytest.mark.parametrize("n", [0, -3])
def test_refuses_fewer_than_one_article(tmp_path: Path, n: int) -> None:
    with pytest.raises(ValueError, match="n_articles"):
        generate_corpus(tmp_path / "dest", n, template_root=REPO_ROOT)
    assert not (tmp_path / "dest").exists()


def test_an_empty_existing_directory_is_accepted(tmp_path: Path) -> None:
    template = _fake_template(tmp_path / "template")
    (tmp_path / "dest").mkdir()
    c = generate_corpus(tmp_path / "dest", 3, template_root=template)
    assert c.root == (tmp_path / "dest").resolve()
    assert (c.root / "pyproject.toml").read_bytes() == (template / "pyproject.toml").read_bytes()
    assert not (c.root / "report").exists()  # copied only when the template has it


# --------------------------------------------------------------------------
# What it writes
# --------------------------------------------------------------------------


def test_copies_the_template_files(corpus: GeneratedCorpus) -> None:
    for rel in ("pyproject.toml", "mkdocs.yml", LOCK_FILE):
        assert (corpus.root / rel).read_bytes() == (REPO_ROOT / rel).read_bytes()
    assert _tree(corpus.root / "report") == _tree(REPO_ROOT / "report")
    assert not (corpus.root / "raw" / "annotations").exists()  # the build drafts every article


def test_dataset_and_events_files_are_valid(corpus: GeneratedCorpus) -> None:
    meta = dataset_metadata((corpus.root / "raw/dataset.yaml").read_text(encoding="utf-8"), "raw/dataset.yaml")
    assert meta["name"] == f"synthetic-{N}"
    events = parse_events((corpus.root / "raw/events.yaml").read_text(encoding="utf-8"), "raw/events.yaml")
    assert 3 <= len(events) <= 12
    for e in events:
        assert e.date_start[:4] == "2016"
        for place in e.places:
            assert place.name in PLACES
            assert place.geonames_id is not None and place.country_code == "SY"


def test_counts(corpus: GeneratedCorpus, parsed: list[tuple[RawFile, list[Article]]]) -> None:
    paths = _article_paths(corpus.root)
    assert corpus.n_articles == N == sum(len(arts) for _, arts in parsed)
    assert corpus.n_files == len(paths) == len(parsed)
    assert corpus.n_bytes == sum(p.stat().st_size for p in paths)
    kinds = [raw.provenance["kind"] for raw, _ in parsed]
    assert "compilation_page" in kinds and "article" in kinds
    for raw, arts in parsed:
        if raw.provenance["kind"] == "compilation_page":
            assert 3 <= len(arts) <= 8, raw.path
            assert all(a.kind == "compilation_page" for a in arts)
        else:
            assert [a.kind for a in arts] == ["front_matter"], raw.path


def test_every_sidecar_is_correct(corpus: GeneratedCorpus) -> None:
    raw_dir = corpus.root / "raw"
    sidecars = sorted(p.name for p in raw_dir.iterdir() if p.name.endswith(SIDECAR_SUFFIX))
    assert sidecars == sorted(p.name + SIDECAR_SUFFIX for p in _article_paths(corpus.root))
    for path in _article_paths(corpus.root):
        data = path.read_bytes()
        text = path.with_name(path.name + SIDECAR_SUFFIX).read_text(encoding="utf-8")
        prov = provenance_from_sidecar(text, path.name + SIDECAR_SUFFIX)
        assert prov["file"] == path.name
        assert prov["sha256"] == hashlib.sha256(data).hexdigest()
        assert prov["bytes"] == len(data)
        assert prov["kind"] == ("compilation_page" if path.suffix == ".txt" else "article")
        decode_raw_file(path.name, data, prov, path.name + SIDECAR_SUFFIX)  # raises on any mismatch


def test_source_ids_and_texts_are_unique(articles: list[tuple[RawFile, Article]]) -> None:
    ids = [a.source_id for _, a in articles]
    assert len(set(ids)) == len(ids)
    bodies = [" ".join(raw.text[a.body_start : a.body_end].split()) for raw, a in articles]
    assert len(set(bodies)) == len(bodies)


def test_metadata_is_what_the_parser_reads(articles: list[tuple[RawFile, Article]]) -> None:
    for raw, a in articles:
        assert a.publisher, (raw.path, a.title)
        assert a.title
        words = len(raw.text[a.body_start : a.body_end].split())
        assert 140 <= words <= 430, (a.source_id, words)
        if a.kind == "front_matter":
            assert a.url.startswith("https://example.org/")
            assert re.fullmatch(r"201[56]-\d\d-\d\d|2017-01-0[1-3]", a.published), a.published
            assert a.published_precision == "day"


def test_page_furniture_and_source_line_styles(parsed: list[tuple[RawFile, list[Article]]]) -> None:
    pages = [(raw, arts) for raw, arts in parsed if raw.provenance["kind"] == "compilation_page"]
    source_lines: list[str] = []
    title_only_wires = 0
    for raw, arts in pages:
        assert re.match(r"(?:Category|Categories|Filed under): ", raw.text)
        assert raw.text.rstrip("\n").endswith("%d bloggers like this:")
        for a in arts:
            line = raw.text[a.body_end : a.char_end].strip()
            source_lines.append(line)
            if a.publisher_basis.startswith("dateline") and line == f"Source: {a.title}":
                title_only_wires += 1  # "BEIRUT (Reuters) – ..." with a Source line naming no outlet
    assert title_only_wires
    publishers = {a.publisher for _, arts in parsed for a in arts}
    assert {"Reuters", "AFP", "AP"} <= publishers
    assert len(publishers) >= 15
    assert any(" – " in s and "|" not in s for s in source_lines)
    assert any(" — " in s for s in source_lines)
    assert any(re.search(r" - [A-Z]", s) for s in source_lines)
    assert any(re.search(r" \| [^|]+ \| News \| ", s) for s in source_lines)
    assert any(s.count(" | ") == 2 for s in source_lines)
    datelines = {a.dateline for _, arts in parsed for a in arts if a.dateline}
    assert any("(Reuters)" in d for d in datelines)
    assert any("(AFP)" in d for d in datelines)
    assert any("(AP)" in d for d in datelines)


QUALIFIER_FORMS = {
    "digits": r"\b\d{1,3} (?:people|civilians|fighters|militants|troops|soldiers|villages|bombs|airstrikes)\b",
    "separator": r"\b\d,\d{3}\b",
    "number word": r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    "a dozen": r"\ba dozen\b",
    "between words": r"\bbetween [a-z-]+ and [a-z-]+ (?:people|civilians|fighters|troops|villages|bombs)\b",
    "en dash range": r"\b\d+–\d+\b",
    "to range": r"\b\d+ to \d+\b",
    "plus suffix": r"\b\d+\+",
    **{
        q: rf"(?i)\b{q} (?:\d|[a-z])"
        for q in (
            "about",
            "around",
            "some",
            "roughly",
            "nearly",
            "almost",
            "at least",
            "no less than",
            "no fewer than",
            "more than",
            "over",
            "upwards of",
            "up to",
            "as many as",
        )
    },
    **{v: rf"(?i)\b{v} of\b" for v in ("dozens", "scores", "hundreds", "thousands")},
    "toll": r"gave a (?:lower )?(?:death )?toll of \d",
    "claimed responsibility": r"claimed responsibility",
    "according to": r", according to ",
    "reported that": r"reported that ",
    "F-16": r"F-16",
    "Su-24 style model": r"\b(?:Su|MiG|Tu)-\d\d\b",
    "weekday": r"\bon (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    "weekday and date": r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}\b",
    "last week": r"\blast week\b",
    "time of day": r"\b\d{1,2}(?::\d\d)? ?(?:a\.m\.|p\.m\.|pm|local time)",
    "year": r"\b20(?:1[1-5])\b",
}


def test_every_qualifier_form_is_written(articles: list[tuple[RawFile, Article]]) -> None:
    text = "\n".join(raw.text[a.body_start : a.body_end] for raw, a in articles)
    missing = [name for name, pattern in QUALIFIER_FORMS.items() if not re.search(pattern, text)]
    assert not missing, missing


def test_the_extractor_finds_every_qualifier_and_measure(articles: list[tuple[RawFile, Article]]) -> None:
    figures = [
        f
        for raw, a in articles
        for f in extract_findings(raw.text, a.body_start, a.body_end, a.published or None)
        if f.kind == "figure"
    ]
    assert {f.qualifier for f in figures} == set(QUALIFIERS)
    measures = {f.measure for f in figures}
    assert {"killed", "injured", "bombs", "airstrikes", "troops", "fighters", "villages"} <= measures
    # Years, dates, times, ages, distances and model numbers are written, but none is a figure.
    for f in figures:
        assert f.measure != "other", f
        assert not re.fullmatch(r"20\d\d", f.text), f


def test_no_figure_inside_a_model_name_or_time(articles: list[tuple[RawFile, Article]]) -> None:
    for raw, a in articles:
        for f in extract_findings(raw.text, a.body_start, a.body_end, a.published or None):
            if f.kind != "figure":
                continue
            before = raw.text[max(0, f.start - 1) : f.start]
            after = raw.text[f.end : f.end + 5]
            assert before not in ("-", ":"), (a.source_id, f.text)
            assert not re.match(r"[:-]\d|\s?(?:a\.m|p\.m|pm|km|-year)", after), (a.source_id, f.text, after)


def test_large_corpus_has_the_requested_size(tmp_path: Path) -> None:
    """Speed is the benchmark's business (nox -s bench); here only the count."""
    c = generate_corpus(tmp_path / "big", 2_000, seed=9, template_root=REPO_ROOT)
    assert c.n_articles == 2_000


# --------------------------------------------------------------------------
# Known truth for linking (what claimtrail bench scores the linker against)
# --------------------------------------------------------------------------

TRUTH_N = 120


@pytest.fixture(scope="module")
def truth_corpus(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCorpus:
    return generate_corpus(tmp_path_factory.mktemp("truth") / "repo", TRUTH_N, seed=4, template_root=REPO_ROOT)


@pytest.fixture(scope="module")
def truth_articles(truth_corpus: GeneratedCorpus) -> list[tuple[RawFile, Article]]:
    return [
        (raw, a)
        for p in _article_paths(truth_corpus.root)
        for raw in [_read(truth_corpus.root, p)]
        for a in parse_raw_file(raw)
    ]


def test_every_reported_event_has_two_reports_from_different_outlets(
    truth_corpus: GeneratedCorpus, truth_articles: list[tuple[RawFile, Article]]
) -> None:
    publisher = {a.source_id: a.publisher for _, a in truth_articles}
    assert set(truth_corpus.truth) == set(publisher)
    outlets: dict[str, set[str]] = {}
    reports: dict[str, int] = {}
    for source, event in truth_corpus.truth.items():
        outlets.setdefault(event, set()).add(publisher[source])
        reports[event] = reports.get(event, 0) + 1
    assert set(reports) == {e.event_id for e in truth_corpus.events}
    assert len(reports) >= TRUTH_N // 8
    for event, n in reports.items():
        assert n >= 2, event
        assert len(outlets[event]) >= 2, (event, outlets[event])


def test_every_truth_figure_is_anchored_and_found_by_the_extractor(
    truth_corpus: GeneratedCorpus, truth_articles: list[tuple[RawFile, Article]]
) -> None:
    texts = {raw.path: raw.text for raw, _ in truth_articles}
    spans: dict[str, list[tuple[int, int]]] = {}
    for raw, a in truth_articles:
        for f in extract_findings(raw.text, a.body_start, a.body_end, a.published or None):
            if f.kind == "figure":
                spans.setdefault(raw.path, []).append((f.start, f.end))
    assert len(truth_corpus.figures) > 2 * TRUTH_N
    events = {e.event_id for e in truth_corpus.events}
    for t in truth_corpus.figures:
        assert texts[t.raw_path][t.char_start : t.char_end] == t.text, t
        assert t.event in events, t
        assert any(s < t.char_end and t.char_start < e for s, e in spans.get(t.raw_path, ())), t
    for text in texts.values():  # no mark of the generator's is left in a file
        assert not re.search("[\ue000-\ue002]", text)


def test_a_figure_belongs_to_its_articles_event_unless_it_tells_an_earlier_one(
    truth_corpus: GeneratedCorpus, truth_articles: list[tuple[RawFile, Article]]
) -> None:
    days = {e.event_id: e.day for e in truth_corpus.events}
    background = 0
    for raw, a in truth_articles:
        main = truth_corpus.truth[a.source_id]
        inside = [
            t for t in truth_corpus.figures if t.raw_path == raw.path and a.body_start <= t.char_start < a.body_end
        ]
        assert any(t.event == main for t in inside), a.source_id
        for t in inside:
            if t.event != main:
                background += 1
                assert 7 <= (days[main] - days[t.event]).days <= 120, (a.source_id, t)
    assert background  # some stories tell an earlier event too


def test_each_lead_names_the_events_place_and_a_trigger(
    truth_corpus: GeneratedCorpus, truth_articles: list[tuple[RawFile, Article]]
) -> None:
    place = {e.event_id: e.place for e in truth_corpus.events}
    trigger = re.compile(r"(?i)\b(?:bomb|blast|explosion|air strike|air raid|attack|assault)")
    for raw, a in truth_articles:
        body = raw.text[a.body_start : a.body_end]
        lead = body.split("\n")[0]
        assert place[truth_corpus.truth[a.source_id]] in lead, (a.source_id, lead)
        assert trigger.search(lead), (a.source_id, lead)
        if not a.published:  # an undated repost names the day: "on May 23"
            assert re.search(
                r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d", lead
            ), lead


def test_decoys_are_other_events_and_no_two_events_of_a_city_share_a_week(truth_corpus: GeneratedCorpus) -> None:
    events = truth_corpus.events
    assert len({e.event_id for e in events}) == len(events)
    same_city = [(a, b) for a in events for b in events if a.event_id < b.event_id and a.place == b.place]
    same_day = [(a, b) for a in events for b in events if a.event_id < b.event_id and a.day == b.day]
    assert same_city and same_day  # decoys: the same city on another day, the same day in another city
    for a, b in same_city:
        gap = abs((a.day.replace(year=2016) - b.day.replace(year=2016)).days)
        assert min(gap, 366 - gap) > 3, (a, b)  # an undated "on May 23" tells them apart
    for a, b in same_day:
        assert a.place != b.place


def test_truth_is_deterministic(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", 40, seed=8, template_root=REPO_ROOT)
    b = generate_corpus(tmp_path / "b", 40, seed=8, template_root=REPO_ROOT)
    assert (a.truth, a.figures, a.events) == (b.truth, b.figures, b.events)
