"""Stage 2, parse: split a raw file into articles and infer each article's metadata.

Three shapes of raw file are accepted:

* a **compilation page** (a blog page that reposts articles): each article ends
  at its line ``Source: <title> <separator> <publisher>``; header lines such as
  ``Category: Syria`` and footers such as ``%d bloggers like this:`` are page
  furniture, not article text;
* a **single-article file** starting with YAML front matter between two ``---``
  lines (``title``, ``publisher``, ``url``, ``published``, ``id``, ...);
* **plain text**, one article with no metadata (its first line is the title).

Every offset counts code points of the decoded raw file.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ClaimtrailError
from ..text import line_at, slugify
from ..yamlio import key_line, load_yaml
from .dates import NoSuchDate, NotADate, partial_date
from .fields import MAX_ID_CHARS, check_keys, cut_id, date_text, text_field, web_url
from .files import RawFile
from .record import ARTICLE_SHAPES as ARTICLE_SHAPES  # re-exported: the parser's records
from .record import Article as Article
from .record import article_sha256 as article_sha256
from .record import article_text as article_text
from .record import source_id_for as source_id_for
from .record import with_curated_metadata as with_curated_metadata

# Lines a blogging platform adds around reposted articles.  Matched as whole
# lines, only at the head or tail of an article chunk.
FURNITURE_LINE = re.compile(
    r"^(?:Category|Categories|Tags?|Posted in|Filed under):\s.*$"
    r"|^%d bloggers like this:?$"
    r"|^(?:Share this|Like this|Related|Loading\.\.\.|Advertisements|Rate this):?$",
    re.IGNORECASE,
)


SOURCE_LINE = re.compile(r"(?:^|(?<=\r))Source:[ \t]*(?P<rest>\S.*?)[ \t]*(?=\r|$)", re.MULTILINE)


# A line ends at LF, CRLF or a lone CR (old Mac files); offsets keep every character.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


# "WASHINGTON (Reuters) – ", "BEIRUT, May 23 (AFP) - ", "DAMASCUS — "
DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-Z][A-Z .'\-]{1,40}?)(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?:\s*\((?P<agency>[^()\r\n]{2,40})\))?)\s*[–—-]{1,2}\s+"
)


# Separators between a headline and the outlet on a Source line, most specific first.
PIPE = " | "


DASHES = (" – ", " — ", " - ")


# "debkafile’s military and intelligence sources": an outlet naming its own sources.
SELF_REFERENCE = re.compile(
    r"\b(?P<name>[A-Za-z][\w.-]{2,40}?)(?:’s|'s|s)\s+(?:(?:own|military|intelligence|and|exclusive|Middle|East|Washington|Moscow)\s+){0,4}sources\b"
)


NOT_OUTLETS = frozenset({"the", "our", "their", "its", "his", "her", "other", "these", "those", "western", "security"})


FRONT_MATTER_FIELDS = (
    "id",
    "title",
    "publisher",
    "url",
    "published",
    "published_basis",
    "dateline",
    "language",
    "author",
)


# The three shapes of raw file an article comes from (Article.kind); raw.files.FILE_KINDS are what sidecars declare.


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past blank lines and furniture lines at either edge."""
    lines: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = LINE_BREAK.search(text, pos, end)
        stop = end if nl is None else nl.start()
        lines.append((pos, stop))
        pos = end if nl is None else nl.end()

    def is_filler(span: tuple[int, int]) -> bool:
        line = text[span[0] : span[1]].strip()
        return not line or bool(FURNITURE_LINE.match(line))

    head, tail = 0, len(lines)  # indices, not list.pop(0): a million blank lines stay linear
    while head < tail and is_filler(lines[head]):
        head += 1
    while tail > head and is_filler(lines[tail - 1]):
        tail -= 1
    if head == tail:
        return start, start
    first, last = lines[head], lines[tail - 1]
    s = first[0] + (len(text[first[0] : first[1]]) - len(text[first[0] : first[1]].lstrip()))
    e = last[1] - (len(text[last[0] : last[1]]) - len(text[last[0] : last[1]].rstrip()))
    return s, e


