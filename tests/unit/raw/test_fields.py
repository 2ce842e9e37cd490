"""YAML of the wrong shape, duplicate and unknown keys, non-web URLs, values as written (issue 16, classes 3 and 9).

Every YAML reader of raw/ (front matter, sidecars, annotations, events, the dataset) is given a
mapping or list where text belongs, a number where text belongs, a key twice, a misspelt key and
a javascript: address; each must stop with one ClaimtrailError naming the field and its line,
and no Python repr ("{'a': 1}", "['x']") may reach a message or a value.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrail.errors import ClaimtrailError
from claimtrail.raw.annotations import parse_annotation
from claimtrail.raw.articles import parse_raw_file
from claimtrail.raw.dataset import dataset_metadata
from claimtrail.raw.events import parse_events
from claimtrail.raw.files import provenance_from_sidecar
from claimtrail.yamlio import load_yaml
from helpers import REPO_ROOT, make_raw

BODY = "Officials said at least 12 people were killed in Aleppo.\n"


def front(meta: str) -> str:
    return f"---\n{meta}---\n{BODY}"


def fm_error(meta: str) -> ClaimtrailError:
    with pytest.raises(ClaimtrailError) as info:
        parse_raw_file(make_raw(front(meta)))
    return info.value


def no_repr(message: str) -> None:
    for python in ("{'", "['", "None", "True", "False"):
        assert python not in message, message


# ---- front matter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "line", "says"),
    [
        ("title:\n  a: 1\n", 2, "title must be text, not a mapping"),
        ("title: [a, b]\n", 2, "title must be text, not a list"),
        ("title: Headline\npublisher: {name: Reuters}\n", 3, "publisher must be text, not a mapping"),
        ("title: Headline\npublisher: [Reuters, AFP]\n", 3, "publisher must be text, not a list"),
        ("title: Headline\ndateline: [BEIRUT]\n", 3, "dateline must be text, not a list"),
        ("title: Headline\nid: {x: 1}\n", 3, "id must be text, not a mapping"),
        ("title: Headline\nurl: [https://example.org/]\n", 3, "url must be text, not a list"),
        ("title: Headline\npublished: [2016]\n", 3, "published must be a date, not a list"),
        ("title: 0\n", 2, "title must be text, but 0 is a number"),  # a wrong type, not a missing title
        ("title: yes\n", 2, "title must be text, but yes is true/false"),
        ("title: Headline\npublisher: 1.50\n", 3, "publisher must be text, but 1.50 is a number"),  # as written
    ],
)
def test_front_matter_refuses_a_value_of_the_wrong_shape_with_its_field_and_line(
    meta: str, line: int, says: str
) -> None:
    err = fm_error(meta)
    assert says in err.problem
    assert err.line == line
    no_repr(err.message)


def test_a_title_of_zero_is_a_wrong_type_and_the_fix_quotes_it() -> None:
    err = fm_error("title: 0\n")
    assert "missing" not in err.problem and "no title" not in err.problem
    assert 'title: "0"' in err.fix


@pytest.mark.parametrize(
    ("meta", "shown"),
    [("title: T\npublished: 0001-13\n", "0001-13"), ("title: T\npublished: 20160524\n", "20160524")],
)
def test_published_is_reported_as_written(meta: str, shown: str) -> None:
    err = fm_error(meta)
    assert f"published: {shown}" in err.problem.replace("'", "")  # as written, not the integer YAML reads


def test_published_0001_is_the_year_1_as_written() -> None:
    (article,) = parse_raw_file(make_raw(front("title: T\npublished: 0001\n")))
    assert (article.published, article.published_precision) == ("0001", "year")


def test_a_key_given_twice_is_an_error_naming_both_lines() -> None:
    err = fm_error("title: First\npublisher: A\ntitle: Second\n")
    assert err.line == 4
    assert "the key 'title' is given twice (first on line 2)" in err.problem
    assert "keep one of the two lines" in err.fix


@pytest.mark.parametrize(("key", "hint"), [("tilte", "title"), ("publsher", "publisher"), ("URL", "url")])
def test_an_unknown_front_matter_key_gets_a_did_you_mean_hint(key: str, hint: str) -> None:
    err = fm_error(f"title: T\n{key}: x\n")
    assert f"the key '{key}'" in err.problem
    assert f"did you mean '{hint}'?" in err.fix
    assert err.line == 3


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "vbscript:x",
     "mailto:a@example.org", "ftp://example.org/a", "//example.org/a", "https://"],
)  # fmt: skip
def test_front_matter_refuses_every_non_web_url(url: str) -> None:
    err = fm_error(f'title: T\nurl: "{url}"\n')
    assert "url" in err.problem and "http" in err.fix
    assert err.line == 3


# ---- annotations ---------------------------------------------------------------------------

ANNOTATION = """\
source_id: test-article
claims:
  - id: c01
    quote: "Officials said at least 12 people were killed in Aleppo."
    claimant: Officials
    claimant_type: official
    claim_type: casualties
    hedge: said
