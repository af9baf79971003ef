"""What `make bench` counts and times around extraction (shared by pipeline.bench and pipeline.bench_real).

- `ParseTally` / `tallied()`: while extraction runs, count the articles and words it reads, the sentences and
  words `parse_sentences` receives (each sentence may be parsed as several clauses), the time spent inside it,
  and every `spacy.load` call by process id (forked worker processes append to the same log).
- `parse_everything()`: the time the same model takes to parse every sentence of the same articles with
  `nlp.pipe` (best of N passes), the baseline a sentence pre-filter has to beat.
- Small pure helpers for the figures printed: shares, the issue's targets with a plain met / not met,
  the peak-memory slope per 1,000 articles.

`python -m pipeline.bench_measure TALLY.json LOADS.log CLAIMS-ARGS...` runs one `claims` command with the
tally on and writes the tally as JSON. Measures; asserts nothing; the extraction code is not changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# The goals (casualty attachment on a dependency parse): measured and printed, never asserted.
TARGET_WORDS_PER_S = 20_000   # words/s per core, end to end
MEMORY_GOAL_MB = 1024         # peak RSS of extraction ...
MEMORY_GOAL_ARTICLES = 100_000  # ... at this many articles


def words(text: str) -> int:
    """Words as the bench counts them everywhere: runs of non-space characters."""
    return len(text.split())


def share(part: float, whole: float) -> float:
    """part / whole, 0 for an empty whole."""
    return part / whole if whole else 0.0


def pct(part: float, whole: float) -> str:
    """part / whole as a whole percentage: '42%'."""
    return f"{100 * share(part, whole):.0f}%"


def parser_line(tally: dict, seconds: float) -> str:
    """What reached the parser (a ParseTally as a dict) and its share of `seconds` of extraction."""
    t = tally
    return (f"sent to the parser: {t['parsed_sentences']:,} of {t['sentences']:,} sentences "
            f"({pct(t['parsed_sentences'], t['sentences'])}, parsed as {t['parsed_clauses']:,} clauses), "
            f"{t['parsed_words']:,} of {t['sentence_words']:,} words ({pct(t['parsed_words'], t['sentence_words'])}) "
            f"in {t['parse_calls']:,} nlp.pipe batches; parsing took {t['parse_seconds']:.1f} s = "
            f"{pct(t['parse_seconds'], seconds)} of extraction ({share(t['parsed_words'], t['parse_seconds']):,.0f} "
            "words/s inside the parser)")


def target_line(words_per_s: float) -> str:
    """The issue's words/s goal beside the measured figure."""
    return (f"target (issue): at least {TARGET_WORDS_PER_S:,} words/s per core end to end; measured "
            f"{words_per_s:,.0f}: {verdict(words_per_s, TARGET_WORDS_PER_S)}")


def verdict(measured: float, target: float, higher_is_better: bool = True) -> str:
    """'met' or 'not met' for a measured figure against a goal."""
    ok = measured >= target if higher_is_better else measured < target
    return "met" if ok else "not met"


def rss_slope(points: list[tuple[int, float]]) -> float | None:
    """MB per 1,000 articles between the smallest and largest run ((articles, peak MB) pairs); None with one size."""
    (n0, mb0), (n1, mb1) = min(points), max(points)
    return None if n1 == n0 else 1000 * (mb1 - mb0) / (n1 - n0)


def projected_rss(points: list[tuple[int, float]], articles: int) -> float | None:
    """Peak MB at `articles` (more than were run), on the straight line through the smallest and largest run;
    a falling line (noise around a flat peak) projects the largest run's peak, never less."""
    slope = rss_slope(points)
    if slope is None:
        return None
    n1, mb1 = max(points)
    return mb1 + max(0.0, slope) * (articles - n1) / 1000


@dataclass
class ParseTally:
    """What one extraction process read and sent to the parser."""
    articles: int = 0
    chars: int = 0                # characters of every article text read
    words: int = 0                # words of every article text read
    sentences: int = 0            # sentences the splitter gave
    sentence_words: int = 0       # words of those sentences
    parsed_sentences: int = 0     # sentences parse_sentences received
    parsed_clauses: int = 0       # the pieces they were parsed as (semicolon clauses)
    parsed_words: int = 0         # words of the sentences parse_sentences received
    parse_calls: int = 0          # calls of parse_sentences (one batch each)
    parse_seconds: float = 0.0    # wall time inside parse_sentences

    def count_sentences(self, text: str, sentences: list) -> None:
        self.articles += 1
        self.chars += len(text)
        self.words += words(text)
        self.sentences += len(sentences)
        self.sentence_words += sum(words(s.text) for s in sentences)

    def count_parse(self, texts: list[str], clauses: int, seconds: float) -> None:
        self.parse_calls += 1
        self.parsed_sentences += len(texts)
        self.parsed_clauses += clauses
        self.parsed_words += sum(words(t) for t in texts)
        self.parse_seconds += seconds

    @property
    def sentence_share(self) -> float:
        return share(self.parsed_sentences, self.sentences)

    @property
    def word_share(self) -> float:
        return share(self.parsed_words, self.sentence_words)


def _parse_users() -> list:
    """The pipeline.extract modules holding `parse_sentences` under that name (core, contacts, ...)."""
    from pipeline.extract import parse

    return [m for name, m in sorted(sys.modules.items()) if name.startswith("pipeline.extract.")
            and getattr(m, "parse_sentences", None) is parse.parse_sentences]


