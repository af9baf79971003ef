"""The pipeline's stages as library functions over folders. The CLI and DVC call these.

ingest -> extract -> correct -> link -> evaluate -> report; `run_all` chains
the first four in memory for `claims run`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline import io
from pipeline.extract.core import TABLES, extract_articles
from pipeline.extract.rulebook import load_rules
from pipeline.ingest import IngestResult, ingest_folder
from pipeline.ingest.core import IngestSettings
from pipeline.link.compare import compare_claims
from pipeline.link.corrections import apply_corrections, read_corrections
from pipeline.link.incidents import link_incidents


class UserError(Exception):
    """A mistake the user can fix; the CLI prints the message without a traceback."""


@dataclass
class Summary:
    articles: int
    rejected: int
    duplicates: int
    claims: int
    budgets: int
    contacts: int
    incidents: int
    seconds: float

    def line(self) -> str:
        return (f"{self.articles} articles ({self.duplicates} syndicated copies), {self.rejected} rejected inputs, "
                f"{self.claims} casualty claims, {self.budgets} budget mentions, {self.contacts} contacts, "
                f"{self.incidents} incidents in {self.seconds:.1f} s")


def check_source(src: Path) -> Path:
    src = Path(src)
    if not src.exists():
        raise UserError(f"Input folder {src} does not exist: give the folder that holds your articles.")
    if not src.is_dir():
        raise UserError(f"{src} is a file, not a folder: put it in a folder and give that folder.")
    if not any(p.is_file() or p.is_symlink() for p in src.rglob("*")):
        raise UserError(f"Input folder {src} holds no files: add .txt, .md, .html, .jsonl, .json or .csv articles.")
    return src


def ingest(src: Path, params: dict, progress=None) -> IngestResult:
    p = params["ingest"]
    settings = IngestSettings(max_file_mb=float(p["max_file_mb"]),
                              near_duplicate_threshold=float(p["near_duplicate_threshold"]),
                              shingle_size=int(p["shingle_size"]))
    return ingest_folder(check_source(src), settings, progress)


def write_ingest(result: IngestResult, out: Path) -> None:
    io.check_writable(out)
    io.write_table(result.articles, out, "articles")
    io.write_table(result.rejected, out, "rejected_inputs")


def extract(articles: pd.DataFrame, params: dict, progress=None) -> dict[str, pd.DataFrame]:
    return extract_articles(articles, params["extract"].get("rules_dir"), progress)


def correct(tables: dict[str, pd.DataFrame], params: dict) -> tuple[dict[str, pd.DataFrame], dict]:
    return apply_corrections(tables, read_corrections(Path(params["correct"]["corrections"])))


def article_sides(articles: pd.DataFrame, rules_dir) -> dict[str, list[str]]:
    book = load_rules(rules_dir)
    out = {}
    for aid, text in zip(articles["article_id"], articles["text"]):
        out[aid] = [c for c, _ in book.actors.states_by_mentions(text)[:2]]
    return out


def link(tables: dict[str, pd.DataFrame], articles: pd.DataFrame, params: dict) -> dict[str, pd.DataFrame]:
    rules_dir = params["extract"].get("rules_dir")
    book = load_rules(rules_dir)
    wars = yaml.safe_load((book.folder / "wars.yaml").read_text("utf-8"))
    claims, incidents = link_incidents(tables["casualty_claims"], articles, article_sides(articles, rules_dir),
                                       int(params["link"]["window_days"]), wars)
    return {**tables, "casualty_claims": claims, "incidents": incidents,
            "incident_comparison": compare_claims(claims, articles)}


def write_tables(tables: dict[str, pd.DataFrame], out: Path, names) -> None:
    io.check_writable(out)
    for name in names:
        io.write_table(tables[name], out, name)


def run_all(src: Path, out: Path, params: dict, progress=None) -> Summary:
    """`claims run`: ingest, extract, correct, link; every contract table written to out."""
    t0 = time.perf_counter()
    io.check_writable(Path(out))
    ingested = ingest(src, params, progress)
    write_ingest(ingested, out)
    tables = extract(ingested.articles, params)
    tables, _log = correct(tables, params)
    linked = link(tables, ingested.articles, params)
    write_tables(linked, out, [*TABLES, "incidents", "incident_comparison"])
    return Summary(len(ingested.articles), len(ingested.rejected), int(ingested.articles["duplicate_of"].notna().sum()),
                   len(linked["casualty_claims"]), len(linked["budget_mentions"]),
                   len(linked["diplomatic_contacts"]), len(linked["incidents"]), time.perf_counter() - t0)
