"""Incident linking, the per-incident comparison, and analyst corrections, on hand-built frames."""

import io as stdio

import pandas as pd
import pytest

from pipeline import schemas
from pipeline.link.compare import compare_claims, point_figure
from pipeline.link.corrections import apply_corrections
from pipeline.link.incidents import link_incidents

CLAIMS = """claim_id,article_id,outcome,victim_side,count_low,count_high,qualifier,hedged,claimant,claimant_side,claimant_group,outlet,published,incident_date,char_start
c-000000000001,a1,killed,ARM,1,,at_least,False,Armenia's defence ministry,ARM,ARM defence ministry,P1,2021-11-16,2021-11-16,10
c-000000000002,a2,killed,ARM,6,6,exact,False,Armenia's defence ministry,ARM,ARM defence ministry,P2,2021-11-19,2021-11-16,10
c-000000000003,a3,killed,ARM,,15,at_most,True,Eduard Aghajanyan,ARM,Eduard Aghajanyan,P3,2021-11-16,2021-11-16,10
c-000000000004,a4,killed,ARM,6,6,exact,False,Armenia's defence ministry,ARM,ARM defence ministry,P4,2021-11-19,2021-11-16,10
c-000000000005,a1,killed,UNK,6000,,at_least,False,,,,P1,2021-11-16,2020-11-10,50
"""
ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4"], "duplicate_of": [None, None, None, "a2"]})
SIDES = {"a1": ["ARM", "AZE"], "a2": ["ARM", "AZE"], "a3": ["ARM", "AZE"], "a4": ["ARM", "AZE"]}
WARS = [{"name": "2020 war", "end": "2020-11-10"}]


def claims() -> pd.DataFrame:
    return pd.read_csv(stdio.StringIO(CLAIMS), dtype={"count_low": "Float64", "count_high": "Float64"})


def test_point_figure():
    assert point_figure(10, 15, "range") == 12.5
    assert point_figure(3, None, "at_least") == 3
    assert point_figure(None, 15, "at_most") == 15
    assert point_figure(None, None, "unspecified") is None


def test_earlier_war_is_its_own_incident_and_copies_do_not_count():
    linked, incidents = link_incidents(claims(), ARTICLES, SIDES, 3, WARS)
    assert len(incidents) == 2
    war = incidents[incidents["label"].str.startswith("2020 war")].iloc[0]
    clash = incidents[~incidents["label"].str.startswith("2020 war")].iloc[0]
    assert war["n_claims"] == 1
    assert clash["n_claims"] == 4 and clash["n_articles"] == 3  # a4 is a syndicated copy of a2
    assert linked.set_index("claim_id").loc["c-000000000005", "incident_id"] == war["incident_id"]


def test_comparison_numbers():
    linked, _ = link_incidents(claims(), ARTICLES, SIDES, 3, WARS)
    comp = compare_claims(linked, ARTICLES)
    clash = comp[comp["victim_side"] == "ARM"].set_index("claimant_key")
    ministry = clash.loc["ARM defence ministry"]
    assert ministry["n_reports"] == 2  # a1 and a2; the copy a4 is left out
    assert (ministry["latest_low"], ministry["latest_high"], ministry["max_figure"]) == (6, 6, 6)
    assert ministry["group_low"] == 6 and ministry["group_high"] == 15
    assert ministry["group_best"] == 10.5          # median of latest points 6 and 15
    assert ministry["conservative"] == 1           # lowest firm (non-hedged) figure, the early "at least 1"
    assert ministry["spread_ratio"] == 2.5         # 15 / 6


def test_a_breakdown_in_the_same_article_is_not_the_claimants_figure():
    """ "207 people were killed, among them three civilians": the claimant's figure is 207, not 3."""
    extra = ("c-000000000006,a5,killed,ARM,207,207,exact,False,Security Council,ARM,ARM security council,P5,"
             "2022-09-19,2021-11-16,10\n"
             "c-000000000007,a5,killed,ARM,3,3,exact,False,Security Council,ARM,ARM security council,P5,"
             "2022-09-19,2021-11-16,60\n")
    frame = pd.read_csv(stdio.StringIO(CLAIMS + extra), dtype={"count_low": "Float64", "count_high": "Float64"})
    articles = pd.concat([ARTICLES, pd.DataFrame({"article_id": ["a5"], "duplicate_of": [None]})], ignore_index=True)
    linked, _ = link_incidents(frame, articles, {**SIDES, "a5": ["ARM", "AZE"]}, 3, WARS)
    council = compare_claims(linked, articles).set_index("claimant_key").loc["ARM security council"]
    assert (council["latest_low"], council["latest_high"]) == (207, 207)
    assert council["conservative"] == 1           # the ministry's early "at least 1", not the breakdown's 3


def test_corrections_reject_set_and_report_unknown_ids():
    tables = {"casualty_claims": schemas.conform(_full_claims(), "casualty_claims"),
              "budget_mentions": schemas.empty_frame("budget_mentions"),
              "diplomatic_contacts": schemas.empty_frame("diplomatic_contacts")}
    corrections = pd.DataFrame([
        {"id": "c-000000000001", "action": "reject", "column": "", "value": "", "analyst": "me", "note": "dup"},
        {"id": "c-000000000002", "action": "set", "column": "victim_side", "value": "AZE", "analyst": "me", "note": ""},
        {"id": "c-ffffffffffff", "action": "reject", "column": "", "value": "", "analyst": "me", "note": "gone"},
    ])
    out, log = apply_corrections(tables, corrections)
    c = out["casualty_claims"].set_index("claim_id")
    assert "c-000000000001" not in c.index
    assert c.loc["c-000000000002", "victim_side"] == "AZE" and c.loc["c-000000000002", "confidence"] == 1.0
    assert log["applied"] == 2 and [u["id"] for u in log["unmatched"]] == ["c-ffffffffffff"]


