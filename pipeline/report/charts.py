"""Altair charts on the contract tables. Pure functions: DataFrame in, chart out.

Colour-blind-safe palette (Okabe-Ito); every chart has a title, a subtitle
saying what it shows, and tooltips with the evidence sentence, outlet and date.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with vocabularies as text and dates as ISO strings: chart data travels to Vega-Lite as JSON,
    and string operations (labels, panels) work on it."""
    d = df.copy()
    for col in d.columns:
        if isinstance(d[col].dtype, (pd.CategoricalDtype, pd.ArrowDtype)):
            d[col] = d[col].astype("string")
    return d


def _title(text: str, subtitle: str) -> alt.TitleParams:
    return alt.TitleParams(text, subtitle=subtitle, anchor="start", fontSize=15, subtitleFontSize=12)


def _claimant_label(d: pd.DataFrame) -> pd.Series:
    return d["claimant_group"].fillna("(outlet) " + d["outlet"].fillna("unknown"))


def claims_by_source(claims: pd.DataFrame, label: str) -> alt.FacetChart:
    """Headline: one row per claimant, x = figure, low-high ranges, hollow marks for hedged claims."""
    d = _plain(claims)
    d["claimant_label"] = _claimant_label(d)
    d["side"] = d["claimant_side"].fillna("outlet")
    d["x_low"] = d["count_low"].fillna(d["count_high"])
    d["x_high"] = d["count_high"].fillna(d["count_low"])
    d["panel"] = d["outcome"] + ", " + d["victim_side"] + " side"
    d["wording"] = d["qualifier"].str.replace("_", " ") + d["hedged"].map({True: ", hedged", False: ""})
    d = d[d["x_low"].notna()]
    color = alt.Color("side:N", title="Claimant's side", scale=alt.Scale(domain=SIDES_DOMAIN(d), range=OKABE_ITO))
    base = alt.Chart(d).encode(
        y=alt.Y("claimant_label:N", title=None, axis=alt.Axis(labelLimit=220)),
        color=color,
        tooltip=[alt.Tooltip("claimant:N", title="claimant"), alt.Tooltip("count_text:N", title="as written"),
                 "wording:N", "outlet:N", "published:N", alt.Tooltip("evidence:N", title="evidence")],
    )
    rng = base.mark_rule(strokeWidth=3, opacity=0.6).encode(x=alt.X("x_low:Q", title="Figure claimed"), x2="x_high:Q")
    dots = base.mark_point(size=110, strokeWidth=2, filled=False).encode(
        x="x_high:Q",
        fill=alt.condition("datum.hedged", alt.value("white"), color, legend=None),
        shape=alt.Shape("qualifier:N", title="Wording", legend=alt.Legend(symbolStrokeColor="#444", symbolFillColor="white")))
    return (rng + dots).properties(width=430, height=alt.Step(24)).facet(
        row=alt.Row("panel:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold",
                                                             labelFontSize=12)),
    ).resolve_scale(y="independent", x="independent").properties(
        title=_title(f"Who claims how many: {label}",
                     ["One row per claimant; a bar spans the low–high bounds of its figure.",
                      "Hollow marks are hedged claims (may have, reportedly). Syndicated copies are left out."]))


def SIDES_DOMAIN(d: pd.DataFrame) -> list[str]:
    return sorted(set(d["side"]) - {"outlet"}) + (["outlet"] if "outlet" in set(d["side"]) else [])


def own_vs_enemy(claims: pd.DataFrame, label: str) -> alt.LayerChart:
    """Claimant side x victim side: the largest figure of killed each side gave for itself and for the other."""
    d = _plain(claims[(claims["outcome"] == "killed") & claims["claimant_side"].notna()])
    d["figure"] = d["count_high"].fillna(d["count_low"])
    agg = d.groupby(["claimant_side", "victim_side"], as_index=False).agg(max_figure=("figure", "max"), n=("claim_id", "count"))
    agg["text"] = agg["max_figure"].map(lambda v: "?" if pd.isna(v) else f"{v:,.0f}")
    base = alt.Chart(agg).encode(x=alt.X("victim_side:N", title="Whose dead", axis=alt.Axis(labelAngle=0)),
                                 y=alt.Y("claimant_side:N", title="Claimed by"))
    return (base.mark_rect(stroke="white").encode(
                color=alt.Color("max_figure:Q", title="Largest figure", scale=alt.Scale(scheme="blues")),
                tooltip=["claimant_side", "victim_side", "max_figure", alt.Tooltip("n:Q", title="claims")])
            + base.mark_text(fontSize=14).encode(
                text="text:N", color=alt.condition("datum.max_figure > 40", alt.value("white"), alt.value("black")))
            ).properties(width=420, height=180, title=_title(
                f"Own dead and enemy dead: {label}",
                "Largest number of killed each side claimed, by whose dead they were."))


