"""Stage 2, parse: compilation pages, front-matter articles and plain text."""

from __future__ import annotations

import itertools

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.raw.articles import Article, article_text, parse_raw_file
from helpers import make_raw, seed_raw

# The five articles of the seed page: (source_id, first words, Source line, publisher, dateline).
SEED_ARTICLES = (
    (
        "business-insider-isis-strikes-in-assad",
        "Months after Russia spectacularly entered the Syrian conflict",
        "Source: ISIS strikes in Assad territory are exposing Syria and Russia’s weaknesses – Business Insider",
        "Business Insider",
        "",
    ),
    (
        "reuters-russia-has-special-responsibility",
        "WASHINGTON (Reuters) – The United States said it was not discussing",
        "Source: Russia has special responsibility to push Syria to stop attacks – U.S.",
        "Reuters",
        "WASHINGTON (Reuters)",
    ),
    (
        "the-independent-syria-isis-attacks-kill",
        "Isis has claimed a series of bomb attacks across regime strongholds",
        "Source: Syria: Isis attacks kill more than 120 people in Assad’s coastal heartlands | Middle East | News | The Independent",
        "The Independent",
        "",
    ),
    (
        "debkafile-exclusive-us-warplanes-intervene",
        "On Tuesday, May 17, the US expanded its involvement",
        "Source: Exclusive: US warplanes intervene in Syrian war",
        "debkafile",
        "",
    ),
    (
        "daily-express-isis-bomshell-islamic-state",
        "Documents also suggest that ISIS and the Syrian government",
        "Source: ISIS BOMSHELL: Islamic State and Syrian regime ‘working TOGETHER’ | World | News | Daily Express",
        "Daily Express",
        "",
    ),
)
SEED_IDS = [a[0] for a in SEED_ARTICLES]


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Article]]:
    raw = seed_raw()
    return raw.text, parse_raw_file(raw)


def _by_id(articles: list[Article]) -> dict[str, Article]:
    return {a.source_id: a for a in articles}


# --------------------------------------------------------------------------
# The seed compilation page
# --------------------------------------------------------------------------


def test_seed_page_splits_into_five_articles_in_order(seed: tuple[str, list[Article]]) -> None:
    _, articles = seed
    assert [a.source_id for a in articles] == SEED_IDS
    assert [a.index for a in articles] == [1, 2, 3, 4, 5]
    assert {a.kind for a in articles} == {"compilation_page"}


def test_seed_article_spans_are_ordered_and_disjoint(seed: tuple[str, list[Article]]) -> None:
    text, articles = seed
    for a in articles:
        assert 0 <= a.char_start <= a.body_start < a.body_end < a.char_end <= len(text)
    for first, second in itertools.pairwise(articles):
        assert first.char_end <= second.char_start


@pytest.mark.parametrize(("source_id", "first_words", "source_line"), [a[:3] for a in SEED_ARTICLES], ids=SEED_IDS)
def test_seed_article_text_runs_from_first_words_to_source_line(
    seed: tuple[str, list[Article]], source_id: str, first_words: str, source_line: str
) -> None:
    text, articles = seed
    article = _by_id(articles)[source_id]
    body = article_text(text, article)
    assert body.startswith(first_words)
    assert body.endswith(source_line)
    # the body span stops before the Source line, which is the article's last line
    assert "Source:" not in text[article.body_start : article.body_end].splitlines()[-1]
    assert text[article.body_end : article.char_end].strip() == source_line


@pytest.mark.parametrize("furniture", ["Category: Syria", "%d bloggers like this:"])
def test_page_furniture_is_in_no_article(seed: tuple[str, list[Article]], furniture: str) -> None:
    text, articles = seed
    start = text.index(furniture)
    end = start + len(furniture)
    for a in articles:
        assert end <= a.char_start or start >= a.char_end, f"{furniture!r} is inside {a.source_id}"
        assert furniture not in article_text(text, a)


@pytest.mark.parametrize(
    ("source_id", "publisher", "dateline"), [(a[0], a[3], a[4]) for a in SEED_ARTICLES], ids=SEED_IDS
)
def test_seed_publishers_and_datelines(
    seed: tuple[str, list[Article]], source_id: str, publisher: str, dateline: str
) -> None:
    article = _by_id(seed[1])[source_id]
    assert article.publisher == publisher
    assert article.dateline == dateline
    assert article.publisher_basis  # every inferred publisher says where it came from


