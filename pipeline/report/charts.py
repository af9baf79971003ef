"""Altair charts on the contract tables. Pure functions: DataFrame in, chart out.

Colour-blind-safe palette (Okabe-Ito); every chart has a title, a subtitle
saying what it shows, and tooltips with the evidence sentence, outlet and date.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert as vlc

from pipeline import io
from pipeline.link.compare import claimant_key

# Room at both ends of a static chart: the PDF renderer's fonts run a little wider than vl-convert measured.
SVG_PADDING = {"left": 40, "top": 5, "right": 60, "bottom": 5}
DAY_MS = 86_400_000  # date-only data: no tick finer than a day, and every label with its year
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with vocabularies as text and dates as ISO strings: chart data travels to Vega-Lite as JSON,
    and string operations (labels, panels) work on it."""
    d = df.copy()
    for col in d.columns:
        if isinstance(d[col].dtype, (pd.CategoricalDtype, pd.ArrowDtype)):
            d[col] = d[col].astype("string")
    return d


def write_svg(path, spec: dict) -> None:
    """A chart's Vega-Lite spec drawn as SVG (vl-convert, no browser, no network) at path, written atomically."""
    io.atomic_write_text(path, vlc.vegalite_to_svg({**spec, "padding": SVG_PADDING}))


def _title(text: str, subtitle: str | list[str]) -> alt.TitleParams:
    return alt.TitleParams(text, subtitle=subtitle, anchor="start", fontSize=15, subtitleFontSize=12)


def _claimant_label(d: pd.DataFrame) -> pd.Series:
    """Each claimant as the comparison names it (a group's spokesman is the group)."""
    return pd.Series([claimant_key(g, "unknown" if pd.isna(o) else o, s, p) for g, o, s, p in zip(
        d["claimant_group"], d["outlet"], d["claimant_side"], d["claimant_party"])], index=d.index, dtype="object")


def party_colours(*frames: pd.DataFrame) -> dict[str, str]:
    """One colour per side or party for every chart of a report or notebook: each code found in the frames'
    party and side columns, sorted, takes the next Okabe-Ito colour; UNK and the outlet's own voice are grey."""
    cols = ("claimant_party", "victim_party", "claimant_side", "victim_side", "actor1", "actor2")
    codes = sorted({str(v) for f in frames for c in cols if c in f.columns for v in f[c].dropna()} - {"UNK", "UNNAMED"})
    palette = [c for c in OKABE_ITO if c != "#000000"]
    out = {code: palette[i % len(palette)] for i, code in enumerate(codes)}
    return {**out, "UNK": "#999999", "UNNAMED": "#777777", OUTLET: "#BBBBBB"}


OUTLET = "outlet's own voice"


# Legends above the plot: a chart then fits a 700 px page (a phone, a narrow window) without scrolling.
TOP_LEGEND = alt.Legend(orient="top", direction="horizontal", titleOrient="left")


def _party_scale(colours: dict[str, str], present) -> alt.Scale:
    domain = [c for c in colours if c in set(present)]
    return alt.Scale(domain=domain, range=[colours[c] for c in domain])


TYPE_WORDS = {"military": "combatants", "civilian": "civilians", "unknown": "victims of unknown type"}


def comparison_group(d: pd.DataFrame) -> pd.Series:
    """The like-with-like group of a claim, as read: `killed · RSF combatants`."""
    party = d["victim_party"].fillna("unnamed armed group")
    return d["outcome"].astype(str) + " · " + party.astype(str) + " " + d["victim_type"].astype(str).map(TYPE_WORDS)


