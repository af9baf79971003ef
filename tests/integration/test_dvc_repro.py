"""`dvc repro` in a fresh clone of the committed repository: every stage runs, the second run does nothing."""

import os
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
    assert changed == "", f"a fresh clone's repro changed tracked files (dvc.lock not reproducible?):\n{changed}"

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
