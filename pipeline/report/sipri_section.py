"""The report's "Budgets beside SIPRI" section: a chart of each reported figure beside SIPRI's, the table with
the ratio, SIPRI's flag and notes, why they differ, and the citation; without the reference, one sentence
saying how to add it (sipri.html.j2 renders either)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from pipeline.reference import compare, sipri
from pipeline.report.charts import OKABE_ITO, _plain, _title, write_svg

CHART = "sipri_budgets"
SIPRI_URL = "https://www.sipri.org/databases/milex"


def chart(table: pd.DataFrame) -> alt.LayerChart:
    """One row per reported figure: the figure (dot) and SIPRI's for the same state and year (diamond; hollow
    when SIPRI marks it an estimate or highly uncertain), joined by a line, with the ratio at the right."""
    d = _plain(table)
    d["row"] = d["country"] + " " + d["year"].astype("string") + " · " + d["outlet"].fillna("unknown outlet")
    d["reported_bn"] = d["amount_usd"] / 1e9
    d["sipri_bn"] = d["sipri_usd"] / 1e9
    d["flag"] = d["usd_flag"].map(compare.flag_words).fillna("")
    d["label"] = [f"×{r:.2f}" if pd.notna(r) else s.split(" (")[0] for r, s in zip(d["ratio"], d["status"])]
    d["x_end"] = d[["reported_bn", "sipri_bn"]].max(axis=1)
    long = pd.concat([d.assign(series="reported", bn=d["reported_bn"]),
                      d[d["sipri_bn"].notna()].assign(series="SIPRI", bn=d["sipri_bn"])])
    y = alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    tooltip = [alt.Tooltip("amount_text:N", title="as written"), alt.Tooltip("reported_bn:Q", title="reported US$ bn", format=".3f"),
               alt.Tooltip("usd_rate_source:N", title="US$ from"), alt.Tooltip("sipri_bn:Q", title="SIPRI US$ bn", format=".3f"),
               alt.Tooltip("ratio:Q", format=".2f"), alt.Tooltip("flag:N", title="SIPRI flag"), "outlet:N", "evidence:N"]
    line = alt.Chart(d[d["sipri_bn"].notna()]).mark_rule(color="#999", strokeWidth=2).encode(
        y=y, x=alt.X("reported_bn:Q"), x2="sipri_bn:Q")
    series = alt.Scale(domain=["reported", "SIPRI"], range=[OKABE_ITO[0], "#000000"])
    shapes = alt.Scale(domain=["reported", "SIPRI"], range=["circle", "diamond"])

    def points(data: pd.DataFrame, size: int) -> alt.Chart:
        # Drawn in two layers, the smaller SIPRI diamond on top, so a figure equal to SIPRI's still shows both.
        return alt.Chart(data).mark_point(size=size, strokeWidth=2).encode(
            y=y, x=alt.X("bn:Q", title="US$ billion (current)"),
            color=alt.Color("series:N", title=None, scale=series),
            fill=alt.Fill("series:N", title=None, scale=series),
            shape=alt.Shape("series:N", title=None, scale=shapes),
            fillOpacity=alt.condition("datum.flag != ''", alt.value(0), alt.value(1)),
            tooltip=tooltip)

    marks = points(long[long["series"] == "reported"], 220) + points(long[long["series"] == "SIPRI"], 90)
    labels = alt.Chart(d).mark_text(align="left", dx=10, fontSize=11, color="#333").encode(
        y=y, x="x_end:Q", text="label:N")
    return (line + marks + labels).properties(width=420, height=alt.Step(26), title=_title(
        "Reported budgets beside SIPRI's series",
        ["Each reported figure in US$ (dot) and SIPRI's military expenditure for the same state and year (diamond);",
         "the label is reported ÷ SIPRI. A hollow diamond is a SIPRI estimate or highly uncertain."]))


def section(mentions: pd.DataFrame, reference: Path | None, fig_dir: Path) -> dict:
    """Template context `sipri` (and figures/sipri_budgets.svg when there is something to draw)."""
    table = sipri.load_sipri(reference)
    svg = Path(fig_dir) / f"{CHART}.svg"
    if table is None:
        svg.unlink(missing_ok=True)  # a chart from an earlier run with the reference would outlive it
        return {"hint": sipri.HINT, "rows": [], "spec": None}
    rows = compare.budgets_vs_sipri(mentions, table)
    release = table["release"].iloc[0]
    context = {"hint": None, "rows": rows.assign(flag=rows["usd_flag"].map(compare.flag_words)).to_dict("records"),
               "why": compare.why_they_differ(rows), "citation": f"{release}, {SIPRI_URL}", "spec": None,
               "chart": CHART}
    if rows.empty:
        svg.unlink(missing_ok=True)
        return context
    spec = chart(rows).to_dict()
    write_svg(svg, spec)
    context["spec"] = spec
    return context
