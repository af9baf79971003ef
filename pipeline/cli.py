"""`claims`: the command line. Each command is a thin wrapper over pipeline.stages.

`claims run SRC --out OUT` does everything for any folder; the other
commands are the DVC stages, one per step, reading settings from params.yaml.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
import tempfile
import time
import traceback
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Literal

import click
import pandas as pd
import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from pipeline import io, stages
from pipeline.config import ParamsInvalid, load_params
from pipeline.extract.actors import RulesInvalid
from pipeline.extract.core import TABLES
from pipeline.extract.parse import ModelMissing
from pipeline.link.corrections import CorrectionsInvalid
from pipeline.schemas import TableInvalid

err = Console(stderr=True, soft_wrap=True)  # one message, one line: logs and grep stay readable


def _flags_without_type(params: list) -> list:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # --help, not --help <bool>
    return params


class Group(TyperGroup):
    def get_params(self, ctx) -> list:
        return _flags_without_type(super().get_params(ctx))


class Command(TyperCommand):
    """Help as click writes it: `Usage: claims run [OPTIONS] FOLDER`, and no type shown for a flag."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(param.display_name_raw if param.required else f"[{param.display_name_raw}]")
        return pieces

    def get_params(self, ctx) -> list:
        return _flags_without_type(super().get_params(ctx))


app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, rich_markup_mode="rich", pretty_exceptions_show_locals=False,
                  help="Turn news articles about armed conflicts into attributed tables of casualty claims, "
                       "military-budget mentions and diplomatic contacts, and a report on how figures differ "
                       "by source.\n\nStart with: claims run FOLDER --out TABLES, then claims report --data TABLES.",
                  epilog="Columns: docs/data-dictionary.md. Settings: params.yaml (or --params).")
command = functools.partial(app.command, cls=Command)


def _version(show: bool) -> None:
    if show:
        try:
            print(f"claims (conflict-claims) {version('conflict-claims')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            print("claims (conflict-claims, not installed)")
        raise typer.Exit()


@app.callback()
def main(show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = False) -> None:
    """Turn news articles about armed conflicts into attributed tables."""


def iso_date(value: str | dt.date | None) -> dt.date | None:
    """A YYYY-MM-DD calendar date, or None; anything else is a one-sentence BadParameter."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a calendar date: give it as YYYY-MM-DD, e.g. 2021-11-16.") from None


ParamsOpt = Annotated[Path, typer.Option("--params", metavar="FILE",
                                         help="Settings file (DVC params); relative paths in it are relative to it.")]
PARAMS_DEFAULT = Path("params.yaml")
FolderOpt = functools.partial(typer.Option, metavar="FOLDER")
FileOpt = functools.partial(typer.Option, metavar="FILE")
DateOpt = functools.partial(typer.Option, metavar="YYYY-MM-DD", parser=iso_date)


def user_errors(fn):
    """Turn the errors a user can fix into one red sentence and exit code 2."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (stages.UserError, io.OutputError, ParamsInvalid, CorrectionsInvalid, TableInvalid,
                ModelMissing, RulesInvalid, FileNotFoundError) as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
        except OSError as exc:
            if not io.no_space(exc):
                _bug(exc)
            err.print(f"[bold red]error:[/] {io.full_disk_error(Path(exc.filename or '.'))}", highlight=False)
            raise typer.Exit(2) from None
        except (click.exceptions.ClickException, click.exceptions.Exit):
            raise
        except Exception as exc:
            _bug(exc)
    return wrapper


def _bug(exc: Exception) -> None:
    """A failure that is not the user's: one line, exit code 1, the traceback in a log file to report."""
    fd, log = tempfile.mkstemp(prefix="claims-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"claims {' '.join(sys.argv[1:])}\n\n")
        traceback.print_exception(exc, file=f)
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    err.print(f"[bold red]error:[/] an internal error stopped claims ({type(exc).__name__}: {first}); this is a "
              f"bug, not a problem with your input: please report it with the log {log}", highlight=False)
    raise typer.Exit(1) from None


def _progress_enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N",
                                      help="Worker processes for extraction (0 = one per core). Same tables either way.")]
EngineOpt = Annotated[Literal["local", "dask"], typer.Option(
    help="Where extraction runs: local (this machine) or dask (a running cluster).")]
