"""`make bench`: extraction speed and memory on a synthetic corpus, against parsing every sentence.

The corpus is written into a temporary folder (never committed). By default it is the wire-shaped corpus of
`pipeline.bench_wire`: stories of about 250 words whose sentence lengths and share of figure, casualty and
contact sentences follow wire copy, written from the bench's own templates with invented names and numbers
(`--corpus sample` recombines the sample corpus' sentences instead, nearly all of them cue sentences). Each
stage runs as a `claims` child process, as DVC runs it, so its peak memory is its own; the one-process
extraction runs with the tally of `pipeline.bench_measure` on, which counts what reaches the parser.

Printed: articles/s and words/s per core end to end (the whole `claims extract` stage: read, extract, validate,
write), the share of sentences and of words sent to the dependency parser and the parser's share of the time;
the same model parsing every sentence of the same articles with `nlp.pipe` (best of --passes) and the ratio of
the two speeds; the issue's 20,000 words/s per core target with met / not met; peak RSS at two sizes, its slope
per 1,000 articles and the projection at 100,000; the speed-up from every core and whether --jobs and the Dask
engine give the same tables; spacy.load calls per process; whether the cache key follows the model's name and
version; the cost of 1% new articles with the cache and of a rule edit; `spacy.blank("en")` + sentencizer as
the floor of any token-level system; ingest's articles/s on templated wire text (`--templated`).
Measures; asserts nothing.
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

from pipeline import bench_measure as bm
from pipeline.bench_wire import write_wire_corpus

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"
SWAPS = {"Armenia": ["Kyrgyzstan", "India", "Thailand"], "Azerbaijan": ["Tajikistan", "China", "Cambodia"],
         "Armenian": ["Kyrgyz", "Indian", "Thai"], "Azerbaijani": ["Tajik", "Chinese", "Cambodian"]}
MONTHS = ["January", "March", "May", "July", "September", "November"]
# pipeline.extract.core.TABLES, written out: importing core (pandas, the rules) would make the parent large, and
# a child's peak RSS starts from its parent's
TABLES = ("casualty_claims", "budget_mentions", "diplomatic_contacts")
RULES = Path(__file__).resolve().parent / "rules"
CORPORA = {"wire": "wire-shaped synthetic stories written by pipeline.bench_wire (templates, invented names)",
           "sample": "the sample corpus' sentences recombined with other actors, numbers and months"}


def synthetic_corpus(n: int, folder: Path, seed: int = 7, prefix: str = "a") -> dict:
    """n articles of 8-20 sample sentences each, with numbers, actor pairs and months varied; what was written."""
    from pipeline.extract.sentences import split_sentences
    from pipeline.ingest import ingest_folder

    folder.mkdir(parents=True, exist_ok=True)
    articles = ingest_folder(SAMPLE).articles
    sentences = [s.text for t in articles["text"] for s in split_sentences(t)]
    rng = random.Random(seed)
    names = re.compile(r"\b(?:" + "|".join(sorted(SWAPS, key=len, reverse=True)) + r")\b")
    stats = {"articles": 0, "words": 0, "sentences": 0}
    for i in range(n):
        pair = rng.randrange(4)  # 0 keeps the sample's own actors
        picked = rng.sample(sentences, k=min(len(sentences), rng.randint(8, 20)))
        body = " ".join(re.sub(r"\b\d+\b", lambda m: str(rng.randint(1, 500)), s) for s in picked)
        if pair:
            body = names.sub(lambda m: SWAPS[m.group(0)][pair - 1], body)
        body = re.sub(r"\bNovember\b", lambda m: rng.choice(MONTHS), body)
        (folder / f"{prefix}{i:06d}.md").write_text(
            f"---\ntitle: Synthetic {prefix}{i}\noutlet: Bench Wire {i % 17}\n"
            f"published: 2021-11-{rng.randint(1, 28):02d}\n---\n{body}\n", "utf-8")
        stats["articles"] += 1
        stats["words"] += bm.words(body)
        stats["sentences"] += len(picked)
    return stats


def build_corpus(kind: str, n: int, folder: Path, seed: int = 7, prefix: str = "a") -> dict:
    """The chosen corpus' first n articles for this seed (a smaller n gives a prefix of a larger one)."""
    return write_wire_corpus(n, folder, seed, prefix) if kind == "wire" else synthetic_corpus(n, folder, seed, prefix)


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


