"""Stage 3, annotate: vocabularies, and anchoring every quote and figure to its exact place."""

from __future__ import annotations

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.extract import work_of_article
from claimtrail.raw.annotations import parse_annotation
from claimtrail.raw.articles import Article, parse_raw_file
from claimtrail.raw.events import Event
from claimtrail.rows.anchor import anchor_quote
from claimtrail.rows.article import Tables
from claimtrail.rows.corpus import Corpus, build_tables
from claimtrail.rows.drafting import draft_annotation_text
from claimtrail.site.html import article_html
from claimtrail.validate import check_anchoring
from helpers import make_raw, seed_raw

RAW_PATH = "raw/test-article.md"
ANN_PATH = "raw/annotations/test-article.yaml"
ARTICLE = """---
id: test-article
title: Test article
publisher: Test News
---

Officials said at least 12 people were killed in Aleppo. Witnesses said 12 people were killed.

The army denied it.
"""
ANNOTATION = """\
source_id: test-article
claims:
  - id: c01
    quote: "Officials said at least 12 people were killed in Aleppo."
    claimant: Officials
    claimant_type: official
    claim_type: casualties
    hedge: said
    event: ev-aleppo
    figures:
      - text: "at least 12"
        measure: killed
        qualifier: at_least
        value: 12
        unit: people
  - id: c02
    quote: "Witnesses said 12 people were killed."
    claimant: Witnesses
    claimant_type: individual
    claim_type: casualties
    hedge: said
non_claims:
  - quote: "The army denied it."
    reason: rhetoric
"""
EVENT = Event(
    event_id="ev-aleppo",
    title="Killings in Aleppo",
    event_type="other",
    date_start="",
    date_end="",
    date_precision="unknown",
    date_basis="",
    places=(),
    actors=(),
    line=None,
)


def _article() -> tuple[str, Article]:
    raw = make_raw(ARTICLE, path=RAW_PATH)
    return raw.text, parse_raw_file(raw)[0]


def _build(annotation: str = ANNOTATION) -> Tables:
    """build_tables on a one-article Corpus annotated by `annotation`."""
    raw = make_raw(ARTICLE, path=RAW_PATH)
    ann = parse_annotation(annotation, ANN_PATH)
    return build_tables(
        Corpus(
            articles=tuple(parse_raw_file(raw)),
            raw_texts={raw.path: raw.text},
            raw_sha256={raw.path: raw.sha256},
            annotations={ann.source_id: ann},
            events=(EVENT,),
        )
    )


def _build_error(annotation: str) -> ClaimtrailError:
    with pytest.raises(ClaimtrailError) as info:
        _build(annotation)
    return info.value


def _parse_error(annotation: str) -> ClaimtrailError:
    with pytest.raises(ClaimtrailError) as info:
        parse_annotation(annotation, ANN_PATH)
    return info.value


def _replace(old: str, new: str, text: str = ANNOTATION) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the annotation"
    return text.replace(old, new)


# --------------------------------------------------------------------------
# The valid baseline (so that each failure below is caused by its one change)
# --------------------------------------------------------------------------


def test_valid_annotation_anchors_claims_figures_and_sentences() -> None:
    text, _ = _article()
    tables = _build()
    claims = {c["claim_id"]: c for c in tables["claims"]}
    assert set(claims) == {"test-article-c01", "test-article-c02"}
    for c in claims.values():
        assert text[c["char_start"] : c["char_end"]] == c["quote"]
    assert claims["test-article-c01"]["event_id"] == "ev-aleppo"
    assert claims["test-article-c02"]["event_id"] == ""
    # c01's figure is the curator's (it confirms the machine's); c02's "12" was not
    # annotated, so it is the machine's, taken as reviewed inside a curated claim.
    figure, second = tables["figures"]
    assert text[figure["char_start"] : figure["char_end"]] == "at least 12"
    assert (figure["value"], figure["low"], figure["high"]) == (12, 12, None)
    assert (figure["claim_id"], figure["review_status"]) == ("test-article-c01", "reviewed")
    assert (second["claim_id"], second["text"], second["review_status"]) == ("test-article-c02", "12", "reviewed")
    assert (
        claims["test-article-c01"]["char_start"]
        <= figure["char_start"]
        < figure["char_end"]
        <= claims["test-article-c01"]["char_end"]
    )
    assert [s["coverage"] for s in tables["sentences"]] == ["claim", "claim", "non_claim"]
    assert tables["sources"][0]["review_status"] == "curated"
    assert tables["events"][0]["n_claims"] == 1


