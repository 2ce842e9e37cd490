"""Casualty figures (issue 13): the measure from the verb or noun in any tense and voice, the victim group,
breakdowns (part_of), tolls that change (toll_state), and the shapes tolls are written in.

Every text here is written for the test; none is copied from a real article.
"""

from __future__ import annotations

import pytest

from claimtrail.extract import Finding, extract_findings
from claimtrail.schema import CASUALTY_MEASURES, GROUPS, MEASURES, TOLL_STATES


def figures(text: str, published: str | None = None) -> list[Finding]:
    return [f for f in extract_findings(text, 0, len(text), published) if f.kind == "figure"]


def one(text: str) -> Finding:
    found = figures(text)
    assert len(found) == 1, [(f.text, f.measure) for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Officials said 14 people were killed in the raid.", "killed"),
        ("At least 30 villagers lost their lives when the bridge was shelled.", "killed"),
        ("The attack killed 12 people and left 40 wounded.", "killed"),
        ("The ministry reported 61 deaths in the province.", "killed"),
        ("The death toll stood at 84 on Friday.", "killed"),
        ("Gunmen kidnapped 30 students from the school.", "abducted"),
        ("Armed men seized 12 passengers from the bus.", "abducted"),
        ("Fourteen aid workers were taken by the militia.", "abducted"),
        ("Police arrested 45 protesters in the capital.", "detained"),
        ("Some 300 people were detained after the march.", "detained"),
        ("About 2,000 families fled the fighting.", "displaced"),
        ("Nearly 5,000 residents were forced from their homes.", "displaced"),
        ("The agency counted 12,000 newly displaced people in the district.", "displaced"),
        ("Aid groups registered 900 refugees at the border camp.", "displaced"),
        ("At least 17 fishermen went missing after the storm of shelling.", "missing"),
        ("Some 40 people are still unaccounted for.", "missing"),
        ("More than 1,630 people were killed, wounded or kidnapped in the quarter.", "casualties"),
        ("The clashes caused 75 casualties among the guards.", "casualties"),
    ],
)
def test_the_verb_or_noun_decides_the_measure(text: str, measure: str) -> None:
    f = one(text) if measure != "killed" or "wounded" not in text else figures(text)[0]
    assert f.measure == measure, (text, f.measure)
    assert f.toll_state == "current" and f.group in GROUPS


def test_a_count_of_civilians_is_a_group_of_the_verbs_measure() -> None:
    f = one("The strike killed 31 civilians near the market.")
    assert (f.measure, f.group, f.unit) == ("killed", "civilians", "civilians")
    assert "civilians" not in MEASURES and set(CASUALTY_MEASURES) <= set(MEASURES)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Thirteen humanitarian aid workers have been killed since January.", "aid_workers"),
        ("Five police officers were wounded in the blast.", "police"),
        ("Two journalists were abducted near the front.", "journalists"),
        ("Three suicide bombers blew themselves up at the gate.", "attackers"),
        ("The army said 22 militants were killed in the operation.", "fighters"),
        ("Four soldiers died when their convoy was ambushed.", "soldiers"),
        ("Rebels abducted 40 women and children from the village.", "civilians"),
        ("At least 9 people were killed in the shelling.", "people"),
    ],
)
def test_the_noun_and_its_modifiers_give_the_group(text: str, group: str) -> None:
    casualty = [f for f in figures(text) if f.measure in CASUALTY_MEASURES]
    assert [f.group for f in casualty] == [group], [(f.text, f.measure, f.group) for f in casualty]


def test_coordinated_counts_are_two_figures_sharing_the_verb() -> None:
    found = figures("The shelling killed 12 civilians and three soldiers.")
    assert [(f.text, f.measure, f.group) for f in found] == [
        ("12", "killed", "civilians"),
        ("three", "killed", "soldiers"),
    ]
    found = figures("12 civilians and three soldiers were killed in the raid.")
    assert [(f.measure, f.group) for f in found] == [("killed", "civilians"), ("killed", "soldiers")]


def test_a_breakdown_points_at_its_total() -> None:
    found = figures("At least 97 people, including 58 children, were killed. This includes 20 women.")
    total, children, women = found
    assert (total.measure, children.measure, women.measure) == ("killed", "killed", "killed")
    assert total.part_of is None
    assert children.part_of == total.start and children.group == "children"
    assert women.part_of == children.start  # "This includes" breaks down the last toll named
    found = figures("Residents buried 43 farmers killed in the attack. About 30 of the men had been beheaded.")
    assert found[1].part_of == found[0].start and found[1].group == "men"


