"""Stages 1–2, raw: the contents of raw/, text in and typed records out (pure: the runner reads the files).

* `files`: a raw file's bytes checked against its provenance sidecar and decoded (RawFile);
* `articles`: the articles of a raw file, in its three shapes (compilation page, front matter, plain);
* `annotations`: a curator's annotation file (claims, figures, non-claims, corrected metadata);
* `events`: raw/events.yaml, places resolved through the gazetteer;
* `dataset`: raw/dataset.yaml.
"""

from __future__ import annotations

from .annotations import Annotation, ClaimNote, FigureNote, NonClaimNote, parse_annotation
from .articles import ARTICLE_SHAPES, Article, article_text, front_matter_span, parse_raw_file
from .dataset import dataset_metadata
from .events import Event, Place, parse_events
from .files import (
    ARTICLE_SUFFIXES,
    FILE_KINDS,
    REQUIRED_PROVENANCE,
    SIDECAR_SUFFIX,
    RawFile,
    decode_raw_file,
    provenance_from_sidecar,
    sidecar_template,
)

__all__ = [
    "ARTICLE_SHAPES",
    "ARTICLE_SUFFIXES",
    "FILE_KINDS",
    "REQUIRED_PROVENANCE",
    "SIDECAR_SUFFIX",
    "Annotation",
    "Article",
    "ClaimNote",
    "Event",
    "FigureNote",
    "NonClaimNote",
    "Place",
    "RawFile",
    "article_text",
    "dataset_metadata",
    "decode_raw_file",
    "front_matter_span",
    "parse_annotation",
    "parse_events",
    "parse_raw_file",
    "provenance_from_sidecar",
    "sidecar_template",
]
