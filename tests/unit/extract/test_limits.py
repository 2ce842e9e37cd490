"""Numbers and dates at their limits (issue 16, class 1): refused or carried exactly, never an overflow.

The extractor reads a number above MAX_FIGURE_VALUE (10^15) as no figure, and a relative date
that leaves the calendar of years 1 to 9999 as a date of unknown precision without dates.  The
chart and the bounds code take every value validation lets through.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrail.errors import ClaimtrailError
from claimtrail.extract import extract_findings
from claimtrail.raw.annotations import parse_annotation
from claimtrail.schema import figure_bounds
from claimtrail.schema.qualifiers import MAX_FIGURE_VALUE
from claimtrail.site.charts import chart_model, chart_svg


def range_chart_svg(measure: str, rows: list[dict[str, object]], estimate: dict[str, object] | None) -> str:
    """The SVG of one measure's chart, from figure rows and (optionally) one estimate row."""
    figures = [{**r, "source_id": "s", "figure_id": f"s-f{n}", "claimant": "c"} for n, r in enumerate(rows)]
    estimates = (
        []
        if estimate is None
        else [{"best": None, "place_order": 0, "place": "p", "n_figures": 1, "n_independent_sources": 1, **estimate}]
    )
    return chart_svg(chart_model("k", measure, figures, estimates, "../"))


def findings(text: str, published: str | None = "2016-05-24") -> list[dict[str, object]]:
    out = [f.as_dict() for f in extract_findings(text, 0, len(text), published)]
    for f in out:
        assert text[int(str(f["start"])) : int(str(f["end"]))] == f["text"]
    return out


def dates(text: str, published: str | None) -> list[tuple[object, object, object]]:
    return [(f["date_start"], f["date_end"], f["precision"]) for f in findings(text, published) if f["kind"] == "date"]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("It happened yesterday.", "0001-01-01"),
        ("It happened last night.", "0001-01-01"),
        ("It happened last week.", "0001-01-01"),
        ("It happened last Monday.", "0001-01-01"),
        ("It happened last month.", "0001-01-15"),
        ("It happened last year.", "0001"),
        ("It happens next year.", "9999-12-31"),
        ("It happens next month.", "9999-12-31"),
        ("It happens next week.", "9999-12-31"),
        ("It happens next Monday.", "9999-12-31"),
        ("It happens next weekend.", "9999-12-31"),
        ("It happened 10000000 days ago.", "2016-05-24"),
        ("It happened 99999999999999999999 weeks ago.", "2016-05-24"),
        ("It happened 5000 years ago.", "2016-05-24"),
        ("It happened a million months ago.", "2016-05-24"),
        ("It happened " + "9" * 5000 + " days ago.", "2016-05-24"),  # past int's 4,300-digit limit
    ],
)
def test_a_relative_date_off_the_calendar_is_kept_with_unknown_precision(text: str, published: str) -> None:
    (found,) = dates(text, published)
    assert found == (None, None, "unknown")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("It happened yesterday.", "0001-01-02", ("0001-01-01", "0001-01-01", "day")),
        ("It happens next year.", "9998-06-01", ("9999-01-01", "9999-12-31", "year")),
        ("It happened 2015 years ago.", "2016-05-24", ("0001-01-01", "0001-12-31", "year")),
    ],
)
def test_a_relative_date_at_the_edge_of_the_calendar_still_resolves(
    text: str, published: str, expected: tuple[str, str, str]
) -> None:
    assert dates(text, published) == [expected]


@pytest.mark.parametrize(
    "number",
    ["9" * 400, "1" + ",000" * 120, "1" + "0" * 16, "1,000,000,000,000,001", "2000000 billion"],
)
def test_a_number_beyond_the_limit_is_no_figure(number: str) -> None:
    out = findings(f"At least {number} people were killed in Aleppo.")
    assert [f for f in out if f["kind"] == "figure"] == []


def test_a_number_at_the_limit_is_carried_exactly() -> None:
    (figure,) = [f for f in findings("At least 1,000,000,000,000,000 people were killed.") if f["kind"] == "figure"]
    assert figure["value"] == float(MAX_FIGURE_VALUE) and int(figure["value"]) == 10**15  # type: ignore[arg-type]


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
        qualifier: QUALIFIER
        value: VALUE
        unit: people
