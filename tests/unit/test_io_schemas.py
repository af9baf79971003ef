"""Tables: contract validation with readable errors, spreadsheet-safe CSV, atomic writes, the dictionary."""

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline import io, schemas


def test_every_contract_column_is_defined():
    contract = {
        "articles": ["article_id", "source_path", "outlet", "title", "published", "url", "text", "n_chars", "duplicate_of"],
        "rejected_inputs": ["source_path", "reason"],
        "casualty_claims": ["claim_id", "article_id", "outcome", "victim_side", "victim_type", "count_low", "count_high",
                            "qualifier", "count_text", "hedged", "claimant", "claimant_side", "incident_date", "evidence",
                            "char_start", "char_end", "confidence", "incident_id"],
        "budget_mentions": ["mention_id", "article_id", "country", "year", "amount", "currency", "amount_usd", "direction",
                            "claimant", "claimant_side", "evidence", "char_start", "char_end"],
        "diplomatic_contacts": ["contact_id", "article_id", "actor1", "actor2", "contact_type", "mediator", "mode",
                                "event_date", "evidence", "char_start", "char_end"],
        "incidents": ["incident_id", "label", "start_date", "end_date", "sides", "n_articles", "n_claims"],
    }
    for table, cols in contract.items():
        assert set(cols) <= set(schemas.tables()[table].column_names), table


def test_violation_names_column_and_rows():
    df = schemas.empty_frame("rejected_inputs")
    bad = schemas.conform(pd.DataFrame({"source_path": ["a", "a"], "reason": ["x", "y"]}), "rejected_inputs")
    assert df.empty
    with pytest.raises(schemas.TableInvalid, match="source_path"):
        schemas.validate(bad, "rejected_inputs")


