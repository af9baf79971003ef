"""The report: renders offline, escapes article text, and carries the charts."""

import json
import re
import shutil
import subprocess

import pytest

from pipeline import stages
from pipeline.config import load_params
from pipeline.report.render import render_report

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    src = root / "in"
    src.mkdir()
    (src / "evil.md").write_text(f"---\ntitle: 'Clash {EVIL}'\noutlet: 'Evil {EVIL} Times'\npublished: 2021-11-16\n---\n"
                                 f"Armenia said on Tuesday that 12 soldiers had been captured. {EVIL}\n\n"
                                 "Azerbaijan said two of its soldiers were injured.\n")
    (src / "b.md").write_text("---\ntitle: B\noutlet: Other Post\npublished: 2021-11-17\n---\n"
                              "Azerbaijan's defence ministry said on Tuesday that seven servicemen were killed.\n")
    stages.run_all(src, root / "out", load_params(None))
    paths = render_report(root / "out", root / "rep", pdf=True)
    return root / "rep", paths


def test_article_text_is_escaped(report):
    html = (report[0] / "report.html").read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html  # shown as text in the appendix
    data_block = re.search(r'<script type="application/json" id="specs">(.*?)</script>', html, re.S).group(1)
    assert "</" not in data_block  # chart data cannot close its own script element


def test_html_is_self_contained(report):
    html = (report[0] / "report.html").read_text("utf-8")
    assert not re.search(r"<script[^>]+src=", html), "no external scripts"
    assert not re.search(r"<link[^>]+href=[\"']?https?:", html), "no external stylesheets"
    specs = json.loads(re.search(r'<script type="application/json" id="specs">(.*?)</script>', html, re.S).group(1))
    assert {"claims_by_source", "own_vs_enemy", "revisions", "outlets", "budgets", "diplomacy"} <= set(specs)


def test_pdf_and_svg_figures(report):
    folder, paths = report
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
    svgs = sorted(p.name for p in (folder / "figures").glob("*.svg"))
    assert len(svgs) == 7 and all((folder / "figures" / s).read_text().lstrip().startswith("<svg") for s in svgs)


@pytest.mark.skipif(not shutil.which("chromium"), reason="headless Chromium not installed (apt-get install chromium)")
def test_charts_draw_in_a_browser_with_the_network_off(report, tmp_path):
    """Open the HTML in headless Chromium behind a dead proxy and check every chart div got drawn."""
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path}", "--proxy-server=http://127.0.0.1:9",
         "--virtual-time-budget=10000", "--dump-dom", (report[0] / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120).stdout
    drawn = re.findall(r'<div id="chart-(\w+)"[^>]*>\s*<(?:svg|canvas)', dom)
    assert set(drawn) >= {"claims_by_source", "own_vs_enemy", "revisions", "outlets", "budgets", "diplomacy"}


def test_without_weasyprint_the_report_is_html_and_one_warning(report, tmp_path, monkeypatch, caplog):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    paths = render_report(report[0].parent / "out", tmp_path, pdf=True)
    assert (tmp_path / "report.html").exists() and not (tmp_path / "report.pdf").exists()
    assert tmp_path / "report.pdf" not in paths
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "report.pdf not written" in warnings[0] and "conflict-claims[pdf]" in warnings[0]


def test_pdf_bytes_do_not_change_between_renders(report, tmp_path):
    """The PDF carries no date, random id or hash-ordered object: another process, hash seed, time zone and
    day give the same bytes (fonts are the machine's, which is why dvc.yaml does not lock report.pdf)."""
    import os
    import sys

    code = ("import sys; from pathlib import Path; from pipeline.report.render import render_report; "
            "render_report(Path(sys.argv[1]), Path(sys.argv[2]), pdf=True)")
    env = {**os.environ, "PYTHONHASHSEED": "7", "TZ": "Pacific/Kiritimati", "SOURCE_DATE_EPOCH": "0"}
    subprocess.run([sys.executable, "-c", code, str(report[0].parent / "out"), str(tmp_path)], env=env, check=True,
                   capture_output=True, timeout=300)
    assert (tmp_path / "report.pdf").read_bytes() == (report[0] / "report.pdf").read_bytes()