"""


@pytest.mark.parametrize(
    ("value", "a_number"),
    [
        ("1.7976931348623157e+308", True),  # the float maximum
        ("1.0e+16", True),
        ("1000000000000001", True),
        ("-1.0e+16", True),
        ("1.0e+400", True),  # infinity to a float
        ("1" + "0" * 400, True),  # an int a float cannot hold
        ("1e16", False),  # YAML 1.1 reads this as text
        (".NaN", True),
    ],
)
def test_an_annotated_value_beyond_the_limit_is_refused_as_written(value: str, a_number: bool) -> None:
    with pytest.raises(ClaimtrailError) as info:
        parse_annotation(ANNOTATION.replace("VALUE", value).replace("QUALIFIER", "exact"), "a.yaml")
    assert f"not {value[:40]}" in info.value.problem
    assert ("at most 1,000,000,000,000,000 (10^15)" in info.value.problem) == a_number
    assert info.value.line == 12


@pytest.mark.parametrize("qualifier", ["exact", "approximately", "nearly", "at_least", "more_than", "at_most"])
def test_the_largest_value_validation_lets_through_gets_exact_bounds_and_a_chart(qualifier: str) -> None:
    text = ANNOTATION.replace("VALUE", str(MAX_FIGURE_VALUE)).replace("QUALIFIER", qualifier)
    (claim,) = parse_annotation(text, "a.yaml").claims
    value, low, high = figure_bounds(qualifier, claim.figures[0].value, None, None)
    assert value == MAX_FIGURE_VALUE
    for bound in (low, high):
        assert bound is None or (math.isfinite(bound) and bound == int(bound))
    svg = range_chart_svg("killed", [{"value": value, "low": low, "high": high, "text": "x", "publisher": "p"}], None)
    assert "inf" not in svg and "nan" not in svg


@pytest.mark.parametrize(
    "rows",
    [
        [{"value": 0.0, "low": 0.0, "high": 0.0}],
        [{"value": None, "low": 1e15, "high": None}],
        [{"value": 5e-324, "low": 0.0, "high": 5e-324}],
        [{"value": 1.0, "low": 1.0, "high": 1e15}, {"value": 3.0, "low": 2.0, "high": 4.0}],
        [],
    ],
)
def test_the_range_chart_copes_with_any_value_at_or_inside_the_limits(rows: list[dict[str, object]]) -> None:
    svg = range_chart_svg("killed", [{**r, "text": "t", "publisher": "p"} for r in rows], {"low": 0.0, "high": 1e15})
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "inf" not in svg and "nan" not in svg


def test_the_readme_limits_table_names_the_limit() -> None:
    from helpers import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "10^15 = 1,000,000,000,000,000 (`schema.qualifiers.MAX_FIGURE_VALUE`" in readme


# ---- property-based ---------------------------------------------------------------------

_dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
_relative = st.sampled_from(
    ["yesterday", "today", "last night", "last week", "next week", "last month", "next month", "last year",
     "next year", "this weekend", "next weekend", "last weekend", "last Monday", "next Friday", "on Sunday",
     "in May", "last May", "next January", "early December", "late January", "May 3", "the 31st of December",
     "earlier this week", "later this month", "since last year"]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    published=_dates,
    precision=st.sampled_from(["day", "month", "year"]),
    words=_relative | st.builds(lambda n, u: f"{n} {u} ago", st.integers(0, 10**30), st.sampled_from(
        ["days", "weeks", "months", "years", "day", "week"]
    )),
)  # fmt: skip
def test_the_relative_date_resolver_never_fails(published: dt.date, precision: str, words: str) -> None:
    iso = published.isoformat()
    pub = {"day": iso, "month": iso[:7], "year": iso[:4]}[precision]
    for start, end, _precision in dates(f"It happened {words}, he said.", pub):
        if start is not None:
            assert dt.date.fromisoformat(str(start)) <= dt.date.fromisoformat(str(end))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.sampled_from([*list("0123456789,.  abcdefk-–\n\r"), "killed", " people", " at least ", " about ", " billion", " days ago", " Aleppo", "."]),
        max_size=60,
    ).map("".join),
    published=st.one_of(st.none(), _dates.map(lambda d: d.isoformat())),
)  # fmt: skip
def test_the_extractor_never_fails_and_every_figure_is_finite_and_within_the_limit(
    text: str, published: str | None
) -> None:
    for f in findings(text, published):
        for key in ("value", "low", "high"):
            v = f.get(key)
            assert v is None or (isinstance(v, float) and math.isfinite(v) and 0 <= v <= MAX_FIGURE_VALUE)
