"""Score extraction against the gold annotations in data/gold/.

Rows are compared as sets per article (repeats of the same claim in one
article collapse), on the keys the external evaluation uses:
casualty claims on (article, outcome, victim_side, count_low, count_high);
contacts on (article, type, actor1, actor2), unordered for consult/agree;
budget mentions on (article, country, amount to 3 significant digits).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import io
from pipeline.extract.runner import ExtractSettings, extract_articles
from pipeline.ingest import ingest_folder

SYMMETRIC = {"consult", "agree"}


def _num(v) -> str:
    if v is None or (isinstance(v, str) and v == "") or pd.isna(v):
        return ""
    return f"{float(v):.3g}"


def _claim_key(r) -> tuple:
    return (r["source_path"], r["outcome"], r["victim_side"], _num(r["count_low"]), _num(r["count_high"]))


def _contact_key(r) -> tuple:
    pair = (r["actor1"], r["actor2"])
    if r["contact_type"] in SYMMETRIC:
        pair = tuple(sorted(pair))
    return (r["source_path"], r["contact_type"], *pair)


def _budget_key(r) -> tuple:
    return (r["source_path"], r["country"], _num(r["amount"]))


KEYS = {"casualty_claims": _claim_key, "diplomatic_contacts": _contact_key, "budget_mentions": _budget_key}


def prf(gold: set, found: set) -> dict:
    tp = len(gold & found)
    p = tp / len(found) if found else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold": len(gold), "found": len(found), "true_positives": tp}


def precision_by_band(found_df: pd.DataFrame, gold: set, key, edges: list[float]) -> dict:
    """Share of extracted rows that are right, per confidence band ("0.60-0.80": {precision, rows}), so an
    analyst can check that a higher confidence means a likelier claim. A key found several times counts once,
    at its highest confidence."""
    best: dict = {}
    for _, r in found_df.iterrows():
        k = key(r)
        best[k] = max(best.get(k, 0.0), float(r["confidence"]))
    out = {}
    for low, high in zip(edges, edges[1:]):
        keys = [k for k, c in best.items() if low <= c < high or (high == edges[-1] and c == high)]
        out[f"{low:.2f}-{high:.2f}"] = {"rows": len(keys),
                                        "precision": round(sum(k in gold for k in keys) / len(keys), 4) if keys else None}
    return out


def evaluate_gold(params: dict, tables: Path | None = None) -> tuple[dict, pd.DataFrame]:
    """Scores for the main gold set (top-level keys) and each extra set (under its name).

    With `tables` (the pipeline's own output folder), the set whose corpus is `ingest.src` is scored on
    those tables, corrected and linked as the pipeline wrote them; the other sets are extracted here.
    """
    sets = params["evaluate"]["sets"]
    src = Path(params["ingest"]["src"]).resolve() if tables is not None and params.get("ingest") else None
    for gold_set in sets:
        needed = [Path(gold_set["corpus"])] + [Path(gold_set["gold"]) / f"{t}.csv" for t in KEYS]
        missing = next((path for path in needed if not path.exists()), None)
        if missing is not None:
            raise FileNotFoundError(f"The gold set {gold_set['name']!r} needs {missing}, which does not exist: run "
                                    "claims evaluate in the project folder, or point evaluate.sets in --params at "
                                    "your own corpus and annotations.")
    def own(gold_set: dict) -> Path | None:
        return tables if src is not None and Path(gold_set["corpus"]).resolve() == src else None

    main, mistakes = score_set(Path(sets[0]["corpus"]), Path(sets[0]["gold"]), params, own(sets[0]))
    mistakes["set"] = sets[0]["name"]
    for extra in sets[1:]:
        metrics, more = score_set(Path(extra["corpus"]), Path(extra["gold"]), params, own(extra))
        main[extra["name"]] = metrics
        mistakes = pd.concat([mistakes, more.assign(set=extra["name"])], ignore_index=True)
    return main, mistakes[["set", "table", "kind", "key"]]


def score_set(corpus: Path, gold_dir: Path, params: dict, tables_dir: Path | None = None
              ) -> tuple[dict, pd.DataFrame]:
    """Scores of one gold set: on the tables in tables_dir if given, else on the corpus extracted here."""
    if tables_dir is None:
        ingested = ingest_folder(corpus)
        articles, rejected = ingested.articles, ingested.rejected
        tables = extract_articles(articles, ExtractSettings.from_params(params))
    else:
        articles, rejected = io.read_table(tables_dir, "articles"), io.read_table(tables_dir, "rejected_inputs")
        tables = {table: io.read_table(tables_dir, table) for table in KEYS}
    paths = articles.set_index("article_id")["source_path"]
    metrics: dict = {"corpus": {"articles": len(articles), "rejected_inputs": len(rejected),
                                "syndicated_copies": int(articles["duplicate_of"].notna().sum())},
                     "tables": {}}
    mistakes = []
    for table, key in KEYS.items():
        found_df = tables[table].assign(source_path=lambda d: d["article_id"].map(paths))
        gold_df = pd.read_csv(gold_dir / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        gold = {key(r) for _, r in gold_df.iterrows()}
        found = {key(r) for _, r in found_df.iterrows()}
        metrics["tables"][table] = prf(gold, found)
        metrics["corpus"][table] = len(found_df)
        for k in sorted(gold - found):
            mistakes.append({"table": table, "kind": "missed", "key": " | ".join(k)})
        for k in sorted(found - gold):
            mistakes.append({"table": table, "kind": "spurious", "key": " | ".join(k)})
        if table == "casualty_claims":
            gold_side = {key(r): r["claimant_side"] for _, r in gold_df.iterrows()}
            matched = [(key(r), r["claimant_side"]) for _, r in found_df.iterrows() if key(r) in gold_side]
            found_sides = [(k, side if pd.notna(side) else "") for k, side in matched]
            agree = sum(1 for k, side in found_sides if side == gold_side[k])
            for k, side in sorted(found_sides):
                if side != gold_side[k]:
                    mistakes.append({"table": table, "kind": "wrong_claimant_side",
                                     "key": " | ".join(k) + f" | claimant_side {side or 'none'}, gold {gold_side[k] or 'none'}"})
            metrics["tables"][table]["claimant_side_accuracy"] = round(agree / len(matched), 4) if matched else None
            bands = params["evaluate"].get("confidence_bands")
            if bands:
                metrics["tables"][table]["precision_by_confidence"] = precision_by_band(
                    found_df, gold, key, bands)
    return metrics, pd.DataFrame(mistakes, columns=["table", "kind", "key"])