def test_reuters_publisher_comes_from_the_dateline_not_the_source_line_tail(seed: tuple[str, list[Article]]) -> None:
    article = _by_id(seed[1])["reuters-russia-has-special-responsibility"]
    assert article.publisher == "Reuters"
    assert "dateline" in article.publisher_basis
    # "– U.S." ends the headline; it is not an outlet
    assert article.title == "Russia has special responsibility to push Syria to stop attacks – U.S."


def test_debkafile_publisher_comes_from_its_self_reference(seed: tuple[str, list[Article]]) -> None:
    article = _by_id(seed[1])["debkafile-exclusive-us-warplanes-intervene"]
    assert article.publisher == "debkafile"
    assert article.publisher_basis.startswith("text:")
    assert article.title == "Exclusive: US warplanes intervene in Syrian war"


def test_pipe_source_lines_take_the_last_part_as_publisher(seed: tuple[str, list[Article]]) -> None:
    article = _by_id(seed[1])["the-independent-syria-isis-attacks-kill"]
    assert article.title == "Syria: Isis attacks kill more than 120 people in Assad’s coastal heartlands"
    assert article.publisher == "The Independent"


def test_compilation_articles_have_no_invented_date_or_url(seed: tuple[str, list[Article]]) -> None:
    for a in seed[1]:
        assert (a.published, a.published_precision, a.url) == ("", "unknown", "")


# --------------------------------------------------------------------------
# Compilation pages: errors
# --------------------------------------------------------------------------


def test_compilation_page_without_source_line_raises() -> None:
    raw = make_raw("Category: Syria\n\nSome article text.\n\nMore text.\n", kind="compilation_page")
    with pytest.raises(ClaimtrailError) as info:
        parse_raw_file(raw)
    assert info.value.file == "raw/test.txt"
    assert "Source:" in info.value.problem
    assert "fix:" in str(info.value)


def test_compilation_page_with_text_after_the_last_source_line_raises() -> None:
    raw = make_raw("Article one.\n\nSource: One – Outlet\n\nOrphan paragraph.\n", kind="compilation_page")
    with pytest.raises(ClaimtrailError) as info:
        parse_raw_file(raw)
    assert info.value.line == 5
    assert "Orphan paragraph" in info.value.problem


def test_compilation_page_with_a_source_line_but_no_text_above_raises() -> None:
    raw = make_raw("Category: Syria\n\nSource: Nothing above – Outlet\n", kind="compilation_page")
    with pytest.raises(ClaimtrailError) as info:
        parse_raw_file(raw)
    assert info.value.line == 3


# --------------------------------------------------------------------------
# Single-article files with front matter
# --------------------------------------------------------------------------

FRONT_MATTER = """---
id: example-jableh-report
title: Bombs hit Jableh and Tartous
publisher: Example News
url: https://example.org/jableh
published: {published}
---

Bombs killed dozens of people in Jableh.

Officials gave no figures.
"""


def _front_matter_article(published: str = "2016-05-23", template: str = FRONT_MATTER) -> tuple[str, Article]:
    raw = make_raw(template.format(published=published), path="raw/example.md")
    articles = parse_raw_file(raw)
    assert len(articles) == 1
    return raw.text, articles[0]


def test_front_matter_fields_become_article_metadata() -> None:
    text, article = _front_matter_article()
    assert article.kind == "front_matter"
    assert article.source_id == "example-jableh-report"
    assert article.title == "Bombs hit Jableh and Tartous"
    assert article.publisher == "Example News"
    assert article.publisher_basis == "front matter: publisher"
    assert article.url == "https://example.org/jableh"
    assert article.published == "2016-05-23"
    assert article.published_precision == "day"
    assert article.raw_path == "raw/example.md"
    # the article is the body only: no front matter, no surrounding blank lines
    assert article_text(text, article) == "Bombs killed dozens of people in Jableh.\n\nOfficials gave no figures."


@pytest.mark.parametrize(
    ("published", "precision"),
    [
        ("2016", "year"),
        ('"2016"', "year"),
        ("2016-05", "month"),
        ('"2016-05"', "month"),
        ("2016-05-23", "day"),
        ("'2016-05-23'", "day"),
        ("2016-02-29", "day"),
    ],
)
def test_front_matter_published_precision(published: str, precision: str) -> None:
    _, article = _front_matter_article(published)
    assert article.published == published.strip("'\"")
    assert article.published_precision == precision


