"""raw/dataset.yaml: the dataset's name, title, version, description, licences and contributors, checked."""

from __future__ import annotations

from typing import Any

from ..errors import ClaimtrailError
from ..yamlio import key_line, line_of, load_yaml, strip_lines, user_keys
from .fields import check_keys, kind_of, non_web_scheme, text_field, web_url

DATASET_KEYS = (
    "name", "title", "version", "description", "homepage", "id", "keywords", "licenses", "contributors",
    "raw_licence_note", "default_licence",
)  # fmt: skip


def dataset_metadata(text: str, path: str) -> dict[str, Any]:
    data = load_yaml(text, path)
    if not isinstance(data, dict):
        raise ClaimtrailError(path, "the dataset file is not a mapping", "write 'name: ...', 'title: ...' and so on")
    check_keys(data, DATASET_KEYS, path, what="the dataset file")
    for key in ("name", "title", "version", "description"):
        text_field(data, key, path, required=True, fix_missing=f"add '{key}:' to the dataset file")
    for key in ("raw_licence_note", "default_licence"):
        text_field(data, key, path)
    for key in ("homepage", "id"):  # an empty value declares none
        if data.get(key):
            web_url(text_field(data, key, path), path, key, line=key_line(data, key))
    for key in ("licenses", "contributors"):
        if not data.get(key):
            raise ClaimtrailError(path, f"{key} is missing", f"add '{key}:' to the dataset file")
    for key in ("licenses", "contributors", "keywords"):
        if data.get(key) is not None and not isinstance(data[key], list):
            raise ClaimtrailError(
                path,
                f"{key} must be a list, not {str(data[key])[:40]!r}",
                f"write each entry of {key} as a '- ...' item under it",
                line=key_line(data, key),
            )
    for key in ("licenses", "contributors"):
        for entry in data[key]:
            _check_entry(entry, key, path, line_of(data))
    for word in data.get("keywords") or []:
        if not isinstance(word, str):
            raise ClaimtrailError(
                path,
                f"keyword {word!r} is {kind_of(word)}, not text",
                "write each keyword as text",
                line=key_line(data, "keywords"),
            )
    return dict(strip_lines(data))


def _check_entry(entry: Any, key: str, path: str, line: int | None) -> None:
    """A licence or contributor: a mapping of text fields; its path (a URL there) only http(s)."""
    if not isinstance(entry, dict):
        raise ClaimtrailError(
            path,
            f"an entry of {key} is {kind_of(entry)}, not a mapping",
            f"write each entry of {key} as '- name: ...' or '- title: ...' with its fields",
            line=line,
        )
    for field in user_keys(entry):
        if isinstance(entry[field], list):  # roles: [creator, curator]
            if not all(isinstance(v, str) for v in entry[field]):
                raise ClaimtrailError(
                    path, f"{field} must be a list of words", f"write {field}: [a, b]", line=key_line(entry, str(field))
                )
            continue
        value = text_field(entry, str(field), path, item=f"{key} entry")
        if field == "path" and non_web_scheme(value):
            web_url(value, path, f"{key} path", line=key_line(entry, "path"), item=f"{key} entry")
        elif field in ("email",) and non_web_scheme(value):
            raise ClaimtrailError(
                path,
                f"email {value!r} is an address with a scheme",
                "write the bare e-mail address, e.g. a@b.org",
                line=key_line(entry, field),
                item=f"{key} entry",
            )
