"""Odd but valid text (BOM, CRLF, lone CR) parses like LF text, and hostile details get clear messages.

Offsets always count code points of the decoded file: a BOM and every CR stay in
the text, so the expected spans below are computed on the exact text.
"""

from __future__ import annotations

import re
import time

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.extract import sentence_spans
from claimtrail.gazetteer import lookup_city
from claimtrail.package import table_csv
from claimtrail.raw.annotations import parse_annotation
from claimtrail.raw.articles import Article, front_matter_span, parse_raw_file
from claimtrail.rows.anchor import _closest_hint
from claimtrail.schema import TABLES
from claimtrail.text import line_at
from claimtrail.yamlio import load_yaml
from helpers import REPO_ROOT, SEED_RAW, make_raw

SEED = (REPO_ROOT / SEED_RAW).read_text(encoding="utf-8")
ENDINGS = {"crlf": "\r\n", "cr": "\r"}
FRONT = "---\ntitle: A headline\npublisher: The Outlet\nid: odd\npublished: 2016-05-24\n---\nAt least 40 people were killed, the observers said. Officials reported 12 injured.\n\nA second paragraph.\n"


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _summary(text: str, articles: list[Article]) -> list[tuple[object, ...]]:
    """What must not depend on line endings or a BOM: metadata, article text, sentences."""
    return [
        (
            a.source_id,
            a.title,
            a.publisher,
            a.dateline,
            a.published,
            _lf(text[a.char_start : a.char_end]),
            [_lf(text[s:e]) for s, e in sentence_spans(text, a.char_start, a.char_end)],
        )
        for a in articles
    ]


@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("ending", ["lf", "crlf", "cr"])
def test_compilation_page_splits_the_same_with_any_line_ending_and_a_bom(ending: str, bom: str) -> None:
    text = bom + SEED.replace("\n", ENDINGS.get(ending, "\n"))
    articles = parse_raw_file(make_raw(text, kind="compilation_page"))
    assert _summary(text, articles) == _summary(SEED, parse_raw_file(make_raw(SEED, kind="compilation_page")))
    for a in articles:
        assert not text[a.char_start : a.char_end].startswith("\ufeff")
        assert text[a.char_end - 1] not in "\r\n"  # the Source line ends before its line break
        for s, e in sentence_spans(text, a.char_start, a.char_end):
            assert not set(text[s:e]) & {"\r", "\n"}


@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("ending", ["lf", "crlf", "cr"])
def test_front_matter_article_parses_the_same_with_any_line_ending_and_a_bom(ending: str, bom: str) -> None:
    text = bom + FRONT.replace("\n", ENDINGS.get(ending, "\n"))
    [article] = parse_raw_file(make_raw(text))
    assert article.kind == "front_matter"
    assert _summary(text, [article]) == _summary(FRONT, parse_raw_file(make_raw(FRONT)))
    assert article.char_start == text.index("At least")


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_front_matter_errors_name_the_right_line_with_any_line_ending(ending: str) -> None:
    text = FRONT.replace("2016-05-24", "2016-02-30").replace("\n", ending)
    with pytest.raises(ClaimtrailError) as info:
        parse_raw_file(make_raw(text))
    assert info.value.line == 5
    assert "2016-02-30 is not a date that exists" in info.value.problem


@pytest.mark.parametrize("opening", ["---\n", "---\r\n", "---\r", "\ufeff---\r\n"])
def test_unclosed_front_matter_is_an_error_with_any_line_ending(opening: str) -> None:
    with pytest.raises(ClaimtrailError, match="no closing '---' line"):
        parse_raw_file(make_raw(opening + "title: x\nBody text.\n"))


def test_front_matter_span_keeps_offsets_of_the_exact_text() -> None:
    text = "\ufeff---\r\ntitle: x\r\n---\r\nBody"
    start, end = front_matter_span(text) or (0, 0)
    assert text[start:end] == "title: x\r\n"


@pytest.mark.parametrize(
    ("text", "offset", "line"),
    [("a\nb\nc", 4, 3), ("a\r\nb\r\nc", 6, 3), ("a\rb\rc", 4, 3), ("a\r\nb\rc\nd", 7, 4), ("a\r\nb", 2, 2)],
)
def test_line_at_counts_lf_crlf_and_lone_cr(text: str, offset: int, line: int) -> None:
    assert line_at(text, offset) == line


@pytest.mark.parametrize(("data", "line"), [(b"one\rtwo\rthr\xffee", 3), (b"one\r\ntwo\r\n\x00", 3)])
def test_decode_errors_name_the_line_in_files_with_cr_line_endings(data: bytes, line: int) -> None:
    with pytest.raises(ClaimtrailError) as info:
        make_raw(data)
    assert info.value.line == line