# --------------------------------------------------------------------------
# Anchoring
# --------------------------------------------------------------------------


def test_quote_not_in_the_article_fails_naming_file_claim_and_fix() -> None:
    err = _build_error(_replace("Witnesses said 12 people", "Witnesses said 13 people"))
    message = str(err)
    assert ANN_PATH in message
    assert "claim c02" in message
    assert "fix:" in message
    assert "is not in article test-article" in message


def test_quote_not_in_the_article_points_at_the_first_wrong_character() -> None:
    err = _build_error(_replace("Witnesses said 12 people", "Witnesses said 13 people"))
    assert "first 16 characters match" in err.problem  # "Witnesses said 1" then "3"


def test_quote_from_another_article_of_the_same_page_fails() -> None:
    raw = seed_raw()
    articles = {a.source_id: a for a in parse_raw_file(raw)}
    reuters_words = "State Department spokesman Mark Toner"
    assert reuters_words in raw.text
    with pytest.raises(ClaimtrailError, match="is not in article business-insider-isis-strikes-in-assad"):
        anchor_quote(
            raw.text,
            articles["business-insider-isis-strikes-in-assad"],
            reuters_words,
            occurrence=None,
            char_start=None,
            file=ANN_PATH,
            line=3,
            item="claim c01",
        )


def test_quote_occurring_twice_without_occurrence_is_ambiguous() -> None:
    text, article = _article()
    quote = "12 people were killed"
    assert text.count(quote) == 2
    with pytest.raises(ClaimtrailError) as info:
        anchor_quote(text, article, quote, occurrence=None, char_start=None, file=ANN_PATH, line=4, item="claim c03")
    assert "ambiguous" in info.value.problem
    assert "occurs 2 times" in info.value.problem
    assert "occurrence" in info.value.fix


@pytest.mark.parametrize("occurrence", [1, 2])
def test_occurrence_picks_the_nth_place(occurrence: int) -> None:
    text, article = _article()
    quote = "12 people were killed"
    first = text.index(quote)
    expected = first if occurrence == 1 else text.index(quote, first + 1)
    anchor = anchor_quote(
        text, article, quote, occurrence=occurrence, char_start=None, file=ANN_PATH, line=4, item="claim c03"
    )
    assert (anchor.start, anchor.end) == (expected, expected + len(quote))


def test_occurrence_beyond_the_count_fails() -> None:
    text, article = _article()
    with pytest.raises(ClaimtrailError, match="occurrence 3"):
        anchor_quote(
            text, article, "12 people were killed", occurrence=3, char_start=None, file=ANN_PATH, line=4, item="c"
        )


def test_occurrence_2_in_an_annotation_file_anchors_to_the_second_place() -> None:
    """Through the whole pipeline: the ambiguous claim fails, and occurrence: 2 places it in the second sentence."""
    ambiguous = _replace('    quote: "Witnesses said 12 people were killed."\n', '    quote: "12 people were killed"\n')
    err = _build_error(ambiguous)
    assert "ambiguous" in err.problem
    assert "claim c02" in str(err)
    text, _ = _article()
    tables = _build(
        _replace(
            '    quote: "12 people were killed"\n', '    quote: "12 people were killed"\n    occurrence: 2\n', ambiguous
        )
    )
    c02 = next(c for c in tables["claims"] if c["claim_id"] == "test-article-c02")
    assert c02["char_start"] == text.index("12 people were killed", text.index("Witnesses"))
    assert text[c02["char_start"] : c02["char_end"]] == "12 people were killed"


def test_char_start_that_agrees_with_the_quote_is_accepted() -> None:
    text, _ = _article()
    start = text.index("Witnesses said")
    tables = _build(_replace("    claimant: Witnesses\n", f"    char_start: {start}\n    claimant: Witnesses\n"))
    c02 = next(c for c in tables["claims"] if c["claim_id"] == "test-article-c02")
    assert c02["char_start"] == start


