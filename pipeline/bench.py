"""`make bench`: extraction speed and memory on a synthetic corpus, against a tokenizer baseline.

The corpus is built in a temporary folder (never committed) by recombining the
sample corpus' sentences with varied numbers, so its articles look like the
sample's. Printed: articles/s and MB/s (single process), peak RSS, and the time
of `spacy.blank("en")` + sentencizer over the same texts (the floor of any
token-level rule system), as a ratio. Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import tempfile
import time
from pathlib import Path


from pipeline.extract.core import extract_articles, extractors
from pipeline.extract.sentences import split_sentences
from pipeline.ingest import ingest_folder

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


def synthetic_corpus(n: int, folder: Path, seed: int = 7) -> None:
    articles = ingest_folder(SAMPLE).articles
    sentences = [s.text for t in articles["text"] for s in split_sentences(t)]
    rng = random.Random(seed)
    for i in range(n):
        picked = rng.sample(sentences, k=min(len(sentences), rng.randint(8, 20)))
        body = " ".join(re.sub(r"\b\d+\b", lambda m: str(rng.randint(1, 500)), s) for s in picked)
        day = rng.randint(1, 28)
        (folder / f"a{i:06d}.md").write_text(
            f"---\ntitle: Synthetic {i}\noutlet: Bench Wire {i % 17}\npublished: 2021-11-{day:02d}\n---\n{body}\n", "utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic articles (default 10000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        synthetic_corpus(args.n, folder)
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        articles = ingest_folder(folder).articles
        t_ingest = time.perf_counter() - t0
    mb = articles["text"].str.len().sum() / 1e6
    extractors()  # load rules outside the timed section
    t0 = time.perf_counter()
    tables = extract_articles(articles)
    t_extract = time.perf_counter() - t0
    rows = {k: len(v) for k, v in tables.items()}
    print(f"corpus: {len(articles)} articles, {mb:.1f} MB of text (built in {t_build:.1f} s)")
    print(f"ingest: {t_ingest:.1f} s, {len(articles) / t_ingest:.0f} articles/s")
    print(f"extract: {t_extract:.1f} s, {len(articles) / t_extract:.0f} articles/s, {mb / t_extract:.2f} MB/s "
          f"(one process); rows: {rows}")
    try:
        import spacy
    except ImportError:
        print("baseline: spaCy not installed (pip install -e '.[bench]'); no ratio")
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        t0 = time.perf_counter()
        for _ in nlp.pipe(articles["text"], batch_size=256):
            pass
        t_base = time.perf_counter() - t0
        print(f"baseline (spacy.blank('en') + sentencizer): {t_base:.1f} s, "
              f"{len(articles) / t_base:.0f} articles/s; extraction / baseline = {t_extract / t_base:.2f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
