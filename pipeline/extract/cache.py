"""Per-article extraction results kept between runs, so a re-run extracts only what is new.

One SQLite file: a row per article, keyed by what the result depends on (the
article's id, which is a hash of its text, its publication date and outlet),
holding that article's rows of the three claim tables as JSON. The whole
file belongs to one *ruleset key* (a hash of the rule files, the extraction
settings and the extraction code): when any of them changes, every stored
result is dropped, because any of them can change any row.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from pipeline import __version__

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (article_key TEXT PRIMARY KEY, rows TEXT NOT NULL);
"""


def code_hash() -> str:
    """Hash of the extraction code itself: a new rule in Python invalidates like a new rule in YAML."""
    h = hashlib.sha256(__version__.encode())
    folder = resources.files("pipeline.extract")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".py")):
        h.update(name.encode())
        h.update(folder.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def ruleset_key(rules_fingerprint: str, settings: dict) -> str:
    payload = json.dumps({"rules": rules_fingerprint, "code": code_hash(), "settings": settings}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def article_key(article: dict) -> str:
    """What one article's result depends on besides the rules: its text (via the id), date and outlet."""
    parts = [article.get("article_id"), article.get("published"), article.get("outlet")]
    return hashlib.sha256(json.dumps([None if p is None else str(p) for p in parts]).encode()).hexdigest()[:24]


class ExtractionCache:
    """`get` the stored rows of many articles at once, `put` new ones; a batch is one transaction."""

    def __init__(self, path: Path, ruleset: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as err:  # random bytes, a truncated file, another program's tables
            log.warning("%s is not a readable extraction cache (%s), so it is rebuilt: every article is "
                        "extracted again this time.", self.path, err)
            for stale in (self.path, self.path.with_name(self.path.name + "-journal")):
                stale.unlink(missing_ok=True)
            self._db = self._open()
        stored = self._db.execute("SELECT value FROM meta WHERE name = 'ruleset'").fetchone()
        if stored is None or stored[0] != ruleset:
            with self._db:
                self._db.execute("DELETE FROM results")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('ruleset', ?)", (ruleset,))
            self._db.execute("VACUUM")
        self.hits = 0
        self.misses = 0

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("its pages are damaged")
            db.executescript(SCHEMA)
            db.execute("SELECT name, value FROM meta LIMIT 1").fetchall()
            db.execute("SELECT article_key, rows FROM results LIMIT 1").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def get(self, keys: list[str]) -> dict[str, dict[str, list[dict]]]:
        found: dict[str, dict[str, list[dict]]] = {}
        for i in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for key, rows in self._db.execute(f"SELECT article_key, rows FROM results WHERE article_key IN ({marks})", chunk):
                found[key] = json.loads(rows)
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put(self, results: Iterable[tuple[str, dict[str, list[dict]]]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)",
                                 ((key, json.dumps(rows, sort_keys=True)) for key, rows in results))

    def close(self) -> None:
        self._db.close()