def revisions(claims: pd.DataFrame, label: str) -> alt.Chart:
    """Each claimant's figure of killed against publication date, as steps."""
    d = _plain(claims[claims["published"].notna() & (claims["outcome"] == "killed")])
    d["figure"] = d["count_high"].fillna(d["count_low"])
    d = d[d["figure"].notna()]
    d["claimant_label"] = _claimant_label(d)
    d["series"] = d["claimant_label"] + " on " + d["victim_side"] + " dead"
    d["published_dt"] = pd.to_datetime(d["published"])
    return alt.Chart(d).mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=60)).encode(
        x=alt.X("published_dt:T", title="Published", axis=alt.Axis(format="%d %b", tickCount="day")),
        y=alt.Y("figure:Q", title="Killed, as claimed (log scale)", scale=alt.Scale(type="symlog")),
        color=alt.Color("series:N", title="Claimant on whose dead", scale=alt.Scale(range=OKABE_ITO),
                        legend=alt.Legend(labelLimit=260)),
        tooltip=["claimant", "count_text", "outlet", "published", "evidence"],
    ).properties(width=480, height=260, title=_title(
        f"How the figures moved: {label}",
        "Each line is one claimant's figure of killed for one side, by publication date (upper bound where given)."))


def outlets(claims: pd.DataFrame) -> alt.Chart:
    """How many claims each outlet carried from each side."""
    d = _plain(claims)
    d["side"] = d["claimant_side"].fillna("outlet's own voice")
    agg = d.groupby(["outlet", "side"], as_index=False).size()
    return alt.Chart(agg).mark_bar().encode(
        y=alt.Y("outlet:N", title=None, sort="-x"), x=alt.X("size:Q", title="Claims carried"),
        color=alt.Color("side:N", title="Claimant's side", scale=alt.Scale(range=OKABE_ITO)),
        tooltip=["outlet", "side", "size"],
    ).properties(width=420, height=alt.Step(18),
                 title=_title("Whose figures each outlet carried", "Casualty claims per outlet, by the side of the claimant."))


def budgets(mentions: pd.DataFrame) -> alt.Chart:
    d = _plain(mentions[mentions["amount_usd"].notna() & mentions["year"].notna()])
    d["usd_bn"] = d["amount_usd"] / 1e9
    return alt.Chart(d).mark_point(size=80, filled=True).encode(
        x=alt.X("year:O", title="Fiscal year"), y=alt.Y("usd_bn:Q", title="US$ billion"),
        color=alt.Color("country:N", scale=alt.Scale(range=OKABE_ITO)),
        tooltip=["country", "year", "amount_text", "amount_usd", "claimant", "outlet", "evidence"],
    ).properties(width=420, height=240, title=_title("Reported military budgets", "Amounts in US dollars as reported or converted."))


def diplomacy(contacts: pd.DataFrame) -> alt.Chart:
    d = _plain(contacts)
    d["pair"] = d["actor1"] + " → " + d["actor2"]
    d["date"] = pd.to_datetime(d["event_date"].fillna(d["published"]))
    return alt.Chart(d).mark_point(size=70, filled=True).encode(
        x=alt.X("date:T", title="Date"), y=alt.Y("pair:N", title=None),
        color=alt.Color("contact_type:N", title="Type", scale=alt.Scale(
            domain=["consult", "agree", "request", "accuse", "threaten"],
            range=["#0072B2", "#009E73", "#56B4E9", "#E69F00", "#D55E00"])),
        shape=alt.Shape("mediator:N", title="Mediator"),
        tooltip=["actor1", "actor2", "contact_type", "mediator", "mode", "event_date", "outlet", "evidence"],
    ).properties(width=480, height=alt.Step(16),
                 title=_title("Diplomatic contacts", "Who talked to, asked, agreed with or accused whom, and when."))


def who_talks_to_whom(contacts: pd.DataFrame) -> alt.Chart:
    """Initiator x counterpart matrix: how many contacts of each kind, cooperative vs conflictual."""
    d = _plain(contacts)
    d["tone"] = d["contact_type"].map({"consult": "cooperative", "agree": "cooperative", "request": "request",
                                       "accuse": "conflictual", "threaten": "conflictual"})
    d["mediated"] = d["mediator"].notna()
    agg = d.groupby(["actor1", "actor2", "tone"], as_index=False).agg(
        n=("contact_id", "count"), mediated=("mediated", "sum"),
        types=("contact_type", lambda s: ", ".join(sorted(set(s)))))
    return alt.Chart(agg).mark_circle(opacity=0.85).encode(
        x=alt.X("actor2:N", title="Counterpart", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("actor1:N", title="Initiator / speaker"),
        size=alt.Size("n:Q", title="Contacts", scale=alt.Scale(range=[60, 900], zero=False)),
        color=alt.Color("tone:N", title="Kind", scale=alt.Scale(domain=["cooperative", "request", "conflictual"],
                                                                 range=["#009E73", "#56B4E9", "#D55E00"])),
        xOffset=alt.XOffset("tone:N"),
        tooltip=["actor1", "actor2", "tone", "types", "n", alt.Tooltip("mediated:Q", title="with a mediator")],
    ).properties(width=420, height=alt.Step(28), title=_title(
        "Who talks to whom", "Contacts by initiator and counterpart; green = talks and agreements, orange = accusations and threats."))


def f1_by_table(scores: pd.DataFrame) -> alt.Chart:
    """metrics/eval_scores.csv as bars: F1 per table and gold set (drawn for `dvc plots show`, offline)."""
    return alt.Chart(scores).mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("f1:Q", title="F1", scale=alt.Scale(domain=[0, 1])), y=alt.Y("table:N", title=None, sort=None),
        tooltip=["table", "precision", "recall", "f1"],
    ).properties(width=360, height=alt.Step(18), title=_title(
        "F1 against the gold annotations", "Per table and gold set; the held-out set is the estimate for new text."))
