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


def _lone_number(sent: _Sentence) -> bool:
    """A line that is only a number ("3.8 million"), as a figure box flattened to text leaves it."""
    toks = sent.toks
    return (
        bool(toks)
        and toks[0].kind == "num"
        and len(toks) <= 2
        and all(t.kind == "num" or t.low in _SCALES for t in toks)
    )


def _caption(sent: _Sentence) -> bool:
    toks = sent.toks
    return 2 <= len(toks) <= 14 and toks[0].text[:1].isupper() and not any(t.kind == "num" for t in toks)


def _label(sent: _Sentence) -> bool:
    """A caption that may carry a date or a number after its first words ("Arrivals since 25 Aug")."""
    toks = sent.toks
    return 2 <= len(toks) <= 14 and toks[0].kind == "word" and toks[0].text[:1].isupper()


_SCALES = frozenset({"hundred", "thousand", "million", "billion"})


def _captioned(sentences: list[_Sentence]) -> list[_Sentence]:
    """The sentences, with each number of a flattened figure box joined to its caption.

    A run of k >= 2 lines that hold only a number, followed by k caption lines,
    is a figure box turned into text: the i-th number goes with the i-th caption.
    """
    out: list[_Sentence] = []
    i, n = 0, len(sentences)
    while i < n:
        pairs = 0  # number line, caption line, number line, caption line ...
        while i + 2 * pairs + 1 < n and _lone_number(sentences[i + 2 * pairs]) and _label(sentences[i + 2 * pairs + 1]):
            pairs += 1
        if pairs >= 2:
            for c in range(pairs):
                num, cap = sentences[i + 2 * c], sentences[i + 2 * c + 1]
                out.extend([_Sentence(num.start, cap.end, num.toks + cap.toks), cap])
            i += 2 * pairs
            continue
        k = 0
        while i + k < n and _lone_number(sentences[i + k]):
            k += 1
        if k >= 2 and i + 2 * k <= n and all(_caption(sentences[i + k + c]) for c in range(k)):
            for c in range(k):
                num, cap = sentences[i + c], sentences[i + k + c]
                out.append(_Sentence(num.start, cap.end, num.toks + cap.toks))
            out.extend(sentences[i + k : i + 2 * k])
            i += 2 * k
            continue
        out.append(sentences[i])
        i += 1
    return out


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
