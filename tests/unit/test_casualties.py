"""Casualty phrasings from tests/cases/casualties.yaml: the claims as a set, offsets that slice."""


import pytest

from pipeline.extract.core import extract_article, extractors
from tests.conftest import load_cases


def run(text: str, published: str | None = None, sides=None) -> list[dict]:
    article = {"article_id": "0" * 16, "text": text, "published": published, "outlet": "Test Outlet"}
    return extract_article(article, extractors())["casualty_claims"]


def as_set(rows):
    return {(r["outcome"], r["victim_side"], r["count_low"], r["count_high"], r["claimant_side"]) for r in rows}


@pytest.mark.parametrize("case", load_cases("casualties.yaml"), ids=lambda c: c["text"][:60])
def test_phrasing(case):
    rows = run(case["text"], case.get("published"))
    expected = {tuple(float(v) if isinstance(v, int) else v for v in claim) for claim in case["claims"]}
    assert as_set(rows) == expected
    for r in rows:
        assert case["text"][r["char_start"]:r["char_end"]] == r["count_text"]
        assert r["hedged"] == (r["outcome"] in case.get("hedged", []))
        types = case.get("types", {})  # the victim type, where the case is about it: by figure, else by outcome
        if r["count_text"] in types or r["outcome"] in types:
            assert r["victim_type"] == types.get(r["count_text"], types.get(r["outcome"])), r["count_text"]
    # the incident dates, where the case is about them: {count_text: date}
    dates = {r["count_text"]: r["incident_date"] for r in rows}
    for figure, day in case.get("dates", {}).items():
        assert dates[figure] == day, figure


def test_incident_date_resolved_against_publication_date():
    rows = run("Armenia said 12 soldiers had been captured on Tuesday.", "2021-11-17")
    assert rows[0]["incident_date"] == "2021-11-16"  # 17 Nov 2021 was a Wednesday


def test_earlier_war_keeps_its_own_date():
    rows = run("More than 6,000 lives were lost in last year's war.", "2021-11-16")
    assert rows[0]["incident_date"] == "2020-09-27"  # a whole war's toll: its first day (rules/wars.yaml)


def test_claimant_carried_by_pronoun():
    rows = run("Azerbaijan's defence ministry accused Armenia of provocations. It said seven servicemen were killed.")
    assert {(r["claimant"], r["claimant_side"], r["victim_side"]) for r in rows} == {
        ("Azerbaijan's defence ministry", "AZE", "AZE")}


def test_confidence_is_lower_when_the_side_is_inferred():
    explicit = run("Armenia said 12 Armenian soldiers had been captured.")[0]["confidence"]
    inferred = run("Armenia said 12 soldiers had been captured.")[0]["confidence"]
    assert 0 < inferred < explicit <= 1


def test_the_date_of_a_report_is_not_the_incident_date():
    text = ("Militants killed seven soldiers at an army base, three officers told reporters on Monday. "
            "The attackers stormed the base in Borno State on Sunday.")
    rows = run(text, "2025-01-07")  # a Tuesday
    assert [r["incident_date"] for r in rows] == ["2025-01-05"]  # Sunday's attack, not Monday's briefing


def test_a_report_date_is_kept_when_the_article_names_no_other():
    # the nearest day the text gives, and what links the claim to other articles' claims of the same incident
    rows = run("Armenia said on Tuesday that 12 soldiers had been captured.", "2021-11-17")
    assert rows[0]["incident_date"] == "2021-11-16"


def test_a_cumulative_toll_is_dated_to_the_war_start_the_article_names():
    text = ("Fighting between the army and the rebels erupted on March 3. Since the war began, more than 2,400 "
            "people have been killed, the health ministry said on Monday.")
    assert [r["incident_date"] for r in run(text, "2025-06-10")] == ["2025-03-03"]
    assert [r["incident_date"] for r in run("Since 2012, the insurgency has killed more than 20,000 people.",
                                            "2025-06-10")] == ["2012-01-01"]


def test_a_cumulative_toll_without_an_onset_has_no_date():
    rows = run("Five soldiers died on Monday. The conflict has killed more than 35,000 people so far.", "2025-06-10")
    assert [(r["count_low"], r["incident_date"]) for r in rows] == [(5.0, "2025-06-09"), (35000.0, None)]


def test_parties_name_the_group_while_sides_keep_the_state():
    rows = run("Twelve Hezbollah fighters were killed and three wounded, a Hezbollah official said. "
               "The army said 23 militants were killed in Pakistan.")
    parties = {(r["count_low"], r["victim_side"], r["victim_party"], r["claimant_side"], r["claimant_party"]) for r in rows}
    assert (12.0, "LBN", "HZB", "LBN", "HZB") in parties
    assert (3.0, "LBN", "HZB", "LBN", "HZB") in parties        # the second figure keeps the first's party
    assert any(r["count_low"] == 23.0 and r["victim_party"] is None for r in rows)  # unnamed militants


