"""`make bench`: extraction speed and memory on a synthetic corpus, against a tokenizer baseline.

The corpus is built in a temporary folder (never committed) by recombining
the sample corpus' sentences with varied numbers, actors and dates, so its
articles look like the sample's. The extract stage runs as `claims extract`
in a child process, as DVC runs it, so its peak memory is its own. Printed:
articles/s and MB/s per core, the speed-up from every core, peak RSS, the
incremental cost of 1% new articles with the cache, a rule edit's effect,
and `spacy.blank("en")` + sentencizer over the same texts (the floor of any
token-level rule system) as a ratio; then ingest's articles/s on templated wire
text (one JSONL of near-identical records, `--templated`), where near-duplicate
detection once grew quadratically. Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline import io
from pipeline.extract.rulebook import DEFAULT_RULES
from pipeline.extract.sentences import split_sentences
from pipeline.ingest import ingest_folder

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"
SWAPS = {"Armenia": ["Kyrgyzstan", "India", "Thailand"], "Azerbaijan": ["Tajikistan", "China", "Cambodia"],
         "Armenian": ["Kyrgyz", "Indian", "Thai"], "Azerbaijani": ["Tajik", "Chinese", "Cambodian"]}
MONTHS = ["January", "March", "May", "July", "September", "November"]


def synthetic_corpus(n: int, folder: Path, seed: int = 7, prefix: str = "a") -> None:
    """n articles of 8-20 sample sentences each, with numbers, actor pairs and months varied."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = ingest_folder(SAMPLE).articles
    sentences = [s.text for t in articles["text"] for s in split_sentences(t)]
    rng = random.Random(seed)
    names = re.compile(r"\b(?:" + "|".join(sorted(SWAPS, key=len, reverse=True)) + r")\b")
    for i in range(n):
        pair = rng.randrange(4)  # 0 keeps the sample's own actors
        picked = rng.sample(sentences, k=min(len(sentences), rng.randint(8, 20)))
        body = " ".join(re.sub(r"\b\d+\b", lambda m: str(rng.randint(1, 500)), s) for s in picked)
        if pair:
            body = names.sub(lambda m: SWAPS[m.group(0)][pair - 1], body)
        body = re.sub(r"\bNovember\b", lambda m: rng.choice(MONTHS), body)
        (folder / f"{prefix}{i:06d}.md").write_text(
            f"---\ntitle: Synthetic {prefix}{i}\noutlet: Bench Wire {i % 17}\npublished: 2021-11-{rng.randint(1, 28):02d}\n"
            f"---\n{body}\n", "utf-8")


WIRE = ("LONDON (Bench Wire) - The defence ministry said {i} soldiers were killed in fighting near the border "
        "overnight, according to a statement released on Tuesday. Officials said the clashes began after artillery "
        "fire was heard in the northern district, and that talks would resume next week. Civilians had left the area "
        "and aid convoys were waiting at the crossing for permission to enter.")


def templated_corpus(n: int, folder: Path, per_file: int = 10_000) -> None:
    """n records in wire-NNN.jsonl files (per_file each, under the size limit), copies of one story that
    differ in a single figure."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, per_file):
        with (folder / f"wire-{start // per_file:03d}.jsonl").open("w", encoding="utf-8") as f:
            for i in range(start, min(n, start + per_file)):
                f.write(json.dumps({"text": WIRE.format(i=i + 1), "title": "Border clash", "outlet": f"Wire {i % 7}",
                                    "published": f"2021-11-{1 + i % 28:02d}"}) + "\n")


def run_stage(stage: str, *args: str) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, last stderr line) of one `claims STAGE` child process.

    The parent stays small (it never loads the corpus): on Linux a child's peak
    RSS starts from its parent's RSS at fork, so a large parent would inflate it.
    """
    cmd = [sys.executable, "-m", "pipeline.cli", stage, *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "CI": "1"})
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"claims {stage} failed:\n{stderr}")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, stderr.strip().splitlines()[-1]