def test_tolls_that_change_are_earlier_or_current() -> None:
    found = figures("Medics first said two people were killed. The toll later rose to 84, up from 61.")
    assert [(f.text, f.toll_state) for f in found] == [("two", "earlier"), ("84", "current"), ("61", "earlier")]
    found = figures("The toll had earlier been reported as 37, but officials now count 41 dead.")
    assert [(f.text, f.toll_state) for f in found] == [("37", "earlier"), ("41", "current")]
    assert {f.toll_state for f in found} <= set(TOLL_STATES)


@pytest.mark.parametrize(
    ("text", "words", "value", "measure"),
    [
        ("Fatalities: 1,095–1,700", "1,095–1,700", 1397.5, "killed"),
        ("Deaths97+[1]", "97+", 97.0, "killed"),
        ("Casualties3: 62 civilians killed", "62", 62.0, "killed"),
        ("Injuries: ~8", "~8", 8.0, "injured"),
        (
            "In all, more than 151, 000 people were displaced in the region.",
            "more than 151, 000",
            151000.0,
            "displaced",
        ),
        ("Estimates say 294,0001 people have crossed the border.", "294,0001", 294000.0, "displaced"),
        ("Storm of shelling displaces 165,000 in the valley", "165,000", 165000.0, "displaced"),
        ("Officials said the toll was closer to 75.", "closer to 75", 75.0, "killed"),
    ],
)
def test_shapes_tolls_are_written_in(text: str, words: str, value: float | None, measure: str) -> None:
    found = [f for f in figures(text) if f.measure in CASUALTY_MEASURES]
    assert [(f.text, f.value, f.measure) for f in found] == [(words, value, measure)]


def test_a_figure_box_pairs_numbers_with_their_captions() -> None:
    text = "3.1 million\n\n1.2 million\n\nPeople in need of help\n\nPeople internally displaced by fighting\n"
    found = figures(text)
    assert [(f.text, f.measure) for f in found] == [("3.1 million", "other"), ("1.2 million", "displaced")]


@pytest.mark.parametrize(
    "text",
    [
        "The suspect, 34, was arrested with two accomplices.",
        "Talks were held between March 27 and 28 in the capital.",
        "Many of the residents stayed in the town.",
        "More than half of the town's 100,000 residents have fled.",
        "None of the 40 hostages was harmed.",
    ],
)
def test_ages_dates_and_wholes_are_not_casualty_counts(text: str) -> None:
    bad = [(f.text, f.measure) for f in figures(text) if f.measure in CASUALTY_MEASURES and f.text != "40"]
    assert not bad


def test_a_bare_dozen_is_twelve_after_a_determiner_and_vague_without_one() -> None:
    counted = figures("Two guards were killed and another dozen were wounded in the ambush.")
    assert [(f.text, f.measure, f.qualifier, f.value) for f in counted][-1] == ("dozen", "injured", "exact", 12.0)
    cut = figures("The raid on the depot killed four guards and wounded dozen\n")
    last = cut[-1]
    assert (last.text, last.measure, last.qualifier, last.value) == ("dozen", "injured", "vague", None)
    assert (last.low, last.high) == (12.0, 99.0)
    assert one("Gunmen killed a dozen farmers.").value == 12.0


def test_one_number_with_two_groups_gives_one_figure_per_group_at_the_same_words() -> None:
    text = "Officials said 17 soldiers and militiamen were among the dead, including three officers."
    found = figures(text)
    twins = [f for f in found if f.text == "17"]
    assert [(f.measure, f.group, f.unit) for f in twins] == [
        ("killed", "soldiers", "soldiers"),
        ("killed", "fighters", "militiamen"),
    ]
    assert len({(f.start, f.end) for f in twins}) == 1 and text[twins[0].start : twins[0].end] == "17"
    assert all(f.part_of is None and f.toll_state == "current" for f in twins)  # neither breaks the other down
    three = next(f for f in found if f.text == "three")
    assert three.part_of == twins[0].start
    # plain groups together stay one set of civilians
    assert [(f.group, f.unit) for f in figures("The shelling killed 12 women and children.")] == [
        ("civilians", "women and children")
    ]