def run_stage(stage: str, *args: str, tally: tuple[Path, Path] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, last stderr line) of one `claims STAGE` child process; with `tally`
    (json, loads log) it runs under pipeline.bench_measure, which writes what reached the parser.

    The parent stays small (it never loads the corpus or the model before the timed runs): on Linux a child's
    peak RSS starts from its parent's RSS at fork, so a large parent would inflate it.
    """
    via = ["pipeline.bench_measure", *map(str, tally)] if tally else ["pipeline.cli"]
    cmd = [sys.executable, "-m", *via, stage, *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "CI": "1"})
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"claims {stage} failed:\n{stderr}")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, stderr.strip().splitlines()[-1]


def run_extract(articles: Path, out: Path, *args: str, tally: tuple[Path, Path] | None = None
                ) -> tuple[float, float, str]:
    """(stage seconds as the stage reports them, peak RSS MB, summary line) of `claims extract`."""
    _, rss, line = run_stage("extract", "--articles", str(articles), "--out", str(out), *args, tally=tally)
    return float(re.search(r"in ([\d.]+) s", line).group(1)), rss, line


def same_tables(a: Path, b: Path) -> bool:
    """Whether two extract outputs hold byte-identical CSV tables."""
    return all((a / f"{t}.csv").read_bytes() == (b / f"{t}.csv").read_bytes() for t in TABLES)


def report_corpus(kind: str, stats: dict, n_new: int, seconds: float) -> None:
    """The corpus line: which corpus, its size and shape as written."""
    other = "sample" if kind == "wire" else "wire"
    arts, words, sents = stats["articles"], stats["words"], stats["sentences"]
    line = (f"corpus: {arts:,} articles of {CORPORA[kind]} (--corpus {other} for the other), {words:,} words = "
            f"{bm.share(words, arts):.0f} per article, {bm.share(words, sents):.1f} words per sentence")
    if "cue_sentences" in stats:
        line += f", {bm.pct(stats['cue_sentences'], sents)} of sentences written with a figure or cue"
    print(f"{line}; + {n_new} new ones for the incremental run (built in {seconds:.1f} s)")


def report_single(seconds: float, rss: float, line: str, tally: dict) -> None:
    """One process end to end, and what reached the parser in it."""
    words, arts, mb = tally["words"], tally["articles"], tally["chars"] / 1e6
    print(f"extract, 1 process, end to end: {seconds:.1f} s, {arts / seconds:.1f} articles/s, "
          f"{words / seconds:,.0f} words/s per core, {mb / seconds:.2f} MB/s, peak RSS {rss:.0f} MB\n    {line}")
    print(f"  {bm.parser_line(tally, seconds)}")


def extract_batch_size(params: Path = Path("params.yaml")) -> int:
    """Articles per unit of extraction work in the params the `claims extract` children read (./params.yaml,
    read here with yaml alone: pipeline.config would import pandas into the parent)."""
    import yaml

    loaded = yaml.safe_load(params.read_text("utf-8")) if params.exists() else None
    return int(((loaded or {}).get("extract") or {}).get("batch_size", 500))


def report_memory(points: list[tuple[int, float]], articles_per_s: float, batch: int) -> None:
    """Peak RSS at the sizes run, the slope per 1,000 articles and the projection at the issue's 100,000 (only
    meaningful when the smaller run already fills a whole batch: below that, memory grows with the batch)."""
    sizes = ", ".join(f"{mb:.0f} MB at {n:,}" for n, mb in sorted(points))
    slope = bm.rss_slope(points)
    goal = bm.MEMORY_GOAL_ARTICLES
    at_goal = bm.projected_rss(points, goal)
    minutes = goal / articles_per_s / 60
    print(f"peak RSS of one extraction process: {sizes} articles"
          + (f"; slope {slope:+.1f} MB per 1,000 articles, projected {at_goal:,.0f} MB at {goal:,} "
             f"(goal under {bm.MEMORY_GOAL_MB:,} MB: {bm.verdict(at_goal, bm.MEMORY_GOAL_MB, False)}, by projection)"
             if slope is not None else "")
          + (f"; the smaller run is under one {batch}-article batch, so the slope says little" if min(points)[0] < batch
             else ""))
    print(f"  {goal:,} articles not run here: one extraction process would take about {minutes:.0f} min at the "
          "speed above" + (" (over the 10 minutes make bench allows itself)" if minutes > 10 else ""))


def report_target(words_per_s: float, parse_all: float, words_all: int, sentences_all: int, articles_all: int,
                  passes: int) -> None:
    """Parsing every sentence with the same model, the ratio, and the issue's words/s target."""
    all_rate = words_all / parse_all
    print(f"parse every sentence, same model, nlp.pipe: {sentences_all:,} sentences, {words_all:,} words of the first "
          f"{articles_all:,} articles in {parse_all:.1f} s (best of {passes}) = {all_rate:,.0f} words/s; "
          f"end to end / parse everything = {words_per_s / all_rate:.2f}")
    print(bm.target_line(words_per_s))


