"""Render the report: one self-contained HTML (charts drawn offline, tooltips included),
a PDF with the same charts as vector graphics, and every chart as SVG.

All article-derived text goes through Jinja2's autoescaping; chart specs are
embedded as JSON with `<` escaped, so a `<script>` in an article stays text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import subprocess
from pathlib import Path

import jinja2
import pandas as pd
import vl_convert as vlc

from pipeline import __version__, io
from pipeline.link.compare import GROUP, UNNAMED, article_figures, claimant_key, compare_claims
from pipeline.report import charts, sipri_section

TEMPLATE_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


class DateRangeInvalid(ValueError):
    """--from / --to that are not dates, or a range that ends before it starts."""


def date_range(date_from: str | dt.date | None, date_to: str | dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The report's period as dates, validated: ISO calendar dates, the start not after the end."""
    out = []
    for name, value in (("--from", date_from), ("--to", date_to)):
        if value is None or value == "" or isinstance(value, dt.date):
            out.append(value or None)
            continue
        try:
            out.append(dt.date.fromisoformat(str(value)))
        except ValueError:
            raise DateRangeInvalid(f"{name} {value!r} is not a calendar date: give it as YYYY-MM-DD.") from None
    if out[0] and out[1] and out[0] > out[1]:
        raise DateRangeInvalid(f"--from {out[0]} is after --to {out[1]}: the period would be empty.")
    return out[0], out[1]