def _split_source_line(rest: str) -> tuple[str, str, str]:
    """(title, publisher candidate, separator) from the text after 'Source:'."""
    if PIPE in rest:
        parts = rest.split(PIPE)
        return parts[0].strip(), parts[-1].strip(), PIPE
    for dash in DASHES:
        if dash in rest:
            head, _, tail = rest.rpartition(dash)
            return head.strip(), tail.strip(), dash
    return rest.strip(), "", ""


def _dateline(body: str) -> tuple[str, str]:
    """(dateline, agency) at the head of an article body, or empty strings."""
    m = DATELINE.match(body)
    if not m:
        return "", ""
    place = m.group("place").strip()
    if not any(c.isalpha() for c in place) or place != place.upper():
        return "", ""
    return m.group("dateline").strip(), (m.group("agency") or "").strip()


def _self_reference(body: str) -> str:
    """An outlet naming its own sources ("debkafile’s ... sources"), seen at least twice."""
    tried: set[str] = set()
    for m in SELF_REFERENCE.finditer(body):
        name = m.group("name")
        if name.lower() in NOT_OUTLETS or name in tried:
            continue
        if len(tried) >= 50:  # each name costs a pass over the body: a bounded number of them keeps it linear
            break
        tried.add(name)
        # A capitalised word is as likely a state ("Syria's sources"); an outlet's
        # self-reference is usually a brand written its own way (debkafile, IranWire).
        if name[0].isupper() and not re.search(r"[a-z][A-Z]|file|news|\.com", name):
            continue
        stem = re.escape(name)
        if len(re.findall(rf"\b{stem}", body, flags=re.IGNORECASE)) >= 2:
            return name
    return ""


def _publisher(title_rest: str, body: str) -> tuple[str, str, str]:
    """(title, publisher, publisher_basis) from the Source line, dateline or text."""
    title, tail, sep = _split_source_line(title_rest)
    _, agency = _dateline(body)
    if sep == PIPE and tail:
        return title, tail, f"Source line: “… | {tail}”"
    if agency:
        if tail and tail.lower() == agency.lower():
            return title, agency, f"Source line and dateline: “({agency})”"
        # A dash tail that disagrees with the dateline belongs to the headline
        # (Reuters headlines end in ": U.S." / "– U.S.").
        return title_rest.strip(), agency, f"dateline: “({agency})”"
    if tail:
        return title, tail, f"Source line: “… {sep.strip()} {tail}”"
    own = _self_reference(body)
    if own:
        return title, own, f"text: “{own}’s … sources”"
    return title, "", ""


def _published_from_front_matter(value: object, file: str, line: int | None) -> tuple[str, str]:
    text = str(value).strip()
    try:
        return partial_date(text)
    except NotADate:
        raise ClaimtrailError(
            file,
            f"published: {text!r} is not a date",
            "write published as YYYY-MM-DD, YYYY-MM or YYYY",
            line=line,
        ) from None
    except NoSuchDate:
        raise ClaimtrailError(
            file,
            f"published: {text} is not a date that exists",
            "check the day and month (e.g. February has 28 or 29 days)",
            line=line,
        ) from None


