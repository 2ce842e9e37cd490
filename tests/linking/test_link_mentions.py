"""Event mentions of one article: the main event, background events, figures and their basis."""

from __future__ import annotations

from link_helpers import mentions_of

from claimtrail.extract import extract_article
from claimtrail.link.mentions import article_mentions

ARTICLE = """Gunmen storm Nairobi shopping mall, killing 39
Gunmen stormed the Westgate shopping mall in Nairobi on Saturday, killing 39 people and wounding 150, officials said.
The attackers, from the al-Shabab group, were still inside on Sunday.
Earlier this year a bomb in the same city killed 19 people.
The attack comes a week after militants killed 22 people in a hotel in Mombasa.
More than 1,500 people have been killed this year in the insurgency.
Police said 12 of the wounded were in critical condition."""


def figures_of(m: object) -> list[tuple[str, str, str]]:
    return [(f.figure.text, f.figure.measure, f.basis) for f in m.figures]  # type: ignore[attr-defined]


def test_main_event_has_date_place_type_actor_and_figures_of_its_clauses() -> None:
    am = mentions_of(ARTICLE, "2013-09-22")
    main = am.mentions[0]
    assert main.role == "main"
    assert main.date is not None and (main.date.date_start, main.date.precision) == ("2013-09-21", "day")
    assert [p.name for p in main.places if p.level == "city"] == ["Nairobi"]
    assert "siege" in main.types and "bombing" not in main.types
    assert main.actors == ("al-Shabaab",)
    figs = figures_of(main)
    assert ("150", "injured", "clause") in figs
    assert [f for f in figs if f[0] == "39"] == [("39", "killed", "clause"), ("39", "killed", "clause")]
    assert ("12", "injured", "main") in figs


def test_background_sentences_are_mentions_of_other_events() -> None:
    am = mentions_of(ARTICLE, "2013-09-22")
    main_figs = {f.figure.text for f in am.mentions[0].figures}
    assert "19" not in main_figs and "22" not in main_figs
    others = {f.figure.text: m for m in am.mentions[1:] for f in m.figures}
    assert set(others) == {"19", "22"}
    earlier = others["19"]
    assert earlier.role == "other" and [p.name for p in earlier.places] == ["Nairobi"]  # "in the same city"
    week_before = others["22"]
    assert week_before.date is not None and week_before.date.date_start is not None
    assert "2013-09-12" <= week_before.date.date_start <= "2013-09-15"
    assert [p.name for p in week_before.places if p.level == "city"] == ["Mombasa"]


def test_a_toll_of_a_whole_year_belongs_to_no_event() -> None:
    am = mentions_of(ARTICLE, "2013-09-22")
    assert [f.text for f in am.unassigned] == ["More than 1,500"]


def test_an_older_event_named_with_its_year_is_another_event() -> None:
    text = (
        "University attack in Garissa kills 147\n"
        "Gunmen attacked Garissa University College on Thursday, killing 147 people.\n"
        "It was the worst attack since the 2013 Westgate mall attack in Nairobi, which killed 67 people.\n"
    )
    am = mentions_of(text, "2015-04-02")
    main = am.mentions[0]
    assert main.date is not None and main.date.date_start == "2015-04-02"
    assert [p.name for p in main.places if p.level == "city"] == ["Garissa"]
    assert {f.figure.text for f in main.figures} == {"147"}
    (other,) = [m for m in am.mentions[1:] if m.figures]
    assert [f.figure.text for f in other.figures] == ["67"]
    assert other.date is not None and other.date.precision == "year" and other.date.date_start == "2013-01-01"


def test_abduction_counts_are_casualty_figures_with_their_own_measure() -> None:
    text = (
        "Militants abduct schoolgirls in Nigeria\n"
        "Boko Haram militants abducted 129 students from a school in Chibok in Borno state on Monday night.\n"
        "At least 14 girls escaped, officials said.\n"
    )
    am = mentions_of(text, "2014-04-16")
    main = am.mentions[0]
    assert main.types[0] == "abduction"
    assert main.actors == ("Boko Haram",)
    measures = {f.figure.text: f.figure.measure for f in main.figures}
    assert measures == {"129": "abducted"}  # the 14 who escaped are no casualty figure
    levels = {(p.level, p.name) for p in main.places}
    assert ("region", "Borno") in levels


