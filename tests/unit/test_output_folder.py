"""An output folder never mixes two runs: killed at any point, a full disk, two runs at once (issue 15)."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline import cli, io, stages
from pipeline.config import load_params

PARAMS = Path(__file__).resolve().parents[2] / "params.yaml"
CLAIMS = Path(sys.executable).parent / "claims"


def _corpus(folder: Path, *sentences: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, sentence in enumerate(sentences):
        (folder / f"{n}.txt").write_text(f"Report {n}\n\n{sentence}\n", encoding="utf-8")
    return folder


@pytest.fixture
def corpora(tmp_path) -> tuple[Path, Path]:
    one = _corpus(tmp_path / "one", "Ruritania said 14 of its soldiers were killed near the river on 3 May 2021.")
    two = _corpus(tmp_path / "two", "Borduria said nine border guards were wounded on 8 June 2022.",
                  "Officials in Ruritania said 30 fighters were captured on 9 June 2022.")
    return one, two


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != io.LOCK}


def _killed_at(point: str, src: Path, out: Path) -> None:
    """Start a real `claims run`, wait until it pauses at `point`, and kill -9 it there."""
    proc = subprocess.Popen([str(CLAIMS), "run", str(src), "--out", str(out), "--params", str(PARAMS)],
                            env={**os.environ, "CI": "1", io.PAUSE_ENV: point},
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stderr:
            if line.startswith(f"paused at {point}"):
                break
        else:
            pytest.fail(f"claims run ended without pausing at {point} (exit {proc.wait()})")
        proc.kill()
    finally:
        proc.wait(timeout=30)
        proc.stderr.close()


def test_kill_9_at_any_point_leaves_one_runs_tables(corpora, tmp_path):
    one, two = corpora
    out = tmp_path / "out"
    done = subprocess.run([str(CLAIMS), "run", str(one), "--out", str(out), "--params", str(PARAMS)],
                          env={**os.environ, "CI": "1"}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    first = _snapshot(out)

    _killed_at("staged", two, out)  # every table written, nothing committed: the previous run stands
    assert _snapshot(out) == first
    io.check_folder(out)
    assert io.count_rows(out, "articles") == 1

    _killed_at("swapping", two, out)  # committed, one file moved: mixed on disk until the next command
    assert _snapshot(out) != first and any(out.glob(io.STAGING + "*"))
    io.check_folder(out)  # claims report finishes the interrupted swap, then the folder is one run
    second = _snapshot(out)
    assert io.count_rows(out, "articles") == 2 and not any(out.glob(io.STAGING + "*"))
    runs = {io.run_of(out, t) for t in ("casualty_claims", "incidents", "rejected_inputs")}
    assert runs == {io.articles_run(out)} == {io.read_manifest(out)["run"]}

    _killed_at("committed", one, out)  # committed, nothing moved: the next run finishes it, then runs
    assert _snapshot(out) == second
    stages.write_ingest(stages.ingest(two, load_params(PARAMS)), out)
    assert not any(out.glob(io.STAGING + "*")) and not any(out.glob(".*.tmp"))
    manifest = io.read_manifest(out)["tables"]
    assert manifest["casualty_claims"]["parquet_sha256"] == io.file_sha256(out / "casualty_claims.parquet")
    assert manifest["articles"]["run"] == io.articles_run(out) != manifest["casualty_claims"]["run"]
    with pytest.raises(io.FolderMixed, match="casualty_claims.*were not made from its articles table"):
        io.check_folder(out)  # articles from `two`, claims from `one` (finished above): refused


def test_report_refuses_a_mixed_folder_in_one_sentence(tmp_path):
    out = tmp_path / "out"
    stages.write_ingest(stages.ingest(_corpus(tmp_path / "in", "Nine soldiers were killed."), load_params(PARAMS)), out)
    io.write_table(pd.DataFrame({"source_path": ["a.pdf"], "reason": ["Its type is not supported."]}), out,
                   "rejected_inputs", run="0123456789abcdef")  # as if left by another run
    result = CliRunner().invoke(cli.app, ["report", "--data", str(out), "--out", str(tmp_path / "r"),
                                          "--params", str(PARAMS)])
    assert result.exit_code == 2, result.output
    assert "mixes tables from different runs: rejected_inputs was not made" in result.output
    assert "Traceback" not in result.output


def test_a_second_run_into_a_locked_folder_is_refused(corpora, tmp_path):
    one, _ = corpora
    out = tmp_path / "out"
    out.mkdir()
    with io.lock(out):
        result = CliRunner().invoke(cli.app, ["run", str(one), "--out", str(out), "--params", str(PARAMS)])
    assert result.exit_code == 2
    assert "Another claims command is writing into" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == [io.LOCK]


def test_stale_temporary_files_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    (out / ".staging-killed").mkdir(parents=True)
    (out / ".staging-killed" / "articles.parquet").write_bytes(b"half a table")
    (out / ".articles.parquet.x1y2.tmp").write_bytes(b"left by an older version")
    stages.write_ingest(stages.ingest(_corpus(tmp_path / "in", "Nine soldiers were killed."), load_params(PARAMS)), out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [io.LOCK]
    assert io.count_rows(out, "articles") == 1


def test_an_output_folder_inside_the_input_is_not_read(tmp_path):
    src = _corpus(tmp_path / "in", "Nine soldiers were killed.", "Two villagers were wounded.")
    out = src / "tables"
    for _ in range(2):
        stages.write_ingest(stages.ingest(src, load_params(PARAMS), out=out), out)
    articles, rejected = io.read_table(out, "articles"), io.read_table(out, "rejected_inputs")
    assert sorted(articles["source_path"]) == ["0.txt", "1.txt"] and rejected.empty
    with pytest.raises(stages.UserError, match="is the input folder itself"):
        stages.ingest(src, load_params(PARAMS), out=src)


def _disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_one_sentence_and_leaves_the_previous_tables(corpora, tmp_path, monkeypatch):
    one, two = corpora
    out = tmp_path / "out"
    stages.write_ingest(stages.ingest(one, load_params(PARAMS)), out)
    before = _snapshot(out)
    monkeypatch.setattr(io, "_to_csv", _disk_full)
    result = CliRunner().invoke(cli.app, ["ingest", str(two), "--out", str(out), "--params", str(PARAMS)])
    assert result.exit_code == 2, result.output
    assert "The disk holding" in result.output and "is full" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [io.LOCK]


def test_table_writer_removes_its_files_when_closing_fails(tmp_path, monkeypatch):
    close = pq.ParquetWriter.close

    def close_on_a_full_disk(writer):  # the footer's write fails; the file is closed as the OS would
        if writer.is_open:
            close(writer)
            _disk_full()
    monkeypatch.setattr(pq.ParquetWriter, "close", close_on_a_full_disk)
    with pytest.raises(OSError, match="No space"):
        with io.TableWriter(tmp_path, "casualty_claims") as writer:
            writer.add([])
    assert list(tmp_path.iterdir()) == []


def test_same_corpus_same_bytes_under_any_hash_seed_and_time_zone(tmp_path):
    # Three states named equally often, claims on the same days: incident sides and labels once followed
    # the hash order of a Counter's ties.
    src = _corpus(tmp_path / "in",
                  "Sudan and Chad accused South Sudan after 12 soldiers were killed on 3 May 2021.",
                  "South Sudan said Chad and Sudan lost 30 soldiers, killed on 3 May 2021.",
                  "Chad, South Sudan and Sudan said 7 civilians were wounded on 4 May 2021.")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name, seed, tz, cwd in (("a", "1", "UTC", None), ("b", "4242", "Pacific/Kiritimati", elsewhere)):
        done = subprocess.run([str(CLAIMS), "run", str(src), "--out", str(tmp_path / name), "--params", str(PARAMS)],
                              env={**os.environ, "CI": "1", "PYTHONHASHSEED": seed, "TZ": tz},
                              capture_output=True, text=True, timeout=300, cwd=cwd)
        assert done.returncode == 0, done.stderr
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    sides = io.read_table(tmp_path / "a", "incidents")["sides"]
    assert len(sides) >= 1 and sides.str.len().gt(0).all()


def test_no_table_depends_on_the_day_of_the_run():
    """The day of the run never reaches a table: no module of the package reads the clock (benchmarks time
    themselves with perf_counter, publication dates resolve against the article, not today)."""
    import re
    from pathlib import Path

    clock = re.compile(r"\b(?:date|datetime|Timestamp)\.(?:today|now|utcnow)\(|\btime\.time\(|\btime\.localtime\(")
    package = Path(cli.__file__).parent
    readers = [str(p.relative_to(package)) for p in package.rglob("*.py") if clock.search(p.read_text("utf-8"))]
    assert readers == []


def test_a_corrections_error_after_ingest_leaves_the_previous_tables(corpora, tmp_path):
    one, two = corpora
    out = tmp_path / "out"
    stages.write_ingest(stages.ingest(one, load_params(PARAMS)), out)
    before = _snapshot(out)
    bad = tmp_path / "corrections.csv"
    bad.write_text("id,action,column,value,analyst,note\nc-000000000001,delete,,,me,\n", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["run", str(two), "--out", str(out), "--params", str(PARAMS),
                                          "--corrections", str(bad)])
    assert result.exit_code == 2 and "action must be `reject` or `set`" in result.output
    assert _snapshot(out) == before and not any(out.glob(io.STAGING + "*"))


def test_evaluation_scores_the_pipelines_own_tables_with_their_corrections(corpora, tmp_path):
    from pipeline.evaluate.score import evaluate_gold

    one, _ = corpora
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "casualty_claims.csv").write_text("source_path,outcome,victim_side,count_low,count_high,claimant_side\n"
                                              "0.txt,killed,UNK,14,14,\n", encoding="utf-8")
    (gold / "budget_mentions.csv").write_text("source_path,country,amount\n", encoding="utf-8")
    (gold / "diplomatic_contacts.csv").write_text("source_path,contact_type,actor1,actor2\n", encoding="utf-8")
    params = load_params(PARAMS)
    params["ingest"]["src"] = str(one)
    params["evaluate"]["sets"] = [{"name": "own", "corpus": str(one), "gold": str(gold)}]
    out = tmp_path / "out"
    stages.run_all(one, out, params)
    claim_id = io.read_table(out, "casualty_claims")["claim_id"].iloc[0]
    before = evaluate_gold(params, out)[0]["tables"]["casualty_claims"]
    assert before == evaluate_gold(params)[0]["tables"]["casualty_claims"]  # the same rows as extracting again
    (tmp_path / "corrections.csv").write_text(f"id,action,column,value,analyst,note\n{claim_id},reject,,,me,\n",
                                              encoding="utf-8")
    params["correct"]["corrections"] = str(tmp_path / "corrections.csv")
    stages.run_all(one, out, params)
    after = evaluate_gold(params, out)[0]["tables"]["casualty_claims"]
    assert after["found"] == before["found"] - 1  # the rejected claim no longer counts


def test_a_bug_is_one_line_exit_1_and_a_log(corpora, tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise KeyError("article_id")
    monkeypatch.setattr(stages, "ingest", broken)
    result = CliRunner().invoke(cli.app, ["ingest", str(corpora[0]), "--out", str(tmp_path / "out"),
                                          "--params", str(PARAMS)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "an internal error stopped claims (KeyError: 'article_id'); this is a bug" in result.output
    log = Path(result.output.split("the log ")[1].strip())
    assert "Traceback" in log.read_text("utf-8") and "Traceback" not in result.output
    log.unlink()
