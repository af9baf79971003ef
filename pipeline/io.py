"""Reading and writing tables: atomic, deterministic, spreadsheet-safe.

Writes go to a temporary file in the target folder and are renamed into
place, so an interrupted run never leaves a truncated table that a later
stage would trust. A command's tables go through `Output`: written into a
staging folder inside --out, then swapped in together under a lock, with a
run manifest, so an output folder never mixes two runs (see `Output`). CSV cells that a spreadsheet would evaluate as a formula
are neutralised (OWASP CSV injection); Parquet keeps the exact text.

CSV is written for spreadsheets as RFC 4180 describes it: UTF-8 with a byte-order
mark (without one, Excel on Windows reads UTF-8 as Windows-1252 and shows
"ARMâ€“AZE"), CRLF between rows so that any cell holding a CR or LF is quoted
and never splits its row, and fractions rounded to CSV_DECIMALS places.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import schemas

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the staging swap still keeps each run's tables together
    fcntl = None

log = logging.getLogger(__name__)
_UMASK = os.umask(0)
os.umask(_UMASK)
ROW_GROUP_ROWS = 1000  # readers can stream a large table (articles) a row group at a time
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Plain UTF-8 by default: csv readers that are not spreadsheets (Python's csv, R, the shared evaluation) take a
# byte-order mark for part of the first column's name. `output.csv_bom: true` in params.yaml (`set_csv_bom`)
# writes the mark Excel needs to read UTF-8 on a double-click.
CSV_ENCODING = "utf-8"


def set_csv_bom(bom: bool) -> None:
    """Write CSVs with (True) or without (False) a UTF-8 byte-order mark from now on."""
    global CSV_ENCODING
    CSV_ENCODING = "utf-8-sig" if bom else "utf-8"
CSV_LINE_END = "\r\n"
CSV_DECIMALS = 4  # confidence, ratios, percentages: 1.0833333333333333 -> 1.0833; Parquet keeps every digit


class OutputError(OSError):
    """The output folder cannot be written; the message says which and why."""


class FolderMixed(OutputError):
    """A folder's tables come from different runs; the message says which and what to run."""


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def no_space(err: BaseException) -> bool:
    return isinstance(err, OSError) and err.errno in _NO_SPACE or "No space left on device" in str(err)


def full_disk_error(path: Path) -> OutputError:
    return OutputError(f"The disk holding {path} is full: free some space (or choose another --out) and run "
                       "again; the previous tables there are untouched.")


def arrow_file(path: Path, mode: str = "rb") -> pa.OSFile:
    """path opened for pyarrow, which encodes a str path as strict UTF-8: the OS's own bytes open any name."""
    return pa.OSFile(os.fsencode(path), mode)


def _temp_beside(path: Path) -> Path:
    """An empty temporary file in path's folder, to be renamed over path when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; outputs are shared files
    return Path(tmp)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) on a temp file beside `path`, then rename it over `path`."""
    tmp = _temp_beside(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: Path, obj) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of df whose text cells cannot start a spreadsheet formula."""
    out = df.copy(deep=False)  # only the risky columns are replaced; the text column is not copied
    for col in out.columns:
        if isinstance(out[col].dtype, pd.StringDtype) or out[col].dtype == object:
            s = out[col]
            risky = s.str.startswith(FORMULA_PREFIXES, na=False)
            if risky.any():
                out[col] = s.where(~risky, "'" + s.astype("string"))
    return out


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """df as its CSV shows it: formula-safe text, floats rounded to CSV_DECIMALS places."""
    out = csv_safe(df)
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col].dtype):
            out[col] = out[col].round(CSV_DECIMALS)
    return out


def _to_csv(df: pd.DataFrame, target, header: bool = True) -> None:
    csv_ready(df).to_csv(target, index=False, header=header, lineterminator=CSV_LINE_END,
                         **({"encoding": CSV_ENCODING} if isinstance(target, Path) else {}))


def check_writable(out_dir: Path) -> None:
    """Fail early, with a sentence, when out_dir cannot hold the tables."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_dir, prefix=".write-probe-", delete=True)
        probe.close()
    except OSError as err:
        raise OutputError(f"Cannot write to output folder {out_dir}: {err.strerror or err}. "
                          "Choose another --out or fix its permissions.") from None


