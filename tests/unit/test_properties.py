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


CUE_TEXTS = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(
    ["killed", "no", "soldiers", "were", "wounded", "Tuesday", "2020", "44-day war", "accused", "talks", "ceasefire",
     "called", "Aliyev", "-", "(", "’s", ",", ".", "  ", "é", "K", "İ", "none of its", "denied any losses"]),
    max_size=30).map(" ".join))


@settings(max_examples=200, deadline=None)
@given(CUE_TEXTS)
def test_guarded_cue_patterns_match_like_plain_ones(text):
    """The (?=\\w) speed guard of cues.cue_regex never changes what a pre-filter finds."""
    import re
    ex = extractors()
    for fast in (ex.casualties.prefilter, ex.book.dates._any_time, ex.contacts.any_cue):
        assert fast.pattern.startswith(r"(?=\w)")  # the rules as shipped are all guarded
        plain = re.compile(fast.pattern.removeprefix(r"(?=\w)"), fast.flags)
        a, b = fast.search(text), plain.search(text)
        assert (a and a.span()) == (b and b.span())


BUDGET_WORDS = st.sampled_from([
    "India", "Pakistan's", "Taiwan", "raised", "its", "defence budget", "military spending", "to", "Rs", "₹", "NT$", "$",
    "A$", "US$", "3.37", "45,000", "1,00,000", "13 491 943 000 000", "9" * 40, "lakh", "crore", "lakh crore", "billion",
    "rupees", "shekels", "(", ")", "about", "compared with", "up from", "by", "more than", "percent of", "the budget",
    "national budget", "for the army", "in military aid", "would be given", "2025-26", "FY2026", "the 2000s", ",",
    ".", "while", "it", "increase", "\n\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BUDGET_WORDS, max_size=50).map(" ".join), st.sampled_from([None, "2024-02-01"]))
def test_budget_rows_are_always_valid(text, published):
    """Any arrangement of budget vocabulary gives rows that fit the schema: amounts as written, never negative."""
    import pandas as pd

    from pipeline import schemas
    out = extract_article({"article_id": "0" * 16, "text": text, "published": published, "outlet": None}, extractors())
    rows = out["budget_mentions"]
    for r in rows:
        assert r["amount_text"] is None or text[r["char_start"]:r["char_end"]] == r["amount_text"]
        assert (r["amount"] is None) == (r["currency"] is None)
        assert (r["amount_usd"] is None) == (r["usd_rate_source"] is None)
    if rows:
        schemas.validate(schemas.conform(pd.DataFrame(rows), "budget_mentions"), "budget_mentions")
