"""Incident linking, the per-incident comparison, and analyst corrections, on hand-built frames."""

import io as stdio
from pathlib import Path

import pandas as pd
import pytest

from pipeline import schemas
from pipeline.link.compare import claimant_key, compare_claims, earlier_figure_cue, mark_revisions, point_figure
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
RULES = Path(__file__).resolve().parents[2] / "pipeline" / "rules"


def read_claims(rows: str) -> pd.DataFrame:
    """Claims from inline CSV; victim party and type default to the side and `military`, the claimant's party to its side."""
    df = pd.read_csv(stdio.StringIO(rows), dtype={"count_low": "Float64", "count_high": "Float64"})
    for col, default in (("victim_party", df["victim_side"]), ("victim_type", "military"),
                         ("claimant_party", df["claimant_side"])):
        if col not in df.columns:
            df[col] = default
    return df


def claims() -> pd.DataFrame:
    return read_claims(CLAIMS)


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
    assert ministry["median_latest"] == 10.5       # median of latest points 6 and 15
    assert ministry["conservative"] == 6           # the ministry's latest firm figure; its early "at least 1" is
    assert ministry["n_revisions"] == 1            # superseded, and Aghajanyan's 15 is hedged
    assert ministry["spread_ratio"] == 2.5         # 15 / 6


def test_a_breakdown_in_the_same_article_is_not_the_claimants_figure():
    """ "207 people were killed, among them three civilians": the claimant's figure is 207, not 3."""
    extra = ("c-000000000006,a5,killed,ARM,207,207,exact,False,Security Council,ARM,ARM security council,P5,"
             "2022-09-19,2021-11-16,10\n"
             "c-000000000007,a5,killed,ARM,3,3,exact,False,Security Council,ARM,ARM security council,P5,"
             "2022-09-19,2021-11-16,60\n")
    frame = read_claims(CLAIMS + extra)
    articles = pd.concat([ARTICLES, pd.DataFrame({"article_id": ["a5"], "duplicate_of": [None]})], ignore_index=True)
    linked, _ = link_incidents(frame, articles, {**SIDES, "a5": ["ARM", "AZE"]}, 3, WARS)
    council = compare_claims(linked, articles).set_index("claimant_key").loc["ARM security council"]
    assert (council["latest_low"], council["latest_high"]) == (207, 207)
    assert council["conservative"] == 6           # the ministry's latest 6, not the breakdown's 3


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
                       "confidence": 0.8, "is_denial": False, "incident_id": None, "supersedes": None}.items():
        df[col] = value
    df["count_text"] = "x"
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
    frame = read_claims(rows)
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
    frame = read_claims(rows)
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


HEAD = ("claim_id,article_id,outcome,victim_side,victim_party,victim_type,count_low,count_high,qualifier,hedged,"
        "claimant,claimant_side,claimant_party,claimant_group,outlet,published,incident_date,char_start\n")


def _linked(rows: str, texts: dict[str, str] | None = None):
    frame = read_claims(HEAD + rows)
    ids = sorted(set(frame["article_id"]))
    articles = pd.DataFrame({"article_id": ids, "duplicate_of": [None] * len(ids),
                             "text": [(texts or {}).get(a, "") for a in ids]})
    linked, _ = link_incidents(frame, articles, {a: ["SDN"] for a in ids}, 3, WARS)
    return linked, articles


def test_comparisons_never_pool_victim_types_or_parties():
    """One incident: the army's dead, the RSF's dead, civilians, and people whose type is unknown. Each is its
    own comparison group, with its own conservative and median figure; none is the pool of another."""
    rows = ("c-000000000101,e1,killed,SDN,SAF,military,20,20,exact,False,the army,SDN,SAF,SDN army,P1,2024-05-02,2024-05-01,10\n"
            "c-000000000102,e1,killed,SDN,RSF,military,90,90,exact,False,the army,SDN,SAF,SDN army,P1,2024-05-02,2024-05-01,40\n"
            "c-000000000103,e2,killed,SDN,RSF,military,15,15,exact,False,an RSF spokesman,SDN,RSF,RSF spokesman,P2,2024-05-02,2024-05-01,10\n"
            "c-000000000104,e2,killed,SDN,SDN,civilian,300,300,exact,False,an RSF spokesman,SDN,RSF,RSF spokesman,P2,2024-05-02,2024-05-01,60\n"
            "c-000000000105,e3,killed,SDN,SDN,civilian,40,40,exact,False,a medics' group,SDN,SDN,SDN medics,P3,2024-05-02,2024-05-01,10\n"
            "c-000000000106,e3,killed,SDN,SDN,unknown,7,7,exact,False,a medics' group,SDN,SDN,SDN medics,P3,2024-05-02,2024-05-01,50\n")
    linked, articles = _linked(rows)
    comp = compare_claims(linked, articles)
    groups = comp.groupby(["victim_party", "victim_type"])
    assert set(groups.groups) == {("SAF", "military"), ("RSF", "military"), ("SDN", "civilian"), ("SDN", "unknown")}
    assert groups["conservative"].first().to_dict() == {("RSF", "military"): 15, ("SAF", "military"): 20,
                                                        ("SDN", "civilian"): 40, ("SDN", "unknown"): 7}
    assert groups["n_claimants"].first()[("RSF", "military")] == 2
    assert groups["n_claimants"].first()[("SDN", "unknown")] == 1  # the unknown-type figure is not civilian
    schemas.validate(schemas.conform(comp, "incident_comparison"), "incident_comparison")