def write_table(df: pd.DataFrame, out_dir: Path, name: str, run: str | None = None) -> None:
    """Conform, validate and write a contract table as NAME.parquet and NAME.csv.

    A large table (over ROW_GROUP_ROWS rows) is sorted once, then conformed, validated
    and written a row group at a time, so it never exists twice as Python objects (the
    articles' texts at 10^5 articles).
    """
    if len(df) > ROW_GROUP_ROWS:
        spec = schemas.tables()[name]
        ordered = df.sort_values(list(spec.sort), kind="mergesort", key=schemas.sort_key)
        if ordered.duplicated(subset=list(spec.key)).any():
            schemas.validate(schemas.conform(ordered, name), name)  # names the duplicated keys
        with TableWriter(out_dir, name, run=run) as writer:
            for start in range(0, len(ordered), ROW_GROUP_ROWS):
                writer.add_frame(ordered.iloc[start:start + ROW_GROUP_ROWS])
        return
    table = schemas.validate(schemas.conform(df, name), name)
    def write_parquet(tmp: Path) -> None:
        with arrow_file(tmp, "wb") as sink:
            pq.write_table(pa.Table.from_pandas(table, schema=with_run(schemas.arrow_schema(name), run),
                                                preserve_index=False),
                           sink, compression="zstd", row_group_size=ROW_GROUP_ROWS)

    atomic_write(out_dir / f"{name}.parquet", write_parquet)
    atomic_write(out_dir / f"{name}.csv", lambda tmp: _to_csv(table, tmp))


class TableWriter:
    """Write a contract table from rows as they come: Parquet row groups and CSV, renamed into place on close.

    Rows are buffered up to `flush_rows`, then conformed, validated and
    appended, so the whole table is never in memory and fixed per-write
    costs (validation, CSV setup) are paid rarely. Rows must come in the
    table's sort order one group at a time (extraction does: every claim
    table sorts by article_id first, articles come in id order, and all of an
    article's rows come in one `add`), and the key starts with the article,
    so sorting and de-duplicating each flush is the same as doing it on the
    whole table. An exception discards both temporary files: a failed run
    leaves the previous table untouched.
    """

    def __init__(self, out_dir: Path, name: str, flush_rows: int = 20_000, run: str | None = None):
        self.name = name
        self.rows = 0
        self._flush_rows = flush_rows
        self._buffer: list[dict] = []
        self._columns = schemas.tables()[name].column_names
        self._key = list(schemas.tables()[name].key)
        self._final = [Path(out_dir) / f"{name}.parquet", Path(out_dir) / f"{name}.csv"]
        self._tmp = [_temp_beside(final) for final in self._final]
        empty = schemas.empty_frame(name)
        self._schema = with_run(schemas.arrow_schema(name), run)
        self._sink = arrow_file(self._tmp[0], "wb")
        self._parquet = pq.ParquetWriter(self._sink, self._schema, compression="zstd")
        self._csv = self._tmp[1].open("w", encoding=CSV_ENCODING, newline="")
        _to_csv(empty, self._csv)

    def add(self, rows: list[dict]) -> None:
        self._buffer += rows
        if len(self._buffer) >= self._flush_rows:
            self._flush()

    def add_frame(self, df: pd.DataFrame) -> None:
        """Append rows already in table order (after any buffered rows)."""
        self._flush()
        self._write(df)

    def _flush(self) -> None:
        if not self._buffer:
            return
        df = pd.DataFrame(self._buffer, columns=self._columns).drop_duplicates(subset=self._key)
        self._buffer = []
        self._write(df)

    def _write(self, df: pd.DataFrame) -> None:
        table = schemas.validate(schemas.conform(df, self.name), self.name)
        if table.empty:
            return
        self._parquet.write_table(pa.Table.from_pandas(table, schema=self._schema, preserve_index=False))
        _to_csv(table, self._csv, header=False)
        self.rows += len(table)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # Each file is closed even when another close fails (a full disk fails the last flush), and any
        # failure removes both temporary files, so nothing is left filling the disk.
        failure = None
        steps = ([self._flush] if exc_type is None else []) + [self._parquet.close, self._sink.close, self._csv.close]
        for step in steps:
            try:
                step()
            except BaseException as err:
                failure = failure or err
        if exc_type is None and failure is None:
            for tmp, final in zip(self._tmp, self._final):
                os.replace(tmp, final)
            return
        for tmp in self._tmp:
            tmp.unlink(missing_ok=True)
        if failure is not None and exc_type is None:
            raise failure