def test_csv_cells_cannot_start_formulas_but_parquet_keeps_text(tmp_path):
    df = pd.DataFrame({"source_path": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "ok"],
                       "reason": ["r"] * 6})
    io.write_table(df, tmp_path, "rejected_inputs")
    csv = pd.read_csv(tmp_path / "rejected_inputs.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert all(not v.startswith(io.FORMULA_PREFIXES) for v in csv["source_path"])
    parquet = pd.read_parquet(tmp_path / "rejected_inputs.parquet")
    assert set(parquet["source_path"]) == set(df["source_path"])


def test_atomic_write_leaves_old_file_on_failure(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old")

    def boom(tmp: Path):
        tmp.write_text("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        io.atomic_write(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_data_dictionary_is_up_to_date():
    committed = (Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md").read_text("utf-8")
    assert committed == schemas.data_dictionary_markdown(), "run `make dictionary` and commit docs/data-dictionary.md"


def _claims_frame() -> pd.DataFrame:
    """Two casualty claims as extraction gives them: ISO date strings, float counts, plain strings."""
    row = {"claim_id": "c-000000000001", "article_id": "a1", "outcome": "killed", "victim_side": "ARM",
           "victim_type": "military", "count_low": 12.0, "count_high": None, "qualifier": "at_least",
           "count_text": "at least 12", "hedged": False, "claimant": None, "claimant_side": None,
           "claimant_group": None, "victim_party": "ARM", "claimant_party": None, "incident_date": "2021-11-16",
           "evidence": "At least 12 soldiers were killed.",
           "char_start": 0, "char_end": 11, "confidence": 0.8, "outlet": "P1", "published": "2021-11-17",
           "is_denial": False, "incident_id": None, "supersedes": None}
    return pd.DataFrame([row, {**row, "claim_id": "c-000000000002", "outcome": "wounded", "count_low": None,
                               "qualifier": "unspecified", "incident_date": None, "char_start": 40}])


@pytest.mark.parametrize("rows", [2, io.ROW_GROUP_ROWS + 5])  # one write, and the row-group-at-a-time path
def test_parquet_is_typed_and_pandas_reads_back_the_same_dtypes(tmp_path, rows):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    base = _claims_frame()
    df = pd.concat([base] * (rows // 2 + 1), ignore_index=True).head(rows)
    df["claim_id"] = [f"c-{i:012x}" for i in range(len(df))]
    df["char_start"] = range(len(df))
    io.write_table(df, tmp_path, "casualty_claims")

    back = pd.read_parquet(tmp_path / "casualty_claims.parquet")  # no arguments: what an analyst types
    assert str(back["incident_date"].dtype) == "date32[day][pyarrow]" and str(back["published"].dtype) == "date32[day][pyarrow]"
    assert back["incident_date"].iloc[0] == dt.date(2021, 11, 16) and back["incident_date"].isna().iloc[1]
    assert back["count_low"].dtype == "Int64" and back["count_high"].dtype == "Int64"
    assert back["count_low"].iloc[0] == 12 and back["count_low"].isna().iloc[1]
    for col in ("outcome", "qualifier", "victim_type"):
        assert isinstance(back[col].dtype, pd.CategoricalDtype), col
    assert list(back["outcome"].cat.categories) == ["killed", "wounded", "captured", "missing"]
    assert dict(back.dtypes) == dict(io.read_table(tmp_path, "casualty_claims").dtypes)
    assert dict(back.dtypes) == dict(schemas.empty_frame("casualty_claims").dtypes)

    schema = pq.read_schema(tmp_path / "casualty_claims.parquet")
    assert schema.field("incident_date").type == pa.date32()
    assert schema.field("count_low").type == pa.int64()
    assert pa.types.is_dictionary(schema.field("qualifier").type)
    described = {f.name: f.metadata[b"description"].decode() for f in schema}
    assert described == {c.name: c.description for c in schemas.tables()["casualty_claims"].columns}


def test_csv_of_a_typed_table_is_flat(tmp_path):
    io.write_table(_claims_frame(), tmp_path, "casualty_claims")
    lines = (tmp_path / "casualty_claims.csv").read_text("utf-8-sig").splitlines()
    first = dict(zip(lines[0].split(","), lines[1].split(",")))
    assert first["count_low"] == "12" and first["count_high"] == ""  # an integer, not 12.0
    assert first["incident_date"] == "2021-11-16" and first["outcome"] == "killed"


def test_a_value_the_type_cannot_hold_is_named_not_dropped():
    wrong_word = _claims_frame().assign(outcome=["killed", "dead"])
    with pytest.raises(schemas.TableInvalid, match="outcome.*dead"):
        schemas.conform(wrong_word, "casualty_claims")
    half = _claims_frame().assign(count_low=[2.5, None])
    with pytest.raises(schemas.TableInvalid, match="count_low.*whole numbers"):
        schemas.conform(half, "casualty_claims")
    not_a_day = _claims_frame().assign(incident_date=["2021-02-30", None])
    with pytest.raises(schemas.TableInvalid, match=r"incident_date.*\['2021-02-30'\], not calendar dates"):
        schemas.conform(not_a_day, "casualty_claims")


def _spreadsheet_rows(path: Path) -> list[list[str]]:
    """The CSV as Excel or LibreOffice reads it: a UTF-8 byte-order mark means UTF-8, anything else is the
    Windows code page; then RFC 4180 records (a quoted CR or LF stays inside its cell)."""
    import csv
    import io as stdio

    data = path.read_bytes()
    text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("cp1252", errors="replace")
    return list(csv.reader(stdio.StringIO(text, newline="")))


@pytest.fixture
def csv_bom():
    io.set_csv_bom(True)
    yield
    io.set_csv_bom(False)


def test_csv_is_plain_utf8_by_default_so_csv_readers_see_the_first_column(tmp_path):
    io.write_table(_claims_frame(), tmp_path, "casualty_claims")
    with open(tmp_path / "casualty_claims.csv", newline="", encoding="utf-8") as f:
        assert next(csv.reader(f))[0] == "claim_id"


def test_csv_opens_in_a_spreadsheet_as_written(tmp_path, csv_bom):
    evidence = ["Médecins Sans Frontières said the ARM–AZE clash\rkilled 12.", "A second line\nand a third.\r\nEnd."]
    df = _claims_frame().assign(evidence=evidence, confidence=[0.8333333333333334, 1.0])
    io.write_table(df, tmp_path, "casualty_claims")
    assert (tmp_path / "casualty_claims.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _spreadsheet_rows(tmp_path / "casualty_claims.csv")
    assert len(rows) == 3, "a CR or LF inside a cell split a row"
    header, first, second = rows
    assert header[0] == "claim_id"  # the BOM is not part of the first column's name
    got = [dict(zip(header, r)) for r in (first, second)]
    assert [r["evidence"] for r in got] == evidence
    assert [r["confidence"] for r in got] == ["0.8333", "1.0"]
    assert got[0]["count_low"] == "12"
    back = pd.read_csv(tmp_path / "casualty_claims.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == schemas.tables()["casualty_claims"].column_names
    assert list(back["evidence"]) == evidence


def test_streamed_csv_has_one_byte_order_mark(tmp_path, csv_bom):
    with io.TableWriter(tmp_path, "casualty_claims", flush_rows=1) as writer:
        for row in _claims_frame().to_dict("records"):
            writer.add([row])
    data = (tmp_path / "casualty_claims.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert len(_spreadsheet_rows(tmp_path / "casualty_claims.csv")) == 3


def test_libreoffice_opens_the_csv_with_accents_and_dashes(tmp_path):
    """Where LibreOffice is installed: `soffice --headless --convert-to xlsx` with the UTF-8 CSV filter
    (76). Headless, LibreOffice 7.4 reads a CSV without filter options as Windows-1252 whatever the BOM
    or the locale (measured), so the options are part of the documented command."""
    import shutil
    import subprocess
    import zipfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    df = pd.DataFrame({"source_path": ["Médecins Sans Frontières.txt", "ARM–AZE.txt"],
                       "reason": ["one line", "two\rlines"]})
    io.write_table(df, tmp_path, "rejected_inputs")
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
                           str(tmp_path / "rejected_inputs.csv")], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "rejected_inputs.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "Médecins Sans Frontières.txt" in strings and "ARM–AZE.txt" in strings
    assert ">source_path<" in strings, "the byte-order mark leaked into the first header"
    assert sheet.count("<row ") == 3, "a CR inside a cell split a row"
