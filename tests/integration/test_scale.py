"""Extraction at scale gives the same tables however it runs: streamed, in processes, on Dask, from cache.

Equivalence, not timings: speed is measured by `make bench`. Small batches
(4 articles) make the 22-article sample corpus span several batches, so
ordering across batches, in-flight limits and partial cache hits are real.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import io, stages
from pipeline.config import load_params
from pipeline.extract.core import TABLES

OUTPUTS = [f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")]


@pytest.fixture(scope="module")
def ingested(sample_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ingested")
    stages.write_ingest(stages.ingest(sample_dir, load_params(None)), folder)
    return folder


@pytest.fixture
def params() -> dict:
    p = load_params(None)
    p["extract"]["batch_size"] = 4
    return p


def _extract(ingested: Path, out: Path, params: dict, how: stages.ExtractRun | None = None) -> stages.ExtractCounts:
    return stages.extract_folder(ingested, out, params, how)


def _same_files(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_streamed_tables_equal_the_in_memory_ones(ingested, params, tmp_path):
    counts = _extract(ingested, tmp_path / "streamed", params)
    whole = stages.extract(io.read_table(ingested, "articles"), params)
    stages.write_tables(whole, tmp_path / "whole", TABLES)
    for t in TABLES:  # Parquet row groups differ (one per batch), so compare contents there and bytes in CSV
        pd.testing.assert_frame_equal(io.read_table(tmp_path / "streamed", t), whole[t])
        assert (tmp_path / "streamed" / f"{t}.csv").read_bytes() == (tmp_path / "whole" / f"{t}.csv").read_bytes()
    assert counts.articles == 22 and counts.rows["casualty_claims"] == len(whole["casualty_claims"]) > 0


def test_jobs_give_identical_tables(ingested, params, tmp_path):
    _extract(ingested, tmp_path / "one", params)
    _extract(ingested, tmp_path / "two", params, stages.ExtractRun(jobs=2))
    _same_files(tmp_path / "one", tmp_path / "two")


def test_dask_local_cluster_gives_identical_tables(ingested, params, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    _extract(ingested, tmp_path / "one", params)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        _extract(ingested, tmp_path / "dask", params,
                 stages.ExtractRun(engine="dask", scheduler=cluster.scheduler_address))
    _same_files(tmp_path / "one", tmp_path / "dask")


def test_cache_extracts_only_new_articles_and_changes_nothing(ingested, params, tmp_path):
    articles = io.read_table(ingested, "articles")
    fewer = tmp_path / "fewer"
    io.write_table(articles.iloc[:-3], fewer, "articles")
    cache = tmp_path / "cache.sqlite"
    first = _extract(fewer, tmp_path / "a", params, stages.ExtractRun(cache=cache))
    assert first.cached == 0
    again = _extract(ingested, tmp_path / "b", params, stages.ExtractRun(cache=cache))
    assert again.cached == len(articles) - 3   # only the three new articles were extracted
    _extract(ingested, tmp_path / "plain", params)
    _same_files(tmp_path / "b", tmp_path / "plain")


def test_a_rule_change_empties_the_cache(ingested, params, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(Path(stages.load_rules(None).folder), rules)
    params["extract"]["rules_dir"] = str(rules)
    cache = tmp_path / "cache.sqlite"
    _extract(ingested, tmp_path / "a", params, stages.ExtractRun(cache=cache))
    assert _extract(ingested, tmp_path / "b", params, stages.ExtractRun(cache=cache)).cached == 22
    with (rules / "casualties.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# an analyst's edit\n")
    assert _extract(ingested, tmp_path / "c", params, stages.ExtractRun(cache=cache)).cached == 0


def test_a_setting_change_empties_the_cache(ingested, params, tmp_path):
    cache = tmp_path / "cache.sqlite"
    _extract(ingested, tmp_path / "a", params, stages.ExtractRun(cache=cache))
    params["extract"]["recent_days"] = 3
    assert _extract(ingested, tmp_path / "b", params, stages.ExtractRun(cache=cache)).cached == 0


def test_dask_without_a_scheduler_is_a_user_error(ingested, params, tmp_path):
    with pytest.raises(stages.UserError, match="--scheduler"):
        _extract(ingested, tmp_path / "x", params, stages.ExtractRun(engine="dask"))


def test_a_failed_run_leaves_the_previous_tables(ingested, params, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _extract(ingested, out, params)
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    from pipeline.extract import runner

    def boom(*_args, **_kwargs):
        raise RuntimeError("worker died")
    monkeypatch.setattr(runner, "extract_batch", boom)
    with pytest.raises(RuntimeError):
        _extract(ingested, out, params)
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
