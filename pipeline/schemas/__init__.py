"""Table definitions loaded once from columns.yaml: pandera schemas, dtypes, docs.

Every output table is checked against the schema built here before it is
written, and docs/data-dictionary.md is generated from the same file, so the
contract, the validation and the documentation cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
import pandera.pandas as pa
import yaml

PANDAS_DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": "string",
}
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str
    nullable: bool = False
    extra: bool = False
    isin: tuple | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    sort: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@cache
def _definitions() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("columns.yaml").read_text("utf-8"))


@cache
def tables() -> dict[str, Table]:
    """All table definitions, by name, in contract order."""
    raw = _definitions()
    out = {}
    for name, spec in raw["tables"].items():
        cols = tuple(
            Column(**{**c, "isin": tuple(c["isin"]) if "isin" in c else None}) for c in spec["columns"]
        )
        out[name] = Table(name, spec["description"], tuple(spec["key"]), tuple(spec["sort"]), cols)
    return out


def empty_frame(name: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns and dtypes."""
    table = tables()[name]
    return pd.DataFrame({c.name: pd.Series([], dtype=PANDAS_DTYPES[c.dtype]) for c in table.columns})


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Order columns as the contract does, cast to the contract dtypes and sort rows.

    Missing contract columns are a programming error and raise; unknown
    columns are dropped so that a table never carries undocumented fields.
    """
    table = tables()[name]
    missing = [c for c in table.column_names if c not in df.columns]
    if missing:
        raise KeyError(f"table {name!r} lacks columns {missing}")
    out = df[table.column_names].copy()
    for c in table.columns:
        out[c.name] = out[c.name].astype(PANDAS_DTYPES[c.dtype])
    return out.sort_values(list(table.sort), kind="mergesort").reset_index(drop=True)


def _checks(col: Column) -> list[pa.Check]:
    checks = []
    if col.isin is not None:
        checks.append(pa.Check.isin(list(col.isin)))
    if col.min is not None:
        checks.append(pa.Check.ge(col.min))
    if col.max is not None:
        checks.append(pa.Check.le(col.max))
    pattern = DATE_PATTERN if col.dtype == "date" else col.pattern
    if pattern is not None:
        checks.append(pa.Check.str_matches(f"^(?:{pattern})$"))
    return checks


@cache
def schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table: dtypes, nullability, vocabularies, ranges, unique key."""
    table = tables()[name]
    columns = {
        c.name: pa.Column(PANDAS_DTYPES[c.dtype], checks=_checks(c), nullable=c.nullable, description=c.description)
        for c in table.columns
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=list(table.key), name=name)


class TableInvalid(ValueError):
    """A table broke its contract; the message names the column and rows."""


def validate(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate a table against its contract; raise TableInvalid with a readable summary."""
    try:
        return schema(name).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        lines = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
            rows = group["index"].dropna().astype(int).tolist()[:5]
            values = group["failure_case"].astype(str).tolist()[:3]
            lines.append(f"column {column!r} failed {check} at rows {rows} (values {values})")
        raise TableInvalid(f"table {name!r} breaks the data contract: " + "; ".join(lines)) from None


def data_dictionary_markdown() -> str:
    """docs/data-dictionary.md, generated from columns.yaml."""
    raw = _definitions()
    parts = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/schemas/columns.yaml` by `claims dictionary`; do not edit by hand.",
        "Every table is written to the output folder as `NAME.parquet` and `NAME.csv` and is",
        "validated against a pandera schema built from the same definitions.",
        "",
        "Conventions:",
        "",
        "- Missing values are empty cells in CSV and nulls in Parquet, never a sentinel string.",
        "- Dates are ISO 8601 strings (`YYYY-MM-DD`).",
        f"- Actor codes: {raw['vocabularies']['actor_code']}",
        "- Offsets (`char_start`, `char_end`) are Python string indices into `articles.text`",
        "  (Unicode code points, end exclusive).",
        "- **Spreadsheet safety:** in the CSV files only, a cell that begins with `=`, `+`, `-`, `@`,",
        "  a tab or a carriage return is prefixed with a single quote (`'`), following OWASP's",
        "  CSV-injection guidance, so that Excel or LibreOffice never evaluates article text as a",
        "  formula. Numeric columns are never altered. The Parquet files keep the exact text.",
        "- Columns marked *extra* are additions to the shared contract.",
        "",
    ]
    for table in tables().values():
        parts += [f"## `{table.name}`", "", table.description, "", f"Key: `{', '.join(table.key)}`", ""]
        parts += ["| column | type | null | allowed | description |", "|---|---|---|---|---|"]
        for c in table.columns:
            allowed = ""
            if c.isin:
                allowed = ", ".join(f"`{v}`" for v in c.isin)
            elif c.min is not None or c.max is not None:
                low = "" if c.min is None else f"{c.min:g}"
                high = "" if c.max is None else f"{c.max:g}"
                allowed = f"{low} … {high}".strip()
            name = f"`{c.name}`" + (" *(extra)*" if c.extra else "")
            desc = c.description.replace("|", "\\|")
            parts.append(f"| {name} | {c.dtype} | {'yes' if c.nullable else 'no'} | {allowed} | {desc} |")
        parts.append("")
    return "\n".join(parts)
