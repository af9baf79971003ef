"""Per-incident comparison and revisions: every claimant's figure side by side, like with like.

A comparison group is one incident, outcome, victim party and victim type: civilians are never pooled
with combatants, and figures whose victims' type is `unknown` form their own group. A group's row per
claimant (casualty_claims.claimant_group, or the outlet for its own voice) holds that claimant's latest
figure. Definitions (also in the data dictionary and the report's method section):

- point figure of a claim: exact/approximate -> the figure; range -> midpoint; at_least -> the lower
  bound; at_most -> the upper bound; unspecified -> none.
- a claimant is its claimant_group, a non-state group's spokesman its group's code (claimant_key).
- a claimant's figure in one article is its largest for the group: a smaller one beside it is a breakdown
  ("207 killed, among them three civilians"), not a second estimate. A figure the sentence gives as the
  earlier one ("revising an earlier toll of 25", "up from 49"; rules/revisions.yaml) is the claimant's
  previous figure, not its figure in that article.
- revisions: a claimant's figures for one group, in order (publication date; in one article the earlier
  figure first), form a history; each supersedes the one before it (casualty_claims.supersedes). Two
  articles of the same day are ordered by their figure, smaller first (tolls rise during a day).
- conservative (ACLED's rule, on each claimant's latest firm figure): the lowest of the claimants' latest
  non-hedged figures. A superseded early report does not count.
- median_latest: the median of the claimants' latest point figures; group_low / group_high: the
  smallest lower bound and the largest bound among those latest figures.
- spread_ratio: largest latest point figure / smallest non-zero one.
Syndicated copies (articles.duplicate_of) are left out so they do not count twice.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from pipeline import schemas

GROUP = ["incident_id", "outcome", "victim_side", "victim_party", "victim_type"]
UNNAMED = "UNNAMED"  # victim_party of non-state fighters the text does not name ("23 militants")


def point_figure(low, high, qualifier: str) -> float | None:
    if qualifier == "unspecified":
        return None
    if pd.notna(low) and pd.notna(high):
        return (float(low) + float(high)) / 2
    if pd.notna(low):
        return float(low)
    if pd.notna(high):
        return float(high)
    return None


def claimant_key(group, outlet, side, party) -> str:
    """Who a figure is compared as: the claimant group, or `(outlet) NAME` for an outlet's own voice. A
    non-state group's spokesman is the group, not its host state's institution ("TCD government" -> "FVF")."""
    if pd.isna(group):
        return f"(outlet) {outlet}"
    group = str(group)
    if pd.notna(party) and pd.notna(side) and party != side and group.startswith(f"{side} "):
        rest = group[len(side) + 1:]
        return str(party) if rest == "government" else f"{party} {rest}"
    return group


def earlier_figure_cue(rules_dir: str | Path) -> re.Pattern:
    """The words right before a figure that make it the earlier one ("revising an earlier toll of"),
    from rules/revisions.yaml."""
    spec = yaml.safe_load((Path(rules_dir) / "revisions.yaml").read_text("utf-8"))
    return re.compile(r"(?:" + "|".join(spec["earlier_figure_before"]) + r")\s*$", re.I)


def _restated(claims: pd.DataFrame, articles: pd.DataFrame, cue: re.Pattern | None) -> pd.Series:
    """True for a figure its sentence gives as the earlier one: by the cue on the article's text, or, without
    them, as the link stage recorded it (a claim superseded by another claim of its own article)."""
    if claims.empty:
        return pd.Series(False, index=claims.index)
    if cue is None or "text" not in articles.columns:
        if "supersedes" not in claims.columns:
            return pd.Series(False, index=claims.index)
        linked = claims[claims["supersedes"].notna()]
        restated = set(zip(linked["supersedes"], linked["article_id"]))
        return pd.Series([(c, a) in restated for c, a in zip(claims["claim_id"], claims["article_id"])], index=claims.index)
    text = articles.set_index("article_id")["text"]
    return pd.Series([bool(cue.search(str(text.get(a, ""))[max(0, int(s) - 60):int(s)]))
                      for a, s in zip(claims["article_id"], claims["char_start"])], index=claims.index)


def _prepare(claims: pd.DataFrame, articles: pd.DataFrame, cue: re.Pattern | None) -> pd.DataFrame:
    dup = articles.set_index("article_id")["duplicate_of"]
    c = claims[claims["incident_id"].notna()].copy()
    c = c[c["article_id"].map(lambda a: pd.isna(dup.get(a))).astype(bool)]  # bool even when empty
    c["point"] = [point_figure(lo, hi, q) for lo, hi, q in zip(c["count_low"], c["count_high"], c["qualifier"])]
    c["claimant_key"] = [claimant_key(g, o, side, party) for g, o, side, party
                         in zip(c["claimant_group"], c["outlet"], c["claimant_side"], c["claimant_party"])]
    c["victim_party"] = c["victim_party"].astype("object").where(c["victim_party"].notna(), UNNAMED)
    for col in ("outcome", "victim_type", "victim_side"):
        c[col] = c[col].astype("object")
    c["is_restated"] = _restated(c, articles, cue)
    return c


def _history(g: pd.DataFrame) -> list[tuple[int, bool]]:
    """One claimant's figures for one group, oldest first, as (row index, is the article's own figure)."""
    per_article = []
    for aid, a in g.groupby("article_id", sort=False):
        own = a[~a["is_restated"]]
        rank = own["point"].map(lambda p: -1.0 if p is None or pd.isna(p) else p)
        figure = own.assign(_rank=rank, _at=own["char_start"]).sort_values(["_rank", "_at"], kind="mergesort")
        head = figure.index[-1] if len(figure) else None
        earlier = [i for i in a[a["is_restated"]].sort_values("char_start", kind="mergesort").index]
        published = a["published"].iloc[0]
        point = g.at[head, "point"] if head is not None else None
        per_article.append(((pd.isna(published), str(published), -1.0 if point is None or pd.isna(point) else point,
                             str(aid)), earlier, head))
    out = []
    for _, earlier, head in sorted(per_article, key=lambda t: t[0]):
        out += [(i, False) for i in earlier] + ([(head, True)] if head is not None else [])
    return out


def _histories(c: pd.DataFrame):
    """(group key, claimant_key, history) for every claimant of every comparison group."""
    for key, g in c.groupby([*GROUP, "claimant_key"], sort=True):
        yield key[:-1], key[-1], _history(g)


def article_figures(claims: pd.DataFrame, articles: pd.DataFrame, cue: re.Pattern | None = None) -> set[str]:
    """claim_ids of each article's own figure per claimant and comparison group: no breakdown beside a larger
    figure, no earlier figure restated, no copy. What a chart of revisions should draw."""
    c = _prepare(claims, articles, cue)
    return {c.at[i, "claim_id"] for _, _, history in _histories(c) for i, own in history if own}


def mark_revisions(claims: pd.DataFrame, articles: pd.DataFrame, cue: re.Pattern | None = None) -> pd.DataFrame:
    """claims with `supersedes`: the claim_id of the same claimant's previous figure for the same incident,
    outcome, victim party and victim type; null for its first figure, breakdowns, copies and unlinked claims."""
    claims = claims.copy()
    claims["supersedes"] = pd.Series([pd.NA] * len(claims), dtype="string", index=claims.index)
    c = _prepare(claims, articles, cue)
    for _, _, history in _histories(c):
        for (before, _), (after, _) in zip(history, history[1:]):
            claims.at[after, "supersedes"] = claims.at[before, "claim_id"]
    return claims


def compare_claims(claims: pd.DataFrame, articles: pd.DataFrame, cue: re.Pattern | None = None) -> pd.DataFrame:
    c = _prepare(claims, articles, cue)
    if c.empty:
        return schemas.empty_frame("incident_comparison")
    per_group: dict[tuple, list[dict]] = {}
    for key, claimant, history in _histories(c):
        rows = c.loc[[i for i, _ in history]]
        figures = [i for i, own in history if own] or [history[-1][0]]
        latest = c.loc[figures[-1]]
        firm = [i for i in figures if c.at[i, "point"] is not None and not c.at[i, "hedged"]]
        bounds = pd.concat([rows["count_low"], rows["count_high"]]).dropna()
        per_group.setdefault(key, []).append({
            **dict(zip(GROUP, key)), "claimant_key": claimant,
            "claimant_side": latest["claimant_side"] if pd.notna(latest["claimant"]) else None,
            "claimant_party": latest["claimant_party"] if pd.notna(latest["claimant"]) else None,
            "n_reports": rows["article_id"].nunique(),
            "n_revisions": len(history) - 1,
            "latest_claim_id": latest["claim_id"], "latest_published": latest["published"],
            "latest_low": latest["count_low"], "latest_high": latest["count_high"],
            "latest_hedged": bool(latest["hedged"]),
            "latest_firm": c.at[firm[-1], "point"] if firm else None,
            "max_figure": bounds.max() if len(bounds) else None,
            "_point": latest["point"],
        })
    out = []
    for per in per_group.values():
        points = [p["_point"] for p in per if p["_point"] is not None]
        lows = [p["latest_low"] for p in per if pd.notna(p["latest_low"])]
        highs = [p["latest_high"] if pd.notna(p["latest_high"]) else p["latest_low"] for p in per]
        highs = [h for h in highs if pd.notna(h)]
        firm = [p["latest_firm"] for p in per if p["latest_firm"] is not None]
        nonzero = [p for p in points if p > 0]
        summary = {
            "n_claimants": len(per),
            "group_low": min(lows) if lows else None,
            "median_latest": float(np.median(points)) if points else None,
            "group_high": max(highs) if highs else None,
            "conservative": min(firm) if firm else None,
            "spread_ratio": (max(nonzero) / min(nonzero)) if len(nonzero) > 1 else None,
        }
        for p in per:
            p.pop("_point")
            out.append({**p, **summary})
    return pd.DataFrame(out)
