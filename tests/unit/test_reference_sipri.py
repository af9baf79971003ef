"""`claims reference sipri`: SIPRI's workbook and the CSV extract, read into one validated table.

The workbook here is built by the test in SIPRI's layout with invented figures: SIPRI's own figures are
never copied into the repository (its terms limit reproduction), and the CSV test reads ../shared at run time.
"""

import csv
import math

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.reference import sipri
from tests.conftest import SHARED

BLUE, RED = Font(color="FF0000FF"), Font(color="FFFF0000")
SHARED_CSV = SHARED / "reference" / "sipri_milex.csv"


def sipri_workbook(path, *, usd_sheet="Current US$", header_first="Country"):
    """A small workbook in the layout of SIPRI-Milex-data-1949-YYYY.xlsx, with invented figures."""
    book = Workbook()
    book.active.title = "Front page"
    book["Front page"]["A1"] = "SIPRI Military Expenditure Database (invented test copy)"

    def sheet(title, lines, header, rows):
        ws = book.create_sheet(title)
        for line in lines:
            ws.append([line])
        ws.append([])
        ws.append(header)
        for values, fonts in rows:
            ws.append(values)
            for col, font in fonts.items():
                ws.cell(row=ws.max_row, column=col).font = font
        return ws

    years = [2019, 2020, 2021]
    lines = ["Military expenditure by country (invented figures for a test)",
             "Figures in blue are SIPRI estimates. Figures in red indicate highly uncertain data.",
             '". ." = data unavailable. "xxx" = country did not exist or was not independent']
    sheet(usd_sheet, lines, [header_first, "Notes", *years], [
        (["Africa"], {}),
        (["Ruritania", "†3", 100.5, 200.25, "..."], {}),          # no 2021 figure
        (["Korea, South", None, 10.0, 11.0, 12.0], {4: BLUE, 5: RED}),  # 2020 an estimate, 2021 highly uncertain
        (["Armenia", "§", "xxx", 7.0, 0.0], {}),                   # 2021: a 0 beside a local figure is a placeholder
        (["USSR", None, 50.0, 50.0, 50.0], {}),                    # not a present-day state
        (["Europe"], {}),
    ])
    sheet("Share of GDP", lines, ["Country", "Notes", *years], [
        (["Ruritania", "†3", 0.0123, 0.0234, ". ."], {}),
        (["Korea, South", None, 0.025, 0.026, 0.027], {4: BLUE}),
        (["Armenia", "§", "xxx", ". .", 0.05], {}),
    ])
    sheet("Local currency calendar years", lines, ["Country", "Currency", "Notes", *years], [
        (["Ruritania", "Crown", "†3", 5e11, 6e11, "..."], {}),
        (["Korea, South", "Won", None, 1.1e13, 1.2e13, 1.3e13], {}),
        (["Armenia", "Dram", "§", "xxx", 3e11, 4e11], {}),
    ])
    notes = book.create_sheet("Footnotes")
    notes.append(["Country-specific notes"])
    notes.append(["Armenia: The figures are invented for this test and exclude everything."])
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    monkeypatch.setitem(sipri._rules()["codes"], "Ruritania", "RUR")  # an invented state with an invented code
    return sipri_workbook(tmp_path / "SIPRI-Milex-data-1949-2021.xlsx")


def test_workbook_figures_in_dollars_and_percent(workbook):
    table = sipri.read_sipri(workbook).set_index(["country_code", "year"])
    assert table.loc[("RUR", 2019), "milex_usd"] == 100_500_000          # US$ m -> US$, exactly
    assert table.loc[("RUR", 2020), "milex_usd"] == 200_250_000
    assert math.isclose(table.loc[("RUR", 2019), "milex_share_gdp_pct"], 1.23)  # fraction -> percent
    assert table.loc[("KOR", 2021), "milex_lcu"] == 1.3e13
    assert table.loc[("RUR", 2019), "release"] == "SIPRI Military Expenditure Database 2022"


def test_workbook_skips_regions_placeholders_and_cells_without_figures(workbook):
    table = sipri.read_sipri(workbook)
    keys = set(zip(table["country_code"], table["year"]))
    assert keys == {("RUR", 2019), ("RUR", 2020), ("KOR", 2019), ("KOR", 2020), ("KOR", 2021), ("ARM", 2020)}
    armenia = table[table["country_code"] == "ARM"].iloc[0]
    assert pd.isna(armenia["milex_share_gdp_pct"])  # ". ." in Share of GDP


def test_workbook_font_colours_are_the_flags(workbook):
    table = sipri.read_sipri(workbook).set_index(["country_code", "year"])
    assert pd.isna(table.loc[("KOR", 2019), "usd_flag"])
    assert table.loc[("KOR", 2020), "usd_flag"] == "estimate"
    assert table.loc[("KOR", 2021), "usd_flag"] == "highly_uncertain"
    assert table.loc[("KOR", 2020), "gdp_flag"] == "estimate" and pd.isna(table.loc[("KOR", 2021), "gdp_flag"])