"""


def ann_error(text: str) -> ClaimtrailError:
    with pytest.raises(ClaimtrailError) as info:
        parse_annotation(text, "raw/annotations/test-article.yaml")
    return info.value


@pytest.mark.parametrize(
    ("old", "new", "line", "says"),
    [
        ("hedge: said", "hedge: {word: said}", 8, "hedge must be text, not a mapping"),
        ("hedge: said", "hedge: [said, told]", 8, "hedge must be text, not a list"),
        ("claimant: Officials", "claimant: {name: x}", 5, "claimant must be text, not a mapping"),
        ("claimant: Officials", "claimant: [a, b]", 5, "claimant must be text, not a list"),
        ("claimant: Officials", "claimant: 12", 5, "claimant must be text, but 12 is a number"),
        ("hedge: said", "hedge: said\n    event: [a]", 9, "event must be text, not a list"),
        ('quote: "Officials', 'quote: ["Officials', 4, ""),  # a YAML error: unclosed flow sequence
        ("source_id: test-article", "source_id: {a: 1}", 1, "source_id must be text, not a mapping"),
        ("hedge: said", "hedge: said\n    status: reviewed", 9, "status is reviewed"),
    ],
)
def test_annotations_refuse_wrong_shapes_with_field_and_line(old: str, new: str, line: int, says: str) -> None:
    err = ann_error(ANNOTATION.replace(old, new))
    assert says in err.problem
    assert err.line is not None and abs(err.line - line) <= 0 if says else True
    no_repr(err.message)


def test_annotation_duplicate_keys_are_errors() -> None:
    err = ann_error(ANNOTATION.replace("hedge: said", "hedge: said\n    claimant: Others"))
    assert "the key 'claimant' is given twice (first on line 5)" in err.problem
    assert err.line == 9


@pytest.mark.parametrize(
    ("old", "new", "key", "hint"),
    [
        ("hedge: said", "hegde: said", "hegde", "hedge"),
        ("claim_type: casualties", "claimtype: casualties", "claimtype", "claim_type"),
        ("claims:", "claim:", "claim", "claims"),
        ("hedge: said", 'hedge: said\n    figures:\n      - text: "12"\n        mesure: killed', "mesure", "measure"),
    ],
)
def test_unknown_annotation_keys_get_a_hint(old: str, new: str, key: str, hint: str) -> None:
    err = ann_error(ANNOTATION.replace(old, new))
    assert f"the key '{key}'" in err.problem
    assert f"did you mean '{hint}'?" in err.fix


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html;base64,PGI+", "file:///x"])
def test_annotation_source_url_must_be_a_web_address(url: str) -> None:
    err = ann_error(ANNOTATION.replace("claims:", f'source:\n  url: "{url}"\nclaims:'))
    assert err.item == "source" and err.line == 3
    assert "only http:// and https://" in err.problem


def test_reject_must_be_true_or_false() -> None:
    text = ANNOTATION + "    figures:\n      - text: \"12\"\n        reject: 'yes'\n"
    err = ann_error(text)
    assert "reject must be true or false, not yes" in err.problem


@pytest.mark.parametrize(("written", "shown"), [("1e400", "1e400"), (".inf", ".inf"), ("0x10", None)])
def test_figure_numbers_are_reported_as_written(written: str, shown: str | None) -> None:
    text = ANNOTATION + (
        f'    figures:\n      - text: "12"\n        measure: killed\n        qualifier: exact\n'
        f"        value: {written}\n        unit: people\n"
    )
    if shown is None:  # 0x10 is 16 to YAML: a number, and within the limit
        (claim,) = parse_annotation(text, "raw/annotations/test-article.yaml").claims
        assert claim.figures[0].value == 16.0
        return
    err = ann_error(text)
    assert f"not {shown}" in err.problem
    assert err.line == 13


# ---- events, dataset, sidecars ----------------------------------------------------------------

EVENTS = """\
events:
  - id: 2016-05-23-bombings
    title: Bombings
    event_type: bombing
    date_start: 2016-05-23
    date_end: 2016-05-23
    date_precision: day
    date_basis: reported
    places:
      - {name: Aleppo}
    actors: [Islamic State]
