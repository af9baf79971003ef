"""The end of `make run`: the evaluation as a table a person reads in a 100-column terminal."""

import json
from pathlib import Path

from pipeline.evaluate.summary import WIDTH, summary

ROOT = Path(__file__).resolve().parents[2]


def _scores(p, r, f, gold, found, **extra):
    return {"precision": p, "recall": r, "f1": f, "gold": gold, "found": found, **extra}


METRICS = {
    "corpus": {"articles": 22},
    "tables": {"casualty_claims": _scores(1.0, 0.5, 0.6667, 74, 37, claimant_side_accuracy=0.9),
               "budget_mentions": _scores(1.0, 1.0, 1.0, 8, 8)},
    "dev": {"corpus": {}, "tables": {"casualty_claims": _scores(0.956, 0.942, 0.949, 138, 136)}},
    "heldout": {"corpus": {}, "tables": {"casualty_claims": _scores(1.0, 0.8, 0.8889, 10, 8)}},
}


def test_one_line_per_set_and_table_held_out_first(tmp_path):
    (tmp_path / "report.html").write_text("x")
    text = summary(METRICS, Path("metrics/eval.json"), [tmp_path / "report.html", tmp_path / "report.pdf"])
    rows = [line.split() for line in text.splitlines() if line.split()[:1] in (["sample"], ["dev"], ["heldout"])]
    assert [r[:2] for r in rows] == [["heldout", "casualty_claims"], ["sample", "casualty_claims"],
                                     ["sample", "budget_mentions"], ["dev", "casualty_claims"]]
    assert rows[1][2:] == ["1.000", "0.500", "0.667", "74", "37", "0.900"]
    assert rows[2][-1] == "-"  # no claimant side for budgets
    assert text.splitlines()[-1] == f"Report: {tmp_path / 'report.html'}"  # only reports that exist
    assert "estimate for new text" in text


def test_the_repository_metrics_fit_a_100_column_terminal():
    metrics = json.loads((ROOT / "metrics" / "eval.json").read_text("utf-8"))
    text = summary(metrics, Path("metrics/eval.json"), [])
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert len(text.splitlines()) < 25
    for name in ("sample", "dev", "heldout"):
        assert sum(line.startswith(name + " ") for line in text.splitlines()) == 3, name


def test_linking_is_one_sentence_after_the_scores():
    link = {"incidents": 5, "claims_linked": 0.92, "claims_per_incident": 13.8, "single_claim_incidents": 0,
            "multi_article_incidents": 3}
    text = summary(METRICS, Path("metrics/eval.json"), [], link)
    assert ("5 incidents, 92% of claims linked, 13.8 claims per incident, 0 of one claim only, "
            "3 reported by more than one article.") in " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) <= WIDTH
