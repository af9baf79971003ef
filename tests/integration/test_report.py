"""The report: renders offline, escapes article text, and carries the charts."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from pipeline import __version__, io, stages
from pipeline.config import load_params
from pipeline.report.render import DateRangeInvalid, filter_tables, render_report

VALLEY = Path(__file__).resolve().parents[1] / "fixtures" / "valley-war"

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
                              "Azerbaijan's defence ministry said on Tuesday that seven servicemen were killed.\n\n"
                              "Armenia accused Azerbaijan of shelling its villages.\n\n"
                              "Azerbaijan's defence budget will rise to $3.1 billion in 2022, the finance ministry said.\n")
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
    # SOURCE_DATE_EPOCH is not set: it is the footer's date by design (test_the_report_is_byte_stable_...).
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env = {**env, "PYTHONHASHSEED": "7", "TZ": "Pacific/Kiritimati"}
    subprocess.run([sys.executable, "-c", code, str(report[0].parent / "out"), str(tmp_path)], env=env, check=True,
                   capture_output=True, timeout=300)
    assert (tmp_path / "report.pdf").read_bytes() == (report[0] / "report.pdf").read_bytes()


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: io.read_table(folder, name) for name in (
        "articles", "rejected_inputs", "casualty_claims", "budget_mentions", "diplomatic_contacts", "incidents",
        "incident_comparison")}


def test_date_filters_apply_to_all_tables(report):
    """--from/--to keep only what articles of the period say, in every table the report shows."""
    tables = _tables(report[0].parent / "out")
    assert {a.isoformat() for a in tables["articles"]["published"]} == {"2021-11-16", "2021-11-17"}
    assert all(len(tables[t]) for t in ("casualty_claims", "budget_mentions", "diplomatic_contacts"))
    kept = filter_tables(tables, "2021-11-17", "2021-11-17")
    ids = set(kept["articles"]["article_id"])
    assert len(ids) == 1
    for name in ("casualty_claims", "budget_mentions", "diplomatic_contacts"):
        assert len(kept[name]) and set(kept[name]["article_id"]) <= ids, name
    assert len(kept["casualty_claims"]) < len(tables["casualty_claims"])
    assert set(kept["incidents"]["n_claims"]) <= {len(kept["casualty_claims"])}
    assert set(kept["incident_comparison"]["latest_claim_id"]) <= set(kept["casualty_claims"]["claim_id"])
    before = filter_tables(tables, None, "2021-11-15")
    assert all(before[t].empty for t in ("articles", "casualty_claims", "budget_mentions", "diplomatic_contacts",
                                         "incidents", "incident_comparison"))
    with pytest.raises(DateRangeInvalid, match="after"):
        filter_tables(tables, "2021-11-18", "2021-11-17")
    with pytest.raises(DateRangeInvalid, match="YYYY-MM-DD"):
        filter_tables(tables, "17/11/2021", None)


def test_the_report_says_which_period_it_covers(report, tmp_path):
    render_report(report[0].parent / "out", tmp_path, date_from="2021-11-17", pdf=False)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert "published from 2021-11-17" in html and "1 articles" in html


@pytest.fixture(scope="module")
def valley(tmp_path_factory):
    """The invented Valley war: two armed groups added to a copy of the rules, as the README says to."""
    root = tmp_path_factory.mktemp("valley")
    rules = root / "rules"
    shutil.copytree(Path(stages.__file__).parent / "rules", rules)
    with open(rules / "actors" / "groups.yaml", "a", encoding="utf-8") as f:
        f.write("\n" + (VALLEY / "groups.yaml").read_text("utf-8"))
    params = load_params(None)
    params["extract"]["rules_dir"] = str(rules)
    stages.run_all(VALLEY / "articles", root / "out", params)
    render_report(root / "out", root / "rep", pdf=False)
    return root


def test_a_war_with_non_state_parties_is_compared_by_party_and_type(valley):
    comparison = io.read_table(valley / "out", "incident_comparison")
    groups = {(p, str(t)) for p, t in zip(comparison["victim_party"], comparison["victim_type"])}
    assert {("FVF", "military"), ("CDM", "military"), ("TCD", "military"), ("TCD", "civilian")} <= groups
    fvf = comparison[comparison["victim_party"] == "FVF"].set_index("claimant_key")
    assert set(fvf.index) == {"FVF", "TCD defence ministry"}  # the group for its own dead, the army for the enemy's
    assert (fvf.loc["FVF", "latest_low"], fvf.loc["TCD defence ministry", "latest_low"]) == (6, 60)
    army = comparison[(comparison["victim_party"] == "TCD") & (comparison["victim_type"] == "military")]
    ministry = army.set_index("claimant_key").loc["TCD defence ministry"]
    assert ministry["latest_low"] == 19 and ministry["n_revisions"] == 2  # 14, then "19, revising ... 14"
    civilians = comparison[comparison["victim_type"] == "civilian"]
    assert civilians["conservative"].iloc[0] == 9 and set(civilians["n_claimants"]) == {3}

    html = (valley / "rep" / "report.html").read_text("utf-8")
    for heading in ("killed · FVF combatants", "killed · TCD civilians", "killed · TCD combatants",
                    "killed · CDM combatants", "wounded · TCD victims of unknown type"):
        assert f"<h4>{heading}" in html, heading
    assert html.index("<h4>killed · TCD combatants") < html.index("<h4>wounded · TCD victims of unknown type")
    articles = io.read_table(valley / "out", "articles")
    for url, title in zip(articles["url"], articles["title"]):  # every article linked, or named when it has no address
        assert (f'<a href="{url}">' in html) if isinstance(url, str) else (title in html and 'href="nan"' not in html)
    assert "revised later" in html and "<details><summary>evidence</summary>" in html
    assert f"conflict-claims {__version__}" in html and "Generated 2024-03-14 (the newest article" in html


def test_the_report_is_byte_stable_and_dated_by_source_date_epoch(valley, tmp_path, monkeypatch):
    render_report(valley / "out", tmp_path / "a", pdf=False)
    assert (tmp_path / "a" / "report.html").read_bytes() == (valley / "rep" / "report.html").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710460800")  # 2024-03-15 00:00 UTC
    render_report(valley / "out", tmp_path / "b", pdf=False)
    assert "Generated 2024-03-15 (SOURCE_DATE_EPOCH)" in (tmp_path / "b" / "report.html").read_text("utf-8")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_the_pdf_never_asks_to_hover(report):
    text = subprocess.run(["pdftotext", str(report[0] / "report.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Claims ledger" in text and "hover" not in text.lower()
    assert "hover" in (report[0] / "report.html").read_text("utf-8").lower()  # the interactive page does say it


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_claims_report_commit_names_the_code_s_git_commit(valley, tmp_path):
    root = Path(__file__).resolve().parents[2]
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True).stdout.strip()
    if not head:
        pytest.skip("not a git checkout")
    render_report(valley / "out", tmp_path, pdf=False, commit=True)
    assert f"git commit {head}" in (tmp_path / "report.html").read_text("utf-8")
    assert "git commit not recorded" in (valley / "rep" / "report.html").read_text("utf-8")  # off by default