"""


def events_error(text: str) -> ClaimtrailError:
    with pytest.raises(ClaimtrailError) as info:
        parse_events(text, "raw/events.yaml")
    return info.value


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("title: Bombings", "title: {a: 1}", "title must be text, not a mapping"),
        ("title: Bombings", "title: [a]", "title must be text, not a list"),
        ("actors: [Islamic State]", "actors: [{name: x}]", "actor 1 of the list is a mapping"),
        ("actors: [Islamic State]", "actors: [[a, b]]", "actor 1 of the list is a list"),
        ("actors: [Islamic State]", "actors: Islamic State", "actors must be a list of names, not text"),
        ("actors: [Islamic State]", "actors: [Islamic State, 12]", "actor 2 of the list is a number"),
        ("- {name: Aleppo}", "- {name: [Aleppo]}", "name must be text, not a list"),
        ("- {name: Aleppo}", "- {name: Aleppo, levle: city}", "the key 'levle'"),
        ("date_basis: reported", "date_basis: reported\n    date_basis: again", "given twice"),
        ("date_basis: reported", "datebasis: reported", "the key 'datebasis'"),
        ("date_start: 2016-05-23", "date_start: [2016-05-23]", "date_start must be a date, not a list"),
        ("- {name: Aleppo}", "- {name: Aleppo, level: town}", "level 'town' is not one of city, country"),
    ],
)
def test_events_refuse_wrong_shapes(old: str, new: str, says: str) -> None:
    err = events_error(EVENTS.replace(old, new))
    assert says in err.problem, err.message
    assert err.line is not None
    no_repr(err.message)


def test_event_actor_names_are_kept_as_text() -> None:
    (event,) = parse_events(EVENTS.replace("[Islamic State]", '["Islamic State", "Syrian government"]'), "e.yaml")
    assert event.actors == ("Islamic State", "Syrian government")


DATASET = (REPO_ROOT / "raw" / "dataset.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("version: 0.1.0", "version: 1.10", "version must be text, but 1.10 is a number"),
        ("version: 0.1.0", "version: {a: 1}", "version must be text, not a mapping"),
        ("name: syria-may-2016", "nmae: syria-may-2016", "the key 'nmae'"),
        (
            "homepage: https://claimtrail.github.io/syria-may-2016/",
            'homepage: "javascript:alert(1)"',
            "a javascript: address",
        ),
        ("id: https://claimtrail.github.io/syria-may-2016/", "id: data:text/html,hi", "a data: address"),
        (
            "path: https://creativecommons.org/licenses/by/4.0/",
            "path: javascript:alert(1)",
            "a javascript: address",
        ),
        ("keywords: [Syria,", "keywords: [{a: 1},", "keyword"),
    ],
)
def test_dataset_refuses_wrong_shapes_and_non_web_addresses(old: str, new: str, says: str) -> None:
    assert old in DATASET
    with pytest.raises(ClaimtrailError) as info:
        dataset_metadata(DATASET.replace(old, new), "raw/dataset.yaml")
    assert says in info.value.problem, info.value.message
    assert info.value.line is not None


def sidecar(**changes: str) -> str:
    data = b"text\n"
    fields = {
        "file": "a.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": "5",
        "kind": "article",
        "description": "d",
        "origin": "handed over",
        "retrieved": "2026-01-01",
        "licence": "l",
        **changes,
    }
    return "".join(f"{k}: {v}\n" for k, v in fields.items())


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"origin": '"javascript:alert(1)"'}, "a javascript: address"),
        ({"origin": "file:///home/x/a.txt"}, "a file: address"),
        ({"description": "{a: 1}"}, "description must be text, not a mapping"),
        ({"licence": "[a, b]"}, "licence must be text, not a list"),
        ({"licnece": "x"}, "the key 'licnece'"),
    ],
)
def test_sidecars_refuse_wrong_shapes_and_non_web_origins(changes: dict[str, str], says: str) -> None:
    with pytest.raises(ClaimtrailError) as info:
        provenance_from_sidecar(sidecar(**changes), "raw/a.txt.provenance.yaml")
    assert says in info.value.problem, info.value.message
    assert info.value.line is not None or "lacks" in info.value.problem


def test_sidecar_prose_with_a_colon_and_web_origins_are_accepted() -> None:
    for origin in ("https://example.org/a", "Note: handed over by the editor", "hand-over (USB stick)"):
        assert provenance_from_sidecar(sidecar(origin=f'"{origin}"'), "s.yaml")["origin"] == origin


def test_a_sidecar_sha256_of_digits_only_is_kept_as_written() -> None:
    digits = "0" * 63 + "1"
    assert provenance_from_sidecar(sidecar(sha256=digits), "s.yaml")["sha256"] == digits


def test_reserved_keys_are_refused() -> None:
    with pytest.raises(ClaimtrailError) as info:
        load_yaml("__line__: 3\n", "x.yaml")
    assert "reserved" in info.value.problem


# ---- property-based: no internal error from any YAML the readers are given ----------------------

_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_keys = st.sampled_from(
    ["title", "publisher", "url", "published", "id", "dateline", "source_id", "claims", "quote", "claimant", "hedge",
     "figures", "value", "events", "actors", "places", "name", "version", "licenses", "origin", "sha256", "bytes", "x"]
)  # fmt: skip
_documents = st.dictionaries(_keys, _value, max_size=6)


def _dump(doc: object) -> str:
    import yaml

    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_documents, claim=st.dictionaries(_keys, _value, max_size=6))
def test_no_yaml_reader_fails_with_anything_but_a_claimtrail_error(doc: dict[str, object], claim: object) -> None:
    readers = (
        lambda t: parse_annotation(t, "raw/annotations/a.yaml"),
        lambda t: parse_events(t, "raw/events.yaml"),
        lambda t: dataset_metadata(t, "raw/dataset.yaml"),
        lambda t: provenance_from_sidecar(t, "raw/a.txt.provenance.yaml"),
        lambda t: parse_raw_file(make_raw(f"---\n{t}---\n{BODY}")),
    )
    for text in (_dump(doc), _dump({**doc, "claims": [claim], "events": [claim]})):
        for read in readers:
            try:
                read(text)
            except ClaimtrailError as exc:
                no_repr_of_collections(exc.message)


def no_repr_of_collections(message: str) -> None:
    assert "{'" not in message and "['" not in message, message


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(meta=st.text(max_size=200))
def test_the_front_matter_parser_never_fails_with_an_internal_error(meta: str) -> None:
    with contextlib.suppress(ClaimtrailError):
        parse_raw_file(make_raw(f"---\n{meta}\n---\n{BODY}"))


def test_helpers_are_importable() -> None:
    assert Path(REPO_ROOT / "raw" / "dataset.yaml").is_file()


def test_an_id_too_long_for_a_page_name_is_refused_and_a_generated_one_is_cut() -> None:
    err = fm_error("title: T\nid: " + "a" * 201 + "\n")
    assert "id has 201 characters" in err.problem and err.line == 3
    (article,) = parse_raw_file(make_raw(front("title: Headline of it\npublisher: " + "Long Name " * 100 + "\n")))
    assert len(article.source_id) <= 200 and not article.source_id.endswith("-")


def test_an_event_id_too_long_for_a_page_name_is_refused() -> None:
    err = events_error(EVENTS.replace("id: 2016-05-23-bombings", "id: 2016-" + "b" * 200))
    assert "event id has 205 characters" in err.problem and err.line == 2


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\x07"])
def test_a_url_with_an_invisible_character_is_refused(char: str) -> None:
    err = fm_error(f'title: T\nurl: "https://example.org/a{char}b"\n')
    assert f"U+{ord(char):04X}" in err.problem and err.line == 3
