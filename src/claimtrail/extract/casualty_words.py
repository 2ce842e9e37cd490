"""The words that make a count a casualty count, and the words that say who the victims are.

The measure (schema CASUALTY_MEASURES) comes from the verb or noun of the
figure, in any tense and voice: a verb before the number ("killing 82",
"kidnapped dozens", "displacing 13,000"), a participle, adjective or verb
after its noun ("were killed", "dead", "fled", "went missing", "lost their
lives"), a casualty noun as the counted noun ("deaths", "IDPs", "3,000
killed") or as the label of the line or phrase ("death toll", "Fatalities:",
"Deaths97+").  The group (schema GROUPS) comes from the counted noun and its
modifiers ("humanitarian aid workers", "female suicide bombers").
"""

from __future__ import annotations

from ..schema import CASUALTY_MEASURES, GROUPS


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def _index(table: dict[str, str]) -> dict[str, str]:
    return {w: measure for spaced, measure in table.items() for w in spaced.split()}


# A verb before the number: "killing at least 82", "kidnapped dozens of people".
VERB_BEFORE = _index(
    {
        "killed killing kill kills slaying slew slain executed executing execute massacred massacring murdered "
        "murdering beheaded beheading neutralized neutralised neutralizing neutralising": "killed",
        "wounded wounding wound wounds injured injuring injure injures maimed maiming": "injured",
        "kidnapped kidnapping kidnap kidnaps abducted abducting abduct abducts": "abducted",
        "arrested arresting arrest arrests detained detaining detain detains jailed jailing rounded": "detained",
        "displaced displacing displace displaces uprooted uprooting uprooting evacuated": "displaced",
    }
)
# Verbs that take people only when the counted noun is a person noun ("captured 5,000 cadets", not "captured 3 towns").
PERSON_VERB_BEFORE = _index(
    {
        "captured capturing seized seizing took taking taken abducted held holding": "abducted",
        "drove driven driving forced forcing": "displaced",
        "buried burying": "killed",
    }
)
# A word after the counted noun: "were killed", "dead", "still missing", "have fled".
AFTER = _index(
    {
        "killed dead died die slain executed massacred murdered starved beheaded perished drowned martyred": "killed",
        "wounded injured hurt maimed": "injured",
        "missing unaccounted disappeared": "missing",
        "kidnapped abducted taken seized captured": "abducted",
        "arrested detained jailed imprisoned held": "detained",
        "displaced fled fleeing uprooted homeless crossed": "displaced",
    }
)
# Between the noun and that word: auxiliaries, adverbs and the reporting words of a passive.
AFTER_SKIP = _words(
    "were was have has had been are is being reportedly also all thought believed feared confirmed later to be now "
    "said reported people among the still internally newly forcibly either allegedly "
    "so far those who that went may might could would estimated shot stabbed beaten burned hacked made left"
)
# A casualty noun as the counted noun or as a line label: "deaths", "IDPs", "Fatalities: 1,095".
CASUALTY_NOUNS = _index(
    {
        "dead deaths death fatalities fatality killed lives bodies corpses lynchings killings murders "
        "massacred toll": "killed",
        "wounded injured injuries": "injured",
        "missing disappeared": "missing",
        "abducted kidnapped hostages abductees kidnappings abductions": "abducted",
        "detained detainees arrested arrests": "detained",
        "displaced idps refugees evacuees arrivals": "displaced",
        "casualties": "casualties",
    }
)
# Line or phrase labels read before the number ("death toll now at 191", "Government losses ... stands at 58").
LABEL_BEFORE = {
    **CASUALTY_NOUNS,
    **_index(
        {"losses toll killing": "killed", "abduction abductions kidnapping": "abducted", "displacement": "displaced"}
    ),
}
# Casualty measures that, joined by "or"/"and"/",", make a combined count ("killed or wounded").
COMBINED = frozenset({frozenset({"killed", "injured"})})

# Who the victims are: the counted noun (or a modifier of it) gives the group.
GROUP_NOUNS = _index(
    {
        "civilians civilian farmers villagers herders fishermen worshippers pilgrims mourners shoppers "
        "passengers protesters demonstrators yazidis noncombatants": "civilians",
        "children child boys girls kids minors babies infants schoolchildren toddlers pupils": "children",
        "women woman": "women",
        "men man": "men",
        "fighters militants jihadists rebels insurgents gunmen terrorists combatants militiamen militia "
        "mercenaries separatists extremists jihadis guerrillas": "fighters",
        "soldiers soldier troops servicemen marines cadets paratroopers commandos army personnel": "soldiers",
        "police policemen policewomen officers gendarmes": "police",
        "attackers assailants bombers raiders perpetrators": "attackers",
        "journalists reporters": "journalists",
    }
)
# Modifiers that decide the group on their own ("aid workers", "police cadets", "al-Shabaab members").
GROUP_MODIFIERS = _index(
    {
        "aid humanitarian relief msf unrwa icrc ngo medical": "aid_workers",
        "police": "police",
        "suicide": "attackers",
        "al-shabaab shabaab isis isil taliban boko maute jihadist militant rebel insurgent": "fighters",
        "civilian": "civilians",
    }
)
# Nouns that need a modifier to have a group: "aid workers", "al-Shabaab members"; alone they are people.
PLAIN_PERSON_NOUNS = _words(
    "people persons person individuals residents others victims members workers staff patients students "
    "palestinians idps refugees family families bodies corpses"
)
# Casualty nouns that can head a noun phrase after modifiers ("charred corpses", "civilian deaths").
CASUALTY_HEADS = _words(
    "deaths fatalities bodies corpses lynchings killings casualties idps refugees hostages detainees arrivals"
)
# Quantity words that are figures only when they count casualties ("several members of his family ... killed").
WEAK_VAGUE = _words("several multiple many")
FRACTIONS = _words("half third quarter majority most fraction")
NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million dozen dozens "
    "hundreds thousands scores"
)
BREAKDOWN_WORDS = _words("including includes include whom")
TOLL_CHANGE = _words("rose risen rises climbed increased revised raised jumped reached doubled tripled")
# Idioms of a clause that make its count a death toll: "embraced martyrdom", "hacked to death".
DEATH_IDIOMS = frozenset({("embraced", "martyrdom"), ("to", "death"), ("lost", "their"), ("blew", "themselves")})

assert set(VERB_BEFORE.values()) | set(AFTER.values()) | set(CASUALTY_NOUNS.values()) <= set(CASUALTY_MEASURES)
assert set(GROUP_NOUNS.values()) | set(GROUP_MODIFIERS.values()) <= set(GROUPS)