@pytest.mark.parametrize("shift", [-1, 1, 1000])
def test_char_start_that_disagrees_with_the_quote_fails(shift: int) -> None:
    text, _ = _article()
    start = text.index("Witnesses said") + shift
    err = _build_error(_replace("    claimant: Witnesses\n", f"    char_start: {start}\n    claimant: Witnesses\n"))
    assert "offsets disagree" in err.problem
    assert "claim c02" in str(err)


def test_overlapping_quotes_fail() -> None:
    err = _build_error(
        _replace(
            '    quote: "Witnesses said 12 people were killed."\n', '    quote: "12 people were killed in Aleppo."\n'
        )
    )
    assert "overlaps the quote of claim c01" in err.problem
    assert "claim c02" in str(err)
    assert err.file == ANN_PATH


def test_adjacent_quotes_do_not_overlap() -> None:
    split = _replace(
        '    quote: "Officials said at least 12 people were killed in Aleppo."\n',
        '    quote: "Officials said at least 12 people"\n',
    )
    split = _replace(
        "non_claims:\n",
        '  - id: c03\n    quote: " were killed in Aleppo."\n    claimant: Officials\n'
        "    claimant_type: official\n    claim_type: casualties\nnon_claims:\n",
        split,
    )
    tables = _build(split)
    spans = sorted((c["char_start"], c["char_end"]) for c in tables["claims"])
    assert len(spans) == 3
    assert spans[0][1] == spans[1][0]  # c01 ends where c03 starts


def test_unknown_event_id_fails() -> None:
    err = _build_error(_replace("event: ev-aleppo", "event: ev-damascus"))
    assert "ev-damascus" in err.problem
    assert "events.yaml" in err.problem
    assert "claim c01" in str(err)


def test_figure_whose_text_is_not_inside_its_claim_fails() -> None:
    # "at least 12" is in the article (claim c01), but not in claim c02's quote
    with_figure = _replace(
        "    claimant: Witnesses\n",
        '    claimant: Witnesses\n    figures:\n      - text: "at least 12"\n        measure: killed\n'
        "        qualifier: at_least\n        value: 12\n        unit: people\n",
    )
    err = _build_error(with_figure)
    assert "is not in its claim" in err.problem
    assert "claim c02" in str(err)


def test_figure_text_elsewhere_is_not_anchored_outside_its_claim() -> None:
    tables = _build()
    claims = {c["claim_id"]: c for c in tables["claims"]}
    for f in tables["figures"]:
        claim = claims[f["claim_id"]]
        assert claim["char_start"] <= f["char_start"] and f["char_end"] <= claim["char_end"]
    assert [f["claim_id"] for f in tables["figures"]] == ["test-article-c01", "test-article-c02"]


def test_sentence_covered_by_nothing_fails() -> None:
    err = _build_error(ANNOTATION.split("non_claims:")[0])
    assert "covered by no claim" in err.problem
    assert "The army denied it." in err.problem


def test_annotation_for_an_unknown_article_fails() -> None:
    err = _build_error(_replace("source_id: test-article", "source_id: no-such-article"))
    assert "no-such-article" in err.problem


def test_check_anchoring_catches_a_row_whose_offsets_moved() -> None:
    text, _ = _article()
    tables = _build()
    check_anchoring(tables, {RAW_PATH: text}, {"test-article": RAW_PATH})  # the real rows pass
    tables["claims"][0]["char_start"] += 1
    with pytest.raises(ClaimtrailError) as info:
        check_anchoring(tables, {RAW_PATH: text}, {"test-article": RAW_PATH})
    assert info.value.file == "build/data/claims.csv"
    assert info.value.line == 2


