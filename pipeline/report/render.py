"""Render the report: one self-contained HTML (charts drawn offline, tooltips included),
a PDF with the same charts as vector graphics, and every chart as SVG.

All article-derived text goes through Jinja2's autoescaping; chart specs are
embedded as JSON with `<` escaped, so a `<script>` in an article stays text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import jinja2
import pandas as pd
import vl_convert as vlc

from pipeline import io
from pipeline.report import charts, sipri_section

TEMPLATE_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


def _filter(df: pd.DataFrame, date_from: str | dt.date | None, date_to: str | dt.date | None) -> pd.DataFrame:
    """Rows published within [date_from, date_to] (ISO dates), and rows with no publication date."""
    if date_from:
        df = df[df["published"].isna() | (df["published"] >= dt.date.fromisoformat(str(date_from)))]
    if date_to:
        df = df[df["published"].isna() | (df["published"] <= dt.date.fromisoformat(str(date_to)))]
    return df


def pick_incident(incidents: pd.DataFrame, requested: str | None) -> pd.Series | None:
    if incidents.empty:
        return None
    if requested:
        hit = incidents[incidents["incident_id"] == requested]
        if hit.empty:
            raise FileNotFoundError(f"No incident {requested!r}; see incidents.csv for the ids.")
        return hit.iloc[0]
    return incidents.sort_values(["n_articles", "n_claims", "start_date"], ascending=[False, False, True]).iloc[0]


def _summary(comparison: pd.DataFrame, incidents: pd.DataFrame) -> list[str]:
    """Plain-language key discrepancies, generated from the comparison table."""
    lines = []
    labels = incidents.set_index("incident_id")["label"]
    spread = comparison.dropna(subset=["spread_ratio"]).drop_duplicates(["incident_id", "outcome", "victim_side"])
    for _, r in spread.sort_values("spread_ratio", ascending=False).head(5).iterrows():
        lines.append(f"{labels.get(r['incident_id'], r['incident_id'])}: claims of {r['outcome']} on the "
                     f"{r['victim_side']} side range from {r['group_low'] if pd.notna(r['group_low']) else '?':,.0f} "
                     f"to {r['group_high']:,.0f} (spread ×{r['spread_ratio']:.1f}); the lowest firm figure is "
                     f"{'none' if pd.isna(r['conservative']) else format(r['conservative'], ',.0f')}.")
    return lines


def render_report(data: Path, out: Path, metrics_dir: Path | None = None, incident: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  title: str = "Casualty claims by source", pdf: bool = True,
                  reference: Path | None = None) -> list[Path]:
    # Load inputs.
    data, out = Path(data), Path(out)
    articles = io.read_table(data, "articles")
    rejected = io.read_table(data, "rejected_inputs")
    claims = _filter(io.read_table(data, "casualty_claims"), date_from, date_to)
    mentions = _filter(io.read_table(data, "budget_mentions"), date_from, date_to)
    contacts = _filter(io.read_table(data, "diplomatic_contacts"), date_from, date_to)
    incidents = io.read_table(data, "incidents")
    comparison = io.read_table(data, "incident_comparison")
    metrics = {}
    if metrics_dir and (Path(metrics_dir) / "eval.json").exists():
        metrics = json.loads((Path(metrics_dir) / "eval.json").read_text("utf-8"))

    # Process data.
    chosen = pick_incident(incidents, incident)
    label = chosen["label"] if chosen is not None else "all claims"
    in_incident = claims[claims["incident_id"] == chosen["incident_id"]] if chosen is not None else claims
    independent = in_incident[in_incident["article_id"].isin(articles.loc[articles["duplicate_of"].isna(), "article_id"])]
    figures = {
        "claims_by_source": ("The headline chart: each claimant's figures for the incident, side by side.",
                             charts.claims_by_source(independent, label)),
        "own_vs_enemy": ("What each side said about its own dead and about the enemy's.", charts.own_vs_enemy(independent, label)),
        "revisions": ("How each side's figures changed over the days after the incident.", charts.revisions(independent, label)),
        "outlets": ("Whether an outlet quoted one side only.", charts.outlets(claims)),
        "budgets": ("Military budgets as reported, converted to US dollars where a rate is known.", charts.budgets(mentions)),
        "diplomacy": ("Contacts between the parties and third states, coloured by type.", charts.diplomacy(contacts)),
        "who_talks_to_whom": ("Which pairs of actors interact, and whether cooperatively or in conflict.",
                              charts.who_talks_to_whom(contacts)),
    }
    fig_dir = out / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    specs = {}
    for name, (_, chart) in figures.items():
        spec = chart.to_dict()
        specs[name] = spec
        # Room on the right: the PDF renderer's fonts run a little wider than vl-convert measured.
        svg = vlc.vegalite_to_svg({**spec, "padding": {"left": 5, "top": 5, "right": 60, "bottom": 5}})
        io.atomic_write_text(fig_dir / f"{name}.svg", svg)
    sipri = sipri_section.section(mentions, reference, fig_dir)  # budgets beside SIPRI's series, or how to add it
    if sipri["spec"] is not None:
        specs[sipri_section.CHART] = sipri["spec"]
    table_cols = ["outlet", "published", "claimant", "claimant_side", "outcome", "victim_side", "count_text",
                  "qualifier", "hedged", "incident_id", "evidence"]
    context = {
        "title": title,
        "generated_from": str(data),
        "label": label,
        "summary": _summary(comparison, incidents),
        "figures": [(name, caption) for name, (caption, _) in figures.items()],
        "incidents": incidents.to_dict("records"),
        "comparison": [(inc["label"], comparison[comparison["incident_id"] == inc["incident_id"]].to_dict("records"))
                       for inc in incidents.to_dict("records")
                       if (comparison["incident_id"] == inc["incident_id"]).any()],
        "n_articles": len(articles), "n_duplicates": int(articles["duplicate_of"].notna().sum()),
        "rejected": rejected.to_dict("records"),
        "n_claims": len(claims), "n_mentions": len(mentions), "n_contacts": len(contacts),
        "metric_sets": [("sample corpus", metrics.get("tables", {}))] + [
            (f"{name} set", block["tables"]) for name, block in metrics.items() if isinstance(block, dict) and "tables" in block],
        "sipri": sipri,
        "appendix": claims.sort_values(["published", "outlet"], na_position="last")[table_cols].to_dict("records"),
    }
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["num"] = lambda v: "" if v is None or pd.isna(v) else f"{v:,.0f}"
    env.filters["blank"] = lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else v

    # Save outputs.
    specs_json = json.dumps(specs).replace("<", "\\u003c")
    snippet = "const specs = JSON.parse(document.getElementById('specs').textContent);\n" \
              "for (const [name, spec] of Object.entries(specs)) { vegaEmbed('#chart-' + name, spec, {actions: false}); }"
    html = env.get_template("report.html.j2").render(**context, interactive=True, specs_json=specs_json,
                                                     bundle=vlc.javascript_bundle(snippet))
    paths = [out / "report.html"]
    io.atomic_write_text(paths[0], html)
    HTML = _weasyprint() if pdf else None
    if HTML is not None:
        static = env.get_template("report.html.j2").render(**context, interactive=False, specs_json="", bundle="")
        io.atomic_write(out / "report.pdf", lambda tmp: HTML(string=static, base_url=str(out)).write_pdf(tmp))
        paths.append(out / "report.pdf")
    return paths + sorted(fig_dir.glob("*.svg"))


def _weasyprint():
    """WeasyPrint's HTML class, or None with one warning when it or its system libraries are missing."""
    try:
        from weasyprint import HTML
    except ImportError:
        log.warning("report.pdf not written: WeasyPrint is not installed (pip install 'conflict-claims[pdf]'); "
                    "the HTML report is complete.")
        return None
    except OSError as err:  # WeasyPrint is installed but cannot load Pango
        log.warning("report.pdf not written: WeasyPrint cannot load its system libraries (%s; on Debian or Ubuntu "
                    "apt-get install libpango-1.0-0 libpangoft2-1.0-0); the HTML report is complete.", err)
        return None
    return HTML
