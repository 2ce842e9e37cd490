"""Tokens, sentences (pysbd on each line of the article, located in the text by search) and number mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pysbd

_TOKEN = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<punct>\S)")


_LINE = re.compile(r"[^\r\n]+")


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # num | word | punct
    gap: bool  # whitespace (or the sentence start) before this token
    line_start: bool  # first token of its line


@dataclass
class _Sentence:
    start: int
    end: int
    toks: list[_Tok] = field(default_factory=list)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text, start, end):
        s = m.group(0)
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        out.append(
            _Tok(s, s.lower(), m.start(), m.end(), m.lastgroup or "punct", m.start() != prev_end, not before.strip())
        )
        prev_end = m.end()
    return out


def _sentences(text: str, start: int, end: int) -> list[_Sentence]:
    """Sentences of text[start:end]: pysbd within each line, located by search."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        if not line.group(0).strip():
            continue
        cursor, line_end = line.start(), line.end()
        for piece in segmenter.segment(line.group(0)):
            sent = str(piece).strip()
            at = text.find(sent, cursor, line_end) if sent else -1
            if at < 0:  # pysbd changed the text: the rest of the line is one sentence
                break
            spans.append((at, at + len(sent)))
            cursor = at + len(sent)
        rest = text[cursor:line_end]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return [_Sentence(s, e, _tokens(text, s, e)) for s, e in spans]


@dataclass
class _Mention:
    first: int  # token index where the number words start (for a range: "between" or A)
    last: int  # token index of the last number token (inclusive; "+" included)
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    q_first: int | None = None  # token index where the qualifier words start
    core: int = -1  # token index of the (first) number itself
    word_one: bool = False  # the number is the single word "one"
    vague: bool = False