def run_extract(articles: Path, out: Path, *args: str) -> tuple[float, float, str]:
    """(stage seconds as the stage reports them, peak RSS MB, summary line) of `claims extract`."""
    _, rss, line = run_stage("extract", "--articles", str(articles), "--out", str(out), *args)
    return float(re.search(r"in ([\d.]+) s", line).group(1)), rss, line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic articles (default 10000)")
    parser.add_argument("--templated", default="10000,100000",
                        help="sizes of the templated wire corpora for ingest (default 10000,100000; '' for none)")
    args = parser.parse_args()
    templated([int(n) for n in args.templated.split(",") if n.strip()])
    n_new = max(1, args.n // 100)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        synthetic_corpus(args.n, tmp / "src" / "base")
        synthetic_corpus(n_new, tmp / "src" / "new", seed=8, prefix="b")
        print(f"corpus: {args.n} articles + {n_new} new ones for the incremental run "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        t_ingest, rss, line = run_stage("ingest", str(tmp / "src" / "base"), "--out", str(tmp / "base"))
        print(f"ingest: {t_ingest:.1f} s wall, {args.n / t_ingest:.0f} articles/s (one process), "
              f"peak RSS {rss:.0f} MB\n    {line}")
        run_stage("ingest", str(tmp / "src"), "--out", str(tmp / "grown"))
        base = io.read_table(tmp / "base", "articles")[["text"]]
        mb = base["text"].str.len().sum() / 1e6
        cores = os.cpu_count() or 1

        cache = tmp / "cache.sqlite"
        t1, rss1, line = run_extract(tmp / "base", tmp / "out1", "--jobs", "1", "--cache", str(cache))
        print(f"extract, 1 process:    {t1:.1f} s, {len(base) / t1:.0f} articles/s, {mb / t1:.2f} MB/s per core, "
              f"peak RSS {rss1:.0f} MB\n    {line}")
        tj, rssj, _ = run_extract(tmp / "base", tmp / "outj", "--jobs", "0")
        print(f"extract, {cores} processes:  {tj:.1f} s, {len(base) / tj:.0f} articles/s "
              f"({t1 / tj:.2f}x one process), peak RSS of the main process {rssj:.0f} MB")
        ti, _, line = run_extract(tmp / "grown", tmp / "out2", "--jobs", "1", "--cache", str(cache))
        print(f"incremental, +{n_new} articles (1%) with the cache: {ti:.1f} s = {100 * ti / t1:.1f}% of the full run"
              f"\n    {line}")
        rules = tmp / "rules"
        shutil.copytree(DEFAULT_RULES, rules)
        with (rules / "casualties.yaml").open("a", encoding="utf-8") as f:
            f.write("\n# edited\n")
        params = tmp / "params.yaml"
        params.write_text(f"extract:\n  rules_dir: {rules}\n", "utf-8")
        tr, rssr, line = run_extract(tmp / "grown", tmp / "out3", "--jobs", "1", "--cache", str(cache),
                                  "--params", str(params))
        print(f"after a rule edit, same cache: {tr:.1f} s (everything re-extracted)\n    {line}")

    try:
        import spacy
    except ImportError:
        print("baseline: spaCy not installed (pip install -e '.[bench]'); no ratio")
        return
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    t0 = time.perf_counter()
    for _ in nlp.pipe(base["text"], batch_size=256):
        pass
    t_base = time.perf_counter() - t0
    print(f"baseline, spacy.blank('en') + sentencizer: {t_base:.1f} s, {len(base) / t_base:.0f} articles/s; "
          f"extraction / baseline = {t1 / t_base:.2f}")


def templated(sizes: list[int]) -> None:
    """Ingest articles/s on templated wire text at each size: flat when near-duplicate detection is linear."""
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            templated_corpus(n, Path(tmp) / "src")
            seconds, rss, line = run_stage("ingest", str(Path(tmp) / "src"), "--out", str(Path(tmp) / "out"))
            print(f"ingest, {n} templated wire records: {seconds:.1f} s, {n / seconds:.0f} articles/s, "
                  f"peak RSS {rss:.0f} MB\n    {line}")


if __name__ == "__main__":
    main()