# --------------------------------------------------------------------------
# Vocabularies and fields (parse_annotation)
# --------------------------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "claim_type: casualties\n    hedge: said\n    event",
            "claim_type: casualty\n    hedge: said\n    event",
            "claim_type",
        ),
        ("claimant_type: individual", "claimant_type: witness", "claimant_type"),
        ("measure: killed", "measure: deaths", "measure"),
        ("qualifier: at_least", "qualifier: at least", "qualifier"),
        ("reason: rhetoric", "reason: opinion", "reason"),
    ],
)
def test_unknown_vocabulary_fails_naming_the_line(old: str, new: str, field: str) -> None:
    text = _replace(old, new)
    err = _parse_error(text)
    assert f"{field} " in err.problem
    assert "controlled vocabulary" in err.problem
    assert err.line is not None
    # the line is that of the item holding the bad value (its first line) or of the field itself
    field_line = _line_of(text, new)
    assert err.line <= field_line
    assert err.line >= max(
        i + 1 for i, line in enumerate(text.splitlines()[:field_line]) if line.lstrip().startswith("- ")
    )
    assert f"{ANN_PATH}:{err.line}" in str(err)
    assert "fix: use one of:" in str(err)


def test_unknown_claim_type_names_the_claim_and_its_line() -> None:
    text = _replace(
        "claimant_type: individual\n    claim_type: casualties", "claimant_type: individual\n    claim_type: rumour"
    )
    err = _parse_error(text)
    assert err.line == _line_of(text, "claim_type: rumour")  # the line of the key itself (issue 16)
    assert err.item == "claim c02"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('    quote: "Witnesses said 12 people were killed."\n', "", "quote is missing"),
        ("    claimant: Witnesses\n", "", "claimant is missing"),
        ("  - id: c02", "  - id: c01", "used twice"),
        ("  - id: c02", "  - id: C_02", "characters other than"),
        ("    claimant: Witnesses\n", "    claimant: Witnesses\n    occurrence: 0\n", "whole number"),
        ("value: 12", "value: twelve", "must be a number"),
    ],
)
def test_field_errors(old: str, new: str, message: str) -> None:
    assert message in _parse_error(_replace(old, new)).problem


def test_range_figure_with_low_above_high_fails() -> None:
    text = _replace(
        '      - text: "at least 12"\n        measure: killed\n        qualifier: at_least\n        value: 12\n',
        '      - text: "at least 12"\n        measure: killed\n        qualifier: range\n        low: 12\n        high: 10\n',
    )
    err = _parse_error(text)
    assert "low (12) is greater than high (10)" in err.problem
    assert err.line == _line_of(text, '- text: "at least 12"')
    assert "figure" in (err.item or "")


def test_point_figure_without_value_fails() -> None:
    err = _parse_error(_replace("        value: 12\n", ""))
    assert "needs a value" in err.problem


@pytest.mark.parametrize(
    ("published", "precision", "ok"),
    [("2016-05-23", "day", True), ("2016-05", "month", True), ("2016", "year", True), ("2016-05", "day", False)],
)
def test_curated_publication_date_precision_must_match(published: str, precision: str, ok: bool) -> None:
    text = _replace(
        "source_id: test-article\n",
        f'source_id: test-article\nsource:\n  published: "{published}"\n  published_precision: {precision}\n',
    )
    if ok:
        assert parse_annotation(text, ANN_PATH).source_meta["published_precision"] == precision
    else:
        assert "does not have precision" in _parse_error(text).problem


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    figures:\n", "    figures: 3\n    unused:\n"),
        ("non_claims:\n", "non_claims: 5\nunused:\n"),
        ("\nclaims:\n", "\nclaims: 7\nunused:\n"),
    ],
    ids=["figures", "non_claims", "claims"],
)
def test_a_list_written_as_a_number_is_an_input_error(old: str, new: str) -> None:
    """A curator's typo must give a ClaimtrailError naming the file, not crash the build (TypeError)."""
    err = _parse_error(_replace(old, new))
    assert err.file == ANN_PATH
    assert err.line is not None


# --------------------------------------------------------------------------
# A curator overrules a casualty figure's group and toll state (issue 13)
# --------------------------------------------------------------------------


def test_a_curated_casualty_figure_takes_the_machines_group_unless_the_curator_gives_one() -> None:
    figure = next(f for f in _build()["figures"] if f["text"] == "at least 12")
    assert (figure["group"], figure["toll_state"], figure["part_of"], figure["review_status"]) == (
        "people",
        "current",
        "",
        "reviewed",
    )
    overruled = _replace(
        "        unit: people\n", "        unit: people\n        group: civilians\n        toll_state: earlier\n"
    )
    figure = next(f for f in _build(overruled)["figures"] if f["text"] == "at least 12")
    assert (figure["group"], figure["toll_state"], figure["review_status"]) == ("civilians", "earlier", "corrected")


