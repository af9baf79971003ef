"""`make bench` on real sentence shapes: extraction speed on a folder of real-looking news, and the parser's share.

The synthetic corpus of `pipeline.bench` recombines the sample's sentences; real copy has longer sentences, more
figures per sentence and more candidate sentences to parse. This measures one process over a folder of articles
(by default the realtwins corpus in ../shared, when it is there; `--corpus` or BENCH_CORPUS for another):
articles, words, words/s, how many sentences the parser saw, and the share of extraction time spent in the
dependency parse. Measures; asserts nothing; reads the folder and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from pipeline.extract import core
from pipeline.ingest import ingest_folder

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "realtwins" / "corpus"


def measure(folder: Path, repeat: int = 3) -> dict:
    """Best of `repeat` passes over the folder's articles (the first also loads the model)."""
    articles = ingest_folder(folder).articles.to_dict("records")
    ex = core.extractors()
    parse_time = [0.0]
    parsed_sentences = [0]
    real_parse = core.parse_sentences

    def timed_parse(model, texts):
        start = time.perf_counter()
        out = real_parse(model, texts)
        parse_time[0] += time.perf_counter() - start
        parsed_sentences[0] += len(texts)
        return out

    core.parse_sentences = timed_parse
    try:
        core.extract_article(articles[0], ex) if articles else None  # load the model outside the timing
        best = None
        for _ in range(repeat):
            parse_time[0], parsed_sentences[0] = 0.0, 0
            start = time.perf_counter()
            rows = sum(len(core.extract_article(a, ex)["casualty_claims"]) for a in articles)
            elapsed = time.perf_counter() - start
            if best is None or elapsed < best["seconds"]:
                best = {"seconds": elapsed, "parse_seconds": parse_time[0], "parsed": parsed_sentences[0],
                        "casualty_rows": rows}
    finally:
        core.parse_sentences = real_parse
    words = sum(len(a["text"].split()) for a in articles)
    sentences = sum(len(core.split_sentences(a["text"])) for a in articles)
    return {"articles": len(articles), "words": words, "sentences": sentences, **best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("BENCH_CORPUS", DEFAULT_CORPUS)),
                        help="folder of articles (default: ../shared/realtwins/corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the fastest is reported (default 3)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"real-shape bench skipped: no folder {args.corpus} (set BENCH_CORPUS to a folder of articles)")
        return
    m = measure(args.corpus, args.repeat)
    print(f"real-shape corpus {args.corpus}: {m['articles']} articles, {m['words']:,} words, {m['sentences']} sentences")
    print(f"  extraction, one process: {m['seconds']:.2f} s = {m['words'] / m['seconds']:,.0f} words/s, "
          f"{m['articles'] / m['seconds']:.1f} articles/s ({m['casualty_rows']} casualty rows)")
    print(f"  dependency parse: {m['parsed']} of {m['sentences']} sentences "
          f"({100 * m['parsed'] / max(1, m['sentences']):.0f}%), {m['parse_seconds']:.2f} s = "
          f"{100 * m['parse_seconds'] / m['seconds']:.0f}% of extraction time")


if __name__ == "__main__":
    main()