def test_weekday_is_resolved_against_the_publication_date() -> None:
    text = "Blast in Kabul\nA bomb exploded in Kabul on Saturday, killing 40 people.\n"
    am = mentions_of(text, "2018-01-28")
    date = am.mentions[0].date
    assert date is not None and (date.date_start, date.precision) == ("2018-01-27", "day")


def test_words_of_every_mention_are_anchored_in_the_text() -> None:
    am = mentions_of(ARTICLE, "2013-09-22")
    for m in am.mentions:
        for w in (*m.type_words, *m.date_words, *m.place_words, *m.actor_words):
            assert ARTICLE[w.start : w.end] == w.text
        for f in m.figures:
            assert ARTICLE[f.figure.start : f.figure.end] == f.figure.text


def test_only_the_articles_own_span_counts() -> None:
    before = "Bomb kills 500 in Paris on Monday.\n"
    whole = before + ARTICLE
    findings, sentences = extract_article(whole, "2013-09-22")
    start = len(before)
    title_end = whole.index("\n", start)
    am = article_mentions(
        whole, title_end + 1, len(whole), "2013-09-22", findings, sentences, title_span=(start, title_end)
    )
    texts = {f.figure.text for m in am.mentions for f in m.figures}
    assert "500" not in texts and "150" in texts
    assert all(f.figure.start >= start for m in am.mentions for f in m.figures)


def test_result_depends_only_on_the_arguments() -> None:
    assert mentions_of(ARTICLE, "2013-09-22") == mentions_of(ARTICLE, "2013-09-22")


def test_places_named_as_a_city_before_its_venue_and_in_everyday_country_names() -> None:
    text = (
        "Blast at Manchester Arena\n"
        "A suicide bomber killed 22 people at Manchester Arena in Britain on Monday night, police said.\n"
        "The attack was the deadliest in Britain since 2005."
    )
    main = mentions_of(text, "2017-05-23").mentions[0]
    assert [(p.level, p.name, p.country) for p in main.places if p.level == "city"] == [("city", "Manchester", "GB")]
    assert main.date is not None and main.date.date_start == "2017-05-22"


def test_a_place_name_never_runs_across_a_line_break() -> None:
    text = (
        "Bombing in Manchester\nTwenty-two people were killed in a bombing in Manchester\n\nTwenty-two families mourn."
    )
    for m in mentions_of(text, "2017-05-23").mentions:
        assert all("\n" not in w.text for w in m.place_words)


def test_a_city_where_officials_speak_is_not_the_place_of_an_event_named_by_its_village() -> None:
    text = (
        "Gunmen kill 30 villagers\n"
        "Gunmen killed 30 villagers in the village of Kukawa on Sunday, residents said.\n"
        "In Abuja, the government condemned the attack on Monday.\n"
        "Officials in Abuja said troops were sent after the attack.\n"
    )
    main = mentions_of(text, "2015-01-06").mentions[0]
    assert [(p.level, p.name) for p in main.places] == [("locality", "Kukawa")]


def test_each_assignment_keeps_the_words_of_the_clause_that_decided_it() -> None:
    am = mentions_of(ARTICLE, "2013-09-22")
    fig = {f.figure.text: f for m in am.mentions for f in m.figures}
    week_before = fig["22"]
    assert week_before.basis == "clause"
    assert [w.text for w in week_before.place_words] == ["Mombasa"]
    assert [w.text for w in week_before.date_words] == ["a week after"]
    assert week_before.type_words == ()  # "militants killed" names no kind of event
    assert fig["12"].basis == "main" and fig["12"].place_words == ()


def test_people_who_got_away_are_no_casualty_figure_and_hostages_are_abducted() -> None:
    text = (
        "Militants abduct schoolgirls\n"
        "The governor said 129 students were kidnapped and at least 14 girls freed themselves, and 36 people were killed.\n"
        "Gunmen still held about 30 hostages in the school on Tuesday.\n"
    )
    measures = {f.figure.text: f.figure.measure for m in mentions_of(text, "2014-04-16").mentions for f in m.figures}
    assert measures == {"129": "abducted", "36": "killed", "about 30": "abducted"}