def count_rows(out_dir: Path, name: str) -> int | None:
    """Rows of a written table, from the Parquet footer (no data read); None if absent."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        return None
    with arrow_file(path) as source:
        return pq.ParquetFile(source).metadata.num_rows


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """Read a table written by write_table, with contract dtypes."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"No table {name!r} in {out_dir}: run `claims run` (or `dvc repro`) first.")
    with arrow_file(path) as source:
        return schemas.conform(pd.read_parquet(source), name)


# A run's tables, together or not at all.
RUN_KEY = b"conflict_claims.run"  # Parquet metadata: the run (articles table) a table was made from
MANIFEST = "claims-run.json"
LOCK = ".claims.lock"
STAGING = ".staging-"
PAUSE_ENV = "CLAIMS_PAUSE_AT"  # tests only: sleep at a named point of the swap, to be killed there


def with_run(schema: pa.Schema, run: str | None) -> pa.Schema:
    return schema if run is None else schema.with_metadata({**(schema.metadata or {}), RUN_KEY: run.encode()})


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def articles_run(folder: Path) -> str | None:
    """The run id of a folder's articles table: the first 16 hex digits of its Parquet file's SHA-256."""
    path = Path(folder) / "articles.parquet"
    return file_sha256(path)[:16] if path.exists() else None


def run_of(folder: Path, name: str) -> str | None:
    """The run id a table was made from (its Parquet metadata), or None for an articles table or an old file."""
    path = Path(folder) / f"{name}.parquet"
    if not path.exists():
        return None
    with arrow_file(path) as source:
        meta = pq.read_schema(source).metadata or {}
    return meta[RUN_KEY].decode() if RUN_KEY in meta else None


def _pause(point: str) -> None:
    if os.environ.get(PAUSE_ENV) == point:
        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(600)


class Output:
    """Write a command's tables into `out` together: all of them or none, never beside another run's.

    Under an exclusive lock on `out`, tables are written into `out/.staging-XXXX/`; on success a manifest
    (`claims-run.json`: the run id, each table's rows and SHA-256) is written there last, which commits
    the run, and then each file is renamed into `out`. Killed before the manifest, the staging folder is
    deleted by the next command and the previous tables are as they were; killed during the renames, the
    next command (or `claims report`) finishes them from the staging folder. Every table but `articles`
    carries the run id (its articles table's hash) in its Parquet metadata, so `check_folder` can tell a
    mixed folder whatever wrote it.
    """

    def __init__(self, out: Path, run: str | None = None):
        self.out, self.run = Path(out), run
        self.dir: Path | None = None
        self._lock = None
        self._committed = False

    def __enter__(self) -> Output:
        check_writable(self.out)
        self._lock = lock(self.out)
        try:
            recover(self.out)
            self.dir = Path(tempfile.mkdtemp(prefix=STAGING, dir=self.out))
        except BaseException:
            self._lock.close()
            raise
        return self

    def write(self, df: pd.DataFrame, name: str) -> None:
        write_table(df, self.dir, name, run=self.run)
        if name == "articles":
            self.run = articles_run(self.dir)

    def writer(self, name: str) -> TableWriter:
        return TableWriter(self.dir, name, run=self.run)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._commit()
        except BaseException as err:
            if no_space(err):
                raise full_disk_error(self.out) from None
            raise
        finally:
            if not self._committed:
                shutil.rmtree(self.dir, ignore_errors=True)
            self._lock.close()
        if exc_type is not None and no_space(exc):
            raise full_disk_error(self.out) from None

    def _commit(self) -> None:
        _pause("staged")
        previous = read_manifest(self.out).get("tables", {})
        stems = sorted({p.name.rsplit(".", 1)[0] for p in self.dir.iterdir() if p.suffix in (".parquet", ".csv")})
        tables = {**previous, **{stem: _entry(self.dir, stem) for stem in stems}}
        write_json(self.dir / MANIFEST, {"run": self.run, "tables": dict(sorted(tables.items()))})
        self._committed = True
        _pause("committed")
        _swap(self.dir, self.out)