def _published_within(df: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """Rows published within [start, end], and rows with no publication date."""
    keep = pd.Series(True, index=df.index)
    if start:
        keep &= df["published"].isna() | (df["published"] >= start)
    if end:
        keep &= df["published"].isna() | (df["published"] <= end)
    return df[keep.fillna(True).astype(bool)]


def filter_tables(tables: dict[str, pd.DataFrame], date_from=None, date_to=None) -> dict[str, pd.DataFrame]:
    """Every table of the report limited to articles published in the period: articles, claims, budget
    mentions, contacts; the incidents and comparison are rebuilt from the claims that remain."""
    start, end = date_range(date_from, date_to)
    if not (start or end):
        return tables
    articles = _published_within(tables["articles"], start, end)
    kept = set(articles["article_id"])
    out = {**tables, "articles": articles}
    for name in ("casualty_claims", "budget_mentions", "diplomatic_contacts"):
        out[name] = tables[name][tables[name]["article_id"].isin(kept)]
    claims = out["casualty_claims"]
    originals = set(articles.loc[articles["duplicate_of"].isna(), "article_id"])
    incidents = tables["incidents"][tables["incidents"]["incident_id"].isin(set(claims["incident_id"].dropna()))].copy()
    by_incident = claims.groupby("incident_id")
    incidents["n_claims"] = incidents["incident_id"].map(by_incident.size()).astype(int)
    incidents["n_articles"] = incidents["incident_id"].map(
        by_incident["article_id"].agg(lambda a: len(set(a) & originals))).astype(int)
    out["incidents"] = incidents
    out["incident_comparison"] = compare_claims(claims, articles)  # revisions as the link stage found them
    return out


def pick_incident(incidents: pd.DataFrame, requested: str | None) -> pd.Series | None:
    if incidents.empty:
        return None
    if requested:
        hit = incidents[incidents["incident_id"] == requested]
        if hit.empty:
            raise FileNotFoundError(f"No incident {requested!r}; see incidents.csv for the ids.")
        return hit.iloc[0]
    return incidents.sort_values(["n_articles", "n_claims", "start_date"], ascending=[False, False, True]).iloc[0]


def _fmt(v) -> str:
    return "?" if v is None or pd.isna(v) else f"{v:,.0f}"


def _summary(comparison: pd.DataFrame, incidents: pd.DataFrame) -> list[str]:
    """Plain-language key discrepancies, generated from the comparison table: like with like only."""
    lines = []
    labels = incidents.set_index("incident_id")["label"]
    spread = comparison.dropna(subset=["spread_ratio"]).drop_duplicates(GROUP)
    for _, r in spread.sort_values(["spread_ratio", *GROUP], ascending=[False] + [True] * len(GROUP)).head(5).iterrows():
        who = f"{r['victim_party'] if r['victim_party'] != UNNAMED else 'an unnamed armed group'}"
        lines.append(f"{labels.get(r['incident_id'], r['incident_id'])}: {r['n_claimants']} claimants' latest figures of "
                     f"{r['outcome']} ({who}, {charts.TYPE_WORDS[str(r['victim_type'])]}) range from {_fmt(r['group_low'])} "
                     f"to {_fmt(r['group_high'])} (spread ×{r['spread_ratio']:.1f}); the conservative figure is "
                     f"{'none' if pd.isna(r['conservative']) else _fmt(r['conservative'])}.")
    return lines


def _link(article: dict) -> dict:
    return {"url": article.get("url") if isinstance(article.get("url"), str) and article.get("url", "").startswith(
        ("http://", "https://")) else None, "title": article.get("title") or article.get("source_path")}


def _figure_text(r) -> str:
    lo, hi = r["count_low"], r["count_high"]
    if pd.notna(lo) and pd.notna(hi):
        return _fmt(lo) if lo == hi else f"{_fmt(lo)}–{_fmt(hi)}"
    if pd.notna(lo):
        return f"≥ {_fmt(lo)}"
    if pd.notna(hi):
        return f"≤ {_fmt(hi)}"
    return "unspecified"


def ledger(claims: pd.DataFrame, articles: pd.DataFrame, incidents: pd.DataFrame) -> list[dict]:
    """Per incident (most claims first; then the claims in no incident): every claim with its claimant, party,
    victims, figure range, dates, outlet, article link or title, whether a later figure replaced it, evidence."""
    by_id = articles.set_index("article_id").to_dict("index")
    superseded = set(claims["supersedes"].dropna()) if "supersedes" in claims.columns else set()
    rows = []
    for r in claims.to_dict("records"):
        art = by_id.get(r["article_id"], {})
        rows.append({**r, **_link(art), "figure": _figure_text(r),
                     "victims": f"{r['victim_party'] if pd.notna(r['victim_party']) else 'unnamed armed group'} "
                                f"{charts.TYPE_WORDS[str(r['victim_type'])]}",
                     "is_copy": pd.notna(art.get("duplicate_of")), "is_superseded": r["claim_id"] in superseded})
    frame = pd.DataFrame(rows)
    out = []
    order = incidents.sort_values(["n_claims", "start_date", "incident_id"], ascending=[False, True, True])
    for inc in order.to_dict("records"):
        part = frame[frame["incident_id"] == inc["incident_id"]] if len(frame) else frame
        if len(part):
            part = part.sort_values(["outcome", "victims", "published", "claimant_party", "char_start"], na_position="last",
                                    key=lambda s: s.astype(str))
            out.append({"incident": inc, "rows": part.to_dict("records")})
    if len(frame):
        rest = frame[frame["incident_id"].isna()]
        if len(rest):
            out.append({"incident": {"label": "Claims in no incident (no incident date)", "incident_id": ""},
                        "rows": rest.sort_values(["published", "char_start"], na_position="last").to_dict("records")})
    return out


def sources(claims: pd.DataFrame) -> list[dict]:
    """Every claimant (as compared), its party, how many claims, which outlets carried them."""
    if claims.empty:
        return []
    d = claims.assign(key=[claimant_key(g, o, s, p) for g, o, s, p in zip(
        claims["claimant_group"], claims["outlet"], claims["claimant_side"], claims["claimant_party"])])
    out = []
    for key, g in d.groupby("key", sort=True):
        outlets = g["outlet"].fillna("unknown").value_counts()
        out.append({"claimant": key, "party": g["claimant_party"].dropna().mode().iloc[0] if g["claimant_party"].notna().any()
                    else "outlet's own voice", "n_claims": len(g), "as_written": sorted(set(g["claimant"].dropna()))[:3],
                    "outlets": [f"{o} ({n})" for o, n in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))]})
    return sorted(out, key=lambda r: (-r["n_claims"], r["claimant"]))


