"""Text and metadata of the 13 real saved pages in ../shared/ingest/ (read in place, never copied).

At least 95% of the passages that belong to the article survive, at most 5% of the passages from
menus, captions, footers and comment boxes do, and headline, publisher and date are those of
page_labels.yaml (our reading of each page) on every page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from ingest_tools import SHARED_INGEST

from claimtrail.ingest.decode import decode_bytes
from claimtrail.ingest.page import ExtractedPage, extract_page

LABELS = yaml.safe_load((Path(__file__).with_name("page_labels.yaml")).read_text(encoding="utf-8"))


def _pages() -> list[dict[str, object]]:
    expected = SHARED_INGEST / "expected.json"
    if not expected.is_file():
        pytest.fail(f"the saved pages are missing: {expected} (shared/ingest/ must sit beside the repository)")
    pages: list[dict[str, object]] = json.loads(expected.read_text(encoding="utf-8"))["pages"]
    return pages


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[dict[str, object], ExtractedPage]]:
    out = {}
    for page in _pages():
        name = str(page["file"])
        data = (SHARED_INGEST / "pages" / name).read_bytes()
        out[name] = (page, extract_page(decode_bytes(data, name).text, str(page["url"]), name))
    return out


def test_every_saved_page_has_labels(extracted: dict[str, tuple[dict[str, object], ExtractedPage]]) -> None:
    assert len(extracted) == 13
    assert set(extracted) == set(LABELS)


def test_passages_headline_publisher_and_date(extracted: dict[str, tuple[dict[str, object], ExtractedPage]]) -> None:
    kept = total_with = leaked = total_without = 0
    rows = [f"{'page':32} {'with':>6} {'without':>8}  headline  publisher  date"]
    wrong = []
    for name, (page, got) in sorted(extracted.items()):
        label = LABELS[name]
        w = sum(s in got.text for s in page["with"])  # type: ignore[attr-defined]
        n = sum(s in got.text for s in page["without"])  # type: ignore[attr-defined]
        kept, total_with = kept + w, total_with + len(page["with"])  # type: ignore[arg-type]
        leaked, total_without = leaked + n, total_without + len(page["without"])  # type: ignore[arg-type]
        ok = {
            "headline": got.meta.title == label["headline"],
            "publisher": got.meta.publisher == label["publisher"],
            "date": got.meta.published == (label["published"] or ""),
        }
        rows.append(
            f"{name:32} {w:>3}/{len(page['with']):<3} {n:>4}/{len(page['without']):<3}  "  # type: ignore[arg-type]
            + "  ".join(f"{k}={'ok' if v else 'WRONG'}" for k, v in ok.items())
            + f"  [{got.meta.published or 'no date'} from {got.meta.published_basis or '-'}]"
        )
        wrong += [
            f"{name}: {k} {getattr(got.meta, {'headline': 'title', 'date': 'published'}.get(k, k))!r}"
            for k, v in ok.items()
            if not v
        ]
    rows.append(
        f"with: {kept}/{total_with} = {kept / total_with:.1%}   without: {leaked}/{total_without} = {leaked / total_without:.1%}"
    )
    print("\n" + "\n".join(rows))
    assert kept / total_with >= 0.95
    assert leaked / total_without <= 0.05
    assert not wrong, wrong


def test_pages_give_their_date_basis_and_canonical_url(
    extracted: dict[str, tuple[dict[str, object], ExtractedPage]],
) -> None:
    for name, (_, got) in extracted.items():
        assert got.meta.published_precision == "day", name
        assert got.meta.published_basis, name
        assert got.meta.url.startswith("https://"), name
        assert got.meta.language == "en" or name.startswith("edition.cnn"), (name, got.meta.language)
        assert got.extractor == "trafilatura" and got.extractor_version
