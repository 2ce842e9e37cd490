"""Typed fields of a loaded YAML mapping: text that is text, keys the format knows, web addresses only.

Every reader of a YAML file under raw/ (front matter, sidecars, annotations, events, the dataset)
takes its fields through these, so that a mapping or a list where a string belongs, a number
where text belongs, a key given twice or misspelt, and a `javascript:` address are refused the
same way everywhere: with the field, its line and the value as the file writes it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from ..errors import ClaimtrailError
from ..yamlio import key_line, line_of, user_keys, written

WEB_SCHEMES = ("http", "https")

# Something an address bar or a link would take: a scheme, a colon and no space after it
# ("javascript:alert(1)", "data:text/html,...", "file:///etc", "mailto:a@b"); "Note: ..." is prose.
_URL_LIKE = re.compile(r"^\s*(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):(?=\S)")

_WEB_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


def kind_of(value: Any) -> str:
    """What a YAML value is, in the words of a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    return "text"


def shown(mapping: dict[str, Any], key: str) -> str:
    """The value of `key` as written, for a message: scalars verbatim, collections by their kind."""
    value = mapping.get(key)
    if isinstance(value, (dict, list)):
        return kind_of(value)
    text = written(mapping, key)
    return text if len(text) <= 60 else text[:59] + "…"


def text_field(
    mapping: dict[str, Any],
    key: str,
    file: str,
    *,
    item: str | None = None,
    required: bool = False,
    fix_missing: str | None = None,
) -> str:
    """The text of `key` ('' when absent or empty); a mapping, list, number or true/false is refused."""
    value = mapping.get(key)
    line = key_line(mapping, key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ClaimtrailError(
                file,
                f"{key} is missing",
                fix_missing or f"add '{key}: ...'",
                line=line_of(mapping) if key not in mapping else line,
                item=item,
            )
        return ""
    if not isinstance(value, str):
        raise ClaimtrailError(
            file,
            f"{key} must be text, but {shown(mapping, key)!s} is {kind_of(value)}"
            if not isinstance(value, (dict, list))
            else f"{key} must be text, not {kind_of(value)}",
            f'write {key} on one line as a quoted string, e.g. {key}: "{written(mapping, key) if not isinstance(value, (dict, list)) else "..."}"',
            line=line,
            item=item,
        )
    return value


def date_text(mapping: dict[str, Any], key: str, file: str, *, item: str | None = None) -> str:
    """A date field as written ("0001" stays "0001", "2016-05-24" stays a string), stripped; '' when absent."""
    value = mapping.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool)):
        raise ClaimtrailError(
            file,
            f"{key} must be a date, not {kind_of(value)}",
            f"write {key} as YYYY-MM-DD, YYYY-MM or YYYY",
            line=key_line(mapping, key),
            item=item,
        )
    return written(mapping, key).strip()


def check_keys(mapping: dict[str, Any], known: Iterable[str], file: str, *, what: str, item: str | None = None) -> None:
    """Refuse a key the format does not know, with the closest known key as a hint."""
    allowed = tuple(known)
    for key in user_keys(mapping):
        if isinstance(key, str) and key in allowed:
            continue
        name = str(key)
        close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ClaimtrailError(
            file,
            f"{what} has the key '{name}', which the format does not know",
            f"{hint}the keys of {what} are: {', '.join(allowed)}",
            line=key_line(mapping, key) if isinstance(key, str) else line_of(mapping),
            item=item,
        )


def non_web_scheme(value: str) -> str | None:
    """The scheme of a URL-like value that is not http(s) ("javascript"), else None."""
    m = _URL_LIKE.match(value)
    if m is None or m.group("scheme").lower() in WEB_SCHEMES:
        return None
    return m.group("scheme")


def web_url(value: str, file: str, key: str, *, line: int | None, item: str | None = None, strict: bool = True) -> str:
    """`value` if it is an http(s) address ('' allowed); with strict=False, also any text that is no URL.

    strict: the field is an address (url:, homepage:); otherwise prose that may hold one (origin:).
    """
    url = value.strip()
    if not url:
        return ""
    hidden = next((c for c in url if unicodedata.category(c) in ("Cc", "Cf")), None)
    if hidden is not None:  # a U+202E in an address makes the link read other than where it goes
        raise ClaimtrailError(
            file,
            f"{key} holds the invisible character U+{ord(hidden):04X}",
            f"write {key} without control, bidi or zero-width characters (percent-encode them, e.g. %E2%80%AE)",
            line=line,
            item=item,
        )
    scheme = non_web_scheme(url)
    bad = scheme is not None or (strict and (not _WEB_URL.match(url) or not urlsplit(url).netloc))
    if bad:
        what = f"a {scheme}: address" if scheme else "not a web address"
        raise ClaimtrailError(
            file,
            f"{key} {url[:80]!r} is {what}; only http:// and https:// addresses are accepted",
            f"give the http:// or https:// address, or leave {key} empty when it is unknown",
            line=line,
            item=item,
        )
    return url


# A source id names its page (sources/ID.html) and an event id its (events/ID.html): at most this
# many characters keeps every page name below the 255 bytes a file name can have.
MAX_ID_CHARS = 200


def cut_id(ident: str) -> str:
    """An id of at most MAX_ID_CHARS, cut at a hyphen (a publisher's name of 1,000 letters makes a long slug)."""
    if len(ident) <= MAX_ID_CHARS:
        return ident
    head = ident[:MAX_ID_CHARS]
    return head[: head.rfind("-")] if "-" in head[1:] else head


# occurrence and char_start count positions in a raw file, which holds at most 50 MiB.
MAX_OFFSET = 50 * 1024 * 1024


def whole_number(d: dict[str, Any], key: str, file: str, item: str, minimum: int) -> int | None:
    """The whole number of `key` (None when absent), from `minimum` to MAX_OFFSET; anything else is refused."""
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or value > MAX_OFFSET:
        raise ClaimtrailError(
            file,
            f"{key} must be a whole number from {minimum} to {MAX_OFFSET:,}, not {shown(d, key)}",
            f"fix {key}",
            line=key_line(d, key),
            item=item,
        )
    return value
