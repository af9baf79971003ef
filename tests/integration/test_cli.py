"""`claims` as a user runs it: the seed article end to end, clear errors, determinism, no network."""

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

CLAIMS = [sys.executable, "-m", "pipeline.cli"]


def claims(*args, cwd=None):
    return subprocess.run([*CLAIMS, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "CI": "1", "HOME": str(Path.home())})


def test_seed_article_gives_exactly_the_expected_claims(seed_path, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_path, src)
    result = claims("run", src, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    for table in ("articles", "rejected_inputs", "casualty_claims", "budget_mentions", "diplomatic_contacts",
                  "incidents"):
        assert (out / f"{table}.parquet").exists() and (out / f"{table}.csv").exists()
    text = pd.read_parquet(out / "articles.parquet")["text"].iloc[0]
    assert "¬" not in text and "Leave a Reply" not in text and "Log Out" not in text
    c = pd.read_parquet(out / "casualty_claims.parquet")
    got = {(r.outcome, r.victim_side, None if pd.isna(r.count_low) else r.count_low,
            None if pd.isna(r.count_high) else r.count_high, r.claimant_side if pd.notna(r.claimant_side) else None,
            bool(r.hedged)) for r in c.itertuples()}
    assert got == {
        ("killed", "ARM", None, None, "ARM", False),        # Armenian officials / Armenia: "a number of", "some"
        ("captured", "ARM", None, None, "ARM", False),
        ("wounded", "AZE", 2, 2, "AZE", False),             # Azerbaijan: two of its soldiers
        ("killed", "UNK", 6000, None, None, False),          # outlet's voice, last year's war
        ("captured", "ARM", 12, 12, "ARM", False),           # Armenia: 12 soldiers
        ("killed", "ARM", None, 15, "ARM", True),            # Eduard Aghajanyan, hedged
    }
    assert "Eduard Aghajanyan" in set(c["claimant"])
    for r in c.itertuples():
        assert text[r.char_start:r.char_end] == r.count_text
    d = pd.read_parquet(out / "diplomatic_contacts.parquet")
    pairs = {(r.actor1, r.actor2, r.contact_type, r.mediator if pd.notna(r.mediator) else None) for r in d.itertuples()}
    assert {("ARM", "AZE", "agree", "RUS"), ("ARM", "RUS", "request", None), ("ARM", "AZE", "accuse", None),
            ("AZE", "ARM", "accuse", None), ("AZE", "ARM", "threaten", None), ("EU", "ARM", "request", None),
            ("EU", "AZE", "request", None), ("EU", "ARM", "consult", None), ("EU", "AZE", "consult", None)} <= pairs
    b = pd.read_parquet(out / "budget_mentions.parquet")
    assert set(zip(b["country"], b["direction"])) == {("ARM", "increase"), ("AZE", "increase")}


@pytest.mark.parametrize("setup,expect", [
    ("missing", "does not exist"),
    ("empty", "holds no files"),
    ("file", "is a file"),
    ("unwritable", "Cannot write"),
])
def test_user_mistakes_get_one_clear_sentence(tmp_path, setup, expect):
    src, out = tmp_path / "src", tmp_path / "out"
    if setup != "missing":
        src.mkdir()
    if setup == "file":
        src.rmdir()
        src.write_text("x")
    if setup == "unwritable":
        (src / "a.txt").write_text("T\n\nTwo soldiers were killed.")
        blocker = tmp_path / "blocker"
        blocker.write_text("a file where a folder should be")
        out = blocker / "out"
    result = claims("run", src, "--out", out)
    assert result.returncode == 2
    assert expect in result.stderr and "Traceback" not in result.stderr


def test_help_on_every_command():
    for cmd in ([], ["run"], ["ingest"], ["extract"], ["correct"], ["link"], ["evaluate"], ["report"], ["dictionary"]):
        result = claims(*cmd, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, cmd


def test_same_inputs_give_byte_identical_tables(sample_dir, tmp_path):
    for run in ("a", "b"):
        assert claims("run", sample_dir, "--out", tmp_path / run).returncode == 0
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_no_network_during_a_run(sample_dir, tmp_path, monkeypatch):
    from pipeline import stages
    from pipeline.config import load_params

    def refuse(*args, **kwargs):
        raise AssertionError("the pipeline tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    summary = stages.run_all(sample_dir, tmp_path / "out", load_params(None))
    assert summary.articles > 15


def test_help_has_clean_metavars_and_version():
    for cmd in ([], ["run"], ["ingest"], ["extract"], ["correct"], ["link"], ["evaluate"], ["report"], ["dictionary"]):
        out = claims(*cmd, "--help").stdout
        assert "<bool>" not in out and "{" not in out and "<str>" not in out, (cmd, out)
    assert "Usage: python -m pipeline.cli run [OPTIONS] FOLDER" in " ".join(claims("run", "--help").stdout.split())
    version = claims("--version")
    assert version.returncode == 0 and version.stdout.startswith("claims (conflict-claims) ")


@pytest.mark.parametrize("args,expect", [
    (["report", "--from", "2021-13-01"], "'2021-13-01' is not a calendar date"),
    (["report", "--to", "16/11/2021"], "'16/11/2021' is not a calendar date"),
    (["report", "--from", "2021-11-18", "--to", "2021-11-17"], "--from 2021-11-18 is after --to 2021-11-17"),
    (["extract", "--articles", "x", "--out", "y", "--engine", "spark"], "'spark' is not one of 'local', 'dask'"),
])
def test_bad_option_values_are_refused_in_a_sentence(args, expect, tmp_path):
    result = claims(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert expect in " ".join(result.stderr.replace("│", " ").split()) and "Traceback" not in result.stderr


@pytest.mark.parametrize("value,expect", [("2021-13-01", "not a calendar day"), ("2021-11-1", "report.date_from in")])
def test_a_bad_date_in_params_is_one_sentence(tmp_path, value, expect):
    (tmp_path / "params.yaml").write_text(f"report:\n  date_from: {value}\n")
    result = claims("report", "--params", tmp_path / "params.yaml", "--data", tmp_path, cwd=tmp_path)
    assert result.returncode == 2 and expect in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_params_paths_are_relative_to_the_params_file(tmp_path):
    """A corrections file named in elsewhere/params.yaml is elsewhere/corrections.csv, whatever the working
    folder: this one is malformed, so finding it is an error and not finding it would be a silent success."""
    project = tmp_path / "elsewhere"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "a.txt").write_text("T\n\nTwo soldiers were killed on Tuesday, the ministry said.")
    (project / "params.yaml").write_text("correct:\n  corrections: corrections.csv\n")
    (project / "corrections.csv").write_text("id,action\nc-000000000001,reject\n")
    result = claims("run", project / "articles", "--out", tmp_path / "out", "--params", project / "params.yaml",
                    cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert str(project / "corrections.csv") in result.stderr and "lacks the columns" in result.stderr


def test_run_ends_by_naming_the_next_command(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("T\n\nTwo soldiers were killed on Tuesday, the ministry said.")
    result = claims("run", src, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"next: claims report --data {tmp_path / 'out'} --out {tmp_path / 'out' / 'report'}"


def test_metrics_prints_the_scores_or_says_what_to_run(tmp_path):
    root = Path(__file__).resolve().parents[2]
    shown = claims("metrics", "--metrics", root / "metrics" / "eval.json", "--reports", tmp_path)
    assert shown.returncode == 0 and "heldout   casualty_claims" in shown.stdout, shown.stderr
    missing = claims("metrics", "--metrics", tmp_path / "eval.json")
    assert missing.returncode == 2 and "run `claims evaluate`" in missing.stderr and "Traceback" not in missing.stderr


def test_report_shows_gold_scores_only_for_the_pipelines_own_tables(sample_dir, tmp_path):
    """Run inside the project on another corpus, the report must not present the project's gold scores as that
    corpus's data quality; on the pipeline's data/processed it does."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("T\n\nArmenia said on Tuesday that two soldiers were killed.")
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "metrics").mkdir()
    shutil.copy(root / "metrics" / "eval.json", tmp_path / "metrics" / "eval.json")
    (tmp_path / "params.yaml").write_text("report:\n  pdf: false\n")
    assert claims("run", src, "--out", tmp_path / "other", cwd=tmp_path).returncode == 0
    shutil.copytree(tmp_path / "other", tmp_path / "data" / "processed")
    for data, scored in (("other", False), ("data/processed", True)):
        done = claims("report", "--data", data, "--out", f"rep-{scored}", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        html = (tmp_path / f"rep-{scored}" / "report.html").read_text("utf-8")
        assert ("<th>gold set</th>" in html) == scored, data


def test_a_group_code_too_long_for_the_contract_is_one_sentence(seed_path, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).parents[2] / "pipeline" / "rules", rules)
    with (rules / "actors" / "groups.yaml").open("a", encoding="utf-8") as f:
        f.write("LONGGROUPNAME: {host: ESH, names: [Desert Front]}\n")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_path, src)
    result = claims("run", src, "--out", tmp_path / "out", "--rules", rules)
    assert result.returncode == 2
    assert "LONGGROUPNAME" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