def comparison_sections(comparison: pd.DataFrame, incidents: pd.DataFrame) -> list[dict]:
    """Per incident, one block per like-with-like group; groups of victims of unknown type come last, apart."""
    out = []
    for inc in incidents.sort_values(["n_claims", "start_date", "incident_id"], ascending=[False, True, True]).to_dict("records"):
        part = comparison[comparison["incident_id"] == inc["incident_id"]]
        if part.empty:
            continue
        groups = []
        for key, g in part.groupby(GROUP[1:], sort=True, observed=True):
            outcome, side, party, vtype = key
            name = f"{outcome} · {party if party != UNNAMED else 'unnamed armed group'} {charts.TYPE_WORDS[str(vtype)]}"
            groups.append({"name": name, "unknown": str(vtype) == "unknown",
                           "rows": g.sort_values(["latest_high", "latest_low", "claimant_key"], ascending=[False, False, True],
                                                 na_position="last").to_dict("records"), "summary": g.iloc[0].to_dict()})
        groups.sort(key=lambda x: (x["unknown"], x["name"]))
        out.append({"incident": inc, "groups": groups})
    return out


def generated_on(articles: pd.DataFrame) -> tuple[str, str]:
    """(date, where it comes from): SOURCE_DATE_EPOCH when set (reproducible builds), else the newest article's
    publication date. Never the clock: the same data gives the same file, which DVC locks."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat(), "SOURCE_DATE_EPOCH"
    newest = articles["published"].dropna().max() if len(articles) else None
    if newest is None or pd.isna(newest):
        return "undated", "no article has a publication date"
    return str(newest), "the newest article's publication date"


def git_commit(enabled: bool) -> str | None:
    """The code's git commit (short), `+changes` when tracked files differ from it; None when off or not a checkout.
    Off in the DVC stage: the commit that holds dvc.lock cannot be written into a file that dvc.lock locks."""
    if not enabled:
        return None
    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=10", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+changes" if dirty else "") if head else None


def render_report(data: Path, out: Path, metrics_dir: Path | None = None, incident: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  title: str = "Casualty claims by source", pdf: bool = True, reference: Path | None = None,
                  commit: bool = False, min_claims: int = 3) -> list[Path]:
    # Load inputs.
    date_range(date_from, date_to)  # a bad period is refused before anything is read
    data, out = Path(data), Path(out)
    tables = {name: io.read_table(data, name) for name in (
        "articles", "rejected_inputs", "casualty_claims", "budget_mentions", "diplomatic_contacts", "incidents",
        "incident_comparison")}
    tables = filter_tables(tables, date_from, date_to)
    articles, rejected, claims = tables["articles"], tables["rejected_inputs"], tables["casualty_claims"]
    mentions, contacts, incidents = tables["budget_mentions"], tables["diplomatic_contacts"], tables["incidents"]
    comparison = tables["incident_comparison"]
    metrics = {}
    if metrics_dir and (Path(metrics_dir) / "eval.json").exists():
        metrics = json.loads((Path(metrics_dir) / "eval.json").read_text("utf-8"))

    # Process data.
    chosen = pick_incident(incidents, incident)
    label = chosen["label"] if chosen is not None else "all claims"
    originals = articles.loc[articles["duplicate_of"].isna(), "article_id"]
    independent_all = claims[claims["article_id"].isin(originals)]
    in_incident = independent_all[independent_all["incident_id"] == chosen["incident_id"]] if chosen is not None else independent_all
    colours = charts.party_colours(claims, contacts)
    own_figures = article_figures(in_incident, articles)
    ranked = incidents.sort_values(["n_claims", "start_date", "incident_id"], ascending=[False, True, True])
    with_figures = independent_all[independent_all["count_low"].notna() | independent_all["count_high"].notna()]
    per_incident = [inc for inc in ranked.to_dict("records")
                    if (with_figures["incident_id"] == inc["incident_id"]).sum() >= min_claims]

    def figures_for(interactive: bool) -> dict:
        found = {}
        for k, inc in enumerate(per_incident):
            these = independent_all[independent_all["incident_id"] == inc["incident_id"]]
            found[f"claims_by_source_{k + 1}" if k else "claims_by_source"] = (
                f"Each claimant's figures for {inc['label']}, like with like.",
                charts.claims_by_source(these, inc["label"], colours, interactive))
        found.update({
            "own_vs_enemy": ("What each party said about its own combatants killed and about the enemy's.",
                             charts.own_vs_enemy(in_incident, label)),
            "revisions": ("How each claimant's figures changed over the days after the incident.",
                          charts.revisions(in_incident[in_incident["claim_id"].isin(own_figures)], label, colours)),
            "outlets": ("Whether an outlet quoted one party only.", charts.outlets(claims, colours)),
            "budgets": ("Military budgets as reported, converted to US dollars where a rate is known.", charts.budgets(mentions)),
            "diplomacy": ("Contacts between the parties and third states, coloured by type.", charts.diplomacy(contacts)),
            "who_talks_to_whom": ("Which pairs of actors interact, and whether cooperatively or in conflict.",
                                  charts.who_talks_to_whom(contacts)),
        })
        # A chart with nothing to draw is an empty frame on the page: left out, and the text says so.
        empty = {"own_vs_enemy": in_incident.empty, "revisions": in_incident.empty, "outlets": claims.empty,
                 "budgets": mentions.empty, "diplomacy": contacts.empty, "who_talks_to_whom": contacts.empty}
        return {name: fig for name, fig in found.items() if not empty.get(name, False)}

    figures = figures_for(interactive=True)
    static_figures = figures_for(interactive=False)
    fig_dir = out / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    for old in fig_dir.glob("*.svg"):
        if old.stem not in static_figures:  # a chart this report does not draw (empty, or an incident fewer)
            old.unlink()
    specs = {}
    for name, (_, chart) in figures.items():
        specs[name] = chart.to_dict()
        charts.write_svg(fig_dir / f"{name}.svg", static_figures[name][1].to_dict())
    sipri = sipri_section.section(mentions, reference, fig_dir)  # budgets beside SIPRI's series, or how to add it
    if sipri["spec"] is not None:
        specs[sipri_section.CHART] = sipri["spec"]
    date, date_source = generated_on(tables["articles"])
    context = {
        "title": title,
        "generated_from": str(data),
        "label": label,
        "period": date_range(date_from, date_to),
        "summary": _summary(comparison, incidents),
        "figures": [(name, caption) for name, (caption, _) in figures.items()],
        "incidents": ranked.to_dict("records"),
        "comparison": comparison_sections(comparison, incidents),
        "ledger": ledger(claims, articles, incidents),
        "sources": sources(independent_all),
        "n_articles": len(articles), "n_duplicates": int(articles["duplicate_of"].notna().sum()),
        "rejected": rejected.to_dict("records"),
        "n_claims": len(claims), "n_mentions": len(mentions), "n_contacts": len(contacts),
        "metric_sets": [("sample corpus", metrics.get("tables", {}))] + [
            (f"{name} set", block["tables"]) for name, block in metrics.items() if isinstance(block, dict) and "tables" in block],
        "sipri": sipri,
        "generated": date, "generated_source": date_source, "version": __version__, "commit": git_commit(commit),
        "min_claims": min_claims,
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
        with _font_timestamps(date):
            io.atomic_write(out / "report.pdf", lambda tmp: HTML(string=static, base_url=str(out)).write_pdf(tmp))
        paths.append(out / "report.pdf")
    return paths + sorted(fig_dir.glob("*.svg"))


@contextlib.contextmanager
def _font_timestamps(day: str):
    """The font subsets a PDF embeds carry a 'modified' time, which fontTools stamps from the clock unless
    SOURCE_DATE_EPOCH is set: while the PDF is written, it is the report's own date (midnight UTC), so two renders
    of the same data give the same bytes."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        yield
        return
    try:
        epoch = int(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc).timestamp())
    except ValueError:  # "undated"
        epoch = 0
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


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
