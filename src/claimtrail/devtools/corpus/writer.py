"""The corpus writer: one random.Random drives every choice of story, sentence, figure form and Source line style."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import deque

from ...text import slugify
from .sentences import _Article, _Deck, _Event, _Sentences, _Story
from .vocabulary import (
    ACTORS,
    AP_MONTHS,
    ATTACK_NOUNS,
    BACKGROUND_SHARE,
    EVENT_YEARS,
    EVENTS_PER_AREA,
    LEDE_MEASURES,
    MIN_DAYS_APART_IN_A_CITY,
    N_EVENTS,
    N_FILLERS,
    OUTLETS,
    PLACE_REGIONS,
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

    def plan(self, n_articles: int) -> None:
        """The events the stories report: the curated ones, then as many nobody curated as make about four
        reports each.  Every third of these is a decoy of the one before: the same city on another day, or the
        same day in another area (PLACE_REGIONS).  No two events of one area are closer than MIN_DAYS_APART_IN_A_CITY
        days of the year; an area holds at most EVENTS_PER_AREA events."""
        g = random.Random(self.seed * 7_919 + 1)
        pool = list(self.events)
        # (area, day of the year): an undated repost's "on May 23" cannot tell one year's event from another's
        taken = {(PLACE_REGIONS[e.places[0]][0], _day_of_year(e.day)) for e in pool}
        first, days = (
            dt.date(EVENT_YEARS[0], 1, 1),
            (dt.date(EVENT_YEARS[-1] + 1, 1, 1) - dt.date(EVENT_YEARS[0], 1, 1)).days,
        )
        areas: dict[str, list[str]] = {}
        for name, (area_of, _) in PLACE_REGIONS.items():
            areas.setdefault(area_of, []).append(name)
        for k in range(max(0, min(n_articles // 4, EVENTS_PER_AREA * len(areas)) - len(pool))):
            for attempt in range(1000):
                kind, place = g.choice(STORY_KINDS), g.choice(areas[g.choice(sorted(areas))])
                day = first + dt.timedelta(days=g.randrange(days))
                if pool and attempt < 100 and k % 3 == 1:  # the same city, weeks away
                    place = pool[-1].places[0]
                    day = pool[-1].day + dt.timedelta(days=g.choice((-1, 1)) * g.randint(5, 60))
                elif pool and attempt < 100 and k % 3 == 2:  # the same day, another area
                    day = pool[-1].day
                    place = g.choice([p for p in PLACES if PLACE_REGIONS[p][0] != PLACE_REGIONS[pool[-1].places[0]][0]])
                near = range(
                    _day_of_year(day) - MIN_DAYS_APART_IN_A_CITY, _day_of_year(day) + MIN_DAYS_APART_IN_A_CITY + 1
                )
                area = PLACE_REGIONS[place][0]
                if first <= day < first + dt.timedelta(days=days) and not any((area, x % 366) in taken for x in near):
                    break
            else:  # pragma: no cover - the calendar is full: a corpus far beyond any benchmark
                raise RuntimeError("too many events for the generator's cities and days")
            taken.add((PLACE_REGIONS[place][0], _day_of_year(day)))
            ident = f"latent-{k}"
            pool.append(_Event(ident, kind, day, (place,), (g.choice(ACTORS[kind]),), ident))
        self.pool = pool
        self.reports = [0] * len(pool)
        self.unfounded = deque(range(len(self.events), len(pool)))  # nobody has reported them with a date yet
        self.needy: deque[int] = deque(range(len(self.events)))  # reportable events with fewer than 2 reports
        self.founded = list(range(len(self.events)))  # events an undated article can join: curated or dated
        self.by_place: dict[str, list[int]] = {}
        for i, e in enumerate(pool):
            self.by_place.setdefault(e.places[0], []).append(i)

    def reported(self) -> list[_Event]:
        """The events some story has reported so far."""
        return [e for e, n in zip(self.pool, self.reports, strict=True) if n]

    def _pick(self, dated: bool, remaining: int) -> int:
        """The event of the next story: one reported once first; a new one only from an article with a
        publication date (an undated repost can only join an event a dated report founded) and while at least one
        more article will follow; else any reportable event."""
        r = self.rng
        if self.needy:
            k = self.needy.popleft()
        elif dated and self.unfounded and remaining >= 2:
            k = self.unfounded.popleft()
            self.founded.append(k)
        else:
            k = r.choice(self.founded)
        self.reports[k] += 1
        if self.reports[k] < 2:
            self.needy.appendleft(k)
        return k

    def _background(self, e: _Event) -> _Event | None:
        """An earlier event of the same year (1 to 17 weeks before) for a story about ``e`` to tell: of the same city
        when there is one, else of any city; None when there is none."""
        r = self.rng

        def fits(i: int) -> bool:
            b = self.pool[i]
            return b is not e and b.day.year == e.day.year and 7 <= (e.day - b.day).days <= 120 and self.reports[i] > 0

        same = [i for i in self.by_place.get(e.places[0], ()) if fits(i)]
        if same and r.random() < 0.5:
            return self.pool[r.choice(same)]
        others = [i for i in self.founded if fits(i)]
        return self.pool[r.choice(others)] if others else None

    def story(self, number: int, *, dated: bool, remaining: int) -> _Story:
        r = self.rng
        e = self.pool[self._pick(dated, remaining)]
        background = self._background(e) if r.random() < BACKGROUND_SHARE else None
        place = e.places[0]
        place2 = r.choice([p for p in PLACES if p != place])
        return _Story(
            number,
            e.kind,
            place,
            place2,
            e.day,
            r.choice(ACTORS[e.kind]),
            r.choice(ATTACK_NOUNS[e.kind]),
            truth=e.event_id,
            dated=dated,
            background=background,
        )

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
            "ground_offensive": (
                f"Dozens killed in attack on {place}",
                f"Rebels attack government positions in {place}",
            ),
            "capture": (f"Rebels seize villages near {place}", f"Government forces retake ground near {place}"),
            "deployment": (f"More troops sent to {place}", f"Reinforcements arrive in {place}"),
        }[s.kind]
        return f"{prefix} {r.choice(heads)}"

    def body(self, s: _Story, *, dateline: str, credit: str, self_name: str, subheading: bool) -> str:
        """Paragraphs of 150–400 words: a lede with figures, then figures, context and quotes."""
        r = self.rng
        target = r.randint(150, 370)
        self.tag = s.truth
        sentences = [self.lead_sentence(s)]
        if s.background is not None:
            sentences.append(self.background_sentence(s, s.background))
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
        self.tag = ""
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


def _day_of_year(day: dt.date) -> int:
    """0-365, the same for one month and day in every year (29 February has its own)."""
    return (dt.date(2016, day.month, day.day) - dt.date(2016, 1, 1)).days


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
