"""The gazetteer: places from pinned packages, tuned by rules/places.yaml."""

import pytest

from pipeline.extract.places import Gazetteer
from pipeline.extract.rulebook import load_rules


@pytest.fixture(scope="module")
def book():
    return load_rules(None)


def codes(places):
    return [(p.text, p.code) for p in places]


def test_regions_and_cities_come_from_the_packages(book):
    text = "Fighting near the town of Navolato, Sinaloa state, spread to Culiacan."
    assert codes(book.places.places(text)) == [("Navolato", "MEX"), ("Sinaloa", "MEX"), ("Culiacan", "MEX")]


def test_a_place_needs_a_cue_to_say_where_things_happen(book):
    text = "Police said the Sinaloa cartel attacked. Clashes in Sinaloa state and near Navolato."
    assert codes(book.places.where(text)) == [("Sinaloa", "MEX"), ("Navolato", "MEX")]
    assert codes(book.places.where("Most of them fled to Bannu and Peshawar.")) == [("Bannu", "PAK"), ("Peshawar", "PAK")]


def test_common_words_and_ambiguous_names_are_left_out(book):
    assert book.places.places("Police said. Most fled. The Split was wide.") == []
    assert "Punjab" not in book.places.forms  # India's and Pakistan's


def test_a_longer_place_name_wins_over_a_capital_inside_it(book):
    mentions = book.actors.mentions("Insurgents attacked Mocímboa da Praia; New Mexico police helped.")
    assert [(m.text, m.code) for m in mentions] == []


def test_the_analyst_file_adds_and_drops_names():
    g = Gazetteer({"extra": {"NLD": ["Zuidmarsh"]}, "exclude": ["Goma"]}, set())
    assert codes(g.places("Refugees from Goma reached Zuidmarsh.")) == [("Zuidmarsh", "NLD")]


def test_an_actor_form_is_never_a_place(book):
    assert "Georgia" not in book.places.forms  # the country's name, not the US state
    assert codes(book.places.places("in Kabul")) == []


def test_months_directions_and_generic_words_are_not_places(book):
    text = "In March, fighters moved in West and in Mountain areas, near Abu and across the Sahel."
    assert codes(book.places.where(text)) == []


def test_the_scene_is_where_the_places_and_armed_groups_are(book):
    from pipeline.extract.core import scene

    text = ("Soldiers were ambushed near the town of Navolato on Monday. The Sinaloa cartel has fought in Culiacan "
            "for a year. Its co-founder was detained in the United States, and his son in the United States too.")
    assert scene(book, text) == "MEX"  # 2 against 2: the place the lede names first
    assert scene(book, "Gunmen came from across the border with Afghanistan and fled across the border with "
                       "Afghanistan.") is None  # a neighbour, not the place
    assert scene(book, "Talks were held in Geneva.") is None  # one place is not a scene


def test_a_possessive_place_and_a_word_of_a_state_name(book):
    assert codes(book.places.where("Gunmen struck in Manipur's Jiribam district.")) == [("Manipur", "IND")]
    assert book.places.places("Sri Lanka's army said.") == []  # "Lanka" is also a town in Assam


def test_an_armed_group_is_not_evidence_of_the_scene(book):
    from pipeline.extract.core import scene

    text = ("ADF rebels attacked a village near Kamwenge and a bar in Kamwenge, the army said. The ADF, which "
            "Congo's army also fights, denied it; the ADF often raids from its camps.")
    assert scene(book, text) == "UGA"  # the ADF is based in Congo, but its raids were in Kamwenge


def test_a_sea_that_also_names_a_province_is_not_a_place():
    from pipeline.extract.rulebook import load_rules
    places = load_rules(None).places
    assert places.where("A tanker was hit by a drone in the Red Sea, the navy said.") == []
