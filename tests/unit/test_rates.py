"""amount_usd from configured rate files: which rate, said where it came from, never guessed.

Every rate here is invented and written to tmp_path in the layout of the real files (README,
"Exchange rates"); the real reference tables live outside the repository.
"""

import logging
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline import stages
from pipeline.config import ParamsInvalid, load_params
from pipeline.extract.context import ArticleContext
from pipeline.extract.core import extractors
from pipeline.extract.rates import RateFileInvalid, RateTable
from pipeline.extract.runner import ExtractSettings
from pipeline.extract.sentences import split_sentences

PREFS = {"sipri_first": ["IRN", "LBN"], "sipri_currency": {"IRN": "IRR", "LBN": "LBP", "RUS": "RUB"}}


@pytest.fixture
def rate_files(tmp_path):
    official = tmp_path / "rates.csv"
    official.write_text(
        "currency,year,lcu_per_usd,source\n"
        'INR,2024,80.0,"World Bank WDI PA.NUS.FCRF (IMF IFS), invented test file"\n'
        "TWD,2024,32.0,US Federal Reserve H.10 annual average (FRED AEXTAUS)\n"
        'LBP,2023,15000,"World Bank WDI PA.NUS.FCRF (IMF IFS), invented test file"\n'
        'IRR,2023,50000,"World Bank WDI PA.NUS.FCRF (IMF IFS), invented test file"\n'
        'XXX,2024,not-a-number,"a bad row is skipped"\n', "utf-8")
    sipri = tmp_path / "sipri.csv"
    sipri.write_text(
        "country_code,country,sipri_currency_name,year,implied_lcu_per_usd,wdi_pa_nus_fcrf,ratio_implied_to_wdi\n"
        "LBN,Lebanon,Pound,2023,90000,15000,6.0\n"
        "IRN,Iran,Rial,2023,400000,50000,8.0\n"
        "RUS,Russia,Rouble,2024,95.0,,\n", "utf-8")
    return official, sipri


def test_each_rate_says_where_it_comes_from(rate_files):
    rates = RateTable.load(None, *rate_files, PREFS)
    assert rates.to_usd(8e12, "INR", "IND", 2024) == (1e11, "WDI PA.NUS.FCRF 2024 annual average")
    assert rates.to_usd(64e9, "TWD", "TWN", 2024) == (2e9, "US Federal Reserve H.10 2024 annual average")
    # official and market rates part: SIPRI's implied rate first, and said so
    assert rates.to_usd(9e12, "LBP", "LBN", 2023) == (1e8, "SIPRI implied 2023")
    assert rates.to_usd(4e13, "IRR", "IRN", 2023) == (1e8, "SIPRI implied 2023")
    # no official rate for the year: the SIPRI-implied one, for a country whose currency it is
    assert rates.to_usd(95e9, "RUB", "RUS", 2024) == (1e9, "SIPRI implied 2024")
    assert rates.to_usd(10.0, "USD", "USA", None) == (10.0, "stated in US dollars")


def test_no_rate_no_figure(rate_files):
    rates = RateTable.load(None, *rate_files, PREFS)
    assert rates.to_usd(8e12, "INR", "IND", 2023) == (None, None)    # never a neighbouring year's rate
    assert rates.to_usd(8e12, "INR", "IND", None) == (None, None)    # no year, no rate
    assert rates.to_usd(95e9, "RUB", "UKR", 2024) == (None, None)    # Russia's SIPRI rate is not Ukraine's
    assert rates.to_usd(1.0, "XXX", None, 2024) == (None, None)      # the malformed row was skipped
    assert RateTable.load(None, None, None).to_usd(8e12, "INR", "IND", 2024) == (None, None)


def test_curated_rules_rate_comes_before_the_reference_table(tmp_path, rate_files):
    curated = tmp_path / "curated.csv"
    curated.write_text('currency,year,lcu_per_usd,source\nINR,2024,100,"a rate the analyst chose"\n', "utf-8")
    assert RateTable.load(curated, *rate_files, PREFS).to_usd(1e4, "INR", "IND", 2024) == (100.0, "a rate the analyst chose")


def _budget_rows(text, rate_files):
    ex = extractors(rate_files=tuple(map(str, rate_files)) if rate_files else (None, None))
    ctx = ArticleContext("0" * 16, text, None, "Test", split_sentences(text))
    rows = []
    for sent in ctx.sentences:
        rows += ex.budgets.extract(sent, ctx, lambda s=sent: ex.book.attribution.claimant(s, s.start, ctx.memory), None)
    return rows


