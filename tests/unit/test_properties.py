"""Property tests: arbitrary text never breaks extraction, and every offset slices its own span."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.core import extract_article, extractors
from pipeline.ingest.repair import repair_text

WORDS = st.sampled_from(["Armenia", "said", "12", "soldiers", "were", "killed", "and", "two", "wounded", "as many as",
                         "15", "its", "troops", "according to", "Azerbaijan's defence ministry", ",", ".", "no",
                         "at least", "urged", "Russia", "the", "$2.7bn", "budget", "on Tuesday", "\n\n", "“", "”"])
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, "2021-11-17"]))
def test_extraction_never_raises_and_offsets_slice(text, published):
    ex = extractors()
    out = extract_article({"article_id": "0" * 16, "text": text, "published": published, "outlet": None}, ex)
    for r in out["casualty_claims"]:
        assert text[r["char_start"]:r["char_end"]] == r["count_text"]
    for r in out["diplomatic_contacts"]:
        assert text[r["char_start"]:r["char_end"]] == r["cue"]
    for r in out["budget_mentions"]:
        assert 0 <= r["char_start"] < r["char_end"] <= len(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_repair_never_raises(text):
    assert isinstance(repair_text(text), str)
