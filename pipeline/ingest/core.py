"""Ingest a folder: discover -> decode -> read -> repair -> identify -> de-duplicate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

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
        text, _encoding = decode_bytes(data, nul_lines=item.kind == "jsonl")
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


COLUMNS = ["article_id", "source_path", "outlet", "title", "published", "url", "language", "text", "n_chars"]
_ARROW = pa.schema([(c, pa.int64() if c == "n_chars" else pa.string()) for c in COLUMNS])
CHUNK_ROWS = 2000  # articles held as Python objects at once; the rest is compact Arrow memory


def ingest_folder(root: Path, settings: IngestSettings | None = None,
                  progress: Callable[[str], None] | None = None, skip: Path | None = None) -> IngestResult:
    """Every file under root ends up in `articles` (sorted by id) or in `rejected_inputs`."""
    settings = settings or IngestSettings()
    rejected: list[Rejected] = []
    chunks: list[pa.Table] = []
    pending: list[dict] = []
    # Exact copies share an id: keep the first by date, then path; the others are accounted for below.
    kept: dict[str, tuple[tuple[str, str], int]] = {}   # article_id -> (sort key, row number) of the copy kept
    copies: list[tuple[int, str, str]] = []             # (row number, source_path, article_id) of the others
    n_rows = 0
    for item in discover(Path(root), int(settings.max_file_mb * 1_000_000), skip):
        if progress:
            progress(getattr(item, "rel", getattr(item, "source_path", "")))
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        for rec in read_input(item):
            done = rec if isinstance(rec, Rejected) else _finish(rec, settings)
            if isinstance(done, Rejected):
                rejected.append(done)
                continue
            key, aid = (done["published"] or "9999-12-31", done["source_path"]), done["article_id"]
            first = kept.get(aid)
            if first is None or key < first[0]:
                if first is not None:
                    copies.append((first[1], _row_path(first[1], chunks, pending), aid))
                kept[aid] = (key, n_rows)
            else:
                copies.append((n_rows, done["source_path"], aid))
            pending.append(done)
            n_rows += 1
            if len(pending) == CHUNK_ROWS:
                chunks.append(pa.Table.from_pylist(pending, schema=_ARROW))
                pending = []
    if pending:
        chunks.append(pa.Table.from_pylist(pending, schema=_ARROW))
    table = pa.concat_tables(chunks) if chunks else _ARROW.empty_table()
    del chunks, pending
    dropped = set()
    for row, path, aid in copies:
        dropped.add(row)
        first_path = table["source_path"][kept[aid][1]].as_py()
        rejected.append(Rejected(path, f"Its text is identical to {first_path} (article {aid}), which is kept once."))
    if dropped:
        table = table.filter(pa.array([i not in dropped for i in range(table.num_rows)]))
    table = table.sort_by("article_id")
    articles = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"), pa.int64(): pd.Int64Dtype()}.get)
    del table
    dup = find_near_duplicates(articles, settings.near_duplicate_threshold, settings.shingle_size) if len(articles) else {}
    articles["duplicate_of"] = articles["article_id"].map(dup).astype(pd.StringDtype("pyarrow"))
    rejected_df = pd.DataFrame([(r.source_path, r.reason) for r in rejected], columns=["source_path", "reason"])
    return IngestResult(articles, rejected_df)


def _row_path(row: int, chunks: list[pa.Table], pending: list[dict]) -> str:
    """source_path of row number `row` among the rows read so far (Arrow chunks, then the pending list)."""
    if row >= len(chunks) * CHUNK_ROWS:
        return pending[row - len(chunks) * CHUNK_ROWS]["source_path"]
    return chunks[row // CHUNK_ROWS]["source_path"][row % CHUNK_ROWS].as_py()
