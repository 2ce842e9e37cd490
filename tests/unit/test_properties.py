"""Property-based: random article texts with figures inserted at random never crash the pure stages.

Hypothesis writes article bodies of random Unicode letters (Latin, Arabic, Hebrew,
CJK ...), digits, punctuation, bidi and zero-width characters, joined by random
line breaks (LF, CRLF, lone CR), sometimes behind a byte-order mark, with
sentences "At least N people were killed in PLACE." inserted at random.  An
annotation claims every inserted sentence (with its figure) and lists the
remaining text as non-claims.  Parsing and building the tables must either work
or stop with a ClaimtrailError; when they work, every anchored text is its raw
slice, the claims are exactly the inserted sentences, and every table reads back
from its CSV bytes identically through csv, frictionless and DuckDB.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claimtrail.errors import ClaimtrailError
from claimtrail.package import DIALECT, format_cell, table_csv
from claimtrail.raw.annotations import parse_annotation
from claimtrail.raw.articles import parse_raw_file
from claimtrail.rows.corpus import Corpus, build_tables
from claimtrail.schema import TABLES
from helpers import make_raw

SOURCE_ID = "prop-article"
ANN_PATH = f"raw/annotations/{SOURCE_ID}.yaml"
FRONT_MATTER = f"---\ntitle: A random article\npublisher: Random Wire\nid: {SOURCE_ID}\npublished: 2016-05-24\n---\n"

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
ODD_CHARS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u2066\u2069\u00a0\u0301\ufeff"  # zero-width, bidi, NBSP, combining
letters = st.characters(
    whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Po", "Pd", "Ps", "Pe", "Zs", "Mn", "Sm", "Sc"),
    blacklist_characters="\x85\u2028\u2029",
)
filler_text = st.text(
    st.one_of(
        letters, st.sampled_from(ARABIC + HEBREW + ODD_CHARS + " .,;:!?'\"-–—()=+@#%&*/"), st.sampled_from("0123456789")
    ),
    min_size=1,
    max_size=60,
)
figure_sentence = st.builds(
    lambda n, place: f"At least {n} people were killed in {place}.",
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(["Aleppo", "Jableh", "جبلة", "טרטוס", "Tartous", "the \u202bمدينة\u202c"]),
)
chunk = st.one_of(st.tuples(st.just("figure"), figure_sentence), st.tuples(st.just("filler"), filler_text))
separator = st.sampled_from([" ", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"])


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int]]]:
    """(raw text, [(kind, chunk text, offset in the raw text)]) with at least one figure sentence."""
    parts = draw(st.lists(chunk, min_size=1, max_size=12))
    if not any(kind == "figure" for kind, _ in parts):
        parts.insert(draw(st.integers(0, len(parts))), ("figure", draw(figure_sentence)))
    text = ("\ufeff" if draw(st.booleans()) else "") + FRONT_MATTER
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    placed = []
    for i, (kind, words) in enumerate(parts):
        if i:
            text += draw(separator)
        placed.append((kind, words, len(text)))
        text += words
    return text + draw(st.sampled_from(["", "\n", "\r\n", "\r"])), placed


def _occurrence(text: str, quote: str, at: int, lo: int, hi: int) -> int | None:
    """1-based occurrence of `quote` starting at `at`, counted the way claimtrail.rows.anchor counts."""
    starts = []
    pos = text.find(quote, lo, hi)
    while pos != -1 and pos + len(quote) <= hi:
        starts.append(pos)
        pos = text.find(quote, pos + 1, hi)
    return starts.index(at) + 1 if at in starts else None


def _annotation(text: str, placed: list[tuple[str, str, int]], lo: int, hi: int) -> tuple[str, dict[str, str]]:
    """YAML of the annotation: a claim per inserted sentence, a non-claim per other chunk; and the claims' quotes."""
    claims, non_claims, quotes = [], [], {}
    for kind, words, at in placed:
        quote = words.strip()
        if not quote:
            continue
        occurrence = _occurrence(text, quote, at + words.index(quote), lo, hi)
        if occurrence is None:  # outside the article (trimmed at its edges)
            continue
        if kind == "figure":
            local = f"c{len(claims) + 1:03d}"
            n = int(quote.split()[2])
            claims.append(
                {
                    "id": local,
                    "quote": quote,
                    "occurrence": occurrence,
                    "claimant": "Random Wire",
                    "claimant_type": "outlet",
                    "claim_type": "casualties",
                    "figures": [
                        {
                            "text": f"At least {n}",
                            "measure": "killed",
                            "qualifier": "at_least",
                            "value": n,
                            "unit": "people",
                        }
                    ],
                }
            )
            quotes[f"{SOURCE_ID}-{local}"] = quote
        else:
            non_claims.append({"quote": quote, "occurrence": occurrence, "reason": "rhetoric"})
    data = {"source_id": SOURCE_ID, "claims": claims, "non_claims": non_claims}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert yaml.safe_load(dumped) == data  # PyYAML itself keeps every string
    return dumped, quotes


