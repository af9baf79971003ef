"""The Makefile's verbs that need no install: `make clean` keeps every file git tracks."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None, reason="needs make and git")
def test_make_clean_keeps_tracked_files(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    shutil.copy(ROOT / "Makefile", clone / "Makefile")  # the Makefile under test, committed or not
    generated = [clone / "data" / "processed" / "articles.csv", clone / "reports" / "report.html",
                 clone / "data" / "interim" / "cache" / "extract.sqlite"]
    for path in generated:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("generated")
    done = subprocess.run(["make", "clean"], cwd=clone, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not any(p.exists() for p in generated)
    status = subprocess.run(["git", "status", "--porcelain", "--", ".", ":!Makefile"], cwd=clone,
                            capture_output=True, text=True).stdout
    assert status == "", f"make clean deleted or changed tracked files:\n{status}"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_passes_allow_root_exactly_when_run_as_root():
    """JupyterLab refuses to start as root without --allow-root (a container's usual user); a user never needs it."""
    import os

    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True).stdout
    line = [x for x in dry.splitlines() if "jupyter lab" in x][-1]
    args = subprocess.run(["sh", "-c", "echo " + line.split("jupyter lab", 1)[1]], capture_output=True, text=True).stdout
    assert args.split()[0] == "notebooks/" and ("--allow-root" in args.split()) == (os.geteuid() == 0)
