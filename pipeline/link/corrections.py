"""Analyst corrections applied after extraction, so they survive every re-run.

data/corrections.csv columns: id, action (reject | set), column, value,
analyst, note. Ids are the stable claim_id / mention_id / contact_id. A
correction whose id no longer exists is reported, never silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd

from pipeline import schemas

ID_COLUMNS = {"c-": ("casualty_claims", "claim_id"), "b-": ("budget_mentions", "mention_id"),
              "d-": ("diplomatic_contacts", "contact_id")}
COLUMNS = ["id", "action", "column", "value", "analyst", "note"]
# Where a row comes from (its article, its place in the text) is not the analyst's to change: a row set to
# another article or past its own evidence would point at text that does not say it.
PROVENANCE = {"article_id", "char_start", "char_end", "evidence", "count_text", "incident_id"}


class CorrectionsInvalid(ValueError):
    """The corrections file is malformed; the message says which line and why."""


def read_corrections(path: Path, required: bool = False) -> pd.DataFrame:
    """The corrections in path; an absent file is none, unless required (given on the command line)."""
    path = Path(path)
    if not path.exists():
        if required:
            raise CorrectionsInvalid(f"The corrections file {path} does not exist: check the path given to "
                                     "--corrections.")
        return pd.DataFrame(columns=COLUMNS)
    raw = path.read_bytes()
    if not raw.strip():
        return pd.DataFrame(columns=COLUMNS)
    try:
        text = raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # Excel's plain "CSV" on Windows
        except UnicodeDecodeError:
            raise CorrectionsInvalid(f"{path} is not UTF-8 or Windows-1252 text: save it as \"CSV UTF-8\".") from None
    rows = list(csv.reader(io.StringIO(text)))
    for line, fields in enumerate(rows[1:], start=2):
        if fields and len(fields) != len(rows[0]):
            raise CorrectionsInvalid(f"{path} is not a valid CSV: line {line} has {len(fields)} fields where the "
                                     f"header has {len(rows[0])}; quote a value that holds a comma.")
    df = pd.DataFrame([r for r in rows[1:] if r], columns=rows[0], dtype=str)
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
    touched: dict[str, tuple[int, pd.Series]] = {}  # claim id -> (line, correction) of its last `set`
    for i, row in corrections.iterrows():
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
            if col not in schemas.tables()[table].column_names or col == id_col or col in PROVENANCE:
                log["unmatched"].append({"id": row["id"], "reason": f"{col!r} is not an editable column of {table}"})
                continue
            value = _typed(row, schemas.column(table, col), line=int(i) + 2)
            if schemas.column(table, col).dtype in ("category", "date"):
                # Set as text; conforming below types it and names a value outside the vocabulary.
                df[col] = df[col].astype("string")
            df.loc[hit, col] = value
            touched[row["id"]] = (int(i) + 2, row)
            if table == "casualty_claims" and col != "confidence":
                df.loc[hit, "confidence"] = 1.0  # an analyst has checked this row
            log["set_values"] += 1
        log["applied"] += 1
    _check_bounds(out["casualty_claims"], touched)
    return {name: schemas.conform(df, name) if name in schemas.tables() else df for name, df in out.items()}, log


def _typed(row: pd.Series, column, line: int):
    """The correction's value as the column's type; a value it cannot be is a sentence naming the line."""
    value = row["value"]
    if value == "":
        return pd.NA
    kind = {"int": "a whole number", "float": "a number", "bool": "true or false", "date": "a YYYY-MM-DD date"}
    try:
        if column.dtype == "date":
            dt.date.fromisoformat(value)  # a real calendar date, or ValueError
            return value
        if column.dtype == "bool":
            return {"true": True, "false": False}[value.strip().lower()]
        if column.dtype in ("int", "float"):
            number = float(value)
            if not math.isfinite(number) or (column.dtype == "int" and number != int(number)):
                raise ValueError(value)
            return int(number) if column.dtype == "int" else number
        return value
    except (ValueError, TypeError, KeyError, OverflowError):
        raise CorrectionsInvalid(f"corrections line {line}: {row['column']} = {value!r} is not "
                                 f"{kind.get(column.dtype, 'a valid value')} ({row['id']}).") from None


def _check_bounds(claims: pd.DataFrame, touched: dict[str, tuple[int, pd.Series]]) -> None:
    """Every corrected figure keeps its low bound at or below its high bound."""
    rows = claims[claims["claim_id"].isin(list(touched))]
    crossed = rows[(rows["count_low"].astype("Float64") > rows["count_high"].astype("Float64")).fillna(False)]
    if len(crossed):
        line, row = touched[crossed["claim_id"].iloc[0]]
        raise CorrectionsInvalid(f"corrections line {line}: {row['column']} = {row['value']!r} leaves count_low above "
                                 f"count_high for {row['id']}; correct both bounds.")
