"""Pieces of an article page's HTML: ids shown after the article's id, the claim tag, line breaks kept."""

from __future__ import annotations

from claimtrail.site.html import article_html, local_id


def test_an_id_is_shown_after_its_article_id_or_whole() -> None:
    assert local_id("reuters-x-m003-f1", "reuters-x") == "m003-f1"
    assert local_id("reuters-x-c01", "reuters-x") == "c01"
    assert local_id("reuters-xy-c01", "reuters-x") == "reuters-xy-c01"  # another article's: whole
    assert local_id("reuters-x-", "reuters-x") == "reuters-x-"  # nothing would be left: whole
    assert local_id(None, "reuters-x") == ""


def test_the_claim_tag_names_claimant_type_and_hedge_and_line_breaks_stay_text() -> None:
    text = "Intro.\nThe ministry said 12 died.\r\nEnd."
    start = text.index("The")
    claim = {
        "claim_id": "a-c01",
        "claim_type": "casualties",
        "claimant": "the ministry",
        "hedge": "said",
        "char_start": start,
        "char_end": start + len("The ministry said 12 died."),
    }
    figure = {"figure_id": "a-c01-f1", "measure": "killed", "qualifier": "exact", "char_start": start + 18}
    figure["char_end"] = figure["char_start"] + 2
    out = article_html(text, 0, len(text), [claim], [figure])
    assert '<mark class="ct-claim" id="a-c01" data-tag="the ministry · casualties · said">' in out
    assert "title=" not in out.split("<span")[0]  # the tag is shown; no hover-only copy of it
    assert '<span class="ct-figure" id="a-c01-f1" title="killed · exact">12</span>' in out
    assert out.startswith('<div class="ct-article">Intro.\n<mark') and "&#13;\nEnd.</div>" in out
    no_hedge = article_html(text, 0, len(text), [{**claim, "hedge": ""}], [])
    assert 'data-tag="the ministry · casualties">' in no_hedge
