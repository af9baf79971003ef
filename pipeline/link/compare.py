"""Per-incident comparison: every claimant's figure side by side, spread and consensus estimates.

Definitions (documented in the data dictionary):
- point figure of a claim: exact/approximate -> the figure; range -> midpoint;
  at_least -> the lower bound; at_most -> the upper bound; unspecified -> none.
- conservative (ACLED's rule): the lowest point figure among non-hedged claims.
- low / best / high (UCDP style): smallest lower bound, median of claimants'
  latest point figures, largest bound.
- spread_ratio: largest point figure / smallest non-zero point figure.
- a claimant's figure in one article is its largest for that outcome and side: a smaller one
  beside it is a breakdown ("207 killed, among them three civilians") or an earlier figure
  ("up from 49"), not a second estimate. Across articles, the latest article's counts.
Syndicated copies (articles.duplicate_of) are left out so they do not count twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline import schemas


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


def _largest_per_article(g: pd.DataFrame) -> pd.DataFrame:
    """One row per article (in the order given): the claim with the largest point figure, else the last."""
    rank = g["point"].map(lambda p: -1.0 if p is None or pd.isna(p) else p)
    best = g.assign(_rank=rank, _order=range(len(g))).sort_values(["_rank", "_order"], kind="mergesort")
    keep = best.groupby("article_id", sort=False).tail(1).index
    return g.loc[[i for i in g.index if i in set(keep)]]


def compare_claims(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    dup = articles.set_index("article_id")["duplicate_of"]
    c = claims[claims["incident_id"].notna()].copy()
    c = c[c["article_id"].map(lambda a: pd.isna(dup.get(a)))]
    if c.empty:
        return schemas.empty_frame("incident_comparison")
    c["point"] = [point_figure(lo, hi, q) for lo, hi, q in zip(c["count_low"], c["count_high"], c["qualifier"])]
    c["claimant_key"] = [str(g) if pd.notna(g) else f"(outlet) {o}" for g, o in zip(c["claimant_group"], c["outlet"])]
    rows = []
    for (iid, outcome, side), group in c.groupby(["incident_id", "outcome", "victim_side"], sort=True):
        per = []
        for key, g in group.sort_values(["published", "char_start"], kind="mergesort", na_position="first").groupby("claimant_key", sort=True):
            bounds = pd.concat([g["count_low"], g["count_high"]]).dropna()
            g = _largest_per_article(g)
            latest = g.iloc[-1]
            per.append({
                "incident_id": iid, "outcome": outcome, "victim_side": side, "claimant_key": key,
                "claimant_side": latest["claimant_side"] if pd.notna(latest["claimant"]) else None,
                "n_reports": g["article_id"].nunique(),
                "latest_low": latest["count_low"], "latest_high": latest["count_high"],
                "max_figure": bounds.max() if len(bounds) else None,
                "_point": latest["point"],
                "_firm": [p for p, h in zip(g["point"], g["hedged"]) if p is not None and not h],
            })
        points = [p["_point"] for p in per if p["_point"] is not None]
        lows = [p["latest_low"] for p in per if pd.notna(p["latest_low"])]
        highs = [p["latest_high"] if pd.notna(p["latest_high"]) else p["latest_low"] for p in per]
        highs = [h for h in highs if pd.notna(h)]
        firm = [f for p in per for f in p["_firm"]]
        nonzero = [p for p in points if p > 0]
        summary = {
            "group_low": min(lows) if lows else None,
            "group_best": float(np.median(points)) if points else None,
            "group_high": max(highs) if highs else None,
            "conservative": min(firm) if firm else None,
            "spread_ratio": (max(nonzero) / min(nonzero)) if len(nonzero) > 1 else None,
        }
        for p in per:
            p.pop("_point"), p.pop("_firm")
            rows.append({**p, **summary})
    return pd.DataFrame(rows)
