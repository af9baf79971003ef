"""`make bench` on real sentence shapes: extraction speed on a folder of real-looking news against parsing it all.

The synthetic corpora of `pipeline.bench` are written from templates; real copy has its own sentence lengths,
figures per sentence and candidate sentences. This measures one process over a folder of articles (by default
the realtwins corpus in ../shared, when it is there; `--corpus` or BENCH_CORPUS for another), in this process
with the articles already read, so "end to end" here is extraction of every article (no file reading or
writing): articles, words, words/s and articles/s per core (best of --repeat passes), the share of sentences
and of words `parse_sentences` received and of the time spent in it, the same model parsing every sentence of
the same articles with `nlp.pipe` (best of --repeat) and the ratio of the two speeds, the issue's 20,000 words/s
target with met / not met, and spacy.load calls in this process. Measures; asserts nothing; reads the folder
and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from pipeline import bench_measure as bm
from pipeline.extract import core
from pipeline.ingest import ingest_folder

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "realtwins" / "corpus"


def measure(folder: Path, repeat: int = 3) -> dict:
    """Best of `repeat` extraction passes over the folder's articles (the model is loaded before the timing),
    the tally of that pass, spacy.load calls in this process, and the best parse-everything time."""
    articles = ingest_folder(folder).articles.to_dict("records")
    ex = core.extractors()
    with tempfile.TemporaryDirectory() as tmp:
        loads = Path(tmp) / "loads.log"
        best = None
        with bm.tallied(bm.ParseTally(), loads):
            core.extract_article(articles[0], ex) if articles else None  # loads the model outside the timing
        for _ in range(repeat):
            with bm.tallied(bm.ParseTally(), loads) as tally:
                start = time.perf_counter()
                rows = sum(len(found["casualty_claims"]) for found in core.extract_many(articles, ex))
                elapsed = time.perf_counter() - start
            if best is None or elapsed < best["seconds"]:
                best = {"seconds": elapsed, "casualty_rows": rows, **asdict(tally)}
        best["loads"] = bm.loads_by_process(loads)
    sentences = [s.text for a in articles for s in core.split_sentences(a["text"])]
    best["parse_all_seconds"] = bm.parse_everything(sentences, ex.model, repeat)
    best["parse_all_words"] = sum(map(bm.words, sentences))
    return best


def report(folder: Path, m: dict, repeat: int) -> None:
    """The figures of `measure`, one aspect per line."""
    rate = m["words"] / m["seconds"]
    all_rate = m["parse_all_words"] / m["parse_all_seconds"]
    print(f"real-shape corpus {folder}: {m['articles']} articles, {m['words']:,} words, {m['sentences']} sentences")
    print(f"  extraction, one process (articles in memory, best of {repeat}): {m['seconds']:.2f} s = {rate:,.0f} "
          f"words/s per core, {m['articles'] / m['seconds']:.1f} articles/s ({m['casualty_rows']} casualty rows)")
    print(f"  {bm.parser_line(m, m['seconds'])}")
    print(f"  parse every sentence, same model, nlp.pipe: {m['parse_all_words']:,} words in "
          f"{m['parse_all_seconds']:.2f} s (best of {repeat}) = {all_rate:,.0f} words/s; "
          f"end to end / parse everything = {rate / all_rate:.2f}")
    print(f"  {bm.target_line(rate)}")
    print(f"  model loads over {repeat + 1} passes: {bm.loads_line(m['loads'])}")


def profile(folder: Path, top: int = 5) -> None:
    """Where extraction time goes: one pass under cProfile with cold look-up caches (the model is loaded first
    on an invented story), the parse's share and the `top` rule functions by own time. cProfile slows Python
    code more than the parser's compiled code, so the rules' share is an upper bound."""
    import cProfile
    import pstats
    import random

    from pipeline.bench_wire import wire_article

    articles = ingest_folder(folder).articles.to_dict("records")
    ex = core.extractors()
    warm = wire_article(random.Random(99)).body
    core.extract_article({"article_id": "warm-up", "text": warm, "published": None, "outlet": None}, ex)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: core.extract_many(articles, ex))
    total, parse, spots = bm.hot_spots(pstats.Stats(profiler), top)
    print(f"profile of one pass over {folder} ({len(articles)} articles, cProfile): {total:.2f} s, "
          f"parse_sentences {bm.pct(parse, total)}, rules {bm.pct(total - parse, total)}")
    for name, seconds in spots:
        print(f"  {name}: {seconds:.2f} s = {bm.pct(seconds, total - parse)} of the rules' time, "
              f"{bm.pct(seconds, total)} of all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("BENCH_CORPUS", DEFAULT_CORPUS)),
                        help="folder of articles (default: ../shared/realtwins/corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the fastest is reported (default 3)")
    parser.add_argument("--profile", action="store_true",
                        help="instead: one pass under cProfile, the parser's share and the top 5 rule functions")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"real-shape bench skipped: no folder {args.corpus} (set BENCH_CORPUS to a folder of articles)")
        return
    if args.profile:
        profile(args.corpus)
    else:
        report(args.corpus, measure(args.corpus, args.repeat), args.repeat)


if __name__ == "__main__":
    main()
