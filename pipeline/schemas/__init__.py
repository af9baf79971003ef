"""Table definitions loaded once from columns.yaml: pandera schemas, dtypes, docs.

Every output table is checked against the schema built here before it is
written, and docs/data-dictionary.md is generated from the same file, so the
contract, the validation and the documentation cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
import pandera.pandas as pa
import pyarrow
import yaml

# The pandas dtype of each columns.yaml dtype; Parquet stores them as date32, int64, dictionary<string>, ...
# and pandas reads them back as the same dtypes (the pandas metadata in the file says which).
DATE = pd.ArrowDtype(pyarrow.date32())
PANDAS_DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": DATE,
    "category": "category",
}


class TableInvalid(ValueError):
    """A table broke its contract; the message names the column and rows."""


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


def dtype(col: Column):
    """The pandas dtype of a column; a category with a fixed vocabulary has exactly those categories."""
    if col.dtype == "category" and col.isin is not None:
        return pd.CategoricalDtype(list(col.isin))
    return PANDAS_DTYPES[col.dtype]


def column(name: str, column_name: str) -> Column:
    return next(c for c in tables()[name].columns if c.name == column_name)


def empty_frame(name: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns and dtypes."""
    table = tables()[name]
    return pd.DataFrame({c.name: pd.Series([], dtype=dtype(c)) for c in table.columns})


@cache
def arrow_schema(name: str) -> pyarrow.Schema:
    """The Parquet schema of a table: each field typed as `dtype()` says, vocabularies as dictionary<int32,
    string>, and the column's description from columns.yaml in the field metadata (for any Parquet reader)."""
    base = pyarrow.Schema.from_pandas(empty_frame(name), preserve_index=False)
    fields = []
    for col, field in zip(tables()[name].columns, base):
        kind = pyarrow.dictionary(pyarrow.int32(), pyarrow.string()) if col.dtype == "category" else field.type
        fields.append(pyarrow.field(col.name, kind, nullable=col.nullable,
                                    metadata={"description": col.description}))
    return pyarrow.schema(fields, metadata=base.metadata)


def _cast(s: pd.Series, col: Column, table: str) -> pd.Series:
    """s as the column's dtype; a value the type cannot hold raises TableInvalid instead of being lost."""
    target = dtype(col)
    if col.dtype == "category":
        values = s.astype("string")
        if col.isin is None:  # an open vocabulary (currency codes): the categories are the values, sorted
            target = pd.CategoricalDtype(sorted(values.dropna().unique()))
        unknown = values.dropna()[~values.dropna().isin(list(target.categories))]
        if len(unknown):
            raise TableInvalid(f"table {table!r} breaks the data contract: column {col.name!r} holds "
                               f"{sorted(set(unknown))[:3]}, not one of {list(target.categories)}")
        return values.astype(target)
    if col.dtype == "int" and pd.api.types.is_float_dtype(s.dtype):
        fractional = s.notna() & (s.fillna(0) % 1 != 0)
        if fractional.any():  # pandas would truncate 2.5 to 2 without a word
            raise TableInvalid(f"table {table!r} breaks the data contract: column {col.name!r} must hold "
                               f"whole numbers, not {s[fractional].iloc[0]}")
    if col.dtype == "date" and s.dtype != target:
        try:
            return s.astype("string").astype(target)
        except (pyarrow.ArrowInvalid, ValueError):
            bad = [v for v in s.dropna().astype(str) if not _is_iso_date(v)][:3]
            raise TableInvalid(f"table {table!r} breaks the data contract: column {col.name!r} holds {bad}, "
                               "not calendar dates (YYYY-MM-DD)") from None
    return s.astype(target)


def _is_iso_date(value: str) -> bool:
    try:
        return len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


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
        out[c.name] = _cast(out[c.name], c, name)
    return out.sort_values(list(table.sort), kind="mergesort", key=sort_key).reset_index(drop=True)


def sort_key(s: pd.Series) -> pd.Series:
    """Sort key: a vocabulary sorts by its words (as it did as text), not by the order of its categories."""
    return s.astype("string") if isinstance(s.dtype, pd.CategoricalDtype) else s


def _checks(col: Column) -> list[pa.Check]:
    checks = []
    if col.isin is not None:
        checks.append(pa.Check.isin(list(col.isin)))
    if col.min is not None:
        checks.append(pa.Check.ge(col.min))
    if col.max is not None:
        checks.append(pa.Check.le(col.max))
    if col.pattern is not None:
        checks.append(pa.Check.str_matches(f"^(?:{col.pattern})$"))
    return checks


@cache
def schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table: dtypes, nullability, vocabularies, ranges, unique key."""
    table = tables()[name]
    columns = {
        c.name: pa.Column(dtype(c), checks=_checks(c), nullable=c.nullable, description=c.description)
        for c in table.columns
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=list(table.key), name=name)


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
        "- Types: in Parquet, `date` is a calendar date (`date32`), `int` a 64-bit integer, `category` a",
        "  dictionary-encoded string; pandas reads them back as `date32[day][pyarrow]`, nullable `Int64` and",
        "  `category` (`pd.read_parquet` needs no arguments). Each Parquet field carries its description",
        "  below in its metadata (`description`). In CSV, dates are ISO 8601 (`YYYY-MM-DD`) and integers",
        "  have no decimal point.",
        "- **CSV for spreadsheets:** UTF-8 with a byte-order mark (Excel and LibreOffice then show accents",
        "  and dashes as written; in pandas, `pd.read_csv(path, encoding=\"utf-8-sig\")`), rows ended by CRLF",
        "  (RFC 4180), every cell holding a comma, quote, CR or LF in double quotes, and `float` columns",
        "  rounded to 4 decimal places (Parquet keeps every digit).",
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
