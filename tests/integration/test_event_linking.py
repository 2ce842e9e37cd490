"""Issue 12: unannotated articles about a curated event land on it, marked machine-linked with evidence; a decoy
does not; the seed's curated links do not move; and the outputs do not depend on the order raw files are read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from linking_articles import DECOY, JABLEH_ARTICLES, SYNDICATED

from claimtrail.runner import BuildOptions, build
from corpus_tools import add_raw_article
from helpers import REPO_ROOT, check_files, copy_repo, load_tables, output_files, read_csv_rows, run_check

EVENT = "2016-05-23-jableh-tartous-bombings"
SOURCES = sorted(name.removesuffix(".md") for name in JABLEH_ARTICLES)
DECOY_ID = next(iter(DECOY)).removesuffix(".md")


def _add_articles(root: Path) -> None:
    for name, text in {**JABLEH_ARTICLES, **DECOY, **SYNDICATED}.items():
        add_raw_article(root, name, text.encode("utf-8"))


@pytest.fixture(scope="module")
def linked_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("linking") / "repo")
    _add_articles(root)
    build(root, options=BuildOptions(executor="serial"))
    return root


def test_new_articles_land_on_the_curated_event_marked_machine_with_evidence(linked_repo: Path) -> None:
    data = linked_repo / "build" / "data"
    figures = [f for f in read_csv_rows(data / "figures.csv") if f["source_id"] in SOURCES and f["measure"] == "killed"]
    assert sorted({f["source_id"] for f in figures}) == SOURCES
    assert all((f["event_id"], f["event_link"]) == (EVENT, "machine") for f in figures)
    links = {r["link_id"]: r for r in read_csv_rows(data / "event_links.csv")}
    for f in figures:
        ev = links[f["figure_id"]]
        assert ev["event_id"] == EVENT and float(ev["score"]) > 0
        assert ev["date_matched"] == "yes" and ev["place_matched"] == "yes" and ev["type_matched"] == "yes"
        text = (linked_repo / ev["raw_path"]).read_text(encoding="utf-8")
        for feature in ("date", "place", "type"):
            assert text[int(ev[f"{feature}_char_start"]) : int(ev[f"{feature}_char_end"])] == ev[f"{feature}_quote"]
    event = next(e for e in read_csv_rows(data / "events.csv") if e["event_id"] == EVENT)
    assert event["review_status"] == "reviewed"
    assert int(event["n_machine_sources"]) == len(SOURCES) + len(SYNDICATED)
    assert int(event["n_independent_sources"]) >= len(SOURCES) + 1
    # the wire copy is one more article and publisher, but no more independent source
    assert int(event["n_independent_sources"]) == int(event["n_publishers"]) - 1
    assert event["corroboration"] == "contested"  # 78 against at least 120


@pytest.mark.parametrize("check", check_files(), ids=lambda p: p.stem)
def test_every_data_check_passes_on_a_build_with_machine_links(linked_repo: Path, check: Path) -> None:
    """The SQL data checks (tests/data/checks) over a build whose event_links is not empty, keys enforced."""
    con = load_tables(linked_repo / "build" / "data", constrained=True)
    try:
        (n_links,) = con.execute("SELECT count(*) FROM event_links").fetchone() or (0,)
        assert n_links > 0
        offending = run_check(con, check)
    finally:
        con.close()
    assert offending == [], f"{check.name}: {offending[:3]}"


def test_a_syndicated_copy_records_the_source_it_repeats(linked_repo: Path) -> None:
    sources = {s["source_id"]: s for s in read_csv_rows(linked_repo / "build" / "data" / "sources.csv")}
    assert sources["gulf-gazette-reprint"]["repeats_source_id"] == "coastal-courier-jableh"
    assert [k for k, s in sources.items() if s["repeats_source_id"]] == ["gulf-gazette-reprint"]
    page = next((linked_repo / "build" / "site" / "sources").glob("gulf-gazette-reprint*.html"))
    assert "syndicated copy" in page.read_text(encoding="utf-8")


def test_the_decoy_founds_its_own_machine_event(linked_repo: Path) -> None:
    data = linked_repo / "build" / "data"
    decoy = [f for f in read_csv_rows(data / "figures.csv") if f["source_id"] == DECOY_ID]
    assert decoy and all(f["event_id"] != EVENT for f in decoy)
    machine = {e["event_id"]: e for e in read_csv_rows(data / "events.csv") if e["review_status"] == "machine"}
    assert {f["event_id"] for f in decoy if f["event_id"]} <= set(machine)
    assert all(e["event_id"] != EVENT for e in machine.values())


def test_the_seed_curated_links_are_unchanged(linked_repo: Path) -> None:
    def curated(root: Path, table: str, key: str) -> dict[str, str]:
        return {
            r[key]: r["event_id"]
            for r in read_csv_rows(root / "build" / "data" / f"{table}.csv")
            if r["event_link"] == "reviewed" or r["source_id"] not in [*SOURCES, DECOY_ID]
        }

    for table, key in (("claims", "claim_id"), ("figures", "figure_id")):
        seed = {r[key]: r["event_id"] for r in read_csv_rows(REPO_ROOT / "build" / "data" / f"{table}.csv")}
        got = curated(linked_repo, table, key)
        assert {k: got[k] for k in seed} == seed


def test_the_event_and_disagreements_pages_show_the_machine_links(linked_repo: Path) -> None:
    site = linked_repo / "build" / "site"
    page = next((site / "events").glob(f"{EVENT}*.html")).read_text(encoding="utf-8")
    assert "machine-linked" in page and "<details" in page
    for source in SOURCES:
        assert source in page
    disagreements = (site / "disagreements" / "index.html").read_text(encoding="utf-8")
    row = next(
        r for r in disagreements.split("<tr>") if f"{EVENT}/#measure-killed" in r or f"{EVENT}.html#measure-killed" in r
    )
    found = re.search(r"(\d+) machine-linked", row)
    assert found is not None and int(found.group(1)) >= len(SOURCES), row


def test_two_builds_reading_raw_files_in_opposite_orders_give_identical_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimtrail.runner.read as read

    roots = []
    original = read.raw_article_paths
    for n, reverse in enumerate((False, True)):
        root = copy_repo(tmp_path / f"r{n}")
        _add_articles(root)
        listed: list[str] = []

        def listing(r: Path, _rev: bool = reverse, _seen: list[str] = listed) -> list[Path]:
            paths = sorted(original(r), key=lambda p: p.name, reverse=_rev)
            _seen.extend(p.name for p in paths)
            return paths

        monkeypatch.setattr(read, "raw_article_paths", listing)
        build(root, options=BuildOptions(executor="serial", cache=False))
        roots.append(root)
        assert listed[0] == sorted(listed, reverse=reverse)[0]  # the listing really came in that order
    first, second = output_files(roots[0]), output_files(roots[1])
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    shutil.rmtree(tmp_path)


def _notes_repo(tmp_path: Path, links: str, events_extra: str = "") -> Path:
    root = copy_repo(tmp_path / "repo")
    _add_articles(root)
    (root / "raw" / "annotations" / "harbour-herald-attacks.yaml").write_text(
        f"source_id: harbour-herald-attacks\nlinks:\n{links}", encoding="utf-8"
    )
    if events_extra:
        with (root / "raw" / "events.yaml").open("a", encoding="utf-8") as f:
            f.write(events_extra)
    return root


def test_curators_confirm_move_and_cut_machine_links(tmp_path: Path) -> None:
    root = _notes_repo(
        tmp_path,
        '  - figure: "148"\n    confirm: true\n  - claim: m002\n    event: 2016-03-palmyra-recapture\n',
    )
    result = build(root, options=BuildOptions(executor="serial", site=False))
    assert (result.corrections.links_confirmed, result.corrections.links_moved) == (1, 1)
    assert "1 confirmed, 1 moved, 0 cut" in result.corrections.summary()
    data = root / "build" / "data"
    figs = {f["text"]: f for f in read_csv_rows(data / "figures.csv") if f["source_id"] == "harbour-herald-attacks"}
    assert (figs["148"]["event_id"], figs["148"]["event_link"]) == (EVENT, "reviewed")
    links = {r["link_id"]: r for r in read_csv_rows(data / "event_links.csv")}
    assert links[figs["148"]["figure_id"]]["review_status"] == "reviewed"
    claims = {c["claim_id"]: c for c in read_csv_rows(data / "claims.csv")}
    moved = claims["harbour-herald-attacks-m002"]
    assert (moved["event_id"], moved["event_link"]) == ("2016-03-palmyra-recapture", "reviewed")
    assert "harbour-herald-attacks-m002" not in links
    source = next(s for s in read_csv_rows(data / "sources.csv") if s["source_id"] == "harbour-herald-attacks")
    assert source["review_status"] == "machine"  # link notes alone leave the article machine-drafted


def test_a_cut_link_leaves_the_figure_without_event(tmp_path: Path) -> None:
    root = _notes_repo(tmp_path, '  - figure: "148"\n    event: none\n')
    result = build(root, options=BuildOptions(executor="serial", site=False))
    assert result.corrections.links_cut == 1
    fig = next(f for f in read_csv_rows(root / "build" / "data" / "figures.csv") if f["text"] == "148")
    assert (fig["event_id"], fig["event_link"]) == ("", "none")


@pytest.mark.parametrize(
    ("links", "events_extra", "file", "words"),
    [
        ("  - claim: m099\n    confirm: true\n", "", "harbour-herald-attacks.yaml", "claim 'm099'"),
        ('  - figure: "148"\n    event: no-such-event\n', "", "harbour-herald-attacks.yaml", "no-such-event"),
        ('  - figure: "148"\n    event: 2016-later-event\n', "", "harbour-herald-attacks.yaml", "after the article"),
        ("", "", "events.yaml", "cycle"),
        ("", "", "events.yaml", "no machine event"),
    ],
)
def test_bad_link_overrides_name_file_and_line(
    tmp_path: Path, links: str, events_extra: str, file: str, words: str
) -> None:
    from claimtrail.errors import ClaimtrailError

    later = (
        "\n  - id: 2016-later-event\n    title: A later event\n    event_type: bombing\n"
        "    date_start: 2016-07-01\n    date_end: 2016-07-01\n    date_precision: day\n"
        "    places:\n      - {name: Homs}\n"
    )
    if words == "cycle":
        events_extra = (
            later.replace("2016-later-event", "2016-cycle-a")
            + "    same_as: 2016-cycle-b\n"
            + later.replace("2016-later-event", "2016-cycle-b")
            + "    same_as: 2016-cycle-a\n"
        )
    elif words == "no machine event":
        events_extra = later + "    same_as: 2016-05-99-nowhere-bombing\n"
    else:
        events_extra = later
    root = _notes_repo(tmp_path, links or '  - figure: "148"\n    confirm: true\n', events_extra)
    with pytest.raises(ClaimtrailError) as err:
        build(root, options=BuildOptions(executor="serial", site=False))
    assert err.value.file.endswith(file) and err.value.line is not None
    assert words in str(err.value)


def test_an_article_joining_an_event_recomputes_only_its_own_rows(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    later = "river-review-explosions.md"  # published last: it joins, it founds nothing the others link to
    for name, text in JABLEH_ARTICLES.items():
        if name != later:
            add_raw_article(root, name, text.encode("utf-8"))
    options = BuildOptions(executor="serial", site=False)
    first = build(root, options=options)
    assert first.cache_misses > 0
    add_raw_article(root, later, JABLEH_ARTICLES[later].encode("utf-8"))
    again = build(root, options=options)
    assert again.cache_misses == 1  # the new article; every other article's rows come from the cache
    fig = next(f for f in read_csv_rows(root / "build" / "data" / "figures.csv") if f["source_id"] == later[:-3])
    assert fig["event_id"] == EVENT
