"""SIPRI's military expenditure series, read the way analysts get it: SIPRI's own workbook
(`SIPRI-Milex-data-1949-YYYY.xlsx`) or the CSV extract of ../shared/reference, into one validated table
(`sipri_milex` in pipeline/schemas/columns.yaml), written to data/reference/sipri_milex.parquet.

The workbook's sheets "Current US$", "Share of GDP" and "Local currency calendar years" each hold a few
lines of text, then a header row (`Country`, `Notes`, sometimes `Currency`, then one column per year), then
one row per state under region headings. `...`, `. .` and `xxx` cells hold no figure; SIPRI marks its
estimates in blue font and highly uncertain figures in red.
"""

from __future__ import annotations

import logging
import re
import zipfile
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pycountry
import yaml

from pipeline import io, schemas

log = logging.getLogger(__name__)

TABLE = "sipri_milex"
SHEETS = {"usd": "Current US$", "gdp": "Share of GDP", "lcu": "Local currency calendar years"}
REQUIRED_SHEETS = ("usd", "gdp")
FONT_FLAGS = {"FF0000FF": "estimate", "FFFF0000": "highly_uncertain"}  # blue, red (PROVENANCE.md §1)
HEADER_SEARCH_ROWS = 30  # the header row is within the first lines of each sheet
CSV_COLUMNS = ("country_code", "country", "year", "milex_usd_current", "milex_share_gdp_pct", "usd_flag",
               "gdp_flag", "release")
NOTES_CSV = "sipri_notes.csv"  # beside the CSV extract: country_code, note_marks, special_notes, footnote
RELEASE = "SIPRI Military Expenditure Database {year}"  # the citation SIPRI's front page asks for
HINT = ("No SIPRI series to set these figures beside: download SIPRI's workbook (SIPRI-Milex-data-1949-YYYY.xlsx, "
        "https://www.sipri.org/databases/milex) and run `claims reference sipri PATH`, or point `reference.sipri` in "
        "params.yaml at it and run `dvc repro`.")


class ReferenceInvalid(ValueError):
    """A reference file is not in a layout we read; the message says what is wrong in one sentence."""


@cache
def _rules() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("sipri.yaml").read_text("utf-8"))


