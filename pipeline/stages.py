"""The pipeline's stages as library functions over folders. The CLI and DVC call these.

ingest -> extract -> correct -> link -> evaluate -> report; `run_all` chains
the first four in memory for `claims run`.
"""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import yaml

from pipeline import io
from pipeline.extract import runner
from pipeline.extract.cache import ExtractionCache
from pipeline.extract.core import TABLES, extractors
from pipeline.extract.rates import RateFileInvalid
from pipeline.extract.runner import ExtractSettings
from pipeline.extract.rulebook import load_rules
from pipeline.ingest import IngestResult, ingest_folder
from pipeline.ingest.core import IngestSettings
from pipeline.ingest.discover import discover
from pipeline.link.compare import compare_claims, earlier_figure_cue, mark_revisions
from pipeline.link.corrections import apply_corrections, read_corrections
from pipeline.link.incidents import link_incidents

log = logging.getLogger(__name__)


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
    if next(discover(src, max_bytes=0), None) is None:  # ingest's own walk: any depth, no recursion
        raise UserError(f"Input folder {src} holds no files: add .txt, .md, .html, .jsonl, .json or .csv articles.")
    return src


def check_out(src: Path, out: Path | None) -> None:
    if out is not None and Path(out).resolve() == Path(src).resolve():
        raise UserError(f"--out {out} is the input folder itself: give a folder beside it or inside it for the tables.")


def ingest(src: Path, params: dict, progress=None, out: Path | None = None) -> IngestResult:
    """Read src; an output folder inside it (`--out` under the input) is not read as input."""
    check_out(src, out)
    p = params["ingest"]
    settings = IngestSettings(max_file_mb=float(p["max_file_mb"]),
                              near_duplicate_threshold=float(p["near_duplicate_threshold"]),
                              shingle_size=int(p["shingle_size"]))
    return ingest_folder(check_source(src), settings, progress, skip=out)


def write_ingest(result: IngestResult, out: Path | io.Output) -> None:
    with _output(out) as output:
        output.write(result.articles, "articles")
        output.write(result.rejected, "rejected_inputs")


@contextmanager
def _output(out: Path | io.Output, run: str | None = None):
    """out as an io.Output: a folder gets its own (lock, staging, swap); an open Output is used as it is."""
    if isinstance(out, io.Output):
        yield out
        return
    with io.Output(Path(out), run) as output:
        yield output


def batch_size(params: dict) -> int:
    """Articles per unit of extraction work (streaming, --jobs, Dask); does not change the tables."""
    return int(params["extract"].get("batch_size", 500))


_warned: set[str] = set()


def check_rate_files(settings: ExtractSettings) -> None:
    """A configured rate file that is absent is a warning (once per run), one that cannot be read an error."""
    for key, path in (("exchange_rates", settings.exchange_rates), ("sipri_implied_fx", settings.sipri_implied_fx)):
        if path and not Path(path).is_file() and path not in _warned:
            _warned.add(path)
            log.warning("extract.%s: %s not found, so amount_usd is filled only from dollar figures in the text "
                        "(set extract.%s in params.yaml to a rate file; README, 'Exchange rates').", key, path, key)
    try:
        extractors(settings.rules_dir, settings.parser_model, settings.rate_files)
    except RateFileInvalid as exc:
        raise UserError(str(exc)) from None


@dataclass
class ExtractRun:
    """How to run extraction: which engine, which cache (neither changes the tables)."""
    engine: str = "local"
    jobs: int = 1
    scheduler: str | None = None
    cache: Path | None = None

    @contextmanager
    def open(self, params: dict, n_articles: int):
        """(settings, engine, cache) for a run; one batch or none needs no pool."""
        settings = ExtractSettings.from_params(params)
        check_rate_files(settings)
        try:
            engine = (runner.SerialEngine() if n_articles <= batch_size(params) and self.engine == "local"
                      else runner.make_engine(self.engine, self.jobs, self.scheduler))
        except RuntimeError as exc:
            raise UserError(str(exc)) from None
        cache = ExtractionCache(self.cache, settings.cache_key()) if self.cache else None
        try:
            yield settings, engine, cache
        finally:
            engine.close()
            if cache is not None:
                cache.close()