def test_workbook_notes_and_footnotes(workbook):
    table = sipri.read_sipri(workbook).set_index(["country_code", "year"])
    assert table.loc[("RUR", 2019), "note_marks"] == "†3"
    assert table.loc[("RUR", 2019), "special_notes"] == "Figures for these countries do not include military pensions"
    assert table.loc[("ARM", 2020), "special_notes"].endswith("adopted budget, rather than actual expenditure")
    assert table.loc[("ARM", 2020), "footnote"].startswith("Armenia: The figures are invented")
    assert pd.isna(table.loc[("KOR", 2020), "note_marks"]) and pd.isna(table.loc[("KOR", 2020), "footnote"])


def test_unknown_row_names_are_left_out_with_one_warning(tmp_path, caplog):
    table = sipri.read_sipri(sipri_workbook(tmp_path / "w.xlsx"))  # Ruritania is no state pycountry knows
    assert "RUR" not in set(table["country_code"])
    assert [r.message for r in caplog.records if "Ruritania" in r.message]


@pytest.mark.parametrize("kind", ["no sheet", "no header", "not xlsx", "other suffix"])
def test_a_file_of_another_layout_is_one_sentence_and_exit_2(tmp_path, kind):
    if kind == "no sheet":
        path = sipri_workbook(tmp_path / "w.xlsx", usd_sheet="Constant US$")
    elif kind == "no header":
        path = sipri_workbook(tmp_path / "w.xlsx", header_first="Land")
    elif kind == "not xlsx":
        path = tmp_path / "w.xlsx"
        path.write_text("country,year\n")
    else:
        path = tmp_path / "w.ods"
        path.write_text("")
    with pytest.raises(sipri.ReferenceInvalid):
        sipri.read_sipri(path)
    result = CliRunner().invoke(app, ["reference", "sipri", str(path), "--out", str(tmp_path / "ref")])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "Traceback" not in result.output and message.startswith("error: ") and message.count(". ") == 0, message
    assert not (tmp_path / "ref" / "sipri_milex.parquet").exists()


def test_cli_writes_the_parquet_table(tmp_path, monkeypatch):
    monkeypatch.setitem(sipri._rules()["codes"], "Ruritania", "RUR")
    path = sipri_workbook(tmp_path / "w.xlsx")
    result = CliRunner().invoke(app, ["reference", "sipri", str(path), "--out", str(tmp_path / "ref")])
    assert result.exit_code == 0, result.output
    table = sipri.load_sipri(tmp_path / "ref" / "sipri_milex.parquet")
    assert len(table) == 6 and table["year"].dtype == "Int64"


def test_a_missing_explicit_file_is_an_error_but_a_missing_setting_is_an_empty_table(tmp_path):
    result = CliRunner().invoke(app, ["reference", "sipri", str(tmp_path / "nope.xlsx"), "--out", str(tmp_path / "ref")])
    assert result.exit_code == 2 and "nope.xlsx" in result.output
    params = tmp_path / "params.yaml"
    params.write_text("reference:\n  sipri: ../absent/sipri_milex.csv\n")
    result = CliRunner().invoke(app, ["reference", "sipri", "--params", str(params), "--out", str(tmp_path / "ref")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ref" / "sipri_milex.parquet").exists()
    assert sipri.load_sipri(tmp_path / "ref" / "sipri_milex.parquet") is None  # empty: the report gives the hint


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="../shared/reference is not beside this checkout")
def test_the_shared_csv_extract_with_its_notes():
    table = sipri.read_sipri(SHARED_CSV)
    with SHARED_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(table) == len(rows)
    first = rows[0]
    got = table.set_index(["country_code", "year"]).loc[(first["country_code"], int(first["year"]))]
    assert got["milex_usd"] == float(first["milex_usd_current"])  # the file's own value, unchanged
    assert {"ARM", "AZE"} <= set(table["country_code"])
    assert set(table["usd_flag"].dropna()) == {"estimate", "highly_uncertain"}
    with (SHARED_CSV.parent / "sipri_notes.csv").open(encoding="utf-8") as f:
        notes = {r["country_code"]: r for r in csv.DictReader(f)}
    arm = table[table["country_code"] == "ARM"].iloc[0]
    assert arm["footnote"] == notes["ARM"]["footnote"] and arm["note_marks"] == notes["ARM"]["note_marks"]


def test_a_csv_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "milex.csv"
    path.write_text("country,year,value\nArmenia,2020,1\n")
    with pytest.raises(sipri.ReferenceInvalid, match="milex_usd_current"):
        sipri.read_sipri(path)


def test_help():
    for cmd in (["reference"], ["reference", "sipri"]):
        result = CliRunner().invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output and "<bool>" not in result.output, cmd