def claims_by_source(claims: pd.DataFrame, label: str, colours: dict[str, str] | None = None,
                     interactive: bool = True) -> alt.FacetChart:
    """One incident's claims: a panel per outcome, victim party and victim type (civilians never pooled with
    combatants), one row per claimant sorted by figure, x-axis shared by every panel, hollow marks for hedged
    claims."""
    d = _plain(claims)
    d["claimant_label"] = _claimant_label(d)
    d["party"] = d["claimant_party"].fillna(OUTLET)
    d["x_low"] = d["count_low"].fillna(d["count_high"])
    d["x_high"] = d["count_high"].fillna(d["count_low"])
    d["panel"] = comparison_group(d)
    d["wording"] = d["qualifier"].str.replace("_", " ") + d["hedged"].map({True: ", hedged", False: ""})
    d["firmness"] = d["hedged"].map({True: "hedged", False: "firm"})
    d = d[d["x_low"].notna()]
    colours = colours or party_colours(d)
    color = alt.Color("party:N", title="Claimant's party", scale=_party_scale(colours, d["party"]),
                      legend=TOP_LEGEND)
    base = alt.Chart(d).encode(
        y=alt.Y("claimant_label:N", title=None, axis=alt.Axis(labelLimit=230),
                sort=alt.EncodingSortField("x_high", op="max", order="descending")),
        color=color,
        tooltip=[alt.Tooltip("claimant:N", title="claimant"), alt.Tooltip("count_text:N", title="as written"),
                 "wording:N", "outlet:N", "published:N", alt.Tooltip("evidence:N", title="evidence")],
    )
    top = float(d["x_high"].max()) if len(d) else 1.0
    x = alt.X("x_low:Q", title="Figure claimed", scale=alt.Scale(domain=[0, top * 1.05], nice=False))
    rng = base.mark_rule(strokeWidth=3, opacity=0.6).encode(x=x, x2="x_high:Q")
    dots = base.mark_point(size=110, strokeWidth=2).encode(
        x="x_high:Q",
        fill=alt.condition("datum.hedged", alt.value("white"), color, legend=None),
        shape=alt.Shape("firmness:N", title="Wording", scale=alt.Scale(domain=["firm", "hedged"], range=["circle", "diamond"]),
                        legend=None))  # the subtitle says it: a legend would draw the marks' fill condition as white
    hint = "Hover a mark for its sentence." if interactive else "Each claim's sentence is in the claims ledger."
    return (rng + dots).properties(width=400, height=alt.Step(22)).facet(
        row=alt.Row("panel:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                             labelOrient="top", labelFontWeight="bold", labelFontSize=12)),
    ).resolve_scale(y="independent").properties(
        title=_title(f"Who claims how many: {label}",
                     ["A panel per outcome and victims (party and type); rows sorted by figure, one x-scale.",
                      f"Bars span the low–high bounds; ● a firm figure, ◇ a hedged one (may have, reportedly). {hint}"]))


def own_vs_enemy(claims: pd.DataFrame, label: str) -> alt.LayerChart:
    """Claimant party x victim party: the largest figure of killed each party gave for itself and for the
    other; combatants only, so a side's civilians are not counted as its fighters."""
    d = _plain(claims[(claims["outcome"] == "killed") & claims["claimant_party"].notna()
                      & (claims["victim_type"].astype(str) == "military")])
    d["figure"] = d["count_high"].fillna(d["count_low"])
    d["victim_party"] = d["victim_party"].fillna("UNNAMED")
    agg = d.groupby(["claimant_party", "victim_party"], as_index=False).agg(max_figure=("figure", "max"), n=("claim_id", "count"))
    agg["text"] = agg["max_figure"].map(lambda v: "?" if pd.isna(v) else f"{v:,.0f}")
    base = alt.Chart(agg).encode(x=alt.X("victim_party:N", title="Whose combatants", axis=alt.Axis(labelAngle=0)),
                                 y=alt.Y("claimant_party:N", title="Claimed by"))
    return (base.mark_rect(stroke="white").encode(
                color=alt.Color("max_figure:Q", title="Largest figure", scale=alt.Scale(scheme="blues")),
                tooltip=["claimant_party", "victim_party", "max_figure", alt.Tooltip("n:Q", title="claims")])
            + base.mark_text(fontSize=14).encode(
                text="text:N", color=alt.condition("datum.max_figure > 40", alt.value("white"), alt.value("black")))
            ).properties(width=420, height=alt.Step(40), title=_title(
                f"Own dead and enemy dead: {label}",
                "Largest number of combatants killed each party claimed, by whose they were (civilians not included)."))


def revisions(claims: pd.DataFrame, label: str, colours: dict[str, str] | None = None) -> alt.FacetChart:
    """Each claimant's figure of killed against publication date: a panel per victim party and type, linear
    scale from zero, each line labelled at its end."""
    d = _plain(claims[claims["published"].notna() & (claims["outcome"] == "killed")])
    d["figure"] = d["count_high"].fillna(d["count_low"])
    d = d[d["figure"].notna()]
    d["claimant_label"] = _claimant_label(d)
    d["party"] = d["claimant_party"].fillna(OUTLET)
    d["panel"] = comparison_group(d)
    d["published_dt"] = pd.to_datetime(d["published"])
    colours = colours or party_colours(d)
    # Each line labelled at its last point; lines that end at the same point share one label, not two on top.
    last = d.sort_values(["published_dt", "claimant_label"], kind="mergesort").groupby(["panel", "claimant_label"]).tail(1)
    d["end_label"] = ""
    for _, same in last.groupby(["panel", "published_dt", "figure"]):
        d.loc[same.index[0], "end_label"] = ", ".join(sorted(same["claimant_label"]))
    base = alt.Chart(d).encode(
        x=alt.X("published_dt:T", title="Published", axis=alt.Axis(format="%d %b %Y", tickMinStep=DAY_MS, labelAngle=-30)),
        y=alt.Y("figure:Q", title="Killed, as claimed", scale=alt.Scale(zero=True),
                axis=alt.Axis(tickMinStep=1, format="d", labelExpr="datum.value % 1 ? '' : datum.label")),  # counts: no 0.5
        color=alt.Color("party:N", title="Claimant's party", scale=_party_scale(colours, d["party"]),
                      legend=TOP_LEGEND),
        detail="claimant_label:N")
    lines = base.mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=50)).encode(
        tooltip=["claimant", "count_text", "outlet", "published", "evidence"])
    labels = base.transform_filter("datum.end_label != ''").mark_text(align="left", dx=6, fontSize=10).encode(text="end_label:N")
    return (lines + labels).properties(width=360, height=150).facet(
        row=alt.Row("panel:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                             labelOrient="top", labelFontWeight="bold", labelFontSize=12)),
    ).resolve_scale(y="independent").properties(title=_title(
        f"How the figures moved: {label}",
        "Each line is one claimant's figure of killed, by publication date (upper bound where given); a panel per victims."))


def outlets(claims: pd.DataFrame, colours: dict[str, str] | None = None) -> alt.Chart:
    """How many claims each outlet carried from each party."""
    d = _plain(claims)
    d["party"] = d["claimant_party"].fillna(OUTLET)
    agg = d.groupby(["outlet", "party"], as_index=False).size()
    colours = colours or party_colours(d)
    return alt.Chart(agg).mark_bar().encode(
        y=alt.Y("outlet:N", title=None, sort="-x"),
        x=alt.X("size:Q", title="Claims carried", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("party:N", title="Claimant's party", scale=_party_scale(colours, agg["party"]),
                      legend=TOP_LEGEND),
        tooltip=["outlet", "party", "size"],
    ).properties(width=420, height=alt.Step(18),
                 title=_title("Whose figures each outlet carried", "Casualty claims per outlet, by the party of the claimant."))


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
    d["mediator"] = d["mediator"].fillna("none")  # a legend entry "none", not "null"
    return alt.Chart(d).mark_point(size=70, filled=True).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%d %b %Y", tickMinStep=DAY_MS, labelAngle=-30)),
        y=alt.Y("pair:N", title=None),
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
        "Who talks to whom", ["Contacts by initiator and counterpart;",
                              "green = talks and agreements, orange = accusations and threats."]))


def f1_by_table(scores: pd.DataFrame) -> alt.Chart:
    """metrics/eval_scores.csv as bars: F1 per table and gold set (drawn for `dvc plots show`, offline)."""
    return alt.Chart(scores).mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("f1:Q", title="F1", scale=alt.Scale(domain=[0, 1])), y=alt.Y("table:N", title=None, sort=None),
        tooltip=["table", "precision", "recall", "f1"],
    ).properties(width=360, height=alt.Step(18), title=_title(
        "F1 against the gold annotations", "Per table and gold set; the held-out set is the estimate for new text."))
