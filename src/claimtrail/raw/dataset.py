"""raw/dataset.yaml: the dataset's name, title, version, description, licences and contributors, checked."""

from __future__ import annotations

from typing import Any

from ..errors import ClaimtrailError
from ..yamlio import load_yaml, strip_lines


def dataset_metadata(text: str, path: str) -> dict[str, Any]:
    data = load_yaml(text, path)
    if not isinstance(data, dict):
        raise ClaimtrailError(path, "the dataset file is not a mapping", "write 'name: ...', 'title: ...' and so on")
    data = strip_lines(data)
    for key in ("name", "title", "version", "description", "licenses", "contributors"):
        if not data.get(key):
            raise ClaimtrailError(path, f"{key} is missing", f"add '{key}:' to the dataset file")
    for key in ("licenses", "contributors", "keywords"):
        if data.get(key) is not None and not isinstance(data[key], list):
            raise ClaimtrailError(
                path,
                f"{key} must be a list, not {str(data[key])[:40]!r}",
                f"write each entry of {key} as a '- ...' item under it",
                line=next((n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:")), None),
            )
    for key in ("homepage", "id"):
        value = data.get(key)
        if value and not str(value).startswith(("https://", "http://")):
            raise ClaimtrailError(
                path,
                f"{key} must be an http(s) address, not {str(value)[:60]!r}",
                f"write the full address, e.g. '{key}: https://example.org/my-dataset/'",
                line=next((n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:")), None),
            )
    return dict(data)