def _frictionless_rows(path: Path, table: Any) -> list[dict[str, Any]]:
    schema = {k: v for k, v in table.table_schema().items() if k != "foreignKeys"}  # one table, no package
    resource = frictionless.Resource(
        path=str(path),
        schema=frictionless.Schema.from_descriptor(schema),
        dialect=frictionless.Dialect.from_descriptor({k: v for k, v in DIALECT.items() if k != "$schema"}),
        encoding="utf-8",
        format="csv",
    )
    return [dict(row) for row in resource.read_rows()]


def _check_round_trip(tables: dict[str, list[dict[str, Any]]], tmp: Path) -> None:
    con = duckdb.connect(":memory:")
    try:
        for t in TABLES:
            rows = tables[t.name]
            expected = [[format_cell(row[f]) for f in t.field_names] for row in rows]
            data = table_csv(t, rows)
            by_csv = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
            assert by_csv == [list(t.field_names), *expected], t.name
            path = tmp / f"{t.name}.csv"
            path.write_bytes(data)
            strings = [i for i, f in enumerate(t.fields) if f.type == "string"]
            by_frictionless = _frictionless_rows(path, t)
            assert [
                ["" if r[t.field_names[i]] is None else r[t.field_names[i]] for i in strings] for r in by_frictionless
            ] == [[row[i] for i in strings] for row in expected], t.name
            if not rows:
                continue
            by_duckdb = con.execute(
                "SELECT * FROM read_csv(?, header = true, all_varchar = true, quote = '\"', escape = '\"', delim = ',')",
                [str(path)],
            ).fetchall()
            assert [["" if v is None else v for v in r] for r in by_duckdb] == expected, t.name
    finally:
        con.close()


@pytest.mark.slow  # hypothesis builds a hundred random articles
@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(articles())
def test_random_articles_build_or_fail_cleanly_and_round_trip(article: tuple[str, list[tuple[str, str, int]]]) -> None:
    text, placed = article
    raw = make_raw(text, path="raw/prop-article.md")
    assert raw.text == text
    try:
        parsed = parse_raw_file(raw)
        [art] = parsed
        yaml_text, quotes = _annotation(text, placed, art.char_start, art.char_end)
        ann = parse_annotation(yaml_text, ANN_PATH)
        corpus = Corpus(
            articles=tuple(parsed),
            raw_texts={raw.path: raw.text},
            raw_sha256={raw.path: raw.sha256},
            annotations={SOURCE_ID: ann},
            events=(),
        )
        tables = build_tables(corpus)
    except ClaimtrailError as exc:  # bad input is allowed; a crash is not
        assert exc.message.startswith("error: ") and "\n  fix: " in exc.message
        event(f"ClaimtrailError: {exc.problem[:40]}")
        return
    event("built")
    assert art.source_id == SOURCE_ID
    claims = [c for c in tables["claims"] if c["review_status"] == "curated"]
    assert {c["claim_id"]: c["quote"] for c in claims} == quotes  # never normalised
    for t in TABLES:
        fields = set(t.field_names)
        for column in ("quote", "text"):
            if column in fields and {"char_start", "char_end"} <= fields:
                for row in tables[t.name]:
                    assert raw.text[row["char_start"] : row["char_end"]] == row[column], (t.name, row)
    for f in tables["figures"]:
        if f["claim_id"] in quotes:
            assert f["text"].startswith("At least ") and f["low"] == f["value"] == float(f["text"].split()[2])
    for s in tables["sentences"]:
        assert not set(s["text"]) & {"\r", "\n"}
    with tempfile.TemporaryDirectory() as tmp:
        _check_round_trip(tables, Path(tmp))
