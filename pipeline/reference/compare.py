"""Reported budgets beside SIPRI's series: one row per budget mention with a US$ figure and a year.

Pure functions over the budget_mentions and sipri_milex tables. A mention is set beside SIPRI's figure for
the same state and year; when SIPRI has no series for the state, or no figure for that year, the row says so
and its SIPRI columns are null (a neighbouring year is never used).
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["mention_id", "country", "year", "amount_text", "amount_usd", "usd_rate_source", "claimant", "outlet",
           "published", "evidence", "sipri_country", "sipri_usd", "ratio", "usd_flag", "note_marks", "special_notes",
           "footnote", "release", "status"]
FLAG_WORDS = {"estimate": "SIPRI estimate", "highly_uncertain": "highly uncertain (SIPRI)"}


def budgets_vs_sipri(mentions: pd.DataFrame, sipri: pd.DataFrame) -> pd.DataFrame:
    """Each mention with amount_usd and year, beside SIPRI's figure: ratio = reported ÷ SIPRI.

    status says which: `compared`, `no SIPRI series for the state`, or `no SIPRI figure for YEAR`.
    """
    d = mentions[mentions["amount_usd"].notna() & mentions["year"].notna()].copy()
    d["country"] = d["country"].astype("string")
    ref = sipri.rename(columns={"country_code": "country", "country": "sipri_country", "milex_usd": "sipri_usd"})
    ref = ref[["country", "year", "sipri_country", "sipri_usd", "usd_flag", "note_marks", "special_notes",
               "footnote", "release"]].astype({"country": "string", "usd_flag": "string"})
    out = d.merge(ref, on=["country", "year"], how="left")
    known = set(ref["country"])
    last_year = ref.groupby("country")["year"].max()
    out["status"] = "compared"
    no_year = out["sipri_usd"].isna() & out["country"].isin(known)
    out.loc[no_year, "status"] = [
        f"no SIPRI figure for {y}" + (f" (its series ends in {last_year[c]})" if y > last_year[c] else "")
        for c, y in zip(out.loc[no_year, "country"], out.loc[no_year, "year"])]
    out.loc[~out["country"].isin(known), "status"] = "no SIPRI series for the state"
    # Notes of the state even without the year's figure: they say what SIPRI counts.
    notes = ref.drop_duplicates("country").set_index("country")
    for col in ("sipri_country", "note_marks", "special_notes", "footnote", "release"):
        out[col] = out[col].fillna(out["country"].map(notes[col]))
    out["ratio"] = out["amount_usd"] / out["sipri_usd"].where(out["sipri_usd"] > 0)
    return out[COLUMNS].sort_values(["country", "year", "amount_usd"], kind="mergesort").reset_index(drop=True)


def why_they_differ(table: pd.DataFrame) -> list[str]:
    """Plain sentences on why the reported figures and SIPRI's differ, from the rows and SIPRI's own notes."""
    lines = ["A budget is money allocated for a fiscal year, often before it is spent, while SIPRI counts what was "
             "spent in the calendar year on everything it defines as military (armed forces, defence ministry, "
             "paramilitary forces in the field, military pensions, military aid) and converts it at the year's "
             "average exchange rate; a reported figure may also be one programme, a plan or a converted amount "
             "at another rate."]
    compared = table[table["status"] == "compared"]
    for country, rows in compared.groupby("country", sort=True):
        r = rows.iloc[0]
        notes = [n for n in (r["special_notes"], r["footnote"]) if isinstance(n, str) and n]
        ratios = ", ".join(f"×{x:.2f} for {y}" for y, x in zip(rows["year"], rows["ratio"]))
        lines.append(f"{r['sipri_country']} ({country}): reported ÷ SIPRI {ratios}."
                     + (" SIPRI notes: " + " ".join(n.rstrip(".") + "." for n in notes) if notes else ""))
    return lines


def flag_words(flag) -> str:
    return FLAG_WORDS.get(flag, "") if isinstance(flag, str) else ""
