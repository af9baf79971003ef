"""Reading and writing tables: atomic, deterministic, spreadsheet-safe.

Writes go to a temporary file in the target folder and are renamed into
place, so an interrupted run never leaves a truncated table that a later
stage would trust. CSV cells that a spreadsheet would evaluate as a formula
are neutralised (OWASP CSV injection); Parquet keeps the exact text.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import schemas

_UMASK = os.umask(0)
os.umask(_UMASK)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class OutputError(OSError):
    """The output folder cannot be written; the message says which and why."""


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) on a temp file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; outputs are shared files
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: Path, obj) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of df whose text cells cannot start a spreadsheet formula."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.StringDtype) or out[col].dtype == object:
            s = out[col]
            risky = s.str.startswith(FORMULA_PREFIXES, na=False)
            if risky.any():
                out[col] = s.where(~risky, "'" + s.astype("string"))
    return out


def check_writable(out_dir: Path) -> None:
    """Fail early, with a sentence, when out_dir cannot hold the tables."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_dir, prefix=".write-probe-", delete=True)
        probe.close()
    except OSError as err:
        raise OutputError(f"Cannot write to output folder {out_dir}: {err.strerror or err}. "
                          "Choose another --out or fix its permissions.") from None


def write_table(df: pd.DataFrame, out_dir: Path, name: str) -> pd.DataFrame:
    """Conform, validate and write a contract table as NAME.parquet and NAME.csv."""
    table = schemas.validate(schemas.conform(df, name), name)
    atomic_write(out_dir / f"{name}.parquet",
                 lambda tmp: table.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd"))
    atomic_write(out_dir / f"{name}.csv",
                 lambda tmp: csv_safe(table).to_csv(tmp, index=False, lineterminator="\n"))
    return table


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """Read a table written by write_table, with contract dtypes."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"No table {name!r} in {out_dir}: run `claims run` (or `dvc repro`) first.")
    return schemas.conform(pd.read_parquet(path), name)