def run_dask(articles: Path, out: Path, reference: Path, cores: int) -> None:
    """`claims extract --engine dask` on a local cluster of `cores` worker processes: same tables as one
    process?, and spacy.load calls per worker (the model cache's misses there)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask engine: dask.distributed not installed (pip install -e '.[dask]'); not run")
        return
    with LocalCluster(n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        seconds, _, _ = run_extract(articles, out, "--engine", "dask", "--scheduler", cluster.scheduler_address)
        with Client(cluster) as client:
            loads = client.run(bm.model_loads_here)
    print(f"extract, dask local cluster of {cores} workers: {seconds:.1f} s; same tables as 1 process: "
          f"{'yes' if same_tables(reference, out) else 'NO'}; model loads per worker: {sorted(loads.values())}")


def parse_all_sample(folder: Path, n: int) -> tuple[list[str], int]:
    """Every sentence of the first n ingested articles, and their words."""
    from pipeline import io
    from pipeline.extract.sentences import split_sentences

    texts = io.read_table(folder, "articles")["text"].head(n)
    sentences = [s.text for t in texts for s in split_sentences(t)]
    return sentences, sum(map(bm.words, sentences))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000, help="number of synthetic articles (default 1000)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="wire",
                        help="wire: wire-shaped stories (default); sample: the sample's sentences recombined")
    parser.add_argument("--parse-all", type=int, default=300,
                        help="articles whose every sentence is parsed for the baseline (default 300)")
    parser.add_argument("--passes", type=int, default=3, help="passes of the parse-everything baseline; best kept")
    parser.add_argument("--templated", default="10000,100000",
                        help="sizes of the templated wire corpora for ingest (default 10000,100000; '' for none)")
    args = parser.parse_args()
    templated([int(n) for n in args.templated.split(",") if n.strip()])
    # the smaller size for the memory slope: half, so that both runs fill whole 500-article batches at the default N
    n_new, n_small = max(1, args.n // 100), max(50, args.n // 2)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        stats = build_corpus(args.corpus, args.n, tmp / "src" / "base")
        build_corpus(args.corpus, n_new, tmp / "src" / "new", seed=8, prefix="b")
        build_corpus(args.corpus, n_small, tmp / "small-src")
        report_corpus(args.corpus, stats, n_new, time.perf_counter() - t0)
        t_ingest, rss, line = run_stage("ingest", str(tmp / "src" / "base"), "--out", str(tmp / "base"))
        print(f"ingest: {t_ingest:.1f} s wall, {args.n / t_ingest:.0f} articles/s (one process), "
              f"peak RSS {rss:.0f} MB\n    {line}")
        run_stage("ingest", str(tmp / "src"), "--out", str(tmp / "grown"))
        run_stage("ingest", str(tmp / "small-src"), "--out", str(tmp / "small"))

        cache, tally, loads1 = tmp / "cache.sqlite", tmp / "tally.json", tmp / "loads1.log"
        t1, rss1, line = run_extract(tmp / "base", tmp / "out1", "--jobs", "1", "--cache", str(cache),
                                     tally=(tally, loads1))
        counted = json.loads(tally.read_text("utf-8"))
        report_single(t1, rss1, line, counted)
        print(f"  model loads, 1 process: {bm.loads_line(bm.loads_by_process(loads1))}")
        _, rss_small, _ = run_extract(tmp / "small", tmp / "out-small", "--jobs", "1", "--cache",
                                      str(tmp / "cache-small.sqlite"), tally=(tmp / "tally-small.json", tmp / "l.log"))
        batch = extract_batch_size()
        report_memory([(n_small, rss_small), (args.n, rss1)], counted["articles"] / t1, batch)

        loadsj = tmp / "loadsj.log"
        tj, rssj, _ = run_extract(tmp / "base", tmp / "outj", "--jobs", "0", tally=(tmp / "tallyj.json", loadsj))
        same = "yes" if same_tables(tmp / "out1", tmp / "outj") else "NO"
        loads_j = bm.loads_line(bm.loads_by_process(loadsj))
        if args.n <= batch:
            loads_j += f" ({args.n} articles are one {batch}-article batch, which runs in the main process)"
        print(f"extract, {cores} processes (--jobs 0): {tj:.1f} s, {args.n / tj:.1f} articles/s ({t1 / tj:.2f}x one "
              f"process), {counted['words'] / tj / cores:,.0f} words/s per core, peak RSS of the main process "
              f"{rssj:.0f} MB; same tables as 1 process: {same}\n  model loads: {loads_j}")
        ti, _, line = run_extract(tmp / "grown", tmp / "out2", "--jobs", "1", "--cache", str(cache))
        print(f"incremental, +{n_new} articles (1%) with the cache: {ti:.1f} s = {100 * ti / t1:.1f}% of the full run"
              f"\n    {line}")
        rules = tmp / "rules"
        shutil.copytree(RULES, rules)
        with (rules / "casualties.yaml").open("a", encoding="utf-8") as f:
            f.write("\n# edited\n")
        params = tmp / "params.yaml"
        params.write_text(f"extract:\n  rules_dir: {rules}\n", "utf-8")
        tr, _, line = run_extract(tmp / "grown", tmp / "out3", "--jobs", "1", "--cache", str(cache),
                                  "--params", str(params))
        print(f"after a rule edit, same cache: {tr:.1f} s (everything re-extracted)\n    {line}")
        run_dask(tmp / "base", tmp / "outd", tmp / "out1", cores)

        # In this process from here on (the timed children are done): the model, the baseline, the texts.
        from pipeline.extract.core import extractors

        model = extractors().model
        sentences, words_all = parse_all_sample(tmp / "base", args.parse_all)
        best = bm.parse_everything(sentences, model, args.passes)
        report_target(counted["words"] / t1, best, words_all, len(sentences), min(args.parse_all, args.n), args.passes)
        from pipeline.extract.parse import model_version

        print(f"cache key follows the model's name and version ({model_version(model)}): "
              f"{'yes' if bm.cache_key_tracks_model(model) else 'NO'}")
        baseline(tmp / "base", t1)


def baseline(folder: Path, t_extract: float) -> None:
    """`spacy.blank("en")` + sentencizer over the same texts: the floor of any token-level rule system."""
    from pipeline import io

    try:
        import spacy
    except ImportError:
        print("baseline: spaCy not installed (pip install -e '.[bench]'); no ratio")
        return
    texts = io.read_table(folder, "articles")["text"]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    t_base = time.perf_counter() - t0
    print(f"baseline, spacy.blank('en') + sentencizer: {t_base:.1f} s, {len(texts) / t_base:.0f} articles/s; "
          f"extraction / baseline = {t_extract / t_base:.2f}")


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
