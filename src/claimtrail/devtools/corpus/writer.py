"""The corpus writer: one random.Random drives every choice of story, sentence, figure form and Source line style."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ...text import slugify
from .vocabulary import (
    ACTORS,
    AIR_ACTORS,
    AP_MONTHS,
    ATTACK_NOUNS,
    FORMS,
    GENERATED_MEASURES,
    GENERATED_VAGUE_WORDS,
    GOVERNMENTS,
    GROUPS,
    LANDMARKS,
    LARGE_MEASURES,
    LEDE_MEASURES,
    MODELS,
    MONITORS,
    MONTHS,
    N_EVENTS,
    N_FILLERS,
    OFFICIALS,
    ONES,
    OUTLETS,
    PAGE_STYLES,
    PERSONS,
    PLACES,
    QUOTES,
    REPORTERS,
    SECTIONS,
    SELF_NAMING_OUTLETS,
    SINGLE_STYLES,
    STATE_MEDIA,
    STORY_KINDS,
    SUBHEADINGS,
    TENS,
    TITLE_PREFIXES,
    VALUE_RANGES,
    WEEKDAYS,
    WIRES,
    YEAR,
)


@dataclass(frozen=True)
class _Quantity:
    text: str
    vague: bool

    @property
    def before_noun(self) -> str:
        """The words to write before a counted noun: "dozens of" for a vague quantity."""
        return f"{self.text} of" if self.vague else self.text


@dataclass(frozen=True)
class _Event:
    event_id: str
    kind: str
    day: dt.date
    places: tuple[str, ...]
    actors: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class _Story:
    number: int  # running number of the article, from 1: it makes titles unique
    kind: str
    place: str
    place2: str
    day: dt.date  # the day the reported event happened
    actor: str
    attack: str


@dataclass(frozen=True)
class _Article:
    title: str  # as written on the Source line or in front matter
    publisher: str  # as the parser finds it (Source line, dateline, self-reference or front matter)
    body: str


class _Deck:
    """Items drawn without replacement from a reshuffled deck: every item appears once per round."""

    def __init__(self, rng: random.Random, items: Sequence[str]) -> None:
        self._rng = rng
        self._items = tuple(items)
        self._left: list[str] = []

    def draw(self) -> str:
        if not self._left:
            self._left = list(self._items)
            self._rng.shuffle(self._left)
        return self._left.pop()


def _number_words(n: int) -> str:
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{ONES[ones]}" if ones else "")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Draws every choice from one random.Random, in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.forms = _Deck(self.rng, FORMS)
        self.measures = _Deck(self.rng, GENERATED_MEASURES)
        self.page_styles = _Deck(self.rng, PAGE_STYLES)
        self.events: list[_Event] = []

    # ---------------------------------------------------------------- figures

    def quantity(self, measure: str) -> _Quantity:
        """The words of a figure for `measure`, in the next qualifier form of the deck."""
        r = self.rng
        form = self.forms.draw()
        lo, hi = VALUE_RANGES[measure]
        if form == "separator" and measure not in LARGE_MEASURES:
            form = "digits"
        if form == "vague":
            return _Quantity(r.choice(GENERATED_VAGUE_WORDS[measure]), True)
        if form == "separator":
            return _Quantity(f"{r.randrange(1000, 10000, 50):,}", False)
        if form == "word":
            return _Quantity(_number_words(r.randint(2, min(hi, 99))), False)
        if form == "dozen":
            return _Quantity(r.choice(("a dozen", "two dozen", "half a dozen")), False)
        if form == "between_words":
            a = r.randint(2, 15)
            return _Quantity(f"between {_number_words(a)} and {_number_words(a + r.randint(1, 4))}", False)
        if form in ("between_digits", "en_dash_range", "to_range"):
            a = r.randint(lo, hi)
            b = a + r.randint(1, max(2, a // 5))
            joiner = {"between_digits": " and ", "en_dash_range": "–", "to_range": " to "}[form]
            return _Quantity(f"{'between ' if form == 'between_digits' else ''}{a}{joiner}{b}", False)
        value = r.randint(lo, hi)
        if form == "plus":
            return _Quantity(f"{value}+", False)
        number = _number_words(value) if value <= 20 and r.random() < 0.5 else str(value)
        if form == "digits":
            return _Quantity(number, False)
        return _Quantity(f"{form} {number}", False)

    def when(self, s: _Story) -> str:
        r = self.rng
        weekday, month = WEEKDAYS[s.day.weekday()], MONTHS[s.day.month - 1]
        part = "early" if s.day.day <= 10 else ("mid" if s.day.day <= 20 else "late")
        return r.choice(
            (
                f"on {weekday}",
                f"on {weekday}",
                f"on {weekday}, {month} {s.day.day}",
                f"on {month} {s.day.day}",
                "last week",
                "earlier this month",
                "overnight",
                f"in {part} {month}",
                f"on {weekday} night",
            )
        )

    def clause(self, measure: str, s: _Story) -> str:
        """A clause (lower-case start unless a name) reporting one or two figures of `measure`."""
        r = self.rng
        n = self.quantity(measure).before_noun
        place, place2, attack = s.place, s.place2, s.attack
        if measure == "killed":
            k = r.randrange(6)
            if k == 0:
                return f"{n} people were killed in {place}"
            if k == 1:
                return f"the {attack} in {place} killed {n} people"
            if k == 2:
                return f"{n} civilians died in {place} {self.when(s)}"
            if k == 3:
                wounded = self.quantity("injured").text
                return f"the {attack} killed {n} people and wounded {wounded}"
            if k == 4:
                return f"{n} people have been killed in and around {place} since the start of the week"
            return f"{s.actor} killed {n} fighters near {place}"
        if measure == "injured":
            k = r.randrange(4)
            if k == 0:
                return f"{n} people were wounded in {place}"
            if k == 1:
                return f"the {attack} wounded {n} people in {place}"
            if k == 2:
                return f"{n} others were injured when a second device exploded near {r.choice(LANDMARKS)}"
            return f"{n} civilians were injured in {place} {self.when(s)}"
        if measure == "bombs":
            k = r.randrange(4)
            if k == 0:
                return f"{s.actor if s.kind == 'bombing' else 'militants'} detonated {n} bombs in {place}"
            if k == 1:
                return f"{n} bombs exploded near {r.choice(LANDMARKS)} in {place}"
            if k == 2:
                return f"{n} car bombs went off in {place} and {place2}"
            return f"{n} bombs were defused on the road between {place} and {place2}"
        if measure == "airstrikes":
            k = r.randrange(3)
            if k == 0:
                return f"{r.choice(AIR_ACTORS)} carried out {n} airstrikes on {place}"
            if k == 1:
                return f"{n} air strikes hit {place} {self.when(s)}"
            return f"{r.choice(AIR_ACTORS)} launched {n} raids on rebel positions near {place}"
        if measure == "troops":
            k = r.randrange(3)
            if k == 0:
                return f"{r.choice(GOVERNMENTS)} deployed {n} troops to {place}"
            if k == 1:
                return f"{n} soldiers were sent to reinforce positions around {place}"
            return f"{n} troops were stationed at the base near {place}"
        if measure == "fighters":
            k = r.randrange(3)
            if k == 0:
                return f"{n} fighters from {r.choice(GROUPS)} massed near {place}"
            if k == 1:
                return f"{r.choice(GROUPS)} sent {n} fighters towards {place}"
            return f"{n} militants were holding positions on the edge of {place}"
        k = r.randrange(3)
        if k == 0:
            return f"{r.choice(ACTORS['capture'])} captured {n} villages around {place}"
        if k == 1:
            return f"{n} villages near {place} were emptied of their residents"
        return f"{r.choice(ACTORS['capture'])} retook {n} villages in the {place} countryside"

    def claimant(self, s: _Story) -> str:
        r = self.rng
        pool = r.choice((MONITORS, STATE_MEDIA, OFFICIALS, OFFICIALS))
        who = r.choice(pool)
        if r.random() < 0.15:
            who = r.choice(
                (f"the governor of {s.place}", f"a hospital director in {s.place}", f"activists in {s.place}")
            )
        return who

    def figure_sentence(self, measure: str, s: _Story) -> str:
        """A sentence with figures and, mostly, an attribution."""
        r = self.rng
        c = self.clause(measure, s)
        who = self.claimant(s)
        k = r.randrange(9)
        if c[:1].isdigit() and k in (0, 1, 5, 8):
            k = 2  # wire copy never starts a sentence with digits
        if k == 0:
            return f"{_cap(c)}, {who} said."
        if k == 1:
            return f"{_cap(c)}, according to {who}."
        if k == 2:
            return f"{_cap(who)} said {c}."
        if k == 3:
            return f"{_cap(who)} reported that {c}."
        if k == 4:
            return f"{_cap(who)} said on {WEEKDAYS[s.day.weekday()]} that {c}."
        if k == 5:
            return f"{_cap(c)}, {who} claimed."
        if k == 6 and measure in ("killed", "injured"):
            return self.toll_sentence(s)
        if k == 7 and measure in ("killed", "bombs"):
            return self.responsibility_sentence(s)
        return f"{_cap(c)}."

    def toll_sentence(self, s: _Story) -> str:
        r = self.rng
        attack = s.attack if s.kind in ("bombing", "air_strikes") else "attack"
        q = self.quantity("killed")
        if q.vague:
            q = _Quantity(str(r.randint(*VALUE_RANGES["killed"])), False)
        media = r.choice(STATE_MEDIA)
        k = r.randrange(4)
        if k == 0:
            return f"{_cap(media)} gave a toll of {q.text}."
        if k == 1:
            return f"{_cap(media)} gave a lower death toll of {q.text}."
        if k == 2:
            return f"{_cap(media)} confirmed the {attack} in {s.place} but gave a death toll of {q.text}."
        return f"{_cap(media)} put the death toll at {q.text}."

    def responsibility_sentence(self, s: _Story) -> str:
        r = self.rng
        attack = s.attack if s.kind in ("bombing", "air_strikes") else "attack"
        group = r.choice(("Islamic State", "Jabhat al-Nusra", "A little-known jihadist group"))
        k = r.randrange(3)
        if k == 0:
            return f"{group} claimed responsibility for the {attack}, which killed {self.quantity('killed').before_noun} people."
        if k == 1:
            return f"{group} claimed responsibility for the {attack} in a statement posted online."
        return (
            f"The Islamic State-linked Amaq news agency said the group had carried out the {attack} "
            f"in {s.place}, which killed {self.quantity('killed').before_noun} people."
        )

    # ---------------------------------------------------------------- no figures

    def filler_sentence(self, s: _Story, k: int) -> str:
        """Filler `k` (0-15): its numbers, if any, count nothing: years, dates, times, ages, models, distances."""
        r = self.rng
        weekday, month = WEEKDAYS[s.day.weekday()], MONTHS[s.day.month - 1]
        if k == 0:
            time = r.choice(("7:30 a.m.", "around 10 p.m.", "8 a.m.", "09:15 local time", "about 6 pm", "dawn"))
            what = (
                "The first blast"
                if s.kind == "bombing"
                else "The first raid"
                if s.kind == "air_strikes"
                else "It began"
            )
            return f"{what} came at {time} on {weekday}, {month} {s.day.day}, witnesses said."
        if k == 1:
            a, b = r.sample(MODELS, 2)
            return f"Russian {a} and {b} jets flying from the Hmeymim air base near Latakia have struck the area since September 2015."
        if k == 2:
            return f"US F-16 fighter-bombers took off from Incirlik air base in southern Turkey {self.when(s)}."
        if k == 3:
            return f"The five-year conflict has left {s.place} divided between government and rebel control."
        if k == 4:
            age = r.randint(6, 17)
            return f"A {age}-year-old boy was among the victims, a relative told reporters."
        if k == 5:
            return f"Government forces regained control of the road to {s.place2} in {MONTHS[r.randrange(12)]} {YEAR - 1} after two months of fighting."
        if k == 6:
            return f"The town lies {r.randint(12, 90)} km {r.choice(('north', 'south', 'east', 'west'))} of {s.place2}."
        if k == 7:
            return f"Talks in Geneva stalled in April after two weeks of negotiations, and the truce has been fraying {r.choice(('for weeks', 'since then', 'ever since'))}."
        if k == 8:
            return f"The M5 highway linking {s.place} and {s.place2} was closed for several hours."
        if k == 9:
            return (
                f"T-72 tanks and Mi-8 helicopters were seen moving towards {s.place} on {weekday}, {month} {s.day.day}."
            )
        if k == 10:
            what = {"bombing": "attack", "air_strikes": "air raid"}.get(s.kind, "day of fighting")
            return f"It was the deadliest {what} in {s.place} since {r.randint(2012, YEAR - 1)}."
        if k == 11:
            return "UN Security Council Resolution 2254, adopted in December 2015, calls for a political transition."
        if k == 12:
            return "The war, which began in 2011, has driven half of the country’s pre-war population from their homes."
        if k == 13:
            return f"{_cap(r.choice(GOVERNMENTS))} has denied targeting civilians {self.when(s)}."
        if k == 14:
            return f"A {r.choice(('2,000-year-old', '12th-century', 'Roman-era'))} site on the outskirts of {s.place} was also damaged."
        return f"The area had been relatively calm {r.choice(('last week', 'until last month', 'since the truce in February'))}."

    def quote_sentence(self, s: _Story, quote: str) -> str:
        r = self.rng
        person = r.choice(PERSONS)
        role = r.choice(
            (
                f"a doctor at the main hospital in {s.place}",
                f"a spokesman for {r.choice(GROUPS)}",
                f"a resident of {s.place}",
                f"the governor of {s.place}",
                "a local council official",
            )
        )
        k = r.randrange(3)
        if k == 0:
            return f"“{quote},” said {person}, {role}."
        if k == 1:
            return f"“{quote},” {person}, {role}, told reporters."
        return f"{person}, {role}, said: “{quote}.”"

    # ---------------------------------------------------------------- articles

    def story(self, number: int) -> _Story:
        r = self.rng
        if self.events and r.random() < 0.35:
            e = r.choice(self.events)
            kind, place, day = e.kind, e.places[0], e.day
        else:
            kind, place = r.choice(STORY_KINDS), r.choice(PLACES)
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=r.randrange(366))
        place2 = r.choice([p for p in PLACES if p != place])
        return _Story(number, kind, place, place2, day, r.choice(ACTORS[kind]), r.choice(ATTACK_NOUNS[kind]))

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
