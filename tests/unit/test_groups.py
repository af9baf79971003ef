"""Every armed group of rules/actors/groups.yaml, under each of its names, resolves to its own party code and counts
for its host state (the data contract: victim_side / claimant_side carry the host, victim_party / claimant_party
the group)."""

import pytest
import yaml

from pipeline.extract.rulebook import DEFAULT_RULES, load_rules

GROUPS = yaml.safe_load((DEFAULT_RULES / "actors" / "groups.yaml").read_text("utf-8"))
NAMES = [(code, spec["host"], name) for code, spec in GROUPS.items() for name in spec["names"]]


@pytest.fixture(scope="module")
def actors():
    return load_rules(None).actors


@pytest.mark.parametrize("code,host,name", NAMES, ids=[n for _, _, n in NAMES])
def test_each_group_name_resolves_to_its_party_and_host(actors, code, host, name):
    text = f"Officials said {name} had withdrawn its fighters."
    found = [m for m in actors.mentions(text) if m.start == len("Officials said ")]
    assert found, f"{name!r} is not recognised"
    assert (found[0].text, found[0].code, found[0].party) == (name, "SCENE" if host == "scene" else host, code)


def test_a_day_or_month_before_a_group_is_not_part_of_a_longer_name(actors):
    assert [m.party for m in actors.mentions("On Monday Hamas said it had withdrawn.")] == ["HAMAS"]
    assert [m.party for m in actors.mentions("In March Hezbollah fired rockets.")] == ["HZB"]
    assert actors.mentions("Officials said the Southern Islands National Liberation Army had withdrawn.") == []


def test_an_organisations_spokesperson_is_grouped_as_the_organisation(actors):
    assert actors.canonical_name("a UN spokesperson", "UN") == "UN"
    assert actors.canonical_name("the ICRC", "ICRC") == "ICRC"
    assert actors.canonical_name("Armenia's defence ministry", "ARM") == "ARM defence ministry"
    assert actors.canonical_name("officials", "ARM") == "ARM government"


def test_a_group_that_fights_in_many_states_counts_for_the_articles_state():
    from pipeline.extract.core import extract_article, extractors
    text = ("Insurgents ambushed a patrol near Mocimboa da Praia in Cabo Delgado province, Mozambique. The Islamic "
            "State said its fighters had killed 12 soldiers in Cabo Delgado, and IS said it had captured one more.")
    rows = extract_article({"article_id": "0" * 16, "text": text, "published": None, "outlet": None},
                           extractors())["casualty_claims"]
    assert {(r["count_text"], r["claimant_side"], r["claimant_party"]) for r in rows} >= {("12", "MOZ", "ISIS")}
    assert all("SCENE" not in {str(v) for v in r.values()} for r in rows)
