"""Group casualty claims about the same event into incidents.

1. Claims are ordered by incident date; a gap of more than `window_days`
   starts a new cluster. Figures about an earlier war carry that war's date,
   so they never join today's clash.
2. Inside a date cluster, claims join when their sides overlap (union-find),
   so two unrelated conflicts on the same days stay apart. A claim's sides are
   its victim side plus the two states its article names most. A claim with no
   state at all ("Gunmen killed 12 villagers, a local official said") can only
   be tied to the other claims of its own article: nothing says two such
   articles are about the same event.
Syndicated copies are linked like any claim but are not counted as
independent articles. Claims without a date are left unlinked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

from pipeline import schemas
from pipeline.ids import stable_id


_ARTICLE = "@"  # prefix of the stand-in side of a claim that names no state: its own article


def claim_sides(victim_side: str, article_sides: list[str], article_id: str = "") -> frozenset[str]:
    """The states a claim is about: its victims' side and the two states its article names most;
    for a claim with none, its article (so it links to nothing outside it)."""
    sides = set(article_sides[:2])
    if victim_side and victim_side != "UNK" and len(victim_side) == 3:
        sides.add(victim_side)
    return frozenset(sides or {_ARTICLE + article_id})


def _top_sides(counts: Counter) -> list[str]:
    """The two sides named by most claims; ties go to the code that sorts first (never to hash order)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return sorted(s for s, _ in ranked[:2])


def _label(sides: list[str], start: dt.date, end: dt.date, wars: list[dict]) -> str:
    for war in wars:
        if start == end == dt.date.fromisoformat(str(war["end"])):
            return f"{war['name']} (to {end:%d %b %Y})"
    pair = "–".join(sides) if sides else "Unknown sides"
    span = f"{start:%d %b %Y}" if start == end else f"{start:%d %b}–{end:%d %b %Y}"
    return f"{pair} clashes, {span}"


def _components(sets: list[frozenset[str]]) -> list[list[int]]:
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, sides in enumerate(sets):
        for s in sides:
            if s in owner:
                parent[find(i)] = find(owner[s])
            else:
                owner[s] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(sets)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def link_incidents(claims: pd.DataFrame, articles: pd.DataFrame, article_sides: dict[str, list[str]],
                   window_days: int, wars: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (claims with incident_id, incidents table)."""
    claims = claims.copy()
    claims["incident_id"] = pd.Series([pd.NA] * len(claims), dtype="string", index=claims.index)
    dated = claims[claims["incident_date"].notna()]
    if dated.empty:
        return claims, schemas.empty_frame("incidents")
    dates = dated["incident_date"].map(lambda s: dt.date.fromisoformat(str(s)))
    order = dates.sort_values(kind="mergesort").index
    clusters, current, last = [], [], None
    for idx in order:
        if last is not None and (dates[idx] - last).days > window_days:
            clusters.append(current)
            current = []
        current.append(idx)
        last = dates[idx]
    clusters.append(current)
    original = articles.set_index("article_id")["duplicate_of"].isna()
    rows = []
    for cluster in clusters:
        sets = [claim_sides(dated.at[i, "victim_side"], article_sides.get(dated.at[i, "article_id"], []),
                            str(dated.at[i, "article_id"])) for i in cluster]
        for comp in _components(sets):
            idxs = [cluster[k] for k in comp]
            counts = Counter(s for k in comp for s in sets[k])
            keys = _top_sides(counts)  # an article stand-in keeps the id unique; it is never shown as a side
            sides = [s for s in keys if not s.startswith(_ARTICLE)]
            start, end = min(dates[i] for i in idxs), max(dates[i] for i in idxs)
            iid = stable_id("i", ";".join(keys), start.isoformat(), length=10)
            claims.loc[idxs, "incident_id"] = iid
            article_ids = set(dated.loc[idxs, "article_id"])
            rows.append({"incident_id": iid, "label": _label(sides, start, end, wars),
                         "start_date": start.isoformat(), "end_date": end.isoformat(),
                         "sides": ";".join(sides) or "UNK",
                         "n_articles": sum(1 for a in article_ids if original.get(a, True)),
                         "n_claims": len(idxs)})
    return claims, pd.DataFrame(rows)


def link_metrics(claims: pd.DataFrame, incidents: pd.DataFrame) -> dict:
    """How the claims were grouped, for `dvc metrics` / `dvc exp show`: a change to link.window_days shows here.

    incidents; claims_linked (share of claims in an incident: the others have no date); claims_per_incident
    (mean); single_claim_incidents (incidents of one claim, which nothing corroborates); multi_article_incidents
    (reported by more than one independent article).
    """
    n = len(incidents)
    return {
        "incidents": n,
        "claims_linked": round(float(claims["incident_id"].notna().mean()), 4) if len(claims) else 0.0,
        "claims_per_incident": round(float(incidents["n_claims"].mean()), 4) if n else 0.0,
        "single_claim_incidents": int((incidents["n_claims"] == 1).sum()),
        "multi_article_incidents": int((incidents["n_articles"] > 1).sum()),
    }
