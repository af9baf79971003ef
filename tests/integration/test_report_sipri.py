"""The report's budgets beside SIPRI's series: with an imported reference (invented figures) and without one."""

import json
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import schemas, stages
from pipeline.cli import app
from pipeline.config import load_params
from pipeline.reference import sipri

# Invented figures in the sipri_milex layout: never SIPRI's own (its terms keep them out of the repository).
INVENTED = pd.DataFrame([
    {"country_code": "ARM", "country": "Armenia", "year": 2021, "milex_usd": 5e8, "usd_flag": "estimate",
     "note_marks": "†6", "special_notes": "Figures for these countries do not include military pensions",
     "footnote": "Armenia: an invented footnote for the test.", "release": "SIPRI Military Expenditure Database 2099"},
])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("sipri-report")
    src = root / "in"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: Budget\noutlet: Daily Ledger\npublished: 2021-03-02\n---\n"
                              "Armenia's defence budget for 2021 is $700 million, the finance ministry said.\n\n"
                              "Azerbaijan said on Tuesday that two soldiers were killed.\n")
    stages.run_all(src, root / "out", load_params(None))
    table = INVENTED.reindex(columns=schemas.tables()["sipri_milex"].column_names)
    reference = sipri.write_sipri(table, root / "reference")
    return root, reference


def test_report_sets_the_budget_beside_sipri_and_cites_it(corpus):
    root, reference = corpus
    result = CliRunner().invoke(app, ["report", "--data", str(root / "out"), "--out", str(root / "rep"),
                                      "--reference", str(reference)])
    assert result.exit_code == 0, result.output
    html = (root / "rep" / "report.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "ARM 2021 $700 million 700,000,000 stated in US dollars Daily Ledger 500,000,000 ×1.40 SIPRI estimate" in text
    assert "Armenia: an invented footnote for the test." in text and "do not include military pensions" in text
    assert "Source: SIPRI Military Expenditure Database 2099, https://www.sipri.org/databases/milex" in text
    specs = json.loads(re.search(r'<script type="application/json" id="specs">(.*?)</script>', html, re.S).group(1))
    assert "sipri_budgets" in specs and (root / "rep" / "figures" / "sipri_budgets.svg").exists()
    assert 'src="figures/sipri_budgets.svg"' not in html  # the interactive page draws it; the PDF's page shows the SVG


def test_without_the_reference_one_sentence_says_how_to_add_it(corpus):
    root, _ = corpus
    result = CliRunner().invoke(app, ["report", "--data", str(root / "out"), "--out", str(root / "bare"),
                                      "--reference", str(root / "absent" / "sipri_milex.parquet")])
    assert result.exit_code == 0, result.output
    html = (root / "bare" / "report.html").read_text("utf-8")
    hint = sipri.HINT.replace("'", "&#39;")
    assert html.count(hint) == 1 and "Claimants compared, like with like" in html  # the hint, and the rest as ever
    assert "Reported military budgets" in json.dumps(json.loads(re.search(
        r'<script type="application/json" id="specs">(.*?)</script>', html, re.S).group(1)))
    assert not (root / "bare" / "figures" / "sipri_budgets.svg").exists()