def test_group_parties_for_a_named_groups_fighters_and_spokesman():
    rows = run("The defence ministry said 40 Tamil Tigers were killed in fighting in Jaffna.")
    assert [(r["victim_side"], r["victim_party"], r["claimant_party"]) for r in rows] == [("LKA", "LTTE", "UNK")]
    rows = run("A spokesman for the West Papua National Liberation Army said its fighters killed four soldiers "
               "in Nduga.")
    assert [(r["victim_side"], r["victim_party"], r["claimant_side"], r["claimant_party"]) for r in rows] == [
        ("IDN", "IDN", "IDN", "TPNPB")]


def test_a_group_attacking_in_its_own_country_is_not_the_other_party():
    rows = run("The army and the Tamil Tigers fought near Jaffna, Sri Lanka's ministry said, while Norway urged talks. "
               "Two farmers were killed near Vavuniya by Tamil Tiger gunmen, it said.")
    assert [(r["count_low"], r["victim_side"]) for r in rows] == [(2.0, "LKA")]  # not Norway's


def test_a_since_clause_that_gives_no_date_leaves_the_toll_undated():
    text = ("Troops have killed 640 rebels since the start of the month. Tens of thousands of people have died "
            "since the rebels took up arms.")
    assert {r["count_text"]: r["incident_date"] for r in run(text, "2008-01-27")} == {
        "640": "2008-01-01", "Tens of thousands of": None}


# Incident dates of real sentence shapes (invented wording): text, publication date, the figures' dates in order.
DATES = [
    # a period's toll: its first day; "overnight" in copy dated the next day; a toll of the current episode
    ("Among those killed between April and June were 14 police officers.", "2023-08-31", ["2023-04-01"]),
    ("Rebels said they had killed 40 soldiers in raids conducted overnight.", "2025-10-12", ["2025-10-11"]),
    ("Clashes erupted on July 12 between two militias. The fighting has left 410 dead, a monitor said on Tuesday. "
     "Since 2011, the war has killed 500,000 people.", "2025-07-22", ["2025-07-12", "2011-01-01"]),
    # the day of a statement is the report's, not the incident's
    ("At least 29 people were killed in the strikes, the spokesman said in a Sunday statement. The strikes hit "
     "the port on Saturday.", "2025-03-17", ["2025-03-15"]),
    # cumulative tolls: since a month, since a rebellion broke out in a year, since the start of the month
    ("Clashes erupted on May 2. The violence has killed 240 people since March, officials said.", "2025-06-10",
     ["2025-03-01"]),
    ("Tens of thousands of villagers and fighters have been killed since the uprising broke out in 1989.", "2019-02-18",
     ["1989-01-01"]),
    ("The army says it has killed 520 insurgents since the beginning of the month.", "2008-01-27", ["2008-01-01"]),
    # a war that is the background of the sentence ("after last year's war") does not date its figures
    ("Kestria says border clashes with Azerbaijan have left three of its troops dead on Monday, months after "
     "last year's war.", "2021-08-17", ["2021-08-16"]),
    ("Clashes near the border left two of Armenia's soldiers dead as tensions simmer after the 44-day war.",
     "2021-08-17", [None]),
    # the day of a report that opens the sentence; a report "in a statement on Monday"
    ("Gunmen attacked a convoy on Saturday. On Sunday, police officials said that six guards had been killed.",
     "2020-04-07", ["2020-04-04"]),
    ("Rebels ambushed a patrol on Friday. Their spokesman said in a statement on Monday that 14 troops died.",
     "2023-04-18", ["2023-04-14"]),
    # the day the dead were found is not the day they died
    ("Militants ambushed a patrol on Saturday. Rescuers found the bodies of six guards on Wednesday.", "2023-04-21",
     ["2023-04-15"]),
    # another event's day in a possessive ("since Thursday's bombing") is not carried to the next sentences
    ("Nine soldiers died on Monday in a gunfight. Troops have hunted the gang since Thursday's bombing. "
     "Two civilians were wounded, officials said.", "2019-02-19", ["2019-02-18", "2019-02-18"]),
    # a period's toll ending on the report's day: its first day
    ("Border clashes have left eight Kestrian troops dead over four days of fighting, an officer said on Thursday.",
     "2008-06-13", ["2008-06-09"]),
    ("Health officials said on Thursday that 140 people had died during two weeks of shelling.", "2019-04-19",
     ["2019-04-04"]),
    # counted back: "three days ago" from the publication date, "a day earlier" from the day just told
    ("Troops shot dead four infiltrators three days ago, a colonel said.", "2020-04-06", ["2020-04-03"]),
    ("Two Kestrian soldiers were killed on August 16, the ministry said. One Vardanian soldier had died a day "
     "earlier, it said.", "2021-08-17", ["2021-08-16", "2021-08-15"]),
    # a single event in a past year: 1 January of that year
    ("Gunmen stormed a hotel in the port city in 2011, killing 58 people, and in 2016 a bombing at a stadium "
     "killed 131.", "2018-06-06", ["2011-01-01", "2016-01-01"]),
    # the article's current day comes from a sentence about the events, not from an envoy's visit
    ("Rebels have killed seven soldiers in an ambush, the army says. Five days ago an envoy ended a visit.",
     "2005-07-23", [None]),
    # "since the war ended" is not since it began
    ("The war erupted on 27 September 2020. Kestria has handed over more than 40 prisoners of war to Vardan since "
     "the war ended.", "2021-11-26", [None]),
    # a wire dateline's day dates a story whose sentences name none (and only then)
    ("MOMBASA, Kestria, Jun 6 – Four border police officers have died in a raid near the crossing.", "2018-06-06",
     ["2018-06-06"]),
    ("UNITED NATIONS, May 10: Rebels ambushed a convoy on Monday, killing four peacekeepers.", "2017-05-10",
     ["2017-05-08"]),
    # a superlative "since 2014" compares the event with the past: not a toll since 2014; "this afternoon" is the
    # report's day; "early this year" a year's figure (1 January)
    ("In the worst raid by the rebels since 2014, 19 rangers died in the hills this afternoon.", "2019-05-02",
     ["2019-05-02"]),
    ("Nine guards were killed in the same valley early this year in a rebel ambush.", "2019-05-02", ["2019-01-01"]),
    # a sentence with no time of its own goes on with the past event the sentence before it named, in the same
    # paragraph only
    # "the Sunday Clarion" is a newspaper, not a day
    ("Gunmen killed two rangers at a base on Saturday night. A caller to the Sunday Clarion newspaper claimed the "
     "attack. The two rangers who died were in their thirties.", "2009-03-09", ["2009-03-07", "2009-03-07"]),
    ("The front bombed a market town in August 1998. Nineteen people were killed.\n\nEleven soldiers were killed, "
     "police said.", "2009-03-09", ["1998-08-01", None]),
    # "over the past 48 hours": counted back from the report's day (the publication's, when no day is said)
    ("The ministry said on Tuesday that 52 people had been killed in strikes over the past 48 hours.", "2024-04-30",
     ["2024-04-28"]),
    ("Strikes hit the port on Monday. Health officials say 31 people were killed over the last 24 hours.",
     "2024-05-09", ["2024-05-08"]),
    # a figure that goes on from the ones before ("A further ...", "... were also killed") keeps their day
    ("The war began on 8 October 2023. The ministry said 34,100 people had been killed since the war began. A further "
     "77,300 have been wounded, it said.", "2024-04-30", ["2023-10-08", "2023-10-08"]),
    # a war's weeks of fighting "that ended" do not end on the report's day
    ("About 5,000 people died during six weeks of clashes which ended in a truce on Monday.", "2021-08-17",
     ["2021-08-16"]),
]