def country_code(name: str) -> str | None:
    """ISO alpha-3 code of a SIPRI country name; None for a name that is no state we know."""
    rules = _rules()
    if name in rules["codes"]:
        return rules["codes"][name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def special_notes(marks: str | None) -> str | None:
    """The special notes a mark such as `§‖1` stands for, joined by ` | `; None without any."""
    legend = _rules()["special_notes"]
    texts = [legend[m] for m in (marks or "") if m in legend]
    return " | ".join(texts) or None


# Read inputs.

def read_sipri(path: Path) -> pd.DataFrame:
    """The sipri_milex table from SIPRI's workbook (.xlsx) or the CSV extract (.csv), validated."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No SIPRI file {path}: give SIPRI's workbook (.xlsx) or the sipri_milex.csv extract.")
    if path.suffix.lower() == ".xlsx":
        table = read_workbook(path)
    elif path.suffix.lower() == ".csv":
        table = read_csv_extract(path)
    else:
        raise ReferenceInvalid(f"{path.name} is neither SIPRI's workbook (.xlsx) nor the sipri_milex.csv extract.")
    return schemas.validate(schemas.conform(table, TABLE), TABLE)


def read_csv_extract(path: Path) -> pd.DataFrame:
    """The CSV layout of ../shared/reference: sipri_milex.csv, with sipri_notes.csv beside it when present."""
    try:
        raw = pd.read_csv(path, dtype={"country_code": "string", "country": "string", "usd_flag": "string",
                                       "gdp_flag": "string", "release": "string"}, keep_default_na=False,
                          na_values={"milex_usd_current": [""], "milex_share_gdp_pct": [""], "year": [""]})
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
        raise ReferenceInvalid(f"{path.name} cannot be read as the SIPRI CSV extract ({err}).") from None
    missing = [c for c in CSV_COLUMNS if c not in raw.columns]
    if missing:
        raise ReferenceInvalid(f"{path.name} is not the SIPRI CSV extract: it lacks the column(s) {', '.join(missing)}.")
    table = raw.rename(columns={"milex_usd_current": "milex_usd"})
    for flag in ("usd_flag", "gdp_flag"):
        table[flag] = table[flag].replace("", pd.NA)
    table["milex_lcu"] = float("nan")
    notes = path.with_name(NOTES_CSV)
    if notes.is_file():
        marks = pd.read_csv(notes, dtype="string", keep_default_na=False)
        marks = marks[["country_code", "note_marks", "special_notes", "footnote"]].replace("", pd.NA)
        table = table.merge(marks, on="country_code", how="left")
    else:
        table[["note_marks", "special_notes", "footnote"]] = pd.NA
    return table


def read_workbook(path: Path) -> pd.DataFrame:
    """The sipri_milex rows of SIPRI's published workbook: one per state and year with a US$ figure."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise ReferenceInvalid(f"{path.name} cannot be opened as an .xlsx workbook ({err}).") from None
    try:
        absent = [SHEETS[k] for k in REQUIRED_SHEETS if SHEETS[k] not in book.sheetnames]
        if absent:
            raise ReferenceInvalid(f"{path.name} is not SIPRI's military expenditure workbook: it has no sheet "
                                   + " or ".join(f"'{s}'" for s in absent)
                                   + " (download SIPRI-Milex-data-1949-YYYY.xlsx from https://www.sipri.org/databases/milex).")
        sheets = {k: _sheet_cells(book[name], path.name) for k, name in SHEETS.items() if name in book.sheetnames}
        footnotes = _footnotes(book["Footnotes"]) if "Footnotes" in book.sheetnames else {}
    finally:
        book.close()
    return _assemble(sheets, footnotes)


# Process data.

def _year(value) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        year = int(value)
    else:
        return None
    return year if 1900 <= year <= 2100 else None


def _number(value) -> Decimal | None:
    """A cell's figure, exactly as stored; `...`, `. .`, `xxx` and any other text hold none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(repr(value))
    return None


def _flag(cell) -> str | None:
    color = getattr(getattr(cell, "font", None), "color", None)
    rgb = getattr(color, "rgb", None)
    return FONT_FLAGS.get(rgb.upper()) if isinstance(rgb, str) else None


def _sheet_cells(sheet, filename: str) -> dict[tuple[str, int], tuple[Decimal, str | None, str | None]]:
    """{(SIPRI name, year): (figure, font flag, note marks)} for every cell holding a figure."""
    rows = sheet.iter_rows()
    header = None
    for _ in range(HEADER_SEARCH_ROWS):
        row = next(rows, None)
        if row is None:
            break
        first = row[0].value if row else None
        if isinstance(first, str) and first.strip().lower() == "country" and any(_year(c.value) for c in row):
            header = row
            break
    if header is None:
        raise ReferenceInvalid(f"{filename} is not in SIPRI's layout: sheet '{sheet.title}' has no header row "
                               f"starting with 'Country' and followed by years in its first {HEADER_SEARCH_ROWS} rows.")
    years = {i: _year(c.value) for i, c in enumerate(header) if _year(c.value)}
    notes_at = next((i for i, c in enumerate(header) if isinstance(c.value, str) and c.value.strip().lower() == "notes"), None)
    cells = {}
    for row in rows:
        name = row[0].value if row else None
        if not isinstance(name, str) or not name.strip():
            continue
        marks = row[notes_at].value if notes_at is not None and notes_at < len(row) else None
        marks = str(marks).strip() if marks not in (None, "") else None
        for i, year in years.items():
            if i < len(row) and (figure := _number(row[i].value)) is not None:
                cells[(name.strip(), year)] = (figure, _flag(row[i]), marks)
    return cells


def _footnotes(sheet) -> dict[str, str]:
    """{SIPRI name: footnote} from the Footnotes sheet, whose notes begin with the state's name and a colon."""
    out = {}
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if isinstance(value, str) and (m := re.match(r"\s*([^:\n]{2,60}):\s+\S", value)):
                out.setdefault(m.group(1).strip(), value.strip())
    return out


def _assemble(sheets: dict, footnotes: dict[str, str]) -> pd.DataFrame:
    rules = _rules()
    usd, gdp, lcu = sheets["usd"], sheets["gdp"], sheets.get("lcu", {})
    last_year = max((year for _, year in usd), default=None)
    release = RELEASE.format(year=last_year + 1) if last_year else RELEASE.format(year="")
    unknown, rows = set(), []
    for (name, year), (figure, flag, marks) in sorted(usd.items()):
        if name in rules["not_states"]:
            continue
        code = country_code(name)
        if code is None:
            unknown.add(name)
            continue
        local = lcu.get((name, year))
        if figure == 0 and local is not None and local[0] > 0:
            continue  # a 0 in US$ beside a local-currency figure is a placeholder (Venezuela 2024), not a figure
        share = gdp.get((name, year))
        rows.append({
            "country_code": code, "country": name, "year": year, "milex_usd": float(figure.scaleb(6)),
            "milex_share_gdp_pct": float(share[0].scaleb(2)) if share else None,
            "milex_lcu": float(local[0]) if local else None,
            "usd_flag": flag, "gdp_flag": share[1] if share else None,
            "note_marks": marks, "special_notes": special_notes(marks), "footnote": footnotes.get(name),
            "release": release,
        })
    if unknown:
        log.warning("SIPRI workbook: left out %d row name(s) that are no state we know: %s (add them to "
                    "pipeline/reference/sipri.yaml).", len(unknown), ", ".join(sorted(unknown)))
    if not rows:
        raise ReferenceInvalid("The workbook is in SIPRI's layout but its 'Current US$' sheet holds no figure for any state.")
    table = pd.DataFrame(rows)
    return table.astype({"milex_share_gdp_pct": "Float64", "milex_lcu": "Float64"})


# Save outputs.

def write_sipri(table: pd.DataFrame, out_dir: Path) -> Path:
    """Write the validated table as out_dir/sipri_milex.parquet (atomically); returns the path."""
    table = schemas.validate(schemas.conform(table, TABLE), TABLE)
    path = Path(out_dir) / f"{TABLE}.parquet"

    def write(tmp: Path) -> None:
        with io.arrow_file(tmp, "wb") as sink:
            pq.write_table(pa.Table.from_pandas(table, schema=schemas.arrow_schema(TABLE), preserve_index=False),
                           sink, compression="zstd")

    io.check_writable(Path(out_dir))
    io.atomic_write(path, write)
    return path


def import_sipri(source: Path | None, out_dir: Path, required: bool = True) -> tuple[Path, int]:
    """`claims reference sipri`: read source, write the table; (path written, rows).

    With required=False (the DVC stage, whose source is a setting that may point at nothing), an absent
    source gives an empty table and one warning, so that the pipeline runs and the report says how to add it.
    """
    if source is None or (not required and not Path(source).is_file()):
        log.warning("reference.sipri: %s, so the report shows no SIPRI comparison. %s",
                    "not set" if source is None else f"{source} not found", HINT)
        return write_sipri(schemas.empty_frame(TABLE), out_dir), 0
    table = read_sipri(Path(source))
    return write_sipri(table, out_dir), len(table)


def load_sipri(path: Path | None) -> pd.DataFrame | None:
    """The imported table, or None when there is none (no file, or the empty table of an absent source)."""
    if path is None or not Path(path).is_file():
        return None
    with io.arrow_file(Path(path)) as source:
        table = schemas.conform(pd.read_parquet(source), TABLE)
    return table if len(table) else None
