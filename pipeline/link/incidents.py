"""Group casualty claims about the same event into incidents.

Claims are clustered by incident date (gaps of at most `window_days` join a
cluster) within the same pair of sides. Figures about an earlier war carry
that war's date, so they can never join today's clash. Syndicated copies are
linked like any claim but do not count as independent articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from pipeline import schemas


def _sides(claims: pd.DataFrame, article_sides: dict[str, list[str]]) -> pd.Series:
    def one(row) -> str:
        sides = set(article_sides.get(row["article_id"], [])[:2])
        if row["victim_side"] != "UNK" and len(str(row["victim_side"])) == 3:
            sides.add(row["victim_side"])
        return ";".join(sorted(sides)) or "UNK"
    return claims.apply(one, axis=1) if len(claims) else pd.Series([], dtype="string")


def _label(sides: str, start: dt.date, end: dt.date, wars: list[dict]) -> str:
    for war in wars:
        if start == end == dt.date.fromisoformat(str(war["end"])):
            return f"{war['name']} (to {end:%d %b %Y})"
    pair = sides.replace(";", "–")
    span = f"{start:%d %b %Y}" if start == end else f"{start:%d %b}–{end:%d %b %Y}"
    return f"{pair} clashes, {span}"


def link_incidents(claims: pd.DataFrame, articles: pd.DataFrame, article_sides: dict[str, list[str]],
                   window_days: int, wars: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (claims with incident_id, incidents table)."""
    claims = claims.copy()
    claims["incident_id"] = pd.Series([None] * len(claims), dtype="string")
    dated = claims[claims["incident_date"].notna()].copy()
    incidents = []
    if len(dated):
        dated["_sides"] = _sides(dated, article_sides)
        dated["_date"] = dated["incident_date"].map(lambda s: dt.date.fromisoformat(str(s)))
        dup = articles.set_index("article_id")["duplicate_of"]
        for sides, group in dated.sort_values("_date", kind="mergesort").groupby("_sides", sort=True):
            cluster: list = []
            last = None
            for idx, date in zip(group.index, group["_date"]):
                if last is not None and (date - last).days > window_days:
                    incidents.append((sides, cluster))
                    cluster = []
                cluster.append(idx)
                last = date
            if cluster:
                incidents.append((sides, cluster))
        rows = []
        for sides, idxs in incidents:
            part = dated.loc[idxs]
            start, end = part["_date"].min(), part["_date"].max()
            iid = "i-" + hashlib.sha1(f"{sides}:{start.isoformat()}".encode()).hexdigest()[:10]
            claims.loc[idxs, "incident_id"] = iid
            independent = {a for a in part["article_id"] if pd.isna(dup.get(a))}
            rows.append({"incident_id": iid, "label": _label(sides, start, end, wars),
                         "start_date": start.isoformat(), "end_date": end.isoformat(), "sides": sides,
                         "n_articles": len(independent), "n_claims": len(part)})
        table = pd.DataFrame(rows)
    else:
        table = schemas.empty_frame("incidents")
    return claims, table