def test_sentences_of_a_lone_cr_text_never_hold_a_cr() -> None:
    text = "First sentence here.\rSecond one, on its own line.\r\rThird."
    spans = sentence_spans(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == ["First sentence here.", "Second one, on its own line.", "Third."]


# --------------------------------------------------------------------------
# A quote that differs from the article: the first differing character, by code point
# --------------------------------------------------------------------------

ARTICLE = "At least 40 people were killed in the blasts, the observers said."


@pytest.mark.parametrize(
    ("quote", "hint"),
    [
        (
            "At least 40 peo\u200bple",
            "first 15 characters match, then the quote has U+200B ZERO WIDTH SPACE where the article has “p” (U+0070 LATIN SMALL LETTER P)",
        ),
        (
            "At least 40 p\u0435ople",
            "first 13 characters match, then the quote has “е” (U+0435 CYRILLIC SMALL LETTER IE) where the article has “e” (U+0065 LATIN SMALL LETTER E)",
        ),
        (
            "\u0410t least 40",
            "already its first character, “А” (U+0410 CYRILLIC CAPITAL LETTER A), occurs nowhere in it",
        ),
        ("At least 40\u00a0people", "the quote has U+00A0 NO-BREAK SPACE where the article has U+0020 SPACE"),
        ("the observers said. And more", "where the article ends"),
    ],
)
def test_closest_hint_points_at_the_first_differing_character(quote: str, hint: str) -> None:
    assert hint in _closest_hint(ARTICLE, quote)


def test_closest_hint_finds_a_difference_far_into_a_long_quote() -> None:
    """The hint used to stop looking after 200 characters and blame the 201st."""
    long_text = " ".join(f"word{n}" for n in range(100))
    quote = long_text[:300] + "X"
    assert (
        f"first 300 characters match, then the quote has “X” (U+0058 LATIN CAPITAL LETTER X) where the article has “{long_text[300]}”"
        in _closest_hint(long_text, quote)
    )


# --------------------------------------------------------------------------
# Hostile YAML and numbers: a message with a line, never a crash
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('a: 1\nb: "x\x1by"\n', 2, "character U+001B is not allowed"),
        ("a: 1\nb: " + "9" * 5000 + "\n", 2, "4300 digits"),
        ("a: 1\nb: !!float abc\n", 2, "could not convert string to float"),
        ("a: 1\nb: " + "[" * 3000 + "]" * 3000 + "\n", 2, "nested thousands of levels deep"),
        ('a: "never closed\nb: 2\n', 3, "a quoted scalar that begins on line 1"),
    ],
)
def test_hostile_yaml_gets_a_message_with_its_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(ClaimtrailError) as info:
        load_yaml(text, "f.yaml")
    assert info.value.line == line
    assert problem in info.value.problem


ANNOTATION = """\
source_id: x
claims:
  - id: c01
    quote: "At least 40"
    claimant: them
    claimant_type: outlet
    claim_type: casualties
    figures:
      - text: "At least 40"
        measure: killed
        qualifier: approximately
        value: VALUE
        unit: people
"""


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1" + "0" * 400])
def test_non_finite_or_huge_counts_are_input_errors(value: str) -> None:
    with pytest.raises(ClaimtrailError) as info:
        parse_annotation(ANNOTATION.replace("VALUE", value), "raw/annotations/x.yaml")
    assert info.value.line == 12  # the line of value: itself
    assert "value must be a number" in info.value.problem


def test_impossible_curated_publication_date_is_an_error() -> None:
    text = ANNOTATION.replace("claims:", 'source:\n  published: "2015-02-29"\n  published_precision: day\nclaims:', 1)
    with pytest.raises(ClaimtrailError, match="published 2015-02-29 is not a date that exists"):
        parse_annotation(text, "raw/annotations/x.yaml")


def test_csv_quotes_a_cell_holding_a_lone_cr() -> None:
    """Unquoted, the CR would end the row for every CSV reader."""
    table = next(t for t in TABLES if t.name == "claims")
    row = {name: "" for name in table.field_names} | {"quote": "one\rtwo", "hedge": "=1", "claimant": 'say "x"'}
    data = table_csv(table, [row]).decode("utf-8")
    assert '"one\rtwo"' in data and '"say ""x"""' in data and ",=1," in data
    assert data.count("\n") == 2 and re.search(r"[^\n]\Z", data) is None


def test_many_places_the_gazetteer_lacks_are_looked_up_quickly() -> None:
    """Each lookup used to scan every name of every city (about a second each)."""
    lookup_city("Aleppo", "SY")  # builds the index once
    start = time.monotonic()
    assert all(lookup_city(f"Nowhere{n}ville", "SY") is None for n in range(500))
    assert time.monotonic() - start < 5
