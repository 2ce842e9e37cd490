"""The corpus writer: one random.Random drives every choice of story, sentence, figure form and Source line style."""

from __future__ import annotations

import datetime as dt
import json
import random

from ...text import slugify
from .sentences import _Article, _Deck, _Event, _Sentences, _Story
from .vocabulary import (
    ACTORS,
    AP_MONTHS,
    ATTACK_NOUNS,
    LEDE_MEASURES,
    N_EVENTS,
    N_FILLERS,
    OUTLETS,
    PLACES,
    QUOTES,
    REPORTERS,
    SECTIONS,
    SELF_NAMING_OUTLETS,
    SINGLE_STYLES,
    STORY_KINDS,
    SUBHEADINGS,
    TITLE_PREFIXES,
    WIRES,
    YEAR,
)


class _Writer(_Sentences):
    """Draws every choice from one random.Random, in a fixed order."""

    # ---------------------------------------------------------------- figures

    # ---------------------------------------------------------------- no figures

    # ---------------------------------------------------------------- articles

    def story(self, number: int) -> _Story:
        r = self.rng
        if self.events and r.random() < 0.35:
            e = r.choice(self.events)
            kind, place, day, truth = e.kind, e.places[0], e.day, e.event_id
        else:
            kind, place = r.choice(STORY_KINDS), r.choice(PLACES)
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=r.randrange(366))
            truth = f"story-{number}"
            if self.latent_rng.random() < 0.5:  # a multi-source event nobody curated
                k = self.latent_rng.randrange(max(1, number // 3))
                kind, place, day = self.latent_event(k)
                truth = f"latent-{k}"
        place2 = r.choice([p for p in PLACES if p != place])
        return _Story(
            number, kind, place, place2, day, r.choice(ACTORS[kind]), r.choice(ATTACK_NOUNS[kind]), truth=truth
        )

    def latent_event(self, k: int) -> tuple[str, str, dt.date]:
        """Kind, place and day of latent event k: a function of the seed and k only."""
        g = random.Random(self.seed * 7_919 + k)
        return g.choice(STORY_KINDS), g.choice(PLACES), dt.date(YEAR, 1, 1) + dt.timedelta(days=g.randrange(366))

    def headline(self, s: _Story) -> str:
        """A title whose first four words hold the story number, so source ids never repeat."""
        r = self.rng
        prefix = f"{r.choice(TITLE_PREFIXES)} {s.number}:"
        place = s.place
        heads = {
            "bombing": (
                f"Bombs kill dozens in {place}",
                f"Blasts hit {place} as death toll rises",
                f"Islamic State claims {place} bombings",
                f"Twin explosions rock {place}",
            ),
            "air_strikes": (
                f"Air strikes pound {place}",
                f"Warplanes hit rebel-held areas of {place}",
                f"Raids reported near {place} despite truce",
            ),
            "ground_offensive": (f"Fighting rages around {place}", f"Offensive on {place} gathers pace"),
            "capture": (f"Rebels seize villages near {place}", f"Government forces retake ground near {place}"),
            "deployment": (f"More troops sent to {place}", f"Reinforcements arrive in {place}"),
        }[s.kind]
        return f"{prefix} {r.choice(heads)}"

    def body(self, s: _Story, *, dateline: str, credit: str, self_name: str, subheading: bool) -> str:
        """Paragraphs of 150–400 words: a lede with figures, then figures, context and quotes."""
        r = self.rng
        target = r.randint(150, 370)
        lede_measure = r.choice(LEDE_MEASURES[s.kind])
        sentences = [self.figure_sentence(lede_measure, s)]
        if self_name:
            sentences.append(
                f"{self_name}’s military and intelligence sources say {self.clause(self.measures.draw(), s)}."
            )
        words = sum(len(x.split()) for x in sentences)
        fillers = _Deck(r, [str(k) for k in range(N_FILLERS)])
        quotes = _Deck(r, QUOTES)
        used = set(sentences)  # membership only: an article never repeats a sentence
        attempts = 0
        while words < target and attempts < 1000:
            attempts += 1
            k = r.randrange(10)
            if k < 5:
                own = r.random() < 0.5
                sent = self.figure_sentence(r.choice(LEDE_MEASURES[s.kind]) if own else self.measures.draw(), s)
            elif k < 8:
                sent = self.filler_sentence(s, int(fillers.draw()))
            else:
                sent = self.quote_sentence(s, quotes.draw())
            if sent in used:
                continue
            used.add(sent)
            sentences.append(sent)
            words += len(sent.split())
        if self_name:
            sentences.append(
                f"But {self_name}’s sources report that the real figures are much higher than those given by Damascus."
            )
        paragraphs: list[str] = []
        i = 0
        while i < len(sentences):
            take = r.choice((1, 1, 2, 2, 3))
            paragraphs.append(" ".join(sentences[i : i + take]))
            i += take
        if subheading and len(paragraphs) > 3:
            paragraphs.insert(r.randint(2, len(paragraphs) - 1), r.choice(SUBHEADINGS))
        if dateline:
            paragraphs[0] = dateline + paragraphs[0]
        if credit:
            paragraphs.append(credit)
        return r.choice(("\n\n", "\n\n", "\n")).join(paragraphs)

    def wire_parts(self, s: _Story, wire: str) -> tuple[str, str]:
        """(dateline, credit line) of a wire agency's article."""
        r = self.rng
        place = r.choice((s.place, s.place, "Beirut", "Amman", "Damascus")).upper()
        if wire == "Reuters":
            a, b, c = r.sample(REPORTERS, 3)
            return (
                f"{place} (Reuters) – ",
                f"(Reporting by {a} in {r.choice(('Beirut', 'Amman', 'Moscow', 'Washington'))}; Writing by {b}; Editing by {c})",
            )
        if wire == "AFP":
            return f"{place}, {AP_MONTHS[s.day.month - 1]} {s.day.day} (AFP) - ", ""
        return (
            f"{place} (AP) — ",
            f"Associated Press writer {r.choice(REPORTERS)} in Beirut contributed to this report.",
        )

    def page_article(self, s: _Story) -> tuple[_Article, str]:
        """An article of a compilation page and its Source line."""
        r = self.rng
        style = self.page_styles.draw()
        title = self.headline(s)
        if style.startswith("wire"):
            wire = r.choice(WIRES)
            dateline, credit = self.wire_parts(s, wire)
            body = self.body(s, dateline=dateline, credit=credit, self_name="", subheading=False)
            if style == "wire_dash_agency":
                return _Article(title, wire, body), f"Source: {title} – {wire}"
            if style == "wire_us_suffix":  # a Reuters headline ending "– U.S.": the dash belongs to the title
                title = f"{title} – {r.choice(('U.S.', 'U.N.', 'monitor', 'state media'))}"
            return _Article(title, wire, body), f"Source: {title}"
        if style == "self_naming":
            name = r.choice(SELF_NAMING_OUTLETS)
            body = self.body(s, dateline="", credit="", self_name=name, subheading=False)
            return _Article(title, name, body), f"Source: {title}"
        outlet = r.choice(OUTLETS)
        body = self.body(s, dateline="", credit="", self_name="", subheading=r.random() < 0.3)
        if style == "pipe_section_news":
            return _Article(title, outlet, body), f"Source: {title} | {r.choice(SECTIONS)} | News | {outlet}"
        if style == "pipe_section":
            return _Article(title, outlet, body), f"Source: {title} | {r.choice(SECTIONS)} | {outlet}"
        dash = {"en_dash": " – ", "em_dash": " — ", "hyphen": " - "}[style]
        return _Article(title, outlet, body), f"Source: {title}{dash}{outlet}"

    def single_article(self, s: _Story, published: dt.date) -> tuple[_Article, str, str]:
        """A single-article file: (article, front matter id, file text)."""
        r = self.rng
        title = self.headline(s)
        if r.choice(SINGLE_STYLES) == "wire":
            publisher = r.choice(WIRES)
            dateline, credit = self.wire_parts(s, publisher)
        else:
            publisher, dateline, credit = r.choice(OUTLETS), "", ""
        body = self.body(s, dateline=dateline, credit=credit, self_name="", subheading=r.random() < 0.2)
        ident = f"{slugify(publisher)}-{slugify(s.place)}-{s.number:05d}"
        url = f"https://example.org/{slugify(publisher)}/{published.year}/{published.month:02d}/{slugify(title)}"
        text = (
            "---\n"
            f"title: {_yaml(title)}\n"
            f"publisher: {_yaml(publisher)}\n"
            f"url: {url}\n"
            f"published: {published.isoformat()}\n"
            f"id: {ident}\n"
            "---\n"
            f"{body}\n"
        )
        return _Article(title, publisher, body), ident, text

    def make_events(self) -> list[_Event]:
        r = self.rng
        events: list[_Event] = []
        ids: set[str] = set()
        titles = {
            "bombing": "Bombings in {place}",
            "air_strikes": "Air strikes on {place}",
            "ground_offensive": "Offensive around {place}",
            "capture": "Villages captured near {place}",
            "deployment": "Troops deployed to {place}",
        }
        for _ in range(N_EVENTS):
            kind = r.choice(STORY_KINDS)
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=r.randrange(366))
            places = tuple(r.sample(PLACES, r.choice((1, 1, 2))))
            base = f"{day.isoformat()}-{slugify(places[0])}-{kind.replace('_', '-')}"
            ident, k = base, 2
            while ident in ids:
                ident, k = f"{base}-{k}", k + 1
            ids.add(ident)
            title = titles[kind].format(place=" and ".join(places))
            events.append(_Event(ident, kind, day, places, (r.choice(ACTORS[kind]),), title))
        events.sort(key=lambda e: (e.day, e.event_id))
        self.events = events
        return events


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
