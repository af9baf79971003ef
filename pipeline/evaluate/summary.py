"""The scores in metrics/eval.json as a short table that fits a 100-column terminal (the end of `make run`).

`dvc metrics show` prints every key of every metrics file in one row (79 columns for this project);
this prints one line per gold set and table, the held-out set first because it is the estimate for
new text (the sample and development sets were used to write the rules).
"""

from __future__ import annotations

from pathlib import Path

WIDTH = 100
HEADER = f"{'gold set':<9} {'table':<20} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'found':>6} {'side acc.':>10}"


def gold_sets(metrics: dict, first_name: str = "sample") -> list[tuple[str, dict]]:
    """(name, block) per gold set in eval.json: the first set's scores are at the top level."""
    sets = [(first_name, metrics)] + [(k, v) for k, v in metrics.items() if isinstance(v, dict) and "tables" in v]
    return sorted(sets, key=lambda s: s[0] != "heldout")  # stable: the others keep the order of params.yaml


def _cell(value, width: int, fmt: str = ".3f") -> str:
    return f"{'-' if value is None else format(value, fmt):>{width}}"


def score_lines(metrics: dict) -> list[str]:
    lines = [HEADER, "-" * len(HEADER)]
    for name, block in gold_sets(metrics):
        for table, m in block.get("tables", {}).items():
            lines.append(f"{name:<9} {table:<20} {_cell(m.get('precision'), 6)} {_cell(m.get('recall'), 6)} "
                         f"{_cell(m.get('f1'), 6)} {_cell(m.get('gold'), 5, 'd')} {_cell(m.get('found'), 6, 'd')} "
                         f"{_cell(m.get('claimant_side_accuracy'), 10)}")
    return lines


def link_lines(link: dict) -> list[str]:
    """metrics/link.json as one sentence on two lines."""
    return [f"{link['incidents']} incidents, {link['claims_linked']:.0%} of claims linked, "
            f"{link['claims_per_incident']:.1f} claims per incident,",
            f"{link['single_claim_incidents']} of one claim only, "
            f"{link['multi_article_incidents']} reported by more than one article."]


def summary(metrics: dict, metrics_path: Path, reports: list[Path], link: dict | None = None) -> str:
    """The whole end-of-run text: the score table, what the columns mean, linking, and where the report is."""
    sets = [name for name, _ in gold_sets(metrics)]
    lines = [f"Extraction scores against the hand annotations ({metrics_path}):", "", *score_lines(metrics), ""]
    if "heldout" in sets:
        lines.append("The heldout set was never used to write the rules: read it as the estimate for new text.")
    lines += ["P precision, R recall, F1 their harmonic mean; gold and found count rows; side acc.: share",
              "of matched casualty claims with the right claimant_side. Every missed and spurious row is in",
              f"{metrics_path.parent / 'eval_errors.csv'}."]
    if link:
        lines += ["", f"Linking ({metrics_path.parent / 'link.json'}):", *link_lines(link)]
    existing = [str(p) for p in reports if p.exists()]
    if existing:
        lines += ["", "Report: " + ", ".join(existing)]
    return "\n".join(lines)