@pytest.mark.parametrize("text,published,dates", DATES, ids=[d[0][:50] for d in DATES])
def test_incident_dates(text, published, dates):
    assert [r["incident_date"] for r in sorted(run(text, published), key=lambda r: r["char_start"])] == dates


def test_tens_of_thousands_is_one_vague_figure():
    rows = run("Tens of thousands of villagers and fighters have been killed since the uprising broke out in 1989.",
               "2019-02-18")
    assert [(r["count_text"], r["count_low"]) for r in rows] == [("Tens of thousands of", None)]


def test_victim_types_follow_the_people_a_figure_points_back_to():
    rows = run("A mine blast killed one border ranger and injured four others. Clashes killed seven Kestrian soldiers "
               "and injured 40 others, an official said. A military official said as many as seven were dead and 40 hurt.")
    assert {(r["count_text"], r["outcome"], r["victim_type"]) for r in rows} == {
        ("one", "killed", "military"), ("four", "wounded", "military"),       # "others": the ranger's fellows
        ("seven", "killed", "military"), ("40", "wounded", "military"),
        ("as many as seven", "killed", "military")}                           # restated without the noun


def test_people_said_to_be_mostly_civilians_are_civilians():
    types = {r["count_text"]: r["victim_type"] for r in run(
        "Gunmen killed around 140 people, mostly civilians. The clashes killed 60 people, including 8 civilians.")}
    assert types["around 140"] == "civilian"
    assert types["60"] == "unknown"   # a sub-count of civilians says nothing of the others


def test_the_datelines_state_counts_as_named():
    text = ("YAOUNDE, Oct. 22 (Xinhua) — Cameroonian troops beat back a raid by separatists near Bamenda on "
            "Thursday. Seven attackers were killed, the military said.")
    assert [(r["count_text"], r["claimant_side"]) for r in run(text, "2021-10-22")] == [("Seven", "CMR")]


def test_the_people_after_an_outcome_word_give_the_type():
    types = {r["count_text"]: r["victim_type"] for r in run(
        "He said five wounded soldiers were recovering in hospital. The raid caused at least 12 deaths among the "
        "Kestrian border troops. Seven dead and many villagers fled.")}
    assert types == {"five": "military", "at least 12": "military", "Seven": "unknown"}