@dataclass
class ExtractCounts:
    articles: int
    rows: dict[str, int]
    cached: int
    seconds: float

    def line(self) -> str:
        return (f"{self.articles} articles ({self.cached} from cache), "
                + ", ".join(f"{n} {t}" for t, n in self.rows.items()) + f" in {self.seconds:.1f} s")


def extract(articles: pd.DataFrame, params: dict, how: ExtractRun | None = None, progress=None) -> dict[str, pd.DataFrame]:
    """The claim tables for articles in memory (`claims run`, the evaluation)."""
    how = how or ExtractRun()
    with how.open(params, len(articles)) as (settings, engine, cache):
        return runner.extract_articles(articles, settings, batch_size(params), engine, cache, progress)


def extract_folder(articles_dir: Path, out: Path, params: dict, how: ExtractRun | None = None,
                   progress=None) -> ExtractCounts:
    """The extract stage, streaming: articles.parquet is read a batch at a time and each batch's rows
    are appended to the tables in out, so memory does not grow with the corpus."""
    t0 = time.perf_counter()
    path = Path(articles_dir) / "articles.parquet"
    if not path.exists():
        raise FileNotFoundError(f"No table 'articles' in {articles_dir}: run `claims ingest` (or `dvc repro`) first.")
    how = how or ExtractRun()
    source = pq.ParquetFile(io.arrow_file(path))
    size = batch_size(params)
    records = (r for b in source.iter_batches(size, columns=runner.ARTICLE_COLUMNS) for r in b.to_pylist())
    with (io.Output(out, io.articles_run(articles_dir)) as output,
          how.open(params, source.metadata.num_rows) as (settings, engine, cache), ExitStack() as files):
        writers = {t: files.enter_context(output.writer(t)) for t in TABLES}
        for part in runner.run(runner.batches_of(records, size), settings, engine, cache, progress):
            for found in part:
                for table, writer in writers.items():
                    writer.add(found[table])
        cached = cache.hits if cache is not None else 0
    return ExtractCounts(source.metadata.num_rows, {t: w.rows for t, w in writers.items()}, cached,
                         time.perf_counter() - t0)


def correct(tables: dict[str, pd.DataFrame], params: dict) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables with the analyst's corrections applied; each one that matched nothing is a warning."""
    path = Path(params["correct"]["corrections"])
    corrected, report = apply_corrections(tables, read_corrections(path, required=params["correct"].get("required", False)))
    for miss in report["unmatched"]:
        log.warning("%s: correction %s not applied: %s.", path, miss["id"], miss["reason"])
    return corrected, report


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
    cue = earlier_figure_cue(book.folder)
    claims = mark_revisions(claims, articles, cue)
    return {**tables, "casualty_claims": claims, "incidents": incidents,
            "incident_comparison": compare_claims(claims, articles, cue)}


def write_tables(tables: dict[str, pd.DataFrame], out: Path | io.Output, names, run: str | None = None) -> None:
    with _output(out, run) as output:
        for name in names:
            output.write(tables[name], name)


def run_all(src: Path, out: Path, params: dict, how: ExtractRun | None = None) -> Summary:
    """`claims run`: ingest, extract, correct, link; every contract table written to out, all or none."""
    t0 = time.perf_counter()
    with io.Output(Path(out)) as output:
        summary = finish_run(ingest(src, params, out=Path(out)), output, params, how)
    summary.seconds = time.perf_counter() - t0
    return summary


def finish_run(ingested: IngestResult, out: Path | io.Output, params: dict, how: ExtractRun | None = None,
               progress=None) -> Summary:
    """Everything after ingest for `claims run`: extract, correct, link; the tables are swapped into out
    together at the end (io.Output), so a failure at any step leaves the previous tables as they were."""
    t0 = time.perf_counter()
    with _output(out) as output:
        write_ingest(ingested, output)
        tables = extract(ingested.articles, params, how, progress)
        tables, _log = correct(tables, params)
        linked = link(tables, ingested.articles, params)
        write_tables(linked, output, [*TABLES, "incidents", "incident_comparison"])
    return Summary(len(ingested.articles), len(ingested.rejected), int(ingested.articles["duplicate_of"].notna().sum()),
                   len(linked["casualty_claims"]), len(linked["budget_mentions"]),
                   len(linked["diplomatic_contacts"]), len(linked["incidents"]), time.perf_counter() - t0)