def test_front_matter_without_published_has_unknown_precision() -> None:
    template = FRONT_MATTER.replace("published: {published}\n", "")
    _, article = _front_matter_article(template=template)
    assert (article.published, article.published_precision) == ("", "unknown")


@pytest.mark.parametrize("published", ["2016-02-30", "2015-02-29", "2016-13", "2016-04-31"])
def test_front_matter_impossible_date_raises(published: str) -> None:
    with pytest.raises(ClaimtrailError) as info:
        _front_matter_article(published)
    assert info.value.file == "raw/example.md"
    assert published in info.value.problem


@pytest.mark.parametrize("published", ["May 2016", "23/05/2016", "2016-5-3"])
def test_front_matter_non_iso_date_raises(published: str) -> None:
    with pytest.raises(ClaimtrailError, match="not a date"):
        _front_matter_article(published)


def test_front_matter_date_error_points_into_the_front_matter() -> None:
    """The error's line must be a line of the file's front matter, not the opening '---' (line 1)."""
    with pytest.raises(ClaimtrailError) as info:
        _front_matter_article("2016-02-30")
    text = FRONT_MATTER.format(published="2016-02-30")
    published_line = text.splitlines().index("published: 2016-02-30") + 1
    assert info.value.line is not None
    assert 2 <= info.value.line <= published_line


def test_front_matter_without_id_derives_the_source_id() -> None:
    template = FRONT_MATTER.replace("id: example-jableh-report\n", "")
    _, article = _front_matter_article(template=template)
    assert article.source_id == "example-news-bombs-hit-jableh-and"


def test_front_matter_publisher_falls_back_to_the_dateline_agency() -> None:
    text = "---\ntitle: Blasts on the coast\n---\n\nBEIRUT, May 23 (AFP) - Blasts hit the coast.\n"
    article = parse_raw_file(make_raw(text, path="raw/afp.md"))[0]
    assert article.publisher == "AFP"
    assert article.dateline == "BEIRUT, May 23 (AFP)"
    assert article.source_id == "afp-blasts-on-the-coast"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\ntitle: T\n\nNo closing line.\n", "closing"),
        ("---\npublisher: P\n---\n\nBody.\n", "no title"),
        ("---\ntitle: T\n---\n\n", "no article text"),
        ("---\ntitle: T\nid: Not A Slug\n---\n\nBody.\n", "not a valid source id"),
    ],
)
def test_front_matter_errors(text: str, problem: str) -> None:
    with pytest.raises(ClaimtrailError, match=problem):
        parse_raw_file(make_raw(text, path="raw/bad.md"))


def test_front_matter_is_read_even_when_the_sidecar_says_compilation_page() -> None:
    text = FRONT_MATTER.format(published="2016")
    articles = parse_raw_file(make_raw(text, kind="compilation_page", path="raw/example.md"))
    assert [a.kind for a in articles] == ["front_matter"]


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------


def test_plain_text_file_is_one_article_titled_by_its_first_line() -> None:
    text = "\n\nBlasts shake the Syrian coast\n\nSeveral explosions were heard in Jableh.\n\n"
    raw = make_raw(text)
    articles = parse_raw_file(raw)
    assert len(articles) == 1
    article = articles[0]
    assert article.kind == "plain"
    assert article.title == "Blasts shake the Syrian coast"
    assert article.source_id == "blasts-shake-the-syrian"
    assert article.publisher == ""
    assert (article.published, article.published_precision, article.url) == ("", "unknown", "")
    assert article_text(text, article) == "Blasts shake the Syrian coast\n\nSeveral explosions were heard in Jableh."


def test_plain_text_starting_with_a_dateline_takes_its_agency_as_publisher() -> None:
    article = parse_raw_file(make_raw("DAMASCUS (SANA) – Explosions hit Jableh.\n"))[0]
    assert article.publisher == "SANA"
    assert article.dateline == "DAMASCUS (SANA)"


def test_empty_plain_text_file_raises() -> None:
    with pytest.raises(ClaimtrailError, match="holds no text"):
        parse_raw_file(make_raw("\n   \n\n"))
