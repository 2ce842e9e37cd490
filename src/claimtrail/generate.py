"""Synthetic corpora: a complete temporary repository of machine-written articles, for tests and benchmarks.

``generate_corpus(dest, n_articles, seed=..., template_root=...)`` writes a new
repository at ``dest`` that ``claimtrail build --root DEST`` accepts:

* ``report/``, ``mkdocs.yml``, ``pyproject.toml`` and ``requirements/lock.txt``
  copied from ``template_root`` (each only if present there);
* ``raw/dataset.yaml`` (``synthetic-<n>``) and ``raw/events.yaml`` with a handful
  of synthetic events whose places are gazetteer names;
* ``n_articles`` articles in raw files, each with a correct provenance sidecar:
  compilation pages (3–8 articles, a ``Category:`` header, a ``%d bloggers
  like this:`` footer, every ``Source:`` line style the parser reads: `` – ``,
  `` — `` and `` - `` before the outlet, ``| Section | News | Outlet``, a
  wire dateline with a title-only Source line, an outlet naming its own
  sources) and single-article files with YAML front matter.

The text is invented wire copy about the war in Syria: figures for killed,
injured, bombs, airstrikes, troops, fighters and villages in every qualifier
form the extractor reads ("23", "1,200", "seven", "a dozen", "between seven and
nine", "48–53", "7 to 9", "184+", about/around/some/roughly, nearly/almost, at
least/no less than/no fewer than, more than/over/upwards of, up to/as many as,
dozens/scores/hundreds/thousands), attributed in the usual ways (said,
according to, claimed responsibility, reported, a state-media toll), between
sentences whose numbers count nothing (years, dates, times of day, ages,
durations, distances, model names such as F-16 and Su-24).  Every place
named is a gazetteer city.  No annotations are written: the build drafts the
claims of every article.

Output is a function of ``(n_articles, seed)`` and the template files only:
one ``random.Random(seed)`` drives every choice, nothing reads the clock, and
files are written one at a time in a fixed order (nothing is held in memory
but the ids and text hashes that keep articles unique).  Every article's
source id and text are distinct, as the build requires.  Nothing is ever
written under ``<template_root>/raw``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .hashing import sha256_hex
from .layout import RAW_DIR, REPO_DIRS, REPO_FILES
from .raw import SIDECAR_SUFFIX
from .raw.articles import source_id_for
from .text import slugify

__all__ = ["GeneratedCorpus", "generate_corpus"]

YEAR = 2016  # articles are dated across this year (a leap year: 366 days)
RETRIEVED = "2017-01-15"  # the sidecars' retrieval date: fixed, never the clock
TEMPLATE_FILES = REPO_FILES
TEMPLATE_DIRS = tuple(d for d in REPO_DIRS if d != RAW_DIR)  # raw/ is written, not copied
N_EVENTS = 6
N_FILLERS = 16  # kinds of sentence without figures (_Writer.filler_sentence)

# Gazetteer names (claimtrail.events.lookup_city resolves each of them in Syria).
PLACES = (
    "Aleppo", "Damascus", "Homs", "Hama", "Idlib", "Latakia", "Tartous",
    "Jableh", "Palmyra", "Raqqa", "Deir ez-Zor", "Daraa", "Douma",
)  # fmt: skip
# Invented outlets, or generic names that belong to no real outlet.
OUTLETS = (
    "The Levant Ledger", "Orient Herald", "Euphrates Post", "The Daily Compass", "Mediterranean Mail",
    "Crescent Times", "The Global Courier", "Frontline Weekly", "Harbour Gazette", "The Morning Tribune",
    "Desert Sun", "Continental Observer", "Atlas Review", "The World Desk", "Capital Chronicle",
    "Beacon News", "Northern Star Online", "The Evening Record", "Riverside Journal", "Meridian Wire",
    "Summit Daily", "The Weekly Dispatch", "Cedar Standard", "Horizon Press", "Polaris News Service",
)  # fmt: skip
# Outlets that name themselves in their text ("levantfile’s military sources say"), like debkafile.
SELF_NAMING_OUTLETS = ("levantfile", "orientfile", "mideastfile")
WIRES = ("Reuters", "AFP", "AP")
SECTIONS = ("Middle East", "World", "International", "Syria", "Conflict", "News Analysis")
CATEGORIES = ("Category: Syria", "Category: Syria", "Categories: Syria, Middle East", "Filed under: Syria")
FOOTERS = (
    "%d bloggers like this:",
    "%d bloggers like this:",
    "Share this:\n\n%d bloggers like this:",
    "Like this:\n\nLoading...\n\n%d bloggers like this:",
)
TITLE_PREFIXES = ("Syria update", "Dispatch", "Briefing", "Live report", "War diary", "Bulletin", "Field report")
# Source line styles of a compilation page; duplicates make a style more frequent.
PAGE_STYLES = (
    "en_dash", "en_dash", "en_dash", "em_dash", "hyphen",
    "pipe_section_news", "pipe_section_news", "pipe_section",
    "wire_title_only", "wire_title_only", "wire_dash_agency", "wire_us_suffix", "self_naming",
)  # fmt: skip
SINGLE_STYLES = ("outlet", "outlet", "outlet", "wire")

GENERATED_MEASURES = ("killed", "injured", "bombs", "airstrikes", "troops", "fighters", "villages")
# Qualifier forms of a figure; each is drawn once per shuffled deck, so every form appears early.
FORMS = (
    "digits", "separator", "word", "dozen", "between_words", "between_digits", "en_dash_range", "to_range",
    "plus", "about", "around", "some", "roughly", "nearly", "almost", "at least", "no less than",
    "no fewer than", "more than", "over", "upwards of", "up to", "as many as", "vague",
)  # fmt: skip
VALUE_RANGES = {
    "killed": (3, 160),
    "injured": (5, 300),
    "bombs": (2, 12),
    "airstrikes": (4, 90),
    "troops": (40, 900),
    "fighters": (20, 800),
    "villages": (2, 14),
}
LARGE_MEASURES = frozenset({"killed", "injured", "airstrikes", "troops", "fighters"})  # "1,200" makes sense
GENERATED_VAGUE_WORDS = {
    "killed": ("dozens", "scores", "hundreds"),
    "injured": ("dozens", "scores", "hundreds"),
    "bombs": ("dozens",),
    "airstrikes": ("dozens", "scores", "hundreds"),
    "troops": ("hundreds", "thousands"),
    "fighters": ("dozens", "hundreds", "thousands"),
    "villages": ("dozens",),
}
ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

STORY_KINDS = ("bombing", "air_strikes", "ground_offensive", "capture", "deployment")
LEDE_MEASURES = {
    "bombing": ("killed", "bombs", "injured"),
    "air_strikes": ("airstrikes", "killed"),
    "ground_offensive": ("fighters", "killed"),
    "capture": ("villages", "fighters"),
    "deployment": ("troops",),
}
ATTACK_NOUNS = {
    "bombing": ("bombings", "twin blasts", "car bomb attack", "suicide attack", "explosions"),
    "air_strikes": ("air raids", "bombardment", "strikes", "air attack"),
    "ground_offensive": ("offensive", "assault", "fighting", "ground attack"),
    "capture": ("advance", "offensive", "fighting"),
    "deployment": ("build-up", "reinforcement", "deployment"),
}
ACTORS = {
    "bombing": ("Islamic State", "Islamic State militants", "jihadist cells", "suicide bombers"),
    "air_strikes": ("Russian warplanes", "Syrian government aircraft", "the US-led coalition", "Russian jets"),
    "ground_offensive": ("government forces", "rebel groups", "Jabhat al-Nusra", "pro-government militias"),
    "capture": ("rebel groups", "government forces", "Kurdish-led forces", "Jabhat al-Nusra"),
    "deployment": ("the Syrian army", "Russia", "Hezbollah", "the Pentagon"),
}
GROUPS = ("Islamic State", "Jabhat al-Nusra", "Ahrar al-Sham", "the Free Syrian Army", "Jaish al-Islam")
AIR_ACTORS = ("Russian warplanes", "Syrian government aircraft", "the US-led coalition", "Russian and Syrian jets")
GOVERNMENTS = ("the Syrian army", "Russia", "the Pentagon", "Damascus", "Moscow")
MONITORS = (
    "the Syrian Observatory for Human Rights",
    "a local monitoring group",
    "local monitors",
    "the Britain-based Syrian Observatory for Human Rights",
    "monitoring groups",
)
STATE_MEDIA = ("state media", "Syrian state media", "the state news agency SANA", "Syrian state television")
OFFICIALS = (
    "a military source",
    "a spokesman for the opposition",
    "Russia’s defence ministry",
    "the Pentagon",
    "civil defence workers",
    "medical sources",
    "residents",
    "a rebel commander",
    "a senior security official",
    "the health ministry",
    "opposition activists",
    "a Western diplomat",
)
PERSONS = (
    "Omar Haddad", "Rania Saleh", "Karim Nassar", "Lina Mansour", "Yusuf Khoury", "Samir Aziz",
    "Hana Darwish", "Tarek Hamdan", "Maya Sabbagh", "Fadi Qassem", "Nour Bitar", "Walid Shami",
)  # fmt: skip
REPORTERS = (
    "Tom Perry", "Laila Bassam", "Suleiman Al-Khalidi", "Ellen Francis", "John Davison", "Kinda Makieh",
    "Angus McDowall", "Sarah Dadouch", "Dominic Evans", "Andrew Roche", "Mark Heinrich", "Alison Williams",
)  # fmt: skip
LANDMARKS = (
    "a bus station", "the main hospital", "a crowded market", "an electricity station",
    "a checkpoint", "a mosque", "the old city", "a school", "an army barracks", "a bakery",
)  # fmt: skip
SUBHEADINGS = (
    "A fragile truce", "Pressure on Moscow", "What comes next", "Fear on the coast",
    "A war of attrition", "The view from Damascus", "Shifting front lines", "A message to the regime",
)  # fmt: skip
MODELS = ("Su-24", "Su-34", "Su-25", "MiG-23", "MiG-29", "Tu-22")
QUOTES = (
    "We heard the explosion and then everyone started running",
    "There is no safe place left in this city",
    "The hospitals cannot cope with the wounded",
    "We will respond to this crime with full force",
    "Nobody expected an attack here",
    "The ceasefire exists only on paper",
    "Our forces are holding their positions",
    "The people of this town have nowhere else to go",
    "This escalation puts the whole political process at risk",
    "We are burying our dead and waiting for the next strike",
)


@dataclass(frozen=True)
class GeneratedCorpus:
    """What generate_corpus wrote.

    n_files and n_bytes count the raw article files (compilation pages and
    single-article files) under raw/, not their sidecars or the other files.
    """

    root: Path
    n_articles: int
    n_files: int
    n_bytes: int


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


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _is_inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def _check_dest(dest: Path, template_root: Path) -> Path:
    """The resolved destination, or ValueError when it is inside raw/ or not a new or empty directory."""
    resolved = dest.resolve()
    raw_dir = (template_root / "raw").resolve()
    if _is_inside(resolved, raw_dir):
        raise ValueError(f"{dest} is inside {template_root / 'raw'}: a generated corpus is never written under raw/")
    if resolved.exists() or resolved.is_symlink():
        if not resolved.is_dir():
            raise ValueError(f"{dest} exists and is not a directory")
        if any(resolved.iterdir()):
            raise ValueError(f"{dest} is not empty: give a new or empty directory")
    return resolved


def _copy_template(template_root: Path, root: Path) -> None:
    for name in TEMPLATE_DIRS:
        src = template_root / name
        if src.is_dir():
            shutil.copytree(src, root / name)
    for name in TEMPLATE_FILES:
        src = template_root / name
        if src.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, root / name)


def _sidecar(name: str, data: bytes, kind: str, description: str, seed: int) -> bytes:
    return (
        "# Provenance of a synthetic raw file written by claimtrail.generate.\n"
        f"file: {_yaml(name)}\n"
        f"sha256: {sha256_hex(data)}\n"
        f"bytes: {len(data)}\n"
        f"kind: {kind}\n"
        f"description: {_yaml(description)}\n"
        f"origin: {_yaml(f'generated by claimtrail.generate.generate_corpus with seed {seed}; not retrieved from anywhere')}\n"
        f"retrieved: {RETRIEVED}\n"
        "licence: CC0-1.0 (synthetic text written by a program; it reproduces no real article)\n"
    ).encode()


def _dataset_yaml(n_articles: int, seed: int) -> bytes:
    return (
        "# Dataset-level metadata of a synthetic corpus written by claimtrail.generate.\n"
        f"name: synthetic-{n_articles}\n"
        f"title: {_yaml(f'Synthetic corpus of {n_articles} machine-written articles on Syria (seed {seed})')}\n"
        "version: 0.0.0\n"
        "description: >-\n"
        f"  {n_articles} invented news articles on the war in Syria, written by\n"
        f"  claimtrail.generate (seed {seed}) to test and benchmark the build: compilation\n"
        "  pages and single-article files with figures in every qualifier form the\n"
        "  extractor reads.  Every outlet, person, event and figure is invented; nothing\n"
        "  here reports anything that happened.\n"
        "keywords: [synthetic, test corpus, Syria]\n"
        'homepage: ""\n'
        "contributors:\n"
        "  - title: claimtrail.generate\n"
        "    roles: [creator]\n"
        "licenses:\n"
        "  - name: CC0-1.0\n"
        "    title: Creative Commons Zero v1.0 Universal\n"
        "    path: https://creativecommons.org/publicdomain/zero/1.0/\n"
        "raw_licence_note: >-\n"
        "  The raw texts under raw/ are synthetic and are dedicated to the public domain\n"
        "  (CC0-1.0) like the tables.\n"
    ).encode()


def _events_yaml(events: Sequence[_Event]) -> bytes:
    event_types = {
        "bombing": "bombing",
        "air_strikes": "air_strikes",
        "ground_offensive": "ground_offensive",
        "capture": "capture",
        "deployment": "deployment",
    }
    lines = [
        "# Synthetic events written by claimtrail.generate.  Places are gazetteer names;",
        "# no article is linked to them (the corpus has no annotations).",
        "events:",
    ]
    for e in events:
        day = e.day.isoformat()
        lines += [
            f"  - id: {e.event_id}",
            f"    title: {_yaml(e.title)}",
            f"    event_type: {event_types[e.kind]}",
            f"    date_start: {day}",
            f"    date_end: {day}",
            "    date_precision: day",
            f"    date_basis: {_yaml(f'synthetic: the generator set the date {day}')}",
            "    places:",
            *(f"      - {{name: {_yaml(p)}}}" for p in e.places),
            f"    actors: [{', '.join(_yaml(a) for a in e.actors)}]",
            "",
        ]
    return ("\n".join(lines)).encode("utf-8")


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


def _unique(
    make: Callable[[], tuple[_Article, str, bytes]], seen_ids: set[str], seen_texts: set[bytes]
) -> tuple[_Article, str, bytes]:
    """make() until its article's id and text are new (a repeat is astronomically rare, but the build refuses one)."""
    for _ in range(100):
        article, ident, data = make()
        key = hashlib.sha256(" ".join(article.body.split()).encode("utf-8")).digest()
        if ident not in seen_ids and key not in seen_texts:
            seen_ids.add(ident)
            seen_texts.add(key)
            return article, ident, data
    raise RuntimeError("the generator keeps repeating an article id or text")  # pragma: no cover


