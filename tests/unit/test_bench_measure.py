"""The bench's counters and the figures it prints (no timings here: speed is measured by `make bench`, never
asserted)."""

import os

import pytest

from pipeline import bench_measure as bm
from pipeline.extract import core, parse
from pipeline.extract.sentences import split_sentences


def test_words_shares_and_verdicts():
    assert bm.words("  Five soldiers\nwere killed, officials said. ") == 6
    assert bm.share(3, 12) == 0.25 and bm.share(5, 0) == 0.0
    assert bm.verdict(20_000, bm.TARGET_WORDS_PER_S) == "met"
    assert bm.verdict(19_999, bm.TARGET_WORDS_PER_S) == "not met"
    assert bm.verdict(900, 1024, higher_is_better=False) == "met"
    assert bm.verdict(1024, 1024, higher_is_better=False) == "not met"


def test_memory_slope_and_projection():
    points = [(2_000, 400.0), (500, 340.0)]
    assert bm.rss_slope(points) == pytest.approx(40.0)            # 60 MB over 1,500 articles
    assert bm.projected_rss(points, 100_000) == pytest.approx(400 + 40 * 98)
    assert bm.rss_slope([(1_000, 300.0)]) is None and bm.projected_rss([(1_000, 300.0)], 10) is None
    falling = [(500, 348.0), (1_000, 344.0)]  # noise around a flat peak
    assert bm.rss_slope(falling) == pytest.approx(-8.0) and bm.projected_rss(falling, 100_000) == 344.0


def test_the_tally_counts_sentences_and_words_of_both():
    tally = bm.ParseTally()
    text = "Ten soldiers were killed near the border. The weather was mild. Talks resume in May; both sides agreed."
    sentences = split_sentences(text)
    tally.count_sentences(text, sentences)
    tally.count_parse([sentences[0].text, sentences[2].text], clauses=3, seconds=0.5)
    assert (tally.articles, tally.sentences, tally.parsed_sentences, tally.parsed_clauses) == (1, 3, 2, 3)
    assert tally.words == tally.sentence_words == 18 and tally.parsed_words == 7 + 7
    assert tally.sentence_share == pytest.approx(2 / 3) and tally.word_share == pytest.approx(14 / 18)


def test_tallied_counts_what_extraction_sends_to_the_parser_and_restores_it():
    ex = core.extractors()
    text = ("Five soldiers died in an ambush near Tarkala, the army said. The road is narrow and steep. "
            "Kenya accused Somalia of arming the militants; Somalia denied it.")
    article = {"article_id": "a-bench", "text": text, "published": "2022-03-04", "outlet": "Bench"}
    candidates = [s for s in split_sentences(text) if ex.casualties.is_candidate(s) or ex.contacts.is_candidate(s)]
    real_parse, real_split = core.parse_sentences, core.split_sentences
    with bm.tallied(bm.ParseTally()) as tally:
        core.extract_article(article, ex)
    assert core.parse_sentences is real_parse and core.split_sentences is real_split
    assert (tally.articles, tally.sentences, tally.parse_calls) == (1, 3, 1)
    assert tally.parsed_sentences == len(candidates) == 2
    assert tally.parsed_clauses == 3  # the semicolon splits the last sentence in two
    assert tally.parsed_words == sum(bm.words(s.text) for s in candidates)


def test_every_spacy_load_is_logged_with_its_process(tmp_path):
    log = tmp_path / "loads.log"
    with bm.tallied(bm.ParseTally(), log):
        with pytest.raises(parse.ModelMissing):
            parse._nlp("no_such_model_for_the_bench")
    assert bm.loads_by_process(log) == {os.getpid(): 1}
    assert bm.loads_by_process(tmp_path / "absent.log") == {}
    assert bm.loads_line({11: 1, 12: 1}) == "2 spacy.load calls in 2 processes, at most 1 per process"
    assert bm.loads_line({11: 1}) == "1 spacy.load call in 1 process, at most 1 per process"


def test_the_cache_key_follows_the_models_name_and_version():
    assert bm.cache_key_tracks_model(parse.DEFAULT_MODEL)


def test_the_bench_parent_names_the_tables_and_rules_it_does_not_import():
    from pipeline import bench
    from pipeline.extract.rulebook import DEFAULT_RULES

    assert bench.TABLES == core.TABLES and bench.RULES == DEFAULT_RULES


def test_the_bench_reads_the_batch_size_the_extract_stage_uses(tmp_path):
    from pipeline import bench, stages
    from pipeline.config import load_params

    assert bench.extract_batch_size() == stages.batch_size(load_params())
    (tmp_path / "p.yaml").write_text("extract:\n  batch_size: 40\n", "utf-8")
    assert bench.extract_batch_size(tmp_path / "p.yaml") == 40 == stages.batch_size(load_params(tmp_path / "p.yaml"))
    assert bench.extract_batch_size(tmp_path / "absent.yaml") == 500


def test_hot_spots_charge_built_ins_to_their_caller_and_leave_the_parse_out():
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(lambda: ([bm.words("Five soldiers were killed. " * 400) for _ in range(300)],
                              parse.parse_sentences(parse.DEFAULT_MODEL, ["Talks resumed; both sides agreed."])))
    stats = pstats.Stats(profiler)
    total, parsed, spots = bm.hot_spots(stats, top=3)
    assert 0 < parsed < total
    words_own = next(v[2] for f, v in stats.stats.items() if f[2] == "words" and f[0] == bm.__file__)
    assert spots[0][0].endswith(" words") and spots[0][1] > 2 * words_own  # str.split's time is the caller's
    assert all(name.split(":")[0] in {"bench_measure.py"} for name, _ in spots)  # neither spaCy nor parse.py