def _full_claims() -> pd.DataFrame:
    df = claims()
    for col, value in {"victim_type": "military", "count_text": "x", "evidence": "e", "char_end": 11,
                       "confidence": 0.8, "is_denial": False, "incident_id": None}.items():
        df[col] = value
    df["count_text"] = "x"
    df["victim_party"], df["claimant_party"] = df["victim_side"], df["claimant_side"]
    return df


def test_claims_that_name_no_state_get_one_incident_per_article():
    """Two articles, same day, no state named anywhere ("Gunmen killed 12 villagers on Tuesday, a local
    official said."; "A blast killed 7 people at a market on Tuesday, police said."): nothing ties them
    together, so each is its own incident, with distinct ids that pass the contract."""
    rows = ("claim_id,article_id,outcome,victim_side,count_low,count_high,qualifier,hedged,claimant,claimant_side,"
            "claimant_group,outlet,published,incident_date,char_start\n"
            "c-00000000000a,b1,killed,UNK,12,12,exact,False,a local official,,,P1,2024-03-06,2024-03-05,10\n"
            "c-00000000000b,b1,wounded,UNK,3,3,exact,False,a local official,,,P1,2024-03-06,2024-03-05,40\n"
            "c-00000000000c,b2,killed,UNK,7,7,exact,False,police,,,P2,2024-03-06,2024-03-05,10\n")
    frame = pd.read_csv(stdio.StringIO(rows), dtype={"count_low": "Float64", "count_high": "Float64"})
    articles = pd.DataFrame({"article_id": ["b1", "b2"], "duplicate_of": [None, None]})
    linked, incidents = link_incidents(frame, articles, {"b1": [], "b2": []}, 3, WARS)
    assert len(incidents) == 2 and incidents["incident_id"].is_unique
    assert set(incidents["n_claims"]) == {1, 2}
    assert set(incidents["sides"]) == {"UNK"} and not incidents["label"].str.contains("@").any()
    by_claim = linked.set_index("claim_id")["incident_id"]
    assert by_claim["c-00000000000a"] == by_claim["c-00000000000b"] != by_claim["c-00000000000c"]
    schemas.validate(schemas.conform(incidents, "incidents"), "incidents")


def test_incident_sides_do_not_depend_on_hash_order():
    """Three sides named equally often: the two kept are the first in code order, on every run."""
    rows = ("claim_id,article_id,outcome,victim_side,count_low,count_high,qualifier,hedged,claimant,claimant_side,"
            "claimant_group,outlet,published,incident_date,char_start\n"
            "c-00000000000d,d1,killed,SDN,5,5,exact,False,,,,P1,2024-03-06,2024-03-05,10\n"
            "c-00000000000e,d2,killed,TCD,4,4,exact,False,,,,P1,2024-03-06,2024-03-05,10\n")
    frame = pd.read_csv(stdio.StringIO(rows), dtype={"count_low": "Float64", "count_high": "Float64"})
    articles = pd.DataFrame({"article_id": ["d1", "d2"], "duplicate_of": [None, None]})
    _, incidents = link_incidents(frame, articles, {"d1": ["SSD", "TCD"], "d2": ["SSD", "SDN"]}, 3, WARS)
    assert list(incidents["sides"]) == ["SDN;SSD"]


def test_corrections_set_vocabulary_date_and_count_columns():
    import datetime as dt

    tables = {"casualty_claims": schemas.conform(_full_claims(), "casualty_claims"),
              "budget_mentions": schemas.empty_frame("budget_mentions"),
              "diplomatic_contacts": schemas.empty_frame("diplomatic_contacts")}
    corrections = pd.DataFrame([
        {"id": "c-000000000002", "action": "set", "column": col, "value": value, "analyst": "me", "note": ""}
        for col, value in [("outcome", "wounded"), ("incident_date", "2021-11-15"), ("count_low", "7"),
                           ("count_high", "9"), ("qualifier", "range")]])
    out, log = apply_corrections(tables, corrections)
    row = out["casualty_claims"].set_index("claim_id").loc["c-000000000002"]
    assert (row["outcome"], row["incident_date"], row["count_low"], row["qualifier"]) == (
        "wounded", dt.date(2021, 11, 15), 7, "range")
    assert dict(out["casualty_claims"].dtypes) == dict(tables["casualty_claims"].dtypes)
    assert log["set_values"] == 5
    bad = corrections.head(1).assign(value="dead")
    with pytest.raises(schemas.TableInvalid, match="dead"):
        apply_corrections(tables, bad)


def test_link_metrics_count_incidents_and_singletons():
    from pipeline.link.incidents import link_metrics

    linked, incidents = link_incidents(claims(), ARTICLES, SIDES, 3, WARS)
    m = link_metrics(linked, incidents)
    assert m == {"incidents": 2, "claims_linked": 1.0, "claims_per_incident": 2.5,
                 "single_claim_incidents": 1, "multi_article_incidents": 1}  # the 2020 war: one claim, one article
    undated = claims().assign(incident_date=[None, None, None, None, "2021-11-16"])
    linked, incidents = link_incidents(undated, ARTICLES, SIDES, 3, WARS)
    assert link_metrics(linked, incidents)["claims_linked"] == 0.2
