"""The bench's wire-shaped corpus: the same for a seed, shaped like wire copy (no timings here)."""

import re
import statistics

from pipeline.bench_wire import BACKGROUND, CUE_SHARE, TARGET_WORDS, wire_articles, write_wire_corpus
from pipeline.extract.sentences import split_sentences


def test_the_wire_corpus_is_the_same_for_a_seed_and_differs_across_seeds():
    first = [a.text for a in wire_articles(20, seed=3)]
    assert first == [a.text for a in wire_articles(20, seed=3)]
    assert first != [a.text for a in wire_articles(20, seed=4)]
    assert first[:5] == [a.text for a in wire_articles(5, seed=3)]  # a smaller corpus is a prefix of a larger one


def test_the_wire_corpus_has_wire_copys_shape():
    articles = list(wire_articles(400, seed=11))
    kinds = [k for a in articles for k in a.kinds]
    assert abs(sum(k != "background" for k in kinds) / len(kinds) - CUE_SHARE) < 0.03
    assert abs(statistics.mean(len(a.body.split()) for a in articles) - TARGET_WORDS) < 20
    lengths = [len(s.text.split()) for a in articles for s in split_sentences(a.body)]
    assert 20 <= statistics.mean(lengths) <= 28 and statistics.quantiles(lengths, n=10)[-1] >= 32
    # the splitter sees the sentences the generator wrote, so the cue share written is the one extracted from
    assert sum(len(split_sentences(a.body)) == len(a.kinds) for a in articles) >= 0.95 * len(articles)


def test_background_sentences_carry_no_figure_and_each_lede_a_cue():
    assert not any(re.search(r"\d(?![^{]*\})|\{(?:n|m|m_cap|big)\}", t) for t in BACKGROUND)
    assert all(a.kinds[0] in ("casualty", "contact") for a in wire_articles(50, seed=5))


def test_write_wire_corpus_reports_what_it_wrote(tmp_path):
    stats = write_wire_corpus(12, tmp_path / "c", seed=2)
    files = sorted((tmp_path / "c").glob("w*.md"))
    assert stats["articles"] == len(files) == 12
    bodies = [f.read_text("utf-8").split("---\n", 2)[2] for f in files]
    assert stats["words"] == sum(len(b.split()) for b in bodies)
    assert 0 < stats["cue_sentences"] < stats["sentences"]


def test_wire_sentences_rarely_repeat_word_for_word():
    """Extraction caches some look-ups by sentence text: a corpus of repeated sentences would flatter its speed."""
    sentences = [s.text for a in wire_articles(500, seed=13) for s in split_sentences(a.body)]
    assert len(set(sentences)) >= 0.9 * len(sentences)
