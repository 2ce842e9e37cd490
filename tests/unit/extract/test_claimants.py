"""Who says so (issue 13): the claimant of each figure, in the article's words, typed from the schema only.

Every text here is written for the test; none is copied from a real article.
"""

from __future__ import annotations

from claimtrail.extract import extract_article
from claimtrail.extract.claimants import claimant_type, figure_claimants
from claimtrail.schema import CLAIMANT_TYPES


def claimants(text: str, publisher: str = "Example Wire") -> dict[str, tuple[str, str]]:
    findings, sentences = extract_article(text, None)
    by_figure, _ = figure_claimants(text, sentences, findings, publisher)
    out = {}
    for f in findings:
        if f.kind == "figure":
            c = by_figure[f.start]
            assert c.type in CLAIMANT_TYPES
            if c.start is not None:
                assert text[c.start : c.end] == c.words  # anchored, nothing glued on
            out[f.text] = (c.words, c.type)
    return out


def test_the_outlet_when_nobody_is_cited() -> None:
    assert claimants("At least 12 people were killed in the raid.") == {"At least 12": ("Example Wire", "outlet")}


def test_a_closing_attribution_reaches_back_but_an_opening_one_does_not() -> None:
    got = claimants("At least 12 people were killed in the raid, police said on Sunday.")
    assert got["At least 12"] == ("police", "government")
    got = claimants("At least 40 people were reported killed as survivors say the village burned for hours.")
    assert got["At least 40"] == ("Example Wire", "outlet")


def test_two_claimants_in_one_sentence() -> None:
    got = claimants("Residents said at least 50 people were killed, although a local reporter counted 65 bodies.")
    assert got["at least 50"] == ("Residents", "individual")
    assert got["65"] == ("a local reporter", "outlet")


def test_pronouns_and_the_next_sentence() -> None:
    text = (
        "A survivor, Amina Yusuf, told reporters that gunmen came at night. "
        "She said 14 people were killed in her street.\n"
        "At least 300 people have fled the area since March. "
        "More than 20 were wounded, the Observatory said."
    )
    got = claimants(text)
    assert got["14"][1] in ("individual", "official")
    assert got["More than 20"] == ("the Observatory", "monitor")
    assert got["At least 300"] == ("the Observatory", "monitor")  # the next sentence closes with its attribution


def test_it_added_resolves_to_the_body() -> None:
    text = (
        "The Crisis Group warned the violence was spreading. "
        "At least 1,500 people have been killed this year. "
        "More than 300,000 had been made homeless, it added."
    )
    got = claimants(text)
    assert got["At least 1,500"][1] == "monitor" and got["More than 300,000"][1] == "monitor"


def test_credits_and_cited_documents() -> None:
    got = claimants("Storm of shelling kills 9 in the valley — ICRC")
    assert got["9"] == ("ICRC", "monitor")
    got = claimants("3,000 killed (per U.N.)")
    assert got["3,000"] == ("U.N.", "monitor")
    got = claimants("2,100 to 4,400 killed (2019 Example Medical survey)")
    assert got["2,100 to 4,400"] == ("2019 Example Medical survey", "documents")


def test_an_appositive_speaker_before_said_is_the_name_typed_by_the_appositive() -> None:
    got = claimants("Omar Said, the health ministry's spokesman, said the strike left 34 people wounded.")
    assert got["34"] == ("Omar Said", "official")
    got = claimants("Security sources who were at the scene say that at least 60 people were killed.")
    assert got["at least 60"] == ("Security sources", "intelligence_sources")


def test_types_come_from_the_schema_vocabulary_only() -> None:
    for words in ("the Armed Forces", "Human Rights Watch", "residents", "state media", "reports", "Ahmed", "x"):
        assert claimant_type(words, "Example Wire") in CLAIMANT_TYPES
    assert claimant_type("Example Wire", "Example Wire") == "outlet"
    assert claimant_type("security sources", "") == "intelligence_sources"
    text = "The Armed Forces of the Philippines (AFP) said 20 were killed."
    assert claimant_type("AFP", "", text) == "military"


def test_a_closing_credit_of_initials_claims_the_release_s_unattributed_figures() -> None:
    text = (
        "Security forces killed six militants in a raid on Tuesday.\n"
        "Earlier, three militants had been killed near the border.\n"
        "Two soldiers were killed in the exchange of fire, the spokesman said. –DPRW\n"
    )
    got = claimants(text, "example-news.org")
    assert got["six"] == ("DPRW", "monitor") and got["three"] == ("DPRW", "monitor")
    assert got["Two"][0] == "the spokesman"
    assert claimants("Three people were killed in the raid.\n– not a credit\n")["Three"][0] == "Example Wire"


def test_a_kind_of_body_glued_after_its_name_is_not_part_of_the_name() -> None:
    got = claimants("The Example Policy Institute think-tank said at least 40 people were killed in May.")
    assert got["at least 40"][0] == "The Example Policy Institute"
    got = claimants("The rights group said 12 people were killed.")
    assert got["12"][0] == "The rights group"
    got = claimants("A Example Wire reporter said 65 bodies were counted in the square.")
    assert got["65"][0].endswith("reporter")


def test_reports_of_a_body_are_that_body_s_claim() -> None:
    text = "Estimates based on field reports of the agencies working in Northland are that 9,000 people fled."
    got = claimants(text)
    assert got["9,000"] == ("the agencies working in Northland", "monitor")