def generate_corpus(dest: Path, n_articles: int, *, seed: int = 0, template_root: Path) -> GeneratedCorpus:
    """Write a complete synthetic repository of `n_articles` articles at `dest` (a new or empty directory).

    Raises ValueError when `dest` is inside `<template_root>/raw`, is not a
    new or empty directory, or `n_articles` is below 1.
    """
    if isinstance(n_articles, bool) or not isinstance(n_articles, int) or n_articles < 1:
        raise ValueError(f"n_articles must be a whole number of at least 1, not {n_articles!r}")
    root = _check_dest(Path(dest), Path(template_root))
    root.mkdir(parents=True, exist_ok=True)
    _copy_template(Path(template_root), root)
    raw_dir = root / "raw"
    raw_dir.mkdir()
    w = _Writer(seed)
    (raw_dir / "dataset.yaml").write_bytes(_dataset_yaml(n_articles, seed))
    (raw_dir / "events.yaml").write_bytes(_events_yaml(w.make_events()))

    seen_ids: set[str] = set()
    seen_texts: set[bytes] = set()
    number = n_files = n_bytes = 0
    r = w.rng
    while number < n_articles:
        remaining = n_articles - number
        page = remaining >= 3 and (n_files == 0 or (n_files > 1 and r.random() < 0.3))
        n_files += 1
        if page:
            size = min(remaining, r.randint(3, 8))
            chunks = [r.choice(CATEGORIES), ""]
            for _ in range(size):
                number += 1
                story = w.story(number)

                def make_page_article(story: _Story = story) -> tuple[_Article, str, bytes]:
                    article, source_line = w.page_article(story)
                    ident = source_id_for(article.publisher, article.title, "")
                    return article, ident, f"{article.body}\n\n{source_line}".encode()

                _, _, part = _unique(make_page_article, seen_ids, seen_texts)
                chunks += [part.decode("utf-8"), r.choice(("", "", "\n"))]
            chunks.append(r.choice(FOOTERS))
            data = ("\n".join(chunks) + "\n").encode("utf-8")
            name = f"{n_files:05d}_{sha256_hex(data)[:16]}.txt"
            kind = "compilation_page"
            description = (
                f"Synthetic compilation page (a blog page reposting {size} articles, each ending with a "
                "'Source:' line), written by claimtrail.generate"
            )
        else:
            number += 1
            story = w.story(number)
            published = story.day + dt.timedelta(days=r.choice((0, 0, 1, 1, 2, 3)))

            def make_single(story: _Story = story, published: dt.date = published) -> tuple[_Article, str, bytes]:
                article, ident, text = w.single_article(story, published)
                return article, ident, text.encode("utf-8")

            _, _, data = _unique(make_single, seen_ids, seen_texts)
            name = f"{n_files:05d}_{sha256_hex(data)[:16]}.md"
            kind = "article"
            description = "Synthetic single-article file with YAML front matter, written by claimtrail.generate"
        (raw_dir / name).write_bytes(data)
        (raw_dir / (name + SIDECAR_SUFFIX)).write_bytes(_sidecar(name, data, kind, description, seed))
        n_bytes += len(data)
    return GeneratedCorpus(root=root, n_articles=n_articles, n_files=n_files, n_bytes=n_bytes)
