"""Tokens, sentences (pysbd on each line of the article, located in the text by search) and number mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pysbd

_TOKEN = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<punct>\S)")


_LINE = re.compile(r"[^\r\n]+")


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


# pysbd's time grows with the square of its input (and worse on runs of "a. a. a."), so a line
# longer than this is cut into pieces of at most this many characters before pysbd sees it: at a
# sentence end if there is one in the piece's second half, else at a space, else anywhere.  No line
# of a real article comes near it (the longest in the corpora is under 1,000), so ordinary texts
# split exactly as before, and splitting stays linear in the length of any text.
MAX_SEGMENT_CHARS = 1000


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


_SPACE = re.compile(r"\s+")


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
    # Whether a token is the first of its line: no token since the last LF.  Tracked as we go
    # (looking back to the line start for every token is quadratic on a one-line text).
    back = start - 1
    while back >= 0 and text[back] != "\n" and text[back].isspace():  # only the blanks before this span
        back -= 1
    line_start = back < 0 or text[back] == "\n"
    for m in _TOKEN.finditer(text, start, end):
        s = m.group(0)
        if prev_end >= 0:
            line_start = "\n" in text[prev_end : m.start()]
        out.append(_Tok(s, s.lower(), m.start(), m.end(), m.lastgroup or "punct", m.start() != prev_end, line_start))
        prev_end = m.end()
    return out


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into pieces of at most MAX_SEGMENT_CHARS, at sentence ends where possible."""
    pieces: list[tuple[int, int]] = []
    pos = start
    while end - pos > MAX_SEGMENT_CHARS:
        limit = pos + MAX_SEGMENT_CHARS
        cut = 0
        for pattern in (_SENTENCE_END, _SPACE):
            for m in pattern.finditer(text, pos + MAX_SEGMENT_CHARS // 2, limit):
                cut = m.end()
            if cut:
                break
        cut = cut or limit
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, end))
    return pieces


def _sentences(text: str, start: int, end: int) -> list[_Sentence]:
    """Sentences of text[start:end]: pysbd within each line, located by search."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    spans: list[tuple[int, int]] = []
    for line_match in _LINE.finditer(text, start, end):
        for seg_start, seg_end in _segments(text, line_match.start(), line_match.end()):
            spans.extend(_segment_spans(segmenter, text, seg_start, seg_end))
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


def _pysbd_pieces(segmenter: pysbd.Segmenter, line: str) -> list[str]:
    """What ``segmenter.segment(line)`` returns (each sentence with its trailing whitespace), found by str.find.

    pysbd locates each sentence with a regex compiled from the sentence itself, which costs a compile per
    sentence and evicts every other pattern from the re module's cache; this is the same search without it:
    the first occurrence (scanning left to right, matches not overlapping) that ends after the previous one.
    """
    pieces: list[str] = []
    prior_end = 0
    for sent in segmenter.processor(line).process():
        pos = 0
        while (at := line.find(sent, pos)) >= 0:
            end = at + len(sent)
            while end < len(line) and line[end].isspace():
                end += 1
            if end > prior_end:
                pieces.append(line[at:end])
                prior_end = end
                break
            pos = max(end, at + 1)
    return pieces


def _segment_spans(segmenter: pysbd.Segmenter, text: str, cursor: int, line_end: int) -> list[tuple[int, int]]:
    """Sentence spans of one line (or piece of a long line), located by search."""
    spans: list[tuple[int, int]] = []
    line = text[cursor:line_end]
    if not line.strip():
        return spans
    for piece in _pysbd_pieces(segmenter, line):
        sent = piece.strip()
        at = text.find(sent, cursor, line_end) if sent else -1
        if at < 0:  # pysbd changed the text: the rest of the line is one sentence
            break
        spans.append((at, at + len(sent)))
        cursor = at + len(sent)
    rest = text[cursor:line_end]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return spans


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