SchedulerOpt = Annotated[str | None, typer.Option(metavar="ADDRESS",
                                                  help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")]


@contextlib.contextmanager
def _bar(what: str, total: int | None):
    """A progress bar with rate and ETA on a terminal; nothing in CI or when output is piped."""
    if not _progress_enabled():
        yield None
        return
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(what, total=total, rate="")
        t0 = time.perf_counter()

        def update(done: int) -> None:
            rate = done / max(time.perf_counter() - t0, 1e-9)
            bar.update(task, completed=done, rate=f"{rate:,.0f} articles/s")
        yield update


def _params(path: Path, rules: Path | None = None, corrections: Path | None = None) -> dict:
    params = load_params(path)
    if rules is not None:
        params["extract"]["rules_dir"] = str(rules)
    if corrections is not None:  # named on the command line: it must exist
        params["correct"].update(corrections=str(corrections), required=True)
    return params


@command()
@user_errors
def run(src: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder of articles (searched recursively).")],
        out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for the output tables.")],
        params: ParamsOpt = PARAMS_DEFAULT,
        rules: Annotated[Path | None, FolderOpt(help="Rules folder (a copy of pipeline/rules/).")] = None,
        corrections: Annotated[Path | None, FileOpt(help="Analyst corrections CSV.")] = None,
        jobs: JobsOpt = 1, engine: EngineOpt = "local", scheduler: SchedulerOpt = None,
        cache: Annotated[Path | None, FileOpt(help="SQLite file keeping each article's extraction between "
                                                   "runs; a re-run then extracts only new articles.")] = None) -> None:
    """Ingest, extract and link a folder of articles; write every contract table (Parquet + CSV) to OUT.

    Example: claims run my-articles/ --out tables/   then   claims report --data tables/ --out report/
    """
    settings = _params(params, rules, corrections)
    how = stages.ExtractRun(engine, jobs, scheduler, cache)
    t0 = time.perf_counter()
    stages.check_out(src, out)
    with io.Output(out) as output:  # locked from the start; the tables appear together at the end
        if _progress_enabled():
            with err.status("reading articles…") as status:
                ingested = stages.ingest(src, settings, progress=lambda name: status.update(f"reading {name}"), out=out)
        else:
            ingested = stages.ingest(src, settings, out=out)
        with _bar("extracting", len(ingested.articles)) as update:
            summary = stages.finish_run(ingested, output, settings, how, update)
    summary.seconds = time.perf_counter() - t0
    err.print(f"[green]done:[/] {summary.line()} → {out}", highlight=False)
    err.print(f"next: claims report --data {out} --out {out / 'report'}", highlight=False)


@command()
@user_errors
def ingest(src: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder of articles.")],
           out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for articles and rejected_inputs.")],
           params: ParamsOpt = PARAMS_DEFAULT) -> None:
    """Stage 1: read every file into `articles` or `rejected_inputs`."""
    result = stages.ingest(src, _params(params), out=out)
    stages.write_ingest(result, out)
    err.print(f"ingest: {len(result.articles)} articles, {len(result.rejected)} rejected inputs → {out}")


@command()
@user_errors
def extract(articles: Annotated[Path, FolderOpt(help="Folder holding articles.parquet.")],
            out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for the claim tables.")],
            params: ParamsOpt = PARAMS_DEFAULT,
            jobs: JobsOpt = 1, engine: EngineOpt = "local", scheduler: SchedulerOpt = None,
            cache: Annotated[Path | None, FileOpt(help="SQLite file keeping each article's extraction between "
                                                       "runs (dropped whenever rules or code change).")] = None) -> None:
    """Stage 2: casualty claims, budget mentions and diplomatic contacts from the articles.

    Streams articles.parquet in batches (memory stays flat), on --jobs local processes or a Dask cluster;
    with --cache only articles not seen with the same rules are extracted.
    """
    settings = _params(params)
    total = io.count_rows(articles, "articles")
    with _bar("extracting", total) as update:
        counts = stages.extract_folder(articles, out, settings, stages.ExtractRun(engine, jobs, scheduler, cache), update)
    err.print(f"extract: {counts.line()} → {out}", highlight=False)


@command()
@user_errors
def correct(claims: Annotated[Path, FolderOpt(help="Folder holding the extracted tables.")],
            out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for the corrected tables.")],
            log: Annotated[Path, FileOpt(help="JSON log of applied and unmatched corrections.")] = Path("metrics/corrections.json"),
            params: ParamsOpt = PARAMS_DEFAULT) -> None:
    """Apply analyst corrections (data/corrections.csv) to the extracted tables."""
    tables = {t: io.read_table(claims, t) for t in TABLES}
    corrected, report = stages.correct(tables, _params(params))
    stages.write_tables(corrected, out, TABLES, io.run_of(claims, "casualty_claims"))
    io.write_json(log, report)
    err.print(f"correct: {report['applied']} corrections applied, {len(report['unmatched'])} unmatched → {out}")


@command()
@user_errors
def link(claims: Annotated[Path, FolderOpt(help="Folder holding the corrected claim tables.")],
         articles: Annotated[Path, FolderOpt(help="Folder holding articles.parquet.")],
         out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for the final tables.")],
         metrics: Annotated[Path | None, FileOpt(help="JSON of linking metrics (incidents, claims per incident, "
                                                      "single-claim incidents) for dvc metrics.")] = None,
         params: ParamsOpt = PARAMS_DEFAULT) -> None:
    """Group claims into incidents across articles and compare claimants' figures."""
    from pipeline.link.incidents import link_metrics

    tables = {t: io.read_table(claims, t) for t in TABLES}
    run, claims_run = io.articles_run(articles), io.run_of(claims, "casualty_claims")
    if None not in (run, claims_run) and run != claims_run:
        raise stages.UserError(f"The claims in {claims} were extracted from other articles than those in {articles}: "
                               "run `claims extract` and `claims correct` again (or `dvc repro`).")
    linked = stages.link(tables, io.read_table(articles, "articles"), _params(params))
    stages.write_tables(linked, out, [*TABLES, "incidents", "incident_comparison"], run)
    if metrics is not None:
        io.write_json(metrics, link_metrics(linked["casualty_claims"], linked["incidents"]))
    err.print(f"link: {len(linked['incidents'])} incidents → {out}")


@command()
@user_errors
def evaluate(out: Annotated[Path, FileOpt("--out", "-o", help="Metrics JSON.")] = Path("metrics/eval.json"),
             errors: Annotated[Path, FileOpt(help="CSV of every missed and spurious row.")] = Path("metrics/eval_errors.csv"),
             scores: Annotated[Path, FileOpt(help="CSV of precision/recall/F1 per table.")] = Path("metrics/eval_scores.csv"),
             plot: Annotated[Path, FileOpt(help="SVG of F1 per table, drawn here so `dvc plots show` needs no "
                                                "network.")] = Path("metrics/eval_f1.svg"),
             tables: Annotated[Path | None, FolderOpt(
                 help="The pipeline's output folder: the gold set whose corpus is ingest.src is scored on these "
                      "tables (corrected and linked) instead of being extracted again.")] = None,
             params: ParamsOpt = PARAMS_DEFAULT) -> None:
    """Score extraction against the hand annotations in data/gold/ (precision, recall, F1 per table)."""
    import vl_convert as vlc

    from pipeline.evaluate.score import evaluate_gold
    from pipeline.report.charts import f1_by_table

    if tables is not None:
        io.check_folder(tables)
    metrics, mistakes = evaluate_gold(_params(params), tables)
    io.write_json(out, metrics)
    io.atomic_write(errors, lambda tmp: mistakes.to_csv(tmp, index=False, lineterminator="\n"))
    sets = [("sample", metrics)] + [(k, v) for k, v in metrics.items() if isinstance(v, dict) and "tables" in v]
    rows = [{"table": f"{t} ({name})", **{k: m[k] for k in ("precision", "recall", "f1")}}
            for name, block in sets for t, m in block["tables"].items()]
    io.atomic_write(scores, lambda tmp: pd.DataFrame(rows).to_csv(tmp, index=False, lineterminator="\n"))
    io.atomic_write_text(plot, vlc.vegalite_to_svg(f1_by_table(pd.DataFrame(rows)).to_dict()))
    for name, block in sets:
        for table, m in block["tables"].items():
            err.print(f"{name:8} {table}: P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} (gold {m['gold']})")


@command()
@user_errors
def metrics(scores: Annotated[Path, FileOpt("--metrics", help="The evaluation's metrics JSON.")] = Path("metrics/eval.json"),
            reports: Annotated[Path, FolderOpt(help="Folder holding the rendered report.")] = Path("reports")) -> None:
    """Print the evaluation as a short table per gold set and table (P, R, F1, counts) and the report's paths."""
    import json

    from pipeline.evaluate.summary import summary

    if not scores.exists():
        raise FileNotFoundError(f"No metrics file {scores}: run `claims evaluate` (or `dvc repro`) first.")
    link = scores.parent / "link.json"  # written by the link stage beside the evaluation's metrics
    print(summary(json.loads(scores.read_text("utf-8")), scores, [reports / "report.html", reports / "report.pdf"],
                  json.loads(link.read_text("utf-8")) if link.exists() else None))


PIPELINE_DATA = Path("data/processed")  # the folder dvc.yaml's stages write and evaluate scores


@command()
@user_errors
def report(data: Annotated[Path, FolderOpt(help="Folder holding the processed tables.")] = PIPELINE_DATA,
           out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for report.html, report.pdf, figures/.")] = Path("reports"),
           incident: Annotated[str | None, typer.Option(metavar="ID", help="Incident id for the headline chart (default: the most reported).")] = None,
           date_from: Annotated[dt.date | None, DateOpt("--from", help="Only articles published on or after this date (every table).")] = None,
           date_to: Annotated[dt.date | None, DateOpt("--to", help="Only articles published on or before this date (every table).")] = None,
           metrics: Annotated[Path | None, FolderOpt(
               help="Folder with eval.json for the data-quality section. Default: metrics/ for the pipeline's own "
                    "data/processed, none for any other folder (the gold sets' scores say nothing about it).")] = None,
           reference: Annotated[Path | None, FileOpt(
               help="SIPRI's series as `claims reference sipri` wrote it, to set the budgets beside; absent: the "
                    "report says how to add it.")] = Path("data/reference/sipri_milex.parquet"),
           commit: Annotated[bool | None, typer.Option(
               "--commit/--no-commit", help="Write the code's git commit in the footer (default: report.git_commit "
                                            "in params.yaml, else on).")] = None,
           params: ParamsOpt = PARAMS_DEFAULT) -> None:
    """Render the HTML and PDF report (and each chart as SVG) for a processed corpus."""
    from pipeline.report.render import DateRangeInvalid, render_report

    if metrics is None and data.resolve() == PIPELINE_DATA.resolve():
        metrics = Path("metrics")
    io.check_folder(data)
    io.check_writable(out)

    settings = _params(params)["report"]
    for key in ("date_from", "date_to"):
        try:
            settings[key] = iso_date(settings.get(key))
        except typer.BadParameter as exc:
            raise ParamsInvalid(f"report.{key} in {params}: {exc.message}") from None
    date_from, date_to = date_from or settings["date_from"], date_to or settings["date_to"]
    commit = bool(settings.get("git_commit", True)) if commit is None else commit
    try:
        paths = render_report(data, out, metrics_dir=metrics, incident=incident or settings.get("incident"),
                              date_from=date_from, date_to=date_to, title=settings["title"],
                              pdf=bool(settings.get("pdf", True)), reference=reference, commit=commit,
                              min_claims=int(settings.get("min_claims", 3)))
    except DateRangeInvalid as exc:
        raise stages.UserError(str(exc)) from None
    err.print("report: " + ", ".join(str(p) for p in paths[1:]), highlight=False)
    err.print(f"open {paths[0]}", highlight=False)


reference_app = typer.Typer(cls=Group, no_args_is_help=True, help="Import a reference series to set reported figures beside.")
app.add_typer(reference_app, name="reference")


@reference_app.command("sipri", cls=Command)
@user_errors
def reference_sipri(path: Annotated[Path | None, typer.Argument(
                        metavar="PATH", help="SIPRI's workbook (SIPRI-Milex-data-1949-YYYY.xlsx) or the sipri_milex.csv "
                                             "extract. Default: reference.sipri in params.yaml.")] = None,
                    out: Annotated[Path, FolderOpt("--out", "-o", help="Folder for sipri_milex.parquet.")] = Path("data/reference"),
                    params: ParamsOpt = PARAMS_DEFAULT) -> None:
    """Read SIPRI's military expenditure series and write it, validated, as OUT/sipri_milex.parquet.

    Without PATH it reads the file reference.sipri in params.yaml names; absent, the table is empty and the report says how to add it.
    """
    from pipeline.reference import sipri

    source = path if path is not None else _params(params)["reference"]["sipri"]
    try:
        written, rows = sipri.import_sipri(source and Path(source), out, required=path is not None)
    except sipri.ReferenceInvalid as exc:
        raise stages.UserError(str(exc)) from None
    err.print(f"reference: {rows} SIPRI country-years → {written}", highlight=False)


@command()
@user_errors
def dictionary(out: Annotated[Path, FileOpt("--out", "-o", help="Markdown file to write.")] = Path("docs/data-dictionary.md")) -> None:
    """Write the data dictionary (every table and column) generated from the schema definitions."""
    from pipeline.schemas import data_dictionary_markdown

    io.atomic_write_text(out, data_dictionary_markdown())
    err.print(f"wrote {out}")


if __name__ == "__main__":
    app()
