"""The estimates rule: which figures count, which place a figure speaks of, low/best/high and the counts."""

from __future__ import annotations

from typing import Any

from claimtrail.raw.events import Event, Place
from claimtrail.rows.estimates import WHOLE_EVENT, counts_toward_estimate, estimate_rows, figure_place


def _place(name: str, gazetteer: str = "") -> Place:
    return Place(name, gazetteer or name, None, "SY", None, None, "city")


def _event(event_id: str, *places: Place) -> Event:
    return Event(
        event_id=event_id,
        title="t",
        event_type="bombing",
        date_start="2016-05-23",
        date_end="2016-05-23",
        date_precision="day",
        date_basis="",
        places=tuple(places),
        actors=(),
        line=None,
    )


def _figure(
    n: int, source: str, value: float | None, low: float | None, high: float | None, **more: Any
) -> dict[str, Any]:
    return {
        "figure_id": f"f{n}",
        "claim_id": f"c{n}",
        "source_id": source,
        "event_id": "ev",
        "measure": "killed",
        "value": value,
        "low": low,
        "high": high,
    } | more


TWO_PLACES = _event("ev", _place("Jableh", "Jablah"), _place("Tartous"))
PUBLISHERS = {"a": "Reuters", "b": "Reuters", "c": "BBC"}


def test_low_best_high_and_an_open_high() -> None:
    figures = [_figure(1, "a", 78, 78, 78), _figure(2, "b", 120, 120, None), _figure(3, "c", 150, 135, 165)]
    [row] = estimate_rows([TWO_PLACES], figures, {}, PUBLISHERS)
    assert (row["low"], row["best"], row["high"], row["high_bound"]) == (78, 120, 165, "open")
    assert (row["n_figures"], row["n_sources"], row["n_independent_sources"]) == (3, 3, 2)
    assert (row["place_order"], row["place"], row["rule"]) == (WHOLE_EVENT, "Jableh; Tartous", "median_of_values")


def test_an_open_lower_bound_lifts_high() -> None:
    [row] = estimate_rows([TWO_PLACES], [_figure(1, "a", 10, 10, 10), _figure(2, "c", 225, 225, None)], {}, PUBLISHERS)
    assert (row["high"], row["high_bound"], row["best"]) == (225, "open", 117.5)


def test_vague_figures_only_give_bounds() -> None:
    [row] = estimate_rows([TWO_PLACES], [_figure(1, "a", None, 200, 999)], {}, PUBLISHERS)
    assert (row["low"], row["best"], row["high"], row["rule"]) == (200, None, 999, "bounds_only")


def test_a_figure_naming_one_place_gets_that_places_row() -> None:
    quotes = {"c1": "In Jablah, 100 died", "c2": "Tartous: 45 killed", "c3": "blasts in Jableh and Tartous killed 148"}
    figures = [_figure(1, "a", 100, 100, 100), _figure(2, "c", 45, 45, 45), _figure(3, "c", 148, 148, 148)]
    rows = estimate_rows([TWO_PLACES], figures, quotes, PUBLISHERS)
    assert [(r["place_order"], r["place"], r["best"]) for r in rows] == [
        (0, "Jableh; Tartous", 148),
        (1, "Jableh", 100),
        (2, "Tartous", 45),
    ]


def test_place_names_match_whole_words_only() -> None:
    assert figure_place(TWO_PLACES, "Jablehville reported 5") == WHOLE_EVENT
    assert figure_place(_event("one", _place("Aleppo")), "anything") == 1


def test_earlier_tolls_and_parts_do_not_count() -> None:
    assert counts_toward_estimate(_figure(1, "a", 1, 1, 1))
    assert not counts_toward_estimate(_figure(1, "a", 1, 1, 1, toll_state="earlier"))
    assert not counts_toward_estimate(_figure(1, "a", 1, 1, 1, part_of="f9"))
    assert not counts_toward_estimate(_figure(1, "a", 1, 1, 1, event_id=None))
    rows = estimate_rows(
        [TWO_PLACES], [_figure(1, "a", 5, 5, 5), _figure(2, "c", 9, 9, 9, part_of="f1")], {}, PUBLISHERS
    )
    assert [r["n_figures"] for r in rows] == [1]


def test_only_an_open_figure_gives_an_open_high_at_its_lower_bound() -> None:
    [row] = estimate_rows([TWO_PLACES], [_figure(1, "c", 225, 225, None)], {}, PUBLISHERS)
    assert (row["low"], row["best"], row["high"], row["high_bound"]) == (225, 225, 225, "open")
