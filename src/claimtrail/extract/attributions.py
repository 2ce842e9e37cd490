"""Attributions: who says so (the claimant) and the reporting words (said, according to, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .findings import Finding
from .tokens import _Sentence, _Tok
from .vocabulary import (
    AUX_ADVERBS,
    AUXILIARIES,
    BOUNDARY_PUNCT,
    CLAUSE_STOPS,
    CONJUNCTIONS,
    DETERMINERS,
    GAVE_OBJECTS,
    MONTHS,
    NEEDS_FIGURE,
    NEEDS_THAT,
    NON_AGENTS,
    PASSIVE_AUXILIARIES,
    SAY_FORMS,
    TITLE_ABBREVIATIONS,
    WEEKDAYS,
)


@dataclass(frozen=True)
class _Claimant:
    start: int
    end: int
    first: int = -1  # token index of the first word


_PREPOSITIONS = frozenset(
    ["in", "on", "at", "to", "from", "by", "with", "into", "near", "over", "about", "during", "against", "under"]
)


def _claimant_back(toks: Sequence[_Tok], j: int) -> tuple[_Claimant | None, str]:
    """Noun phrase ending at token j, read backwards; ('', reason) on failure."""
    k = j
    while k >= 0:
        t = toks[k]
        if t.text == "." and not t.gap and k > 0 and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper():
            k -= 1  # U.S., U.N.
            continue
        if t.text == "." and not t.gap and k > 0 and toks[k - 1].low in TITLE_ABBREVIATIONS:
            k -= 1  # Col. Edgard Arevalo
            continue
        if t.text == ")" and k >= 2 and toks[k - 2].text == "(" and toks[k - 1].text.isupper():
            k -= 3  # The Armed Forces of the Philippines (AFP)
            continue
        if t.kind == "punct" and (t.text in BOUNDARY_PUNCT or t.text != "-"):
            break
        if (
            t.low == "in"
            and k < j
            and toks[k + 1].text[:1].isupper()
            and toks[k + 1].text not in MONTHS + WEEKDAYS
            and k > 0
            and toks[k - 1].kind == "word"
            and toks[k - 1].text[:1].islower()
        ):
            k -= 1  # "the defence ministry in Moscow"
            continue
        if t.low in CLAUSE_STOPS:
            break
        # "military and intelligence sources" stays one phrase; ", and the agency" does not
        if t.low in CONJUNCTIONS and (k == 0 or toks[k - 1].kind == "punct" or toks[k + 1].low in DETERMINERS):
            break
        if j - k >= 10:
            return None, "too long"
        k -= 1
    first = k + 1
    if first > j:
        return None, "empty"
    while first <= j and toks[first].low in CONJUNCTIONS:
        first += 1
    if first > j:
        return None, "empty"
    if toks[first].low in ("a", "an") and k >= 0 and toks[k].low in _PREPOSITIONS:
        return None, "noun use"  # "in an exclusive report"
    if all(t.low in DETERMINERS or t.kind != "word" for t in toks[first : j + 1]):
        return None, "empty"
    return _Claimant(toks[first].start, toks[j].end, first), ""


_FINITE = frozenset({"is", "are", "was", "were", "has", "have", "had"})


def _claimant_forward(toks: Sequence[_Tok], i: int) -> _Claimant | None:
    k = i
    n = len(toks)
    while k < n:
        t = toks[k]
        if t.text == "." and not t.gap and k > i and toks[k - 1].kind == "word" and len(toks[k - 1].text) == 1:
            k += 1  # U.N.
            continue
        if t.text == "(" and k + 2 < n and toks[k + 2].text == ")" and toks[k + 1].text.isupper():
            k += 3  # "the Inter-Services Public Relations (ISPR)"
            continue
        if t.kind == "punct" and t.text != "-" and t.text not in "’'":
            break
        capital_next = k + 1 < n and toks[k + 1].text[:1].isupper()
        if t.low == "and" and capital_next and k > i and toks[k - 1].kind == "word":
            k += 1  # "media reports and Human Rights Watch research"
            continue
        if (
            t.low == "in"
            and capital_next
            and k > i
            and (toks[k - 1].text[:1].isupper() or toks[k - 1].low == "working")
        ):
            k += 1  # "the United Nations Integrated Office in Haiti", "the agencies working in X"
            continue
        if t.low == "at" and k + 2 < n and toks[k + 1].low == "the" and toks[k + 2].low == "scene":
            k += 3  # "a soldier at the scene"
            continue
        if t.low in CLAUSE_STOPS or t.low in ("and", "or") or t.low in _FINITE:
            break  # "reports of the agencies are that ...": the verb ends the name
        k += 1
    if k == i or k - i > 10:
        return None
    return _Claimant(toks[i].start, toks[k - 1].end)


def _appositive(toks: Sequence[_Tok], comma: int) -> _Claimant | None:
    """ "A spokesman for the group, Abu Omar, later confirmed": both phrases are the claimant."""
    name, _ = _claimant_back(toks, comma - 1)
    if name is None or name.first < 2 or toks[name.first - 1].text != ",":
        return None
    head, _ = _claimant_back(toks, name.first - 2)
    if head is None:
        return None
    return _Claimant(head.start, name.end, head.first)


def _closes(toks: Sequence[_Tok], c: _Claimant | None) -> bool:
    """The forward claimant ends the sentence, or only a place or time follows ("said the ISPR in a release")."""
    if c is None or any(t.kind == "num" for t in toks if c.start <= t.start < c.end):
        return False
    after = [t for t in toks if t.start >= c.end]
    return not after or after[0].text in ".;" or after[0].low in ("in", "on", "at", "during", "late", "earlier")


def _last_word(toks: Sequence[_Tok], c: _Claimant) -> int:
    return max(k for k, t in enumerate(toks) if t.end <= c.end)


def _relative(toks: Sequence[_Tok], c: _Claimant | None, j: int) -> _Claimant | None:
    """ "several security sources who were on the scene say": the claimant is the noun the clause describes."""
    if c is None:
        return c
    for w in range(c.first - 1, max(-1, c.first - 10), -1):
        if toks[w].kind == "punct":
            return c
        if toks[w].low in ("who", "which") and w > 0:
            head, _ = _claimant_back(toks, w - 1)
            return c if head is None else head  # the noun the clause describes, without the clause
    return c


def _past_time_words(toks: Sequence[_Tok], c: _Claimant | None) -> _Claimant | None:
    """ "The Armed Forces of the Philippines (AFP) on Sunday announced": the claimant is before "on Sunday"."""
    if c is None or c.first < 2:
        return c
    words = [t for t in toks if c.start <= t.start and t.end <= c.end]
    if not words or (words[0].text not in WEEKDAYS + MONTHS and words[0].low not in ("today", "yesterday")):
        return c
    if toks[c.first - 1].low not in ("on", "in", "at", "last", "this"):
        return c
    found, _ = _claimant_back(toks, c.first - 2)
    return found or c


def _that_follows(toks: Sequence[_Tok], i: int) -> bool:
    """ "announced that", "announced on Monday that"."""
    for t in toks[i + 1 : i + 6]:
        if t.low == "that":
            return True
        if t.kind == "punct":
            return False
    return False


def _sentence_subject(toks: Sequence[_Tok], stop: int) -> _Claimant | None:
    """The words that open the sentence up to its first verb-like word ("Rebels denied ...")."""
    k = 0
    while k < stop and k < 7:
        t = toks[k]
        if t.kind != "word":
            return None
        if k > 0 and not t.text[:1].isupper() and (t.low.endswith("ed") or t.low in AUXILIARIES):
            break
        k += 1
    else:
        return None
    if k == 0 or toks[0].low in CLAUSE_STOPS or toks[0].low in CONJUNCTIONS:
        return None
    return _Claimant(toks[0].start, toks[k - 1].end, 0)


def _inverted(toks: Sequence[_Tok], t: _Tok, i: int, j: int) -> _Claimant | None:
    """The speaker of reporting words after a quote or a comma: "“...,” said State Department spokesman Mark Toner",
    "..., said the ISPR in a release"; or, with no quote before the comma, the appositive before the verb
    ("Nasser al-Argaly, the Health Ministry’s undersecretary, said the strike ...")."""
    claimant: _Claimant | None = None
    quoted = j >= 0 and (toks[j].text in ("”", '"', "’") or toks[j - 1].text in ("”", '"', "’"))
    if t.low in ("said", "says", "say", "added") or (t.low == "told" and quoted):
        claimant = _claimant_forward(toks, i + 1)
    if j >= 1 and toks[j].text == "," and toks[j - 1].text not in ("”", '"', "’", "'") and not _closes(toks, claimant):
        claimant = _appositive(toks, j) or _claimant_back(toks, j - 1)[0]
    if claimant is None and j >= 0 and toks[j].text == ",":
        claimant = _appositive(toks, j)
    return claimant


def _attributions(text: str, sent: _Sentence) -> list[Finding]:
    toks = sent.toks
    out: list[Finding] = []
    last_claimant: _Claimant | None = None
    n = len(toks)
    for i, t in enumerate(toks):
        form_end = i
        claimant: _Claimant | None = None
        if t.low == "according" and i + 1 < n and toks[i + 1].low == "to":
            form_end = i + 1
            claimant = _claimant_forward(toks, i + 2)
            if claimant is None or toks[_last_word(toks, claimant)].low in NON_AGENTS:
                continue
        elif t.low == "per" and i > 0 and toks[i - 1].text in "(;," and i + 1 < n and toks[i + 1].text[:1].isupper():
            claimant = _claimant_forward(toks, i + 1)  # "(approximately 12,000 ...; per Yazda)"
            if claimant is None:
                continue
        elif t.low in SAY_FORMS and t.kind == "word":
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is not None and nxt.low in SAY_FORMS:
                continue  # "the report said": the claimant is "the report"
            inverted = i > 0 and toks[i - 1].low in ("it", "he", "she", "they") and i > 1 and toks[i - 2].text == ","
            if t.low in NEEDS_THAT and not _that_follows(toks, i) and not inverted and t.low != "warned":
                continue  # "announced a withdrawal" reports an act, not a claim
            if t.low == "gave" and not any(x.low in GAVE_OBJECTS for x in toks[i + 1 : i + 6]):
                continue
            if t.low in NEEDS_FIGURE and not any(x.kind == "num" or x.low in GAVE_OBJECTS for x in toks[i + 1 : i + 6]):
                continue
            if (
                t.low.startswith("claim")
                and nxt is not None
                and (nxt.kind == "num" or nxt.low in ("more", "at", "about", "nearly", "some"))
            ):
                continue  # "the blast claimed 50 lives"
            if t.low.startswith("claim") and nxt is not None and nxt.low == "responsibility":
                form_end = i + 1
            j = i - 1
            while j >= 0 and toks[j].low in AUX_ADVERBS:
                j -= 1
            if j >= 0 and (toks[j].low in DETERMINERS or toks[j].low == "no"):
                continue  # "the claim", "a report", "no claim of responsibility"
            if j >= 1 and toks[j - 1].low in DETERMINERS and toks[j].text.islower() and toks[j].low.endswith("est"):
                continue  # "By the highest estimate"
            if j >= 0 and (toks[j].kind == "num" or (toks[j].low in ("it", "there") and t.low.startswith("report"))):
                continue
            if j >= 0 and toks[j].low in PASSIVE_AUXILIARIES:
                # "was first reported by The New York Times"; without "by" nobody is named
                k = i + 1
                if k < n and toks[k].low in ("by",):
                    claimant = _claimant_forward(toks, k + 1)
            elif j < 0 or toks[j].text in ("”", '"', ",", "’"):
                claimant = _inverted(toks, t, i, j)
            elif toks[j].low in CONJUNCTIONS:
                # "... and said", "... but gave": the same claimant as before, or the sentence's subject
                claimant = last_claimant or _sentence_subject(toks, j)
            elif t.low.startswith("report") and nxt is not None and nxt.low in ("of", "by", "from"):
                claimant = _claimant_forward(toks, i + 2)  # "field reports of the agencies working in X"
            else:
                claimant, _ = _claimant_back(toks, j)
                claimant = _past_time_words(toks, _relative(toks, claimant, j))
            if claimant is None:
                continue
        else:
            continue
        form_start, form_stop = t.start, toks[form_end].end
        out.append(
            Finding(
                "attribution",
                text[form_start:form_stop],
                form_start,
                form_stop,
                claimant=text[claimant.start : claimant.end],
                claimant_start=claimant.start,
                claimant_end=claimant.end,
                form=text[form_start:form_stop],
            )
        )
        last_claimant = claimant
    return out