def test_a_later_figure_supersedes_and_a_restated_earlier_toll_links_the_two():
    """The ministry says 25 dead, then "31, revising an earlier toll of 25": the 31 supersedes the restated 25,
    which restates (supersedes) the first report. The conservative figure is the latest firm one, 31."""
    texts = {"f2": "The ministry said 31 people were killed, revising an earlier toll of 25 given on Monday."}
    rows = ("c-000000000201,f1,killed,SDN,SDN,civilian,25,25,exact,False,the ministry,SDN,SDN,SDN health ministry,P1,2024-06-03,2024-06-02,10\n"
            f"c-000000000202,f2,killed,SDN,SDN,civilian,31,31,exact,False,the ministry,SDN,SDN,SDN health ministry,P2,2024-06-04,2024-06-02,{texts['f2'].index('31')}\n"
            f"c-000000000203,f2,killed,SDN,SDN,civilian,25,25,exact,False,the ministry,SDN,SDN,SDN health ministry,P2,2024-06-04,2024-06-02,{texts['f2'].index('25')}\n"
            "c-000000000204,f3,killed,SDN,SDN,civilian,60,60,exact,True,a witness,SDN,SDN,SDN witness,P3,2024-06-03,2024-06-02,10\n")
    linked, articles = _linked(rows, texts)
    cue = earlier_figure_cue(RULES)
    marked = mark_revisions(linked, articles, cue).set_index("claim_id")["supersedes"]
    assert marked["c-000000000203"] == "c-000000000201"
    assert marked["c-000000000202"] == "c-000000000203"
    assert pd.isna(marked["c-000000000201"]) and pd.isna(marked["c-000000000204"])
    ministry = compare_claims(linked, articles, cue).set_index("claimant_key").loc["SDN health ministry"]
    assert (ministry["latest_low"], ministry["n_revisions"], ministry["conservative"]) == (31, 2, 31)
    # Without the cue the restated 25 is a breakdown beside the 31: no chain through it.
    plain = mark_revisions(linked, articles, None).set_index("claim_id")["supersedes"]
    assert plain["c-000000000202"] == "c-000000000201" and pd.isna(plain["c-000000000203"])
    # Later (the report, a notebook: no article text, no rules) the recorded supersedes gives the same comparison.
    recorded = mark_revisions(linked, articles, cue)
    again = compare_claims(recorded, articles[["article_id", "duplicate_of"]]).set_index("claimant_key")
    assert again.loc["SDN health ministry", "n_revisions"] == 2 and again.loc["SDN health ministry", "latest_low"] == 31


def test_an_earlier_hedged_claim_is_not_conservative_but_a_latest_firm_one_is():
    rows = ("c-000000000301,g1,killed,SDN,RSF,military,5,5,exact,False,the army,SDN,SAF,SDN army,P1,2024-06-03,2024-06-02,10\n"
            "c-000000000302,g2,killed,SDN,RSF,military,,80,at_most,True,the army,SDN,SAF,SDN army,P2,2024-06-05,2024-06-02,10\n")
    linked, articles = _linked(rows)
    army = compare_claims(linked, articles).iloc[0]
    assert army["latest_high"] == 80 and army["latest_hedged"]
    assert army["latest_firm"] == 5 and army["conservative"] == 5  # its latest firm figure


def test_a_groups_spokesman_is_compared_as_the_group_not_its_host_state():
    assert claimant_key("TCD government", "P1", "TCD", "FVF") == "FVF"
    assert claimant_key("TCD defence ministry", "P1", "TCD", "TCD") == "TCD defence ministry"
    assert claimant_key(None, "Lake Post", None, None) == "(outlet) Lake Post"