def parse_compilation_page(raw: RawFile) -> list[Article]:
    """Split a compilation page at its Source lines into articles."""
    text = raw.text
    matches = list(SOURCE_LINE.finditer(text))
    if not matches:
        raise ClaimtrailError(
            raw.path,
            "the sidecar says this is a compilation page, but no line starts with 'Source:'",
            "end each compiled article with a line 'Source: <title> – <publisher>', or set "
            "kind: article in the sidecar",
        )
    articles: list[Article] = []
    prev_end = 1 if text.startswith("\ufeff") else 0  # a byte-order mark belongs to no article
    for index, m in enumerate(matches, start=1):
        body_start, body_end = _strip_span(text, prev_end, m.start())
        if body_end <= body_start:
            raise ClaimtrailError(
                raw.path,
                f"the Source line “{m.group(0)[:80]}” has no article text above it",
                "remove the stray Source line or put the article's text above it",
                line=line_at(text, m.start()),
            )
        body = text[body_start:body_end]
        title, publisher, publisher_basis = _publisher(m.group("rest"), body)
        dateline, _ = _dateline(body)
        articles.append(
            Article(
                source_id=source_id_for(publisher, title, f"{raw.path}-{index}"),
                raw_path=raw.path,
                index=index,
                char_start=body_start,
                char_end=m.end(),
                body_start=body_start,
                body_end=body_end,
                title=title,
                publisher=publisher,
                publisher_basis=publisher_basis,
                dateline=dateline,
                published="",
                published_precision="unknown",
                published_basis="",
                published_note="",
                url="",
                kind="compilation_page",
            )
        )
        prev_end = m.end()
    tail_start, tail_end = _strip_span(text, prev_end, len(text))
    if tail_end > tail_start:
        raise ClaimtrailError(
            raw.path,
            f"text after the last Source line belongs to no article: “{text[tail_start : tail_start + 60]}…”",
            "end that article with its own 'Source: <title> – <publisher>' line, or remove the text",
            line=line_at(text, tail_start),
        )
    return articles


def front_matter_span(text: str) -> tuple[int, int] | None:
    """(start, end) of the YAML between the '---' lines, or None if there is none."""
    offset = 1 if text.startswith("\ufeff") else 0
    if not text.startswith("---", offset):
        return None
    first_nl = LINE_BREAK.search(text, offset)
    if first_nl is None or text[offset : first_nl.start()] != "---":
        return None
    closing = re.compile(r"(?:^|(?<=\r))---[ \t]*(?=\r|$)", re.MULTILINE)
    m = closing.search(text, first_nl.end())
    if m is None:
        return None
    return first_nl.end(), m.start()


def parse_front_matter_article(raw: RawFile) -> Article:
    """A single-article file: YAML front matter, then the body."""
    text = raw.text
    meta, fm_start, fm_end = _front_matter(raw)
    first_line = line_at(text, fm_start)
    check_keys(meta, FRONT_MATTER_FIELDS, raw.path, what="the front matter")
    fields = {k: text_field(meta, k, raw.path) for k in FRONT_MATTER_FIELDS if k != "published"}

    def field_line(key: str) -> int:
        """Line of 'key:' in the front matter (the first field's line if absent)."""
        return (key_line(meta, key) or first_line) if key in meta else first_line

    closing_end = LINE_BREAK.search(text, fm_end)
    after = len(text) if closing_end is None else closing_end.end()
    body_start, body_end = _strip_span(text, after, len(text))
    if body_end <= body_start:
        raise ClaimtrailError(
            raw.path,
            "the file has front matter but no article text after it",
            "add the article's text below the closing '---' line",
            line=line_at(text, fm_end),
        )
    body = text[body_start:body_end]
    title = fields["title"].strip()
    if not title:
        raise ClaimtrailError(
            raw.path, "the front matter has no title", "add a line 'title: <headline>'", line=field_line("title")
        )
    dateline, agency = _dateline(body)
    publisher, basis = _front_matter_publisher(fields["publisher"], agency, body)
    published, precision, pub_basis = "", "unknown", ""
    written_date = date_text(meta, "published", raw.path)
    if written_date:
        published, precision = _published_from_front_matter(written_date, raw.path, field_line("published"))
        recorded = " ".join(str(meta.get("published_basis") or "").split())  # where `add` found the date
        pub_basis = f"front matter: published ({recorded})" if recorded else "front matter: published"
    ident = fields["id"].strip() or source_id_for(publisher, title, raw.path)
    if slugify(ident) != ident:
        raise ClaimtrailError(
            raw.path,
            f"id {ident!r} is not a valid source id",
            f"use lower-case letters, digits and hyphens, e.g. {slugify(ident) or 'my-article'}",
            line=field_line("id"),
        )
    if len(ident) > MAX_ID_CHARS:
        raise ClaimtrailError(
            raw.path,
            f"id has {len(ident)} characters; an id names the article's page file, so it has at most {MAX_ID_CHARS}",
            f"shorten it, e.g. id: {cut_id(ident)}",
            line=field_line("id"),
        )
    return Article(
        source_id=ident,
        raw_path=raw.path,
        index=1,
        char_start=body_start,
        char_end=body_end,
        body_start=body_start,
        body_end=body_end,
        title=title,
        publisher=publisher,
        publisher_basis=basis,
        dateline=fields["dateline"] or dateline,
        published=published,
        published_precision=precision,
        published_basis=pub_basis,
        published_note="",
        url=web_url(fields["url"], raw.path, "url", line=field_line("url")),
        kind="front_matter",
    )