@contextlib.contextmanager
def tallied(tally: ParseTally, loads_log: Path | None = None):
    """Count into `tally` while extraction runs in this process; append 'pid model' to `loads_log` at every
    spacy.load (forked workers inherit the wrapper, so their loads are logged too)."""
    import spacy

    from pipeline.extract import core, parse

    real_parse, real_split, real_load = parse.parse_sentences, core.split_sentences, spacy.load
    users = _parse_users()

    def counted_parse(name, texts):
        start = time.perf_counter()
        out = real_parse(name, texts)
        tally.count_parse(texts, sum(len(parse.clauses_of(t)) for t in texts), time.perf_counter() - start)
        return out

    def counted_split(text):
        out = real_split(text)
        tally.count_sentences(text, out)
        return out

    def logged_load(name, *args, **kwargs):
        if loads_log is not None:
            with open(loads_log, "a", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {name}\n")
        return real_load(name, *args, **kwargs)

    for m in users:
        m.parse_sentences = counted_parse
    core.split_sentences, spacy.load = counted_split, logged_load
    try:
        yield tally
    finally:
        for m in users:
            m.parse_sentences = real_parse
        core.split_sentences, spacy.load = real_split, real_load


def loads_by_process(loads_log: Path) -> dict[int, int]:
    """spacy.load calls per process id, from a log `tallied` wrote (empty when nothing was loaded)."""
    counts: dict[int, int] = {}
    if Path(loads_log).exists():
        for line in Path(loads_log).read_text("utf-8").splitlines():
            pid = int(line.split()[0])
            counts[pid] = counts.get(pid, 0) + 1
    return counts


def model_loads_here() -> int:
    """Models this process has loaded (the misses of the parser's model cache): run on Dask workers."""
    from pipeline.extract import parse

    return parse._nlp.cache_info().misses


def loads_line(loads: dict[int, int]) -> str:
    """'N spacy.load calls in P processes, at most M per process'."""
    calls, procs = sum(loads.values()), len(loads)
    return (f"{calls} spacy.load call{'s' * (calls != 1)} in {procs} process{'es' * (procs != 1)}, "
            f"at most {max(loads.values(), default=0)} per process")


def parse_everything(sentences: list[str], model: str, repeat: int = 3) -> float:
    """Best of `repeat` wall times for the model to parse every sentence given with `nlp.pipe` (spaCy's default
    batch size), the same pipeline object the extraction uses (tagger, parser and the attribute ruler's POS
    rules); the model is loaded before the timing."""
    from pipeline.extract import parse

    nlp = parse._model(model)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(sentences):
            pass
        best = min(best, time.perf_counter() - start)
    return best


def cache_key_tracks_model(model: str) -> bool:
    """Whether the extraction cache key changes with the parser model's name and with its version: the key is
    computed with `model_version` answering 'name==1', for another name, and 'name==2' (nothing is loaded)."""
    from pipeline.extract import runner

    real = runner.model_version
    try:
        runner.model_version = lambda name: f"{name}==1"
        base = runner.ExtractSettings(parser_model=model).cache_key()
        other_name = runner.ExtractSettings(parser_model=model + "_other").cache_key()
        runner.model_version = lambda name: f"{name}==2"
        other_version = runner.ExtractSettings(parser_model=model).cache_key()
    finally:
        runner.model_version = real
    return base != other_name and base != other_version


_PACKAGE = Path(__file__).resolve().parent  # the pipeline package: the project's code, rules and bench alike


def _is_project(func: tuple) -> bool:
    return func[0].startswith(str(_PACKAGE))


def _is_parse_module(func: tuple) -> bool:
    return Path(func[0]) == _PACKAGE / "extract" / "parse.py"


def hot_spots(stats, top: int = 5) -> tuple[float, float, list[tuple[str, float]]]:
    """(profiled seconds, seconds inside parse_sentences, the `top` rule functions by own time) of a
    pstats.Stats. A function's own time counts the built-ins it calls directly (regex searches are the rules'
    work); the parse wrapper's module (pipeline/extract/parse.py) is the parser's, not a rule."""
    own: dict[tuple, float] = {}
    for func, (_cc, _nc, tt, _ct, callers) in stats.stats.items():
        if func[0] == "~" or func[0].startswith("<"):  # a built-in: charged to its callers
            for caller, (_c1, _c2, caller_tt, _c4) in callers.items():
                own[caller] = own.get(caller, 0.0) + caller_tt
        else:
            own[func] = own.get(func, 0.0) + tt
    parse = sum(ct for func, (_cc, _nc, _tt, ct, _cl) in stats.stats.items()
                if func[2] == "parse_sentences" and _is_parse_module(func))
    ranked = sorted(((v, f) for f, v in own.items() if _is_project(f) and not _is_parse_module(f)), reverse=True)
    return stats.total_tt, parse, [(f"{Path(f[0]).name}:{f[1]} {f[2]}", v) for v, f in ranked[:top]]


def main(argv: list[str]) -> None:
    """TALLY.json LOADS.log ARGS...: `claims ARGS...` with the tally on, the tally written to TALLY.json."""
    out, loads, args = Path(argv[0]), Path(argv[1]), argv[2:]
    from pipeline.cli import app

    tally = ParseTally()
    with tallied(tally, loads):
        try:
            app(args, prog_name="claims")
        except SystemExit as done:
            if done.code not in (0, None):
                raise
    out.write_text(json.dumps(asdict(tally)), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
