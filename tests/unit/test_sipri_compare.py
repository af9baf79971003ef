"""Reported budgets beside SIPRI's series: the ratio, SIPRI's flag and notes, a missing state, a missing year.

Every figure here is invented; none is SIPRI's.
"""

import io

import pandas as pd
import pytest

from pipeline import schemas
from pipeline.reference import compare, sipri
from pipeline.report import sipri_section

SIPRI = """country_code,country,year,milex_usd,milex_share_gdp_pct,milex_lcu,usd_flag,gdp_flag,note_marks,special_notes,footnote,release
RUR,Ruritania,2020,1000000000,2.0,,,,§4,Figures for these countries are for the adopted budget,Ruritania: Financial year Apr.-Mar.,SIPRI Military Expenditure Database 2099
RUR,Ruritania,2021,2000000000,2.1,,estimate,estimate,§4,Figures for these countries are for the adopted budget,Ruritania: Financial year Apr.-Mar.,SIPRI Military Expenditure Database 2099
OST,Osterlich,2021,500000000,,,highly_uncertain,,,,,SIPRI Military Expenditure Database 2099
"""


def reference() -> pd.DataFrame:
    return schemas.conform(pd.read_csv(io.StringIO(SIPRI)), "sipri_milex")


def mentions(*rows) -> pd.DataFrame:
    base = {"mention_id": "b-000000000000", "amount_text": "x", "usd_rate_source": "reported in text", "claimant": None,
            "outlet": "Daily", "published": None, "evidence": "The budget is x."}
    frame = pd.DataFrame([{**base, "mention_id": f"b-{i:012x}", **r} for i, r in enumerate(rows)])
    return frame.astype({"year": "Int64", "amount_usd": "Float64"})


def test_ratio_flag_and_notes_beside_the_same_state_and_year():
    table = compare.budgets_vs_sipri(mentions({"country": "RUR", "year": 2021, "amount_usd": 3e9}), reference())
    row = table.iloc[0]
    assert row["status"] == "compared" and row["sipri_usd"] == 2e9 and row["ratio"] == pytest.approx(1.5)
    assert row["usd_flag"] == "estimate" and compare.flag_words(row["usd_flag"]) == "SIPRI estimate"
    assert row["footnote"] == "Ruritania: Financial year Apr.-Mar." and row["special_notes"].endswith("adopted budget")
    why = compare.why_they_differ(table)
    assert "budget" in why[0] and "calendar year" in why[0]
    assert why[1].startswith("Ruritania (RUR): reported ÷ SIPRI ×1.50 for 2021.") and "Financial year Apr.-Mar." in why[1]


def test_a_missing_year_is_said_and_no_neighbouring_year_is_used():
    table = compare.budgets_vs_sipri(mentions({"country": "RUR", "year": 2025, "amount_usd": 3e9},
                                              {"country": "RUR", "year": 2019, "amount_usd": 3e9}), reference())
    assert table["sipri_usd"].isna().all() and table["ratio"].isna().all()
    assert list(table["status"]) == ["no SIPRI figure for 2019", "no SIPRI figure for 2025 (its series ends in 2021)"]
    assert table["footnote"].notna().all()  # the state's notes still say what SIPRI counts


def test_a_state_sipri_does_not_cover():
    table = compare.budgets_vs_sipri(mentions({"country": "XYZ", "year": 2021, "amount_usd": 3e9}), reference())
    assert list(table["status"]) == ["no SIPRI series for the state"] and table["sipri_usd"].isna().all()
    assert compare.why_they_differ(table)[1:] == []


def test_mentions_without_dollars_or_year_are_not_compared():
    table = compare.budgets_vs_sipri(mentions({"country": "RUR", "year": None, "amount_usd": 3e9},
                                              {"country": "RUR", "year": 2021, "amount_usd": None}), reference())
    assert table.empty


def test_section_draws_the_chart_or_gives_the_one_sentence_hint(tmp_path):
    path = sipri.write_sipri(reference(), tmp_path / "ref")
    figures = tmp_path / "figures"
    figures.mkdir()
    found = mentions({"country": "OST", "year": 2021, "amount_usd": 4e8}, {"country": "RUR", "year": 2020, "amount_usd": 1e9})
    context = sipri_section.section(found, path, figures)
    assert context["hint"] is None and (figures / "sipri_budgets.svg").exists()
    assert context["citation"] == "SIPRI Military Expenditure Database 2099, https://www.sipri.org/databases/milex"
    assert [r["flag"] for r in context["rows"]] == ["highly uncertain (SIPRI)", ""]

    gone = sipri_section.section(found, tmp_path / "absent.parquet", figures)
    assert gone["hint"] == sipri.HINT and gone["rows"] == [] and not (figures / "sipri_budgets.svg").exists()
    assert sipri.HINT.count(". ") == 0 and sipri.HINT.endswith(".")  # one sentence