def test_extractor_converts_with_the_configured_table(rate_files):
    [row] = _budget_rows("India's defence budget for 2024 is 6 trillion rupees.", rate_files)
    assert (row["amount"], row["amount_usd"], row["usd_rate_source"]) == (6e12, 7.5e10, "WDI PA.NUS.FCRF 2024 annual average")
    [row] = _budget_rows("India's defence budget for 2024 is 6 trillion rupees ($70 billion).", rate_files)
    assert (row["amount_usd"], row["usd_rate_source"]) == (7e10, "reported in text")   # the text's own figure wins


def test_absent_rate_file_leaves_amount_usd_empty(tmp_path):
    [row] = _budget_rows("India's defence budget for 2024 is 6 trillion rupees.", (tmp_path / "none.csv", tmp_path / "no.csv"))
    assert row["amount"] == 6e12 and row["amount_usd"] is None and row["usd_rate_source"] is None


def test_absent_file_warns_once_and_bad_file_is_one_sentence(tmp_path, caplog):
    missing = str(tmp_path / "gone" / "rates.csv")
    settings = ExtractSettings(exchange_rates=missing)
    with caplog.at_level(logging.WARNING):
        stages.check_rate_files(settings)
        stages.check_rate_files(settings)
    lines = [r.getMessage() for r in caplog.records if missing in r.getMessage()]
    assert len(lines) == 1 and "amount_usd" in lines[0] and "\n" not in lines[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("code,rate\nINR,80\n", "utf-8")
    with pytest.raises(stages.UserError, match="lacks the column"):
        stages.check_rate_files(ExtractSettings(exchange_rates=str(bad)))
    with pytest.raises(RateFileInvalid):
        RateTable.load(None, bad, None)


def test_paths_in_params_are_read_from_the_params_folder(tmp_path):
    (tmp_path / "proj").mkdir()
    params = tmp_path / "proj" / "params.yaml"
    params.write_text(yaml.safe_dump({"extract": {"exchange_rates": "../ref/rates.csv", "sipri_implied_fx": None}}))
    p = load_params(params)["extract"]
    assert p["exchange_rates"] == str((tmp_path / "ref" / "rates.csv").resolve()) and p["sipri_implied_fx"] is None
    params.write_text(yaml.safe_dump({"extract": {"exchange_rates": 12}}))
    with pytest.raises(ParamsInvalid, match="file path"):
        load_params(params)


def test_cache_key_follows_the_rate_file_contents(rate_files, tmp_path):
    official, _ = rate_files
    key = ExtractSettings(exchange_rates=str(official)).cache_key()
    copy = tmp_path / "elsewhere.csv"
    copy.write_bytes(official.read_bytes())
    assert ExtractSettings(exchange_rates=str(copy)).cache_key() == key      # moved, same rates
    copy.write_text(official.read_text("utf-8").replace("80.0", "81.0"), "utf-8")
    assert ExtractSettings(exchange_rates=str(copy)).cache_key() != key      # new rates, re-extract


def test_run_without_reference_files_warns_and_works(tmp_path, rate_files):
    """A clean clone (no ../shared): the run works, amount_usd is left empty, one warning line."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: T\npublished: 2024-05-01\n---\n"
                              "India's defence budget for 2024 is 6 trillion rupees.\n", "utf-8")
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"extract": {"exchange_rates": "missing/rates.csv",
                                                  "sipri_implied_fx": "missing/sipri.csv"}}))
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(src), "--out", str(tmp_path / "out"), "--params", str(params)]
    env = {"PATH": "/usr/bin:/bin", "CI": "1", "HOME": str(Path.home())}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "not found" in line]
    assert len(warnings) == 2 and "Traceback" not in result.stderr
    b = pd.read_csv(tmp_path / "out" / "budget_mentions.csv")
    assert b["amount"].tolist() == [6e12] and b["amount_usd"].isna().all()
    # the same run with the rate files given converts, and says with which rate
    params.write_text(yaml.safe_dump({"extract": {"exchange_rates": str(rate_files[0]),
                                                  "sipri_implied_fx": str(rate_files[1])}}))
    assert subprocess.run(cmd, capture_output=True, text=True, env=env).returncode == 0
    b = pd.read_csv(tmp_path / "out" / "budget_mentions.csv")
    assert b["amount_usd"].tolist() == [7.5e10]
    assert b["usd_rate_source"].tolist() == ["WDI PA.NUS.FCRF 2024 annual average"]
