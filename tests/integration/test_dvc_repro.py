"""`dvc repro` in a fresh clone of the committed repository: every stage runs, the second run does nothing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.mark.slow
def test_dvc_repro_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    shared = ROOT.parent / "shared"
    if shared.is_dir():  # as `make run` and CI have it: ../shared beside the clone (reference.sipri in params.yaml)
        (tmp_path / "shared").symlink_to(shared)
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "CI": "1"}

    def dvc(*args):
        return subprocess.run([str(BIN / "dvc"), *args], cwd=clone, env=env, capture_output=True, text=True)

    first = dvc("repro")
    assert first.returncode == 0, first.stdout + first.stderr
    processed = clone / "data" / "processed"
    for table in ("articles", "rejected_inputs", "casualty_claims", "budget_mentions", "diplomatic_contacts",
                  "incidents", "incident_comparison"):
        assert (processed / f"{table}.parquet").exists() and (processed / f"{table}.csv").exists(), table
    assert (clone / "reports" / "report.html").exists() and (clone / "reports" / "report.pdf").exists()
    claims = pd.read_parquet(processed / "casualty_claims.parquet")
    assert len(claims) > 50 and claims["incident_id"].notna().mean() > 0.8

    changed = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout
    # dvc.lock is committed from a checkout with ../shared beside it; without it the report (and its lock entry) differ.
    expected = [[]] if shared.is_dir() else [[], ["M", "dvc.lock"]]
    assert changed.split() in expected, f"a fresh clone's repro changed tracked files (dvc.lock not reproducible?):\n{changed}"
    report = " ".join(re.sub(r"<[^>]+>", " ", (clone / "reports" / "report.html").read_text("utf-8")).split())
    if shared.is_dir():  # the sample's budget figures beside SIPRI's, cited
        assert re.search(r"ARM 2020 .{0,200}×\d\.\d\d", report) and re.search(r"AZE 2015 .{0,200}×\d\.\d\d", report)
        assert "Source: SIPRI Military Expenditure Database" in report
    else:
        assert "claims reference sipri PATH" in report

    second = dvc("repro")
    assert second.returncode == 0 and "Data and pipelines are up to date" in second.stdout, second.stdout
    status = dvc("status")
    assert "up to date" in status.stdout.lower(), status.stdout
    metrics = dvc("metrics", "show")
    assert "tables.casualty_claims.f1" in metrics.stdout and "metrics/link.json" in metrics.stdout
    plots = dvc("plots", "show", "--out", str(tmp_path / "plots"))
    page = (tmp_path / "plots" / "index.html").read_text("utf-8")
    assert plots.returncode == 0 and "<img" in page and "cdn." not in page and "http" not in page.lower(), page[:500]

    # A setting that cannot change a row re-runs nothing; one that can re-runs its stage.
    params = clone / "params.yaml"
    text = params.read_text("utf-8")
    assert "batch_size: 500" in text and "window_days: 3" in text
    params.write_text(text.replace("batch_size: 500", "batch_size: 7"), "utf-8")
    assert "up to date" in dvc("status").stdout.lower()
    params.write_text(text.replace("window_days: 3", "window_days: 10"), "utf-8")
    assert "link" in dvc("status").stdout

    # Without the reference file, the report says in one sentence how to add it, and everything else runs.
    params.write_text(text.replace("sipri: ../shared/reference/sipri_milex.csv", "sipri: ../absent/sipri_milex.csv"), "utf-8")
    bare = dvc("repro", "report")
    assert bare.returncode == 0, bare.stdout + bare.stderr
    html = (clone / "reports" / "report.html").read_text("utf-8")
    assert "claims reference sipri PATH" in html and "Source: SIPRI" not in html and "Claimants compared, like with like" in html
    assert not (clone / "reports" / "figures" / "sipri_budgets.svg").exists()


def test_every_stage_depends_on_the_code_it_runs():
    """Editing the CLI, the stages, config, io or the schemas re-runs every stage; ids.py those that make ids."""
    import yaml

    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text("utf-8"))["stages"]
    every = {"pipeline/cli.py", "pipeline/stages.py", "pipeline/config.py", "pipeline/io.py", "pipeline/schemas"}
    for name, stage in stages.items():
        deps = set(stage["deps"])
        assert every <= deps, (name, every - deps)
    for name in ("extract", "link", "evaluate"):
        assert "pipeline/ids.py" in stages[name]["deps"], name