def test_a_group_outside_the_vocabulary_is_refused_with_its_fix() -> None:
    err = _parse_error(_replace("        unit: people\n", "        unit: people\n        group: villagers\n"))
    assert "group 'villagers' is not in the controlled vocabulary" in str(err) and "civilians" in str(err)


def test_two_figures_at_the_same_words_get_distinct_ids_and_pass_the_anchoring_check() -> None:
    """The convention of tests/extraction/README.md: one number with two groups is two figure rows that quote
    the same words (same char_start and char_end), with their own figure_id; a breakdown names the first."""
    raw = make_raw(
        "---\nid: twin-article\ntitle: Twin\npublisher: Test News\n---\n\n"
        "Officials said 17 soldiers and militiamen were killed, including three officers.\n",
        path="raw/twin-article.md",
    )
    tables = build_tables(
        Corpus(
            articles=tuple(parse_raw_file(raw)),
            raw_texts={raw.path: raw.text},
            raw_sha256={raw.path: raw.sha256},
            annotations={},
            events=(),
        )
    )
    twins = [f for f in tables["figures"] if f["text"] == "17"]
    assert [f["group"] for f in twins] == ["soldiers", "fighters"]
    assert len({f["figure_id"] for f in twins}) == 2 and len({(f["char_start"], f["char_end"]) for f in twins}) == 1
    assert all(raw.text[f["char_start"] : f["char_end"]] == f["text"] for f in twins)
    three = next(f for f in tables["figures"] if f["text"] == "three")
    assert three["part_of"] == twins[0]["figure_id"]
    check_anchoring(tables, {raw.path: raw.text}, {"twin-article": raw.path})


# --------------------------------------------------------------------------
# A curator sets or corrects a breakdown's part_of (issue 13)
# --------------------------------------------------------------------------

C02_END = "    hedge: said\nnon_claims:"


def _with_c02_figure(part_of: str) -> str:
    figure = (
        '    hedge: said\n    figures:\n      - text: "12"\n        measure: killed\n        qualifier: exact\n'
        f"        value: 12\n        unit: people\n        part_of: {part_of}\nnon_claims:"
    )
    return _replace(C02_END, figure)


def test_a_curator_points_a_figure_at_a_total_in_another_claim() -> None:
    tables = _build(_with_c02_figure('{claim: c01, text: "at least 12"}'))
    total = next(f for f in tables["figures"] if f["text"] == "at least 12")
    part = next(f for f in tables["figures"] if f["text"] == "12")
    assert part["part_of"] == total["figure_id"] and part["review_status"] == "corrected"
    assert total["part_of"] == ""


def test_part_of_false_says_the_figure_breaks_nothing_down() -> None:
    part = next(f for f in _build(_with_c02_figure("false"))["figures"] if f["text"] == "12")
    assert part["part_of"] == ""


@pytest.mark.parametrize(
    ("part_of", "names"),
    [
        ('{claim: c01, text: "at least 13"}', "names no figure of claim c01"),
        ('{claim: c09, text: "at least 12"}', "it has no claim c09"),
        ('"at least 12"', "names no figure of claim c02"),
        ('{claim: c01, text: "at least 12", occurrence: 2}', "names no figure of claim c01"),
    ],
)
def test_a_part_of_naming_no_figure_fails_with_file_and_line(part_of: str, names: str) -> None:
    annotation = _with_c02_figure(part_of)
    err = _build_error(annotation)
    assert err.file == ANN_PATH and names in err.problem, str(err)
    assert err.line == _line_of(annotation, '- text: "12"')


def test_a_part_of_cycle_fails_naming_a_figure_of_it() -> None:
    annotation = _replace(
        "        unit: people\n  - id: c02",
        '        unit: people\n        part_of: {claim: c02, text: "12"}\n  - id: c02',
        _with_c02_figure('{claim: c01, text: "at least 12"}'),
    )
    err = _build_error(annotation)
    assert err.file == ANN_PATH and "part_of makes a cycle" in err.problem, str(err)
    assert err.line in (_line_of(annotation, '- text: "12"'), _line_of(annotation, '- text: "at least 12"'))


