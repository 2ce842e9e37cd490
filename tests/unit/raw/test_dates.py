"""One partial-date parser for front matter, annotations and events."""

from __future__ import annotations

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.raw.annotations import parse_annotation
from claimtrail.raw.dates import NoSuchDate, NotADate, full_date, partial_date
from claimtrail.raw.events import parse_events


@pytest.mark.parametrize(
    ("text", "precision"), [("2016", "year"), ("2016-05", "month"), ("2016-05-23", "day"), ("2016-02-29", "day")]
)
def test_partial_dates_and_their_precision(text: str, precision: str) -> None:
    assert partial_date(text) == (text, precision)


@pytest.mark.parametrize(
    "text", ["", "16", "2016-5", "2016/05/23", "20160523", "2016-05-23T00:00", "2016-05\n", " 2016"]
)
def test_other_forms_are_not_dates(text: str) -> None:
    with pytest.raises(NotADate):
        partial_date(text)


@pytest.mark.parametrize("text", ["2015-02-29", "2016-13", "2016-04-31", "2016-00"])
def test_days_and_months_that_do_not_exist(text: str) -> None:
    with pytest.raises(NoSuchDate):
        partial_date(text)


def test_a_full_date_needs_a_day() -> None:
    assert full_date("2016-05-23") == "2016-05-23"
    for text in ("2016", "2016-05"):
        with pytest.raises(NotADate):
            full_date(text)


def test_events_and_annotations_read_dates_through_the_same_parser() -> None:
    events = "events:\n  - id: e1\n    title: T\n    event_type: bombing\n    date_precision: day\n"
    events += "    date_start: 20160523\n    places: [{name: Aleppo}]\n"
    with pytest.raises(ClaimtrailError, match="date_start '20160523' is not a real date"):
        parse_events(events, "raw/events.yaml")
    annotation = "source_id: a\nsource:\n  published: 2016-05-23\n  published_precision: month\nclaims: []\n"
    with pytest.raises(ClaimtrailError, match="published '2016-05-23' does not have precision month"):
        parse_annotation(annotation, "raw/annotations/a.yaml")
