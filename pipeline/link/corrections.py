"""Analyst corrections applied after extraction, so they survive every re-run.

data/corrections.csv columns: id, action (reject | set), column, value,
analyst, note. Ids are the stable claim_id / mention_id / contact_id. A
correction whose id no longer exists is reported, never silently dropped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import schemas

ID_COLUMNS = {"c-": ("casualty_claims", "claim_id"), "b-": ("budget_mentions", "mention_id"),
              "d-": ("diplomatic_contacts", "contact_id")}
COLUMNS = ["id", "action", "column", "value", "analyst", "note"]


class CorrectionsInvalid(ValueError):
    """The corrections file is malformed; the message says which line and why."""


def read_corrections(path: Path) -> pd.DataFrame:
    if not Path(path).exists():
        return pd.DataFrame(columns=COLUMNS)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")  # Excel saves a BOM
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise CorrectionsInvalid(f"{path} lacks the columns {missing}; expected {COLUMNS}.")
    bad = df[~df["action"].isin(["reject", "set"])]
    if len(bad):
        raise CorrectionsInvalid(f"{path} line {bad.index[0] + 2}: action must be `reject` or `set`, "
                                 f"not {bad.iloc[0]['action']!r}.")
    return df


def apply_corrections(tables: dict[str, pd.DataFrame], corrections: pd.DataFrame
                      ) -> tuple[dict[str, pd.DataFrame], dict]:
    """Return corrected tables and a log {applied, rejected_rows, unmatched: [...]}."""
    out = {name: df.copy() for name, df in tables.items()}
    log = {"applied": 0, "rejected_rows": 0, "set_values": 0, "unmatched": []}
    for _, row in corrections.iterrows():
        prefix = row["id"][:2]
        if prefix not in ID_COLUMNS:
            log["unmatched"].append({"id": row["id"], "reason": "id does not start with c-, b- or d-"})
            continue
        table, id_col = ID_COLUMNS[prefix]
        df = out[table]
        hit = df[id_col] == row["id"]
        if not hit.any():
            log["unmatched"].append({"id": row["id"], "reason": f"no such id in {table} (the text may have changed)"})
            continue
        if row["action"] == "reject":
            out[table] = df[~hit]
            log["rejected_rows"] += 1
        else:
            col = row["column"]
            if col not in schemas.tables()[table].column_names or col == id_col:
                log["unmatched"].append({"id": row["id"], "reason": f"{col!r} is not an editable column of {table}"})
                continue
            value = pd.NA if row["value"] == "" else row["value"]
            column = schemas.column(table, col)
            if column.dtype in ("category", "date"):
                # Set as text; conforming below types it and names a value outside the vocabulary or calendar.
                df[col] = df[col].astype("string")
            elif value is not pd.NA:
                value = pd.Series([value], dtype="object").astype(schemas.dtype(column)).iloc[0]
            df.loc[hit, col] = value
            if table == "casualty_claims" and col != "confidence":
                df.loc[hit, "confidence"] = 1.0  # an analyst has checked this row
            log["set_values"] += 1
        log["applied"] += 1
    return {name: schemas.conform(df, name) if name in schemas.tables() else df for name, df in out.items()}, log