def _front_matter(raw: RawFile) -> tuple[dict[str, Any], int, int]:
    """The fields of a file's front matter, and the span of its text between the two '---' lines."""
    text = raw.text
    span = front_matter_span(text)
    if span is None:
        raise ClaimtrailError(
            raw.path,
            "the front matter starts with '---' but has no closing '---' line",
            "add a line '---' after the last metadata field",
            line=1,
        )
    fm_start, fm_end = span
    meta = load_yaml(text[fm_start:fm_end], raw.path, line_offset=line_at(text, fm_start) - 1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ClaimtrailError(
            raw.path,
            "the front matter is not a set of 'key: value' lines",
            "write one field per line, e.g. 'title: ...'",
            line=2,
        )
    return meta, fm_start, fm_end  # with its line records: fields are read through raw.fields


def _front_matter_publisher(written: str, agency: str, body: str) -> tuple[str, str]:
    """(publisher, basis): the front matter's, else the dateline's agency, else an outlet naming its own sources."""
    if written.strip():
        return written.strip(), "front matter: publisher"
    if agency:
        return agency, f"dateline: “({agency})”"
    own = _self_reference(body)
    return (own, f"text: “{own}’s … sources”") if own else ("", "")


def parse_plain_article(raw: RawFile) -> Article:
    """Plain text with no metadata: one article whose first line is its title."""
    text = raw.text
    start, end = _strip_span(text, 1 if text.startswith("\ufeff") else 0, len(text))
    if end <= start:
        raise ClaimtrailError(
            raw.path, "the file holds no text", "add the article's text, or remove the file and its sidecar"
        )
    nl = LINE_BREAK.search(text, start, end)
    first_line = text[start : end if nl is None else nl.start()].strip()
    body = text[start:end]
    # The dateline opens the article's first paragraph: the first line, or the first
    # non-blank line after a title line.
    dateline, agency = _dateline(body)
    if not dateline and nl is not None:
        after_title = text[nl.end() : end].lstrip()
        dateline, agency = _dateline(after_title)
    own = "" if agency else _self_reference(body)
    publisher = agency or own
    basis = f"dateline: “({agency})”" if agency else (f"text: “{own}’s … sources”" if own else "")
    title = first_line[:200]
    return Article(
        source_id=source_id_for(publisher, title, raw.path),
        raw_path=raw.path,
        index=1,
        char_start=start,
        char_end=end,
        body_start=start,
        body_end=end,
        title=title,
        publisher=publisher,
        publisher_basis=basis,
        dateline=dateline,
        published="",
        published_precision="unknown",
        published_basis="",
        published_note="",
        url="",
        kind="plain",
    )


def parse_raw_file(raw: RawFile) -> list[Article]:
    """The articles of a raw file, in file order."""
    if front_matter_span(raw.text) is not None or re.match(r"\ufeff?---(?:\r|\n)", raw.text):
        return [parse_front_matter_article(raw)]
    if raw.provenance.get("kind") == "compilation_page":
        return parse_compilation_page(raw)
    return [parse_plain_article(raw)]