def _entry(folder: Path, stem: str) -> dict:
    files = {ext: folder / f"{stem}.{ext}" for ext in ("parquet", "csv") if (folder / f"{stem}.{ext}").exists()}
    return {"rows": count_rows(folder, stem), "run": run_of(folder, stem) or articles_run(folder),
            **{f"{ext}_sha256": file_sha256(path) for ext, path in files.items()}}


def _swap(staging: Path, out: Path) -> None:
    """Rename a committed staging folder's files into out, the manifest last, then remove it."""
    files = sorted(p for p in staging.iterdir() if p.name != MANIFEST and not p.name.startswith("."))
    for n, path in enumerate(files):
        os.replace(path, out / path.name)
        if n == 0:
            _pause("swapping")
    os.replace(staging / MANIFEST, out / MANIFEST)
    shutil.rmtree(staging, ignore_errors=True)


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def lock(out: Path):
    """An exclusive lock on out (held while the returned file is open); a second writer is refused."""
    handle = open(Path(out) / LOCK, "a+b")
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise OutputError(f"Another claims command is writing into {out} right now: wait for it to finish, "
                              "or give this one another --out.") from None
    return handle


def recover(out: Path) -> None:
    """Under the lock: finish a committed run that was interrupted, delete what an uncommitted one left."""
    for staging in sorted(Path(out).glob(STAGING + "*")):
        if (staging / MANIFEST).is_file():
            log.warning("%s: finishing a run that was interrupted while its tables were being moved into place.", out)
            _swap(staging, Path(out))
        else:
            shutil.rmtree(staging, ignore_errors=True)
    for stale in Path(out).glob(".*.tmp"):
        stale.unlink(missing_ok=True)


def check_folder(folder: Path) -> None:
    """Refuse a folder whose tables come from different runs; warn when a file changed after its run.

    A run interrupted while moving its tables into place is finished first (when the folder is writable).
    """
    folder = Path(folder)
    if any(folder.glob(STAGING + "*")):
        try:
            with lock(folder):
                recover(folder)
        except OutputError:
            raise
        except OSError:  # a read-only folder: check it as it is
            pass
    run = articles_run(folder)
    if run is None:
        return
    mixed = sorted(name for name in schemas.tables() if name != "articles" and run_of(folder, name) not in (None, run))
    if mixed:
        raise FolderMixed(f"{folder} mixes tables from different runs: {', '.join(mixed)} "
                          f"{'was' if len(mixed) == 1 else 'were'} not made from its articles table; run "
                          "`claims run` into it again (or `dvc repro` for data/processed).")
    for name, entry in read_manifest(folder).get("tables", {}).items():
        for ext in ("parquet", "csv"):
            path = folder / f"{name}.{ext}"
            if f"{ext}_sha256" in entry and path.exists() and file_sha256(path) != entry[f"{ext}_sha256"]:
                log.warning("%s changed after the run recorded in %s (%s).", path, MANIFEST, entry.get("run"))
