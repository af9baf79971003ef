"""Extraction at any size: articles in batches, in order, on one core, a process pool or a Dask cluster.

Every engine runs the same pure function (`extract_batch`) on the same
batches and hands results back in input order, so the tables are identical
whatever runs them. Only a few batches are in flight at once, and each
batch's rows leave as soon as it is done: memory stays flat as the corpus
grows. An optional `ExtractionCache` answers for articles already extracted
with the same rules, so a re-run only extracts what is new.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass

import pandas as pd

from pipeline import schemas
from pipeline.extract.cache import ExtractionCache, article_key, ruleset_key
from pipeline.extract.core import TABLES, extract_many, extractors
from pipeline.extract.parse import DEFAULT_MODEL, model_version
from pipeline.extract.rates import file_digest

ARTICLE_COLUMNS = ["article_id", "text", "published", "outlet"]


@dataclass(frozen=True)
class ExtractSettings:
    """What the extracted rows depend on (besides the articles): part of the cache key."""
    rules_dir: str | None = None
    recent_days: int = 14
    parser_model: str = DEFAULT_MODEL
    exchange_rates: str | None = None     # official annual averages (currency,year,lcu_per_usd,source)
    sipri_implied_fx: str | None = None   # SIPRI-implied rates

    @classmethod
    def from_params(cls, params: dict) -> ExtractSettings:
        p = params["extract"]
        return cls(str(p["rules_dir"]) if p.get("rules_dir") else None, int(p.get("recent_days", 14)),
                   str(p.get("parser_model") or DEFAULT_MODEL),
                   str(p["exchange_rates"]) if p.get("exchange_rates") else None,
                   str(p["sipri_implied_fx"]) if p.get("sipri_implied_fx") else None)

    @property
    def rate_files(self) -> tuple[str | None, str | None]:
        return self.exchange_rates, self.sipri_implied_fx

    def cache_key(self) -> str:
        # the model's version too: a new release of the same package parses differently; the rate files
        # by their contents (a new release of the table re-extracts, a moved copy does not)
        return ruleset_key(extractors(self.rules_dir).book.fingerprint,
                           asdict(self) | {"rules_dir": None, "parser_model": model_version(self.parser_model),
                                           "exchange_rates": file_digest(self.exchange_rates),
                                           "sipri_implied_fx": file_digest(self.sipri_implied_fx)})


def extract_batch(articles: list[dict], settings: ExtractSettings) -> list[dict[str, list[dict]]]:
    """Each article's rows of the three tables, in input order. The unit of work of every engine."""
    ex = extractors(settings.rules_dir, settings.parser_model, settings.rate_files)
    return extract_many(articles, ex, settings.recent_days)


# -- engines: submit(batch) -> something with .result(), in order ---------------------------------

class _Done:
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class SerialEngine:
    width = 1

    def submit(self, articles, settings):
        return _Done(extract_batch(articles, settings))

    def close(self) -> None:
        pass


class ProcessEngine:
    """A local process pool; `jobs` workers (0 = one per core)."""

    def __init__(self, jobs: int):
        self.width = jobs or os.cpu_count() or 1
        self._pool = ProcessPoolExecutor(self.width)

    def submit(self, articles, settings) -> Future:
        return self._pool.submit(extract_batch, articles, settings)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskEngine:
    """An existing dask.distributed cluster, by scheduler address ("tcp://host:8786").

    Workers need this package installed; a custom rules folder must be at the
    same path on every worker (the packaged rules always are).
    """

    def __init__(self, scheduler: str):
        try:
            from dask.distributed import Client
        except ImportError:
            raise RuntimeError("The Dask engine needs dask.distributed: pip install 'conflict-claims[dask]'.") from None
        try:
            self._client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise RuntimeError(f"Cannot reach the Dask scheduler at {scheduler}: {exc}. "
                               "Start one (dask scheduler) or check --scheduler.") from None
        self.width = max(1, sum(self._client.nthreads().values()))

    def submit(self, articles, settings):
        return self._client.submit(extract_batch, articles, settings, pure=False)

    def close(self) -> None:
        self._client.close()


def make_engine(engine: str = "local", jobs: int = 1, scheduler: str | None = None):
    if engine == "dask":
        if not scheduler:
            raise RuntimeError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786).")
        return DaskEngine(scheduler)
    if engine != "local":
        raise RuntimeError(f"Unknown engine {engine!r}: use local or dask.")
    return SerialEngine() if jobs == 1 else ProcessEngine(jobs)


# -- the run --------------------------------------------------------------------------------------

def batches_of(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def to_frames(per_article: Iterable[dict[str, list[dict]]]) -> dict[str, pd.DataFrame]:
    """Rows of many articles as the three contract tables (conformed, one row per key)."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for found in per_article:
        for table in TABLES:
            rows[table] += found[table]
    frames = {}
    for table in TABLES:
        spec = schemas.tables()[table]
        df = pd.DataFrame(rows[table], columns=spec.column_names) if rows[table] else schemas.empty_frame(table)
        frames[table] = schemas.conform(df.drop_duplicates(subset=list(spec.key)), table)
    return frames


def run(batches: Iterable[list[dict]], settings: ExtractSettings, engine=None,
        cache: ExtractionCache | None = None,
        progress: Callable[[int], None] | None = None) -> Iterator[list[dict[str, list[dict]]]]:
    """Each batch's rows per article ({table: rows}, one per article, in input order), batch by batch.

    Articles the cache knows are not sent to the engine; fresh results are
    stored as each batch comes back. At most twice the engine's width of
    batches are in flight.
    """
    engine = engine or SerialEngine()
    pending: deque = deque()
    done = 0

    def finish(entry) -> list[dict[str, list[dict]]]:
        nonlocal done
        batch, keys, known, future = entry
        fresh = future.result() if future is not None else []
        if cache is not None and fresh:
            cache.put(zip([k for k in keys if k not in known], fresh))
        fresh_iter = iter(fresh)
        done += len(batch)
        if progress:
            progress(done)
        return [known[k] if k in known else next(fresh_iter) for k in keys]

    for batch in batches:
        keys = [article_key(a) for a in batch]
        known = cache.get(keys) if cache is not None else {}
        todo = [a for a, k in zip(batch, keys) if k not in known]
        pending.append((batch, keys, known, engine.submit(todo, settings) if todo else None))
        if len(pending) >= 2 * engine.width:
            yield finish(pending.popleft())
    while pending:
        yield finish(pending.popleft())


def extract_articles(articles: pd.DataFrame | Iterable[dict], settings: ExtractSettings | None = None,
                     batch_size: int = 500, engine=None, cache: ExtractionCache | None = None,
                     progress: Callable[[int], None] | None = None) -> dict[str, pd.DataFrame]:
    """The three claim tables for a set of articles, in memory (for small corpora and the evaluation)."""
    records = articles[ARTICLE_COLUMNS].to_dict("records") if isinstance(articles, pd.DataFrame) else articles
    return to_frames(found for part in run(batches_of(records, batch_size), settings or ExtractSettings(), engine,
                                            cache, progress) for found in part)