def test_a_part_of_that_is_not_words_or_a_mapping_is_refused() -> None:
    err = _parse_error(_with_c02_figure("[1, 2]"))
    assert "part_of must name the total's words" in err.problem and err.line is not None


def test_a_draft_carries_group_toll_state_and_part_of_and_builds_unchanged() -> None:
    body = (
        "Officials said 17 soldiers and militiamen were killed in the attack, including three officers.\n"
        "The death toll rose to 40, up from 25, the ministry said.\n"
    )
    raw = make_raw("---\nid: drafted\ntitle: Drafted\npublisher: Test News\n---\n\n" + body, path="raw/drafted.md")
    article = parse_raw_file(raw)[0]
    shifted = work_of_article(raw.text[article.char_start : article.char_end], "").shifted(article.char_start)
    draft = draft_annotation_text(article, raw.text, shifted, "claimtrail draft")
    assert "group: fighters" in draft and "toll_state: earlier" in draft and "part_of: '17'" in draft
    ann = parse_annotation(draft, "raw/annotations/drafted.yaml")
    tables = build_tables(
        Corpus(
            articles=(article,),
            raw_texts={raw.path: raw.text},
            raw_sha256={raw.path: raw.sha256},
            annotations={ann.source_id: ann},
            events=(),
        )
    )
    figures = tables["figures"]
    twins = [f for f in figures if f["text"] == "17"]
    three = next(f for f in figures if f["text"] == "three")
    assert [f["group"] for f in twins] == ["soldiers", "fighters"] and three["part_of"] == twins[0]["figure_id"]
    assert {f["toll_state"] for f in figures if f["text"] == "25"} == {"earlier"}


def test_a_curator_lists_the_two_figures_of_one_number_by_group_in_any_order() -> None:
    raw = make_raw(
        "---\nid: twin-curated\ntitle: Twin\npublisher: Test News\n---\n\n"
        "Officials said 17 soldiers and militiamen were killed.\n",
        path="raw/twin-curated.md",
    )
    figure = '      - {{text: "17", measure: killed, qualifier: exact, value: 17, unit: {unit}, group: {group}}}\n'
    annotation = (
        "source_id: twin-curated\nclaims:\n  - id: c01\n"
        '    quote: "Officials said 17 soldiers and militiamen were killed."\n'
        "    claimant: Officials\n    claimant_type: official\n    claim_type: casualties\n    hedge: said\n"
        "    figures:\n"
        + figure.format(unit="militiamen", group="fighters")
        + figure.format(unit="soldiers", group="soldiers")
    )
    ann = parse_annotation(annotation, "raw/annotations/twin-curated.yaml")
    tables = build_tables(
        Corpus(
            articles=tuple(parse_raw_file(raw)),
            raw_texts={raw.path: raw.text},
            raw_sha256={raw.path: raw.sha256},
            annotations={ann.source_id: ann},
            events=(),
        )
    )
    got = sorted((f["group"], f["unit"], f["review_status"]) for f in tables["figures"])
    assert got == [("fighters", "militiamen", "reviewed"), ("soldiers", "soldiers", "reviewed")]


def test_two_figures_at_the_same_words_nest_in_the_site_markup() -> None:
    text = "Officials said 17 soldiers and militiamen were killed."
    claim = {"claim_id": "a-c1", "claimant": "Officials", "claim_type": "casualties", "hedge": "said"}
    claim |= {"char_start": 0, "char_end": len(text)}
    twins = [
        {"figure_id": f"a-c1-f{n}", "measure": "killed", "qualifier": "exact", "char_start": 15, "char_end": 17}
        for n in (1, 2)
    ]
    got = article_html(text, 0, len(text), [claim], twins)
    assert '<span class="ct-figure" id="a-c1-f1"' in got and 'id="a-c1-f2"' in got
    assert "17</span></span>" in got and got.count("<span") == got.count("</span>") == 2
