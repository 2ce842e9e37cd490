"""Linking across articles: the compatibility rules, order independence, stable ids, curated events first."""

from __future__ import annotations

import random

from link_helpers import REPO_ROOT, article, city, day, mention

from claimtrail.link.cluster import event_slug, link_corpus
from claimtrail.link.model import ArticleMentions, CuratedEvent, DateRef, Linking, PlaceRef
from claimtrail.link.places import distance_km, find_places, same_place


def event_of(linking: Linking, source: str, index: int = 0) -> str | None:
    (row,) = [r for r in linking.links if r.mention_id == f"{source}#{index}" and r.figure_start is None]
    return row.event_id


def test_two_bombings_in_one_city_on_different_dates_stay_apart() -> None:
    kabul = city("Kabul", "Afghanistan")
    arts = [
        article(mention("a", "2018-01-21", day("2018-01-20"), (kabul,), ("attack",))),
        article(mention("b", "2018-01-27", day("2018-01-27"), (kabul,), ("bombing",))),
        article(mention("c", "2018-01-28", day("2018-01-27"), (kabul,), ("bombing",))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "a") != event_of(linking, "b")
    assert event_of(linking, "b") == event_of(linking, "c") == "2018-01-27-kabul-bombing"
    assert {e.event_id for e in linking.events} == {"2018-01-20-kabul-attack", "2018-01-27-kabul-bombing"}


def test_two_attacks_on_one_day_in_different_cities_stay_apart() -> None:
    abuja, kano = city("Abuja", "Nigeria"), city("Kano", "Nigeria")
    arts = [
        article(mention("a", "2014-04-15", day("2014-04-14"), (abuja,))),
        article(mention("b", "2014-04-15", day("2014-04-14"), (kano,))),
        article(mention("c", "2014-04-16", day("2014-04-14"), (abuja,))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "a") == event_of(linking, "c") != event_of(linking, "b")


def test_a_region_only_article_joins_the_event_in_its_city() -> None:
    garissa = city("Garissa", "Kenya")
    region = PlaceRef("region", "Garissa County", "KE", admin1=garissa.admin1, key="grs")
    arts = [
        article(mention("a", "2015-04-02", day("2015-04-02"), (garissa,), ("attack",))),
        article(mention("b", "2015-04-03", day("2015-04-02"), (region,), ("shooting",))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "b") == event_of(linking, "a")
    (row,) = [r for r in linking.links if r.mention_id == "b#0" and r.figure_start is not None]
    assert (row.date.matched, row.place.matched, row.type.matched) == ("yes", "yes", "yes")


def test_a_region_only_article_does_not_join_an_event_elsewhere() -> None:
    garissa, nairobi = city("Garissa", "Kenya"), city("Nairobi", "Kenya")
    region = PlaceRef("region", "Garissa County", "KE", admin1=garissa.admin1, key="grs")
    arts = [
        article(mention("a", "2015-04-02", day("2015-04-02"), (nairobi,), ("attack",))),
        article(mention("b", "2015-04-03", day("2015-04-02"), (region,), ("attack",))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "b") != event_of(linking, "a")


def test_contradicting_perpetrators_keep_events_apart_unless_the_place_is_the_same() -> None:
    kabul = city("Kabul", "Afghanistan")
    country = PlaceRef("country", "Afghanistan", "AF", key="AF")
    arts = [
        article(mention("a", "2018-01-27", day("2018-01-27"), (kabul,), actors=("Taliban",))),
        article(mention("b", "2018-01-28", day("2018-01-27"), (country,), actors=("Islamic State",))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "b") != event_of(linking, "a")


def test_a_mention_without_date_or_place_is_left_unlinked() -> None:
    kabul = city("Kabul", "Afghanistan")
    arts = [
        article(mention("a", "2018-01-27", None, (kabul,))),
        article(mention("b", "2018-01-27", day("2018-01-27"), ())),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "a") is None and event_of(linking, "b") is None
    assert linking.events == ()


def test_background_mention_never_joins_its_own_articles_main_event() -> None:
    kabul = city("Kabul", "Afghanistan")
    arts = [
        article(
            mention("a", "2018-01-27", day("2018-01-27"), (kabul,)),
            mention("a", "2018-01-27", day("2018-01-27"), (kabul,), index=1, role="other"),
        )
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "a", 0) != event_of(linking, "a", 1)


def _corpus() -> list[ArticleMentions]:
    kabul, ankara = city("Kabul", "Afghanistan"), city("Ankara", "Turkey")
    return [
        article(mention("k1", "2018-01-27", day("2018-01-27"), (kabul,), figures=(40, 140))),
        article(mention("k2", "2018-01-28", day("2018-01-27"), (kabul,), figures=(95,))),
        article(mention("k3", "2018-01", DateRef("2018-01-25", "2018-01-28", "week"), (kabul,), figures=(103,))),
        article(mention("h1", "2018-01-21", day("2018-01-20"), (kabul,), ("attack",), figures=(18,))),
        article(mention("a1", "2015-10-10", day("2015-10-10"), (ankara,), figures=(30,))),
        article(mention("a2", "2016-03-14", day("2016-03-13"), (ankara,), figures=(27,))),
        article(mention("a3", None, day("2015-10-10"), (ankara,), figures=(97,))),
    ]


def test_result_does_not_depend_on_the_order_of_articles_or_mentions() -> None:
    arts = _corpus()
    expected = link_corpus(arts, ())
    rng = random.Random(7)
    for _ in range(20):
        shuffled = list(arts)
        rng.shuffle(shuffled)
        assert link_corpus(shuffled, ()) == expected


def test_ids_do_not_change_when_later_articles_join() -> None:
    arts = _corpus()
    before = link_corpus(arts[:2] + arts[3:5], ())
    after = link_corpus(
        [*arts, article(mention("k4", "2018-02-01", day("2018-01-27"), (city("Kabul", "Afghanistan"),)))], ()
    )
    ids_before = {r.mention_id: r.event_id for r in before.links}
    ids_after = {r.mention_id: r.event_id for r in after.links}
    assert all(ids_after[k] == v for k, v in ids_before.items())
    assert event_of(after, "k4") == event_of(after, "k1") == "2018-01-27-kabul-bombing"


def test_colliding_ids_get_a_deterministic_suffix() -> None:
    kabul = city("Kabul", "Afghanistan")
    # one article tells two bombings of that day apart: two events, one slug
    arts = [
        article(
            mention("x", "2018-01-27", day("2018-01-27"), (kabul,)),
            mention("x", "2018-01-27", day("2018-01-27"), (kabul,), index=1, role="other"),
        ),
        article(mention("y", "2018-01-28", day("2018-01-27"), (kabul,))),
    ]
    linking = link_corpus(arts, ())
    assert [e.event_id for e in linking.events] == ["2018-01-27-kabul-bombing", "2018-01-27-kabul-bombing-2"]
    assert event_of(linking, "x", 0) == "2018-01-27-kabul-bombing"
    assert event_of(linking, "x", 1) == "2018-01-27-kabul-bombing-2"
    assert link_corpus(list(reversed(arts)), ()) == linking


def test_curated_events_are_linked_first() -> None:
    kabul = city("Kabul", "Afghanistan")
    curated = CuratedEvent(
        "2018-01-27-kabul-ambulance-bombing",
        "Ambulance bombing",
        "bombing",
        "2018-01-27",
        "2018-01-27",
        "day",
        (kabul,),
        ("Taliban",),
    )
    arts = [article(mention("k1", "2018-01-28", day("2018-01-27"), (kabul,), actors=("Taliban",)))]
    linking = link_corpus(arts, (curated,))
    rows = [r for r in linking.links if r.mention_id == "k1#0"]
    assert {r.event_id for r in rows} == {"2018-01-27-kabul-ambulance-bombing"} and all(r.curated for r in rows)
    assert linking.events == ()
    assert rows[0].actor.matched == "yes" and rows[0].score > 0


def test_one_link_record_per_mention_and_per_figure() -> None:
    linking = link_corpus(_corpus(), ())
    per_mention = [r for r in linking.links if r.figure_start is None]
    per_figure = [r for r in linking.links if r.figure_start is not None]
    assert len(per_mention) == 7
    assert len(per_figure) == 8


def test_machine_events_carry_their_profile() -> None:
    linking = link_corpus(_corpus(), ())
    ev = {e.event_id: e for e in linking.events}["2018-01-27-kabul-bombing"]
    assert (ev.date_start, ev.date_precision, ev.review_status) == ("2018-01-27", "day", "machine")
    assert ev.anchor == "k1#0" and set(ev.mentions) == {"k1#0", "k2#0", "k3#0"}
    assert ev.title == "Bombing in Kabul, 27 January 2018"


def test_slug_precision() -> None:
    kabul = city("Kabul", "Afghanistan")
    assert event_slug(day("2018-01-27"), (kabul,), ("attack", "bombing")) == "2018-01-27-kabul-bombing"
    assert event_slug(DateRef("2018-01-01", "2018-01-31", "month"), (kabul,), ()) == "2018-01-kabul-event"


def test_curated_events_of_raw_events_yaml_are_linked_by_their_gazetteer_places() -> None:
    from claimtrail.link.curated import curated_event
    from claimtrail.raw.events import parse_events

    events = parse_events((REPO_ROOT / "raw" / "events.yaml").read_text(encoding="utf-8"), "raw/events.yaml")
    curated = [curated_event(e) for e in events]
    bombing = next(c for c in curated if c.event_id == "2016-05-23-jableh-tartous-bombings")
    assert [(p.level, p.name) for p in bombing.places] == [("city", "Jablah"), ("city", "Ţarţūs")]
    jableh = bombing.places[0]
    assert jableh.admin1 is not None
    arts = [article(mention("r1", "2016-05-24", day("2016-05-23"), (jableh,), actors=("Islamic State",)))]
    linking = link_corpus(arts, curated)
    assert event_of(linking, "r1") == "2016-05-23-jableh-tartous-bombings"


def test_a_siege_reported_over_several_days_stays_one_event_but_a_week_later_is_another() -> None:
    nairobi = city("Nairobi", "Kenya")
    arts = [
        article(mention("d1", "2013-09-21", day("2013-09-21"), (nairobi,), ("siege",))),
        article(mention("d2", "2013-09-22", day("2013-09-22"), (nairobi,), ("siege",))),
        article(mention("d3", "2013-09-23", day("2013-09-23"), (nairobi,), ("siege",))),
        article(mention("d4", "2013-09-24", day("2013-09-24"), (nairobi,), ("attack",))),
        article(mention("w", "2013-09-30", day("2013-09-30"), (nairobi,), ("attack",))),
    ]
    linking = link_corpus(arts, ())
    first = event_of(linking, "d1")
    assert [event_of(linking, s) for s in ("d2", "d3", "d4")] == [first] * 3
    assert event_of(linking, "w") != first
    ev = {e.event_id: e for e in linking.events}[first or ""]
    assert (ev.date_start, ev.date_end, ev.date_precision) == ("2013-09-21", "2013-09-24", "range")


def test_a_weekday_in_the_publication_month_matches_only_that_weekday() -> None:
    colombo = city("Colombo", "Sri Lanka")
    sunday_in_april = DateRef("2019-04-01", "2019-04-30", "month", 6)
    tuesday_in_april = DateRef("2019-04-01", "2019-04-30", "month", 1)
    arts = [
        article(mention("a", "2019-04-21", day("2019-04-21"), (colombo,))),
        article(mention("b", "2019-04", sunday_in_april, (colombo,))),
        article(mention("c", "2019-04", tuesday_in_april, (colombo,))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "b") == event_of(linking, "a") != event_of(linking, "c")


def test_a_relative_date_of_a_late_repost_joins_the_event_of_its_named_locality() -> None:
    from dataclasses import replace

    from claimtrail.link.model import Words

    nairobi = city("Nairobi", "Kenya")
    mall = PlaceRef("locality", "Westgate", "KE", key="stgt")
    repost = mention("r", "2013-09-30", day("2013-09-30"), (nairobi, mall), ("attack",))
    today = (Words(10, 15, "today"),)
    arts = [
        article(mention("a", "2013-09-22", day("2013-09-21"), (nairobi, mall), ("siege",))),
        article(replace(repost, date_words=today)),
    ]
    assert event_of(link_corpus(arts, ()), "r") == event_of(link_corpus(arts, ()), "a")
    # the same words with a date written out, or without the locality, found an event of their own
    written = [arts[0], article(replace(repost, date_words=(Words(10, 22, "30 September"),)))]
    assert event_of(link_corpus(written, ()), "r") != event_of(link_corpus(written, ()), "a")
    no_mall = [arts[0], article(replace(repost, date_words=today, places=(nairobi,)))]
    assert event_of(link_corpus(no_mall, ()), "r") != event_of(link_corpus(no_mall, ()), "a")


def test_a_mention_that_fits_two_events_equally_is_left_unlinked() -> None:
    abuja, kano = city("Abuja", "Nigeria"), city("Kano", "Nigeria")
    nigeria = PlaceRef("country", "Nigeria", "NG", key="NG")
    arts = [
        article(mention("a", "2014-04-15", day("2014-04-14"), (abuja,))),
        article(mention("b", "2014-04-15", day("2014-04-14"), (kano,))),
        article(mention("c", "2014-04-16", day("2014-04-14"), (nigeria,))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "c") is None
    assert len(linking.events) == 2
    # naming the region of one of them decides it
    region = PlaceRef("region", "Kano State", "NG", admin1=kano.admin1, key="kn")
    arts[2] = article(mention("c", "2014-04-16", day("2014-04-14"), (region,)))
    assert event_of(link_corpus(arts, ()), "c") == event_of(link_corpus(arts, ()), "b")


def test_a_background_event_of_a_named_year_and_city_is_an_event_that_undated_mentions_can_join() -> None:
    london, manchester = city("London", "United Kingdom"), city("Manchester", "United Kingdom")
    arts = [
        # read first (published earlier), its background mention has no date: it waits for the second pass
        article(
            mention("m3", "2017-05-23", day("2017-05-22"), (manchester,), figures=(22,)),
            mention("m3", "2017-05-23", None, (london,), figures=(56,), index=1, role="other"),
        ),
        article(
            mention("m1", "2017-05", DateRef("2017-05-01", "2017-05-31", "month"), (manchester,), figures=(22,)),
            mention(
                "m1",
                "2017-05",
                DateRef("2005-01-01", "2005-12-31", "year"),
                (london,),
                figures=(52,),
                index=1,
                role="other",
            ),
        ),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "m1", 1) == event_of(linking, "m3", 1) == "2005-london-bombing"
    assert event_of(linking, "m1", 0) == event_of(linking, "m3", 0) == "2017-05-22-manchester-bombing"
    assert link_corpus(list(reversed(arts)), ()) == linking


def test_a_day_of_the_year_without_its_year_picks_the_event_of_that_day() -> None:
    mogadishu = city("Mogadishu", "Somalia")
    arts = [
        article(mention("a", "2017-10-15", day("2017-10-14"), (mogadishu,))),
        article(mention("b", "2019-12-29", day("2019-12-28"), (mogadishu,))),
        article(mention("c", None, DateRef(None, None, "unknown", month_day=(10, 14)), (mogadishu,))),
        article(mention("d", None, None, (mogadishu,))),
    ]
    linking = link_corpus(arts, ())
    assert event_of(linking, "c") == event_of(linking, "a") != event_of(linking, "b")
    assert event_of(linking, "d") is None  # either bombing: left unlinked


def test_month_day_words() -> None:
    from claimtrail.link.dates import month_day_of

    assert month_day_of("October 14") == (10, 14)
    assert month_day_of("on the 14th of Oct.") == (10, 14)
    assert month_day_of("Sept 3") == (9, 3)
    assert month_day_of("October 2017") is None


def test_the_same_place_is_one_town_or_its_suburb_not_the_next_town() -> None:
    """Two towns 30 to 45 km apart are two places (two bombings there on one day are two events); a suburb
    12 km from its city is the city's place."""

    def town(name: str) -> PlaceRef:
        text = f"A bomb exploded in {name}, Syria on Monday."
        (found,) = [p.place for p in find_places(text, 0, len(text)) if p.place.level == "city"]
        return found

    for a, b in (("Homs", "Hama"), ("Salamiyah", "Hama"), ("Baniyas", "Tartous")):
        assert 25 < (distance_km(town(a), town(b)) or 0) < 50
        assert not same_place(town(a), town(b)), (a, b)
    assert same_place(town("Damascus"), town("Douma"))
