"""Walk an input folder: every entry becomes a readable file or a rejection.

Symbolic links are followed only when they stay inside the input folder;
files over the size limit are rejected before they are read. The walk keeps
its own stack of folders, so no nesting depth exhausts Python's recursion
limit, and a folder that cannot be listed gets a rejection of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.ingest.records import Rejected

SUPPORTED = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html",
             ".jsonl": "jsonl", ".json": "json", ".csv": "csv"}


@dataclass(frozen=True)
class InputFile:
    path: Path          # absolute, resolved
    rel: str            # as shown to the user: see source_path()
    kind: str           # text | html | jsonl | json | csv


def source_path(root: Path, full: Path) -> str:
    """full relative to root with POSIX slashes, as a string any table can hold.

    `%`, `#` and bytes that are not UTF-8 are written `%XX` (as in a URL), so
    a name such as `caf\\xe9.txt` becomes `caf%E9.txt` and a file literally
    called `x.jsonl#1` (`x.jsonl%231`) never reads as record 1 of `x.jsonl`.
    """
    raw = os.fsencode(full.relative_to(root).as_posix()).decode("utf-8", "surrogateescape")
    return "".join(f"%{ord(ch) - 0xDC00:02X}" if "\udc80" <= ch <= "\udcff"
                   else f"%{ord(ch):02X}" if ch in "%#" else ch for ch in raw)


def discover(root: Path, max_bytes: int, skip: Path | None = None) -> Iterator[InputFile | Rejected]:
    """Yield every file under root, sorted, as an InputFile or a Rejected; the folder skip (the run's own
    output folder, when it is inside the input) is not entered."""
    root = root.resolve()
    skip = Path(skip).resolve() if skip is not None else None
    stack = [root]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            yield Rejected(source_path(root, here), f"The folder could not be read ({err.strerror or type(err).__name__}); "
                                                    "fix its permissions to include its files.")
            continue
        folders = []
        for entry in entries:
            full = here / entry.name
            if not _is_folder(entry):
                yield _classify(root, full, source_path(root, full), max_bytes)
            elif entry.is_symlink():
                yield Rejected(source_path(root, full),
                               "It is a symbolic link to a folder; links to folders are not followed.")
            elif full != skip:
                folders.append(full)
        stack.extend(reversed(folders))  # depth first, in name order


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # cannot tell: treated as a file, which _classify then rejects with the reason
        return False


def _classify(root: Path, full: Path, rel: str, max_bytes: int) -> InputFile | Rejected:
    if full.is_symlink():
        try:
            target = full.resolve(strict=True)
        except (OSError, RuntimeError):
            return Rejected(rel, "It is a broken symbolic link.")
        if not target.is_relative_to(root):
            return Rejected(rel, "It is a symbolic link to a file outside the input folder, which is not followed.")
    else:
        target = full
    if full.name.startswith("."):
        return Rejected(rel, "It is a hidden file, which is not read as an article.")
    suffix = PurePosixPath(rel).suffix  # from the escaped name: a reason holds only valid text
    kind = SUPPORTED.get(suffix.lower())
    if kind is None:
        exts = ", ".join(sorted(SUPPORTED))
        return Rejected(rel, f"Its type ({suffix or 'no extension'}) is not supported; use one of {exts}.")
    try:
        st = target.stat()
    except OSError as err:
        return Rejected(rel, f"It could not be read ({err.strerror or err}).")
    if not target.is_file():
        return Rejected(rel, "It is not a regular file.")
    if st.st_size == 0:
        return Rejected(rel, "The file is empty.")
    if st.st_size > max_bytes:
        return Rejected(rel, f"The file is {st.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                             "(raise ingest.max_file_mb in params.yaml or split the file).")
    return InputFile(target, rel, kind)
