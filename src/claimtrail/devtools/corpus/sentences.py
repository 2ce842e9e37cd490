"""The records (events, stories, articles) and sentences of a generated corpus: figures in every qualifier form, tolls, claims of responsibility, quotes and fillers."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .vocabulary import (
    ACTORS,
    AIR_ACTORS,
    FORMS,
    GENERATED_MEASURES,
    GENERATED_VAGUE_WORDS,
    GOVERNMENTS,
    GROUPS,
    LANDMARKS,
    LARGE_MEASURES,
    MODELS,
    MONITORS,
    MONTHS,
    OFFICIALS,
    ONES,
    PAGE_STYLES,
    PERSONS,
    PLACE_REGIONS,
    STATE_MEDIA,
    TENS,
    VALUE_RANGES,
    WEEKDAYS,
)

_BACKGROUND_NOUNS = {
    "bombing": ("car bomb", "suicide bombing", "bomb attack"),
    "air_strikes": ("air strike", "air raid"),
    "ground_offensive": ("rebel attack", "ground assault"),
}
_WEEKS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


# A casualty figure is written between these marks with the event it belongs to (known truth for linking):
# OPEN event SEP words CLOSE.  strip_marks takes them out before a file is written.  Private-use code points:
# no generated text holds them otherwise.
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
_MARK = re.compile(f"{MARK_OPEN}([^{MARK_SEP}]*){MARK_SEP}([^{MARK_CLOSE}]*){MARK_CLOSE}")


def strip_marks(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text without figure marks, and each marked figure's (start, end, event) in that text."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = length = 0
    for m in _MARK.finditer(text):
        out.append(text[at : m.start()])
        length += m.start() - at
        words = m.group(2)
        spans.append((length, length + len(words), m.group(1)))
        out.append(words)
        length += len(words)
        at = m.end()
    out.append(text[at:])
    return "".join(out), spans


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
    truth: str = ""  # the event the story reports (known truth for linking accuracy)
    dated: bool = True  # whether the article has a publication date (single files do, compilation pages not)
    background: _Event | None = None  # an earlier event the story also tells, if any


@dataclass(frozen=True)
class _Article:
    title: str  # as written on the Source line or in front matter
    publisher: str  # as the parser finds it (Source line, dateline, self-reference or front matter)
    body: str


@dataclass(frozen=True)
class _Quantity:
    text: str
    vague: bool

    @property
    def before_noun(self) -> str:
        """The words to write before a counted noun: "dozens of" for a vague quantity."""
        return f"{self.text} of" if self.vague else self.text


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
    """The text with its first letter capitalised (a figure mark before it is skipped)."""
    at = text.index(MARK_SEP) + 1 if text.startswith(MARK_OPEN) else 0
    return text[:at] + text[at : at + 1].upper() + text[at + 1 :]


class _Sentences:
    """The sentence writer: every random choice of wording, from one random.Random."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        # Latent events (not curated) that several stories report: their own generator, so the main one's
        # sequence (and every other choice) is the same as without them.
        self.latent_rng = random.Random(seed * 1_000_003 + 17)
        self.forms = _Deck(self.rng, FORMS)
        self.measures = _Deck(self.rng, GENERATED_MEASURES)
        self.page_styles = _Deck(self.rng, PAGE_STYLES)
        self.events: list[_Event] = []
        self.tag = ""  # the event the casualty figures being written belong to ("": no marks)

    def quantity(self, measure: str) -> _Quantity:
        """The words of a figure for `measure`, in the next qualifier form of the deck (a casualty figure marked
        with the event of ``self.tag``)."""
        q = self._quantity(measure)
        if self.tag and measure in ("killed", "injured"):
            return _Quantity(f"{MARK_OPEN}{self.tag}{MARK_SEP}{q.text}{MARK_CLOSE}", q.vague)
        return q

    def _quantity(self, measure: str) -> _Quantity:
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

    def when(self, s: _Story, *, lead: bool = False) -> str:
        """When the story's event happened, as a report of that event says it: a weekday (read against the
        publication date), a day of the month, or both.  A lead without a publication date names the day."""
        r = self.rng
        weekday, month = WEEKDAYS[s.day.weekday()], MONTHS[s.day.month - 1]
        dated = (f"on {weekday}, {month} {s.day.day}", f"on {month} {s.day.day}")
        if lead and not s.dated:
            return r.choice(dated)
        relative = (f"on {weekday}", f"on {weekday}", f"on {weekday} night")
        return r.choice(relative + dated + (() if lead else ("overnight",)))

    def place_phrase(self, place: str) -> str:
        """A place as a lead names it: with its country, as wire copy does."""
        where = PLACE_REGIONS[place][1]
        return self.rng.choice(
            (f"the {where} Syrian city of {place}", f"{place}, Syria", f"{place} in {where} Syria", f"{place}, Syria")
        )

    def lead_sentence(self, s: _Story) -> str:
        """The lead: the event's trigger, its place with the country, its day, and its casualty figures."""
        r = self.rng
        n = self.quantity("killed").before_noun
        where, when, who = self.place_phrase(s.place), self.when(s, lead=True), self.claimant(s)
        if s.kind == "bombing":
            what = r.choice(("A car bomb", "A suicide bomber", "Twin bombings", "A bomb blast", "Two explosions"))
        elif s.kind == "air_strikes":
            what = r.choice(("Air strikes", "An air raid", "Russian air strikes", "Government air strikes"))
        else:
            what = r.choice(("A rebel attack", "An attack by government forces", "An assault"))
        k = r.randrange(3)
        if k == 0:
            return f"{what} killed {n} people in {where} {when}, {who} said."
        if k == 1:
            wounded = self.quantity("injured").before_noun
            return f"{what} killed {n} people and wounded {wounded} in {where} {when}, according to {who}."
        return f"{_cap(who)} said {what[:1].lower() + what[1:]} in {where} {when} killed {n} people."

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
                return f"{n} people were killed in the {attack}"
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
                return f"{n} car bombs went off in {place}"  # the event's one city: its truth has no other
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
        if strip_marks(c)[0][:1].isdigit() and k in (0, 1, 5, 8):
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
            return f"Government forces regained control of the road to {s.place2} in {MONTHS[r.randrange(12)]} {s.day.year - 1} after two months of fighting."
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
            return f"It was the deadliest {what} in {s.place} since {r.randint(2012, s.day.year - 1)}."
        if k == 11:
            return "UN Security Council Resolution 2254, adopted in December 2015, calls for a political transition."
        if k == 12:
            return "The war, which began in 2011, has driven half of the country’s pre-war population from their homes."
        if k == 13:
            return f"{_cap(r.choice(GOVERNMENTS))} has denied targeting civilians {self.when(s)}."
        if k == 14:
            return f"A {r.choice(('2,000-year-old', '12th-century', 'Roman-era'))} site on the outskirts of {s.place} was also damaged."
        return f"The area had been relatively calm {r.choice(('last week', 'until last month', 'since the truce in February'))}."

    def background_sentence(self, s: _Story, b: _Event) -> str:
        """A sentence telling the earlier event ``b`` (same year, at least a week before): its day, place and
        trigger, and a toll whose figures are marked with ``b``."""
        r = self.rng
        own, self.tag = self.tag, b.event_id
        try:
            n = self.quantity("killed").before_noun
        finally:
            self.tag = own
        noun = r.choice(_BACKGROUND_NOUNS[b.kind])
        place = "the same city" if b.places[0] == s.place else b.places[0]
        month, weeks = MONTHS[b.day.month - 1], round((s.day - b.day).days / 7)
        k = r.randrange(4)
        if k == 0 and weeks in _WEEKS:
            return f"The {s.attack} came {_WEEKS[weeks]} weeks after a {noun} in {place} killed {n} people."
        if k == 1 and b.day.month != s.day.month:
            return f"In {month}, {n} people were killed in a {noun} in {place}."
        if k == 2:
            return f"Earlier this year, on {month} {b.day.day}, a {noun} in {place} killed {n} people."
        return f"On {month} {b.day.day}, a {noun} in {place} killed {n} people."

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
