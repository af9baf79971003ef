"""Tables: contract validation with readable errors, spreadsheet-safe CSV, atomic writes, the dictionary."""

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
    csv = pd.read_csv(tmp_path / "rejected_inputs.csv", dtype=str, keep_default_na=False)
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
