"""Ingest a folder: discover -> decode -> read -> repair -> identify -> de-duplicate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.ingest import readers
from pipeline.ingest.decode import NotText, decode_bytes
from pipeline.ingest.dedup import article_id, find_near_duplicates
from pipeline.ingest.discover import InputFile, discover
from pipeline.ingest.records import RawArticle, Rejected
from pipeline.ingest.repair import repair_text, split_title

UNKNOWN_OUTLET = "unknown"


@dataclass
class IngestSettings:
    max_file_mb: float = 20.0
    near_duplicate_threshold: float = 0.8
    shingle_size: int = 5
    min_chars: int = 1


@dataclass
class IngestResult:
    articles: pd.DataFrame
    rejected: pd.DataFrame


def read_input(item: InputFile) -> list[RawArticle | Rejected]:
    """Read one discovered file into raw articles and rejections; never raises on bad data."""
    try:
        data = item.path.read_bytes()
    except OSError as err:  # vanished or became unreadable since discovery
        return [Rejected(item.rel, f"It could not be read ({err.strerror or type(err).__name__}).")]
    if item.kind == "html":
        return readers.read_html_file(item.rel, data)
    try:
        text, _encoding = decode_bytes(data)
    except NotText as err:
        return [Rejected(item.rel, f"It is not a text file: {err}.")]
    if not text.strip():
        return [Rejected(item.rel, "The file holds only white space.")]
    reader = {"text": readers.read_text_file, "jsonl": readers.read_jsonl_file,
              "json": readers.read_json_file, "csv": readers.read_csv_file}[item.kind]
    return reader(item.rel, text)


def _finish(raw: RawArticle, settings: IngestSettings) -> dict | Rejected:
    text = repair_text(raw.text)
    title = repair_text(raw.title) if raw.title else None
    if raw.title_from_first_line:
        title, text = split_title(text)
    if len(text.strip()) < settings.min_chars:
        return Rejected(raw.source_path, "No article text is left after removing page furniture and comment forms.")
    return {
        "article_id": article_id(text),
        "source_path": raw.source_path,
        "outlet": raw.outlet or UNKNOWN_OUTLET,
        "title": title,
        "published": raw.published,
        "url": raw.url,
        "language": raw.language,
        "text": text,
        "n_chars": len(text),
    }


def ingest_folder(root: Path, settings: IngestSettings | None = None,
                  progress: Callable[[str], None] | None = None) -> IngestResult:
    """Every file under root ends up in `articles` or in `rejected_inputs`."""
    settings = settings or IngestSettings()
    rows: list[dict] = []
    rejected: list[Rejected] = []
    for item in discover(Path(root), int(settings.max_file_mb * 1_000_000)):
        if progress:
            progress(getattr(item, "rel", getattr(item, "source_path", "")))
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        for rec in read_input(item):
            if isinstance(rec, Rejected):
                rejected.append(rec)
                continue
            done = _finish(rec, settings)
            (rejected if isinstance(done, Rejected) else rows).append(done)

    # Exact copies share an id: keep the first (by date, then path), account for the rest.
    rows.sort(key=lambda r: (r["published"] or "9999-12-31", r["source_path"]))
    seen: dict[str, str] = {}
    unique = []
    for row in rows:
        first = seen.get(row["article_id"])
        if first is not None:
            rejected.append(Rejected(row["source_path"], f"Its text is identical to {first} "
                                                         f"(article {row['article_id']}), which is kept once."))
            continue
        seen[row["article_id"]] = row["source_path"]
        unique.append(row)

    articles = pd.DataFrame(unique, columns=["article_id", "source_path", "outlet", "title", "published",
                                             "url", "language", "text", "n_chars"])
    dup = find_near_duplicates(articles, settings.near_duplicate_threshold, settings.shingle_size) if len(articles) else {}
    articles["duplicate_of"] = articles["article_id"].map(dup)
    rejected_df = pd.DataFrame([(r.source_path, r.reason) for r in rejected], columns=["source_path", "reason"])
    return IngestResult(articles, rejected_df)
