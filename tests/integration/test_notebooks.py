"""Every notebook runs top to bottom on the sample corpus (papermill), and its .ipynb matches its .py twin."""

import json
import re
from pathlib import Path

import jupytext
import papermill as pm
import pytest

from pipeline import stages
from pipeline.config import load_params

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]-*.py"))


@pytest.fixture(scope="module")
def processed(tmp_path_factory, sample_dir):
    out = tmp_path_factory.mktemp("processed")
    stages.run_all(sample_dir, out, load_params(None))
    return out


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(source, processed, tmp_path):
    notebook = source.with_suffix(".ipynb")
    pm.execute_notebook(str(notebook), str(tmp_path / notebook.name), cwd=str(source.parent),
                        parameters={"DATA_DIR": str(processed)}, kernel_name="python3", progress_bar=False)
    executed = json.loads((tmp_path / notebook.name).read_text())
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors
    # Drawn offline: the charts are pictures made in the kernel, never a script that fetches Vega from a CDN.
    bundles = [o.get("data", {}) for o in outputs if o.get("output_type") in ("display_data", "execute_result")]
    assert not [b for b in bundles if "application/vnd.vegalite.v5+json" in b or "application/vnd.vegalite.v6+json" in b]
    assert not re.search(r"https?://(?:cdn\.|[^\"']*jsdelivr|[^\"']*unpkg)", json.dumps(bundles))
    pictures = [b for b in bundles if "image/svg+xml" in b or "image/png" in b]
    charts = sum(1 for c in executed["cells"]  # cells whose result is a chart: a statement `charts.x(...)` / `alt.Chart(...)`
                 if c["cell_type"] == "code" and re.search(r"^(?:charts\.|alt\.Chart\()", "".join(c["source"]), re.M))
    assert charts or "05-" in source.name
    assert len(pictures) >= charts, f"{charts} chart cells, {len(pictures)} drawn pictures"
    # Readable tables (pipeline.notebook.table, a pandas Styler): counts as integers.
    styled = " ".join("".join(b.get("text/html", "")) for b in bundles if 'id="T_' in "".join(b.get("text/html", "")))
    assert not re.search(r">\d+\.0<", styled), "a count shown as a float"


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_pair_in_sync_and_outputs_stripped(source):
    paired = jupytext.read(source.with_suffix(".ipynb"))
    twin = jupytext.read(source)
    assert [c.source for c in paired.cells] == [c.source for c in twin.cells], "run `jupytext --sync` on the pair"
    assert all(not c.get("outputs") for c in paired.cells if c.cell_type == "code"), "strip the outputs"