def test_a_date_set_by_something_else_than_an_event_moves_nothing() -> None:
    text = (
        "Blasts hit Ankara rally\n"
        "Two bombs exploded at a peace rally in Ankara on Saturday, killing at least 30 people.\n"
        "Two days before the elections, four people died in a bomb attack on a rally in Diyarbakir.\n"
        "The attack comes a week after militants killed 12 people in Istanbul.\n"
    )
    am = mentions_of(text, "2015-10-10")
    dates = {f.figure.text: m.date for m in am.mentions for f in m.figures}
    assert dates["four"] is None  # "two days before the elections": not a date relative to the rally
    week = dates["12"]
    assert week is not None and week.date_start is not None and week.date_start < "2015-10-05"


def test_a_locality_takes_the_country_the_text_places_things_in_not_an_adjective_of_another() -> None:
    text = (
        "Saudi-led strike hits bus in Yemen\n"
        "A Saudi-led coalition air strike hit a bus at the Dahyan market on Thursday, killing 50 people, "
        "Saudi media and officials in northern Yemen said.\n"
    )
    main = mentions_of(text, "2018-08-10").mentions[0]
    assert [(p.level, p.name, p.country) for p in main.places if p.level == "locality"] == [
        ("locality", "Dahyan", "YE")
    ]


def test_a_date_that_opens_the_sentence_dates_its_background_event() -> None:
    text = (
        "Blasts hit Ankara rally\n"
        "Two bombs exploded at a peace rally in Ankara on Saturday, killing at least 30 people.\n"
        "On June 5, two days before the elections, four people died in a bomb attack on a rally in Diyarbakir.\n"
    )
    am = mentions_of(text, "2015-10-10")
    (other,) = [m for m in am.mentions if m.role == "other"]
    assert other.date is not None and (other.date.date_start, other.date.precision) == ("2015-06-05", "day")
    assert [f.figure.text for f in other.figures] == ["four"]


# Prose shaped like reposted wire copy: the lead's date after its figures, background dates of other kinds.
REPOST = """Blasts hit Homs as death toll rises
A car bomb killed at least 40 people and wounded 75 in the central Syrian city of Homs on Tuesday, April 21, monitors said.
Government forces regained control of the road to Hama in April 2014 after two months of fighting.
On March 3, a car bomb in the same city killed 12 people.
Officials said 30 of the wounded were in a critical condition."""


def test_an_undated_reposts_lead_day_is_its_events_date() -> None:
    am = mentions_of(REPOST, None)
    main = am.mentions[0]
    assert main.date is not None and main.date.month_day == (4, 21) and main.date.weekday == 1
    assert [p.name for p in main.places if p.level == "city"] == ["Homs"]
    assert {"at least 40", "75"} <= {f.figure.text for f in main.figures}


def test_an_earlier_event_in_the_same_city_is_another_mention() -> None:
    am = mentions_of(REPOST, None)
    assert "12" not in {f.figure.text for f in am.mentions[0].figures}
    other = next(m for m in am.mentions[1:] if "12" in {f.figure.text for f in m.figures})
    assert other.date is not None and other.date.month_day == (3, 3)
    assert [p.name for p in other.places if p.level == "city"] == ["Homs"]


def test_a_date_after_said_dates_the_event_told_in_between() -> None:
    text = (
        "Dozens killed in attack on Idlib\n"
        "The governor said a rebel attack in Idlib, Syria on Sunday killed two dozen people.\n"
        "Government forces regained control of the road to Hama in February 2015 after two months of fighting."
    )
    main = mentions_of(text, "2016-11-07").mentions[0]
    assert main.date is not None and (main.date.date_start, main.date.precision) == ("2016-11-06", "day")
    reported = mentions_of(
        "Attack on Idlib\nThe governor said on Sunday that a rebel attack killed 24 people.", "2016-11-07"
    )
    assert reported.mentions[0].date is None or reported.mentions[0].date.precision != "day"


def test_a_name_with_an_arabic_article_is_one_place() -> None:
    text = "Bombing in Deir ez-Zor\nA car bomb killed 14 people in Deir ez-Zor, Syria on Monday."
    main = mentions_of(text, "2016-03-08").mentions[0]
    assert [p.name for p in main.places if p.level == "city"] == ["Deir ez-Zor"]
