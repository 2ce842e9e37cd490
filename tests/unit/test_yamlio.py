"""Safe YAML reading: no aliases, line numbers in every syntax error."""

from __future__ import annotations

import pytest

from claimtrail.errors import ClaimtrailError
from claimtrail.yamlio import line_of, load_yaml, strip_lines

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(ClaimtrailError) as info:
        load_yaml(BILLION_LAUGHS, "raw/events.yaml")
    err = info.value
    assert err.file == "raw/events.yaml"
    assert "aliases" in err.problem
    assert err.line == 2  # the first alias


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("claimant: &who Reuters\nother: *who\n", 2),
        ("base: &base {a: 1}\nchild:\n  <<: *base\n  b: 2\n", 3),
        ("- &x one\n- *x\n", 2),
    ],
)
def test_any_alias_is_refused(text: str, line: int) -> None:
    with pytest.raises(ClaimtrailError, match="aliases") as info:
        load_yaml(text, "raw/annotations/a.yaml")
    assert info.value.line == line


def test_an_anchor_without_alias_is_harmless() -> None:
    assert strip_lines(load_yaml("a: &x 1\nb: 2\n", "f.yaml")) == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("source_id: x\nclaims: a: b\n", 2),  # mapping values not allowed here
        ("source_id: x\nclaims:\n  - id: c01\n     quote: bad indent\n", 4),
        ('a: 1\nb: "unterminated\nc: 3\n', 4),
        ("a: 1\n\tb: 2\n", 2),  # a tab for indentation
    ],
)
def test_broken_yaml_reports_the_line(text: str, line: int) -> None:
    with pytest.raises(ClaimtrailError) as info:
        load_yaml(text, "raw/annotations/a.yaml")
    err = info.value
    assert err.line == line
    assert f"raw/annotations/a.yaml:{line}" in str(err)
    assert "not valid YAML" in err.problem
    assert "fix:" in str(err)


def test_line_offset_shifts_reported_lines() -> None:
    with pytest.raises(ClaimtrailError) as info:
        load_yaml("a: 1\nb: c: d\n", "raw/x.md", line_offset=1)
    assert info.value.line == 3


def test_dates_stay_strings_even_when_impossible() -> None:
    data = load_yaml("ok: 2016-05-23\nimpossible: 2016-02-30\n", "f.yaml")
    assert data["ok"] == "2016-05-23"
    assert data["impossible"] == "2016-02-30"


def test_mappings_record_their_line() -> None:
    data = load_yaml("claims:\n  - id: c01\n    quote: q\n  - id: c02\n    quote: r\n", "f.yaml")
    assert [line_of(c) for c in data["claims"]] == [2, 4]
    assert strip_lines(data) == {"claims": [{"id": "c01", "quote": "q"}, {"id": "c02", "quote": "r"}]}


def test_python_tags_are_refused() -> None:
    with pytest.raises(ClaimtrailError):
        load_yaml("x: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
