"""Contact and budget phrasings from tests/cases/."""

import datetime as dt

import pytest

from pipeline.extract.context import ArticleContext
from pipeline.extract.core import extractors
from pipeline.extract.sentences import split_sentences
from tests.conftest import load_cases


def _run(kind: str, text: str, sides=None, host=None, published=None):
    ex = extractors()
    published = dt.date.fromisoformat(str(published)) if published else None
    ctx = ArticleContext("0" * 16, text, published, "Test", split_sentences(text))
    ctx.sides = sides or []
    ctx.host = host
    rows = []
    for sent in ctx.sentences:
        def claimant_of(_sent=sent):
            return ex.book.attribution.claimant(_sent, _sent.start, ctx.memory)

        if kind == "contacts":
            rows += ex.contacts.extract(sent, ctx, claimant_of, None)
        else:
            rows += ex.budgets.extract(sent, ctx, claimant_of, None)
        ex.book.attribution.remember_subject(sent, ctx.memory)  # as the pipeline does after each sentence
    return rows


@pytest.mark.parametrize("case", load_cases("contacts.yaml"), ids=lambda c: c["text"][:60])
def test_contact_phrasing(case):
    rows = _run("contacts", case["text"], case.get("sides"), case.get("host"))
    assert {(r["actor1"], r["actor2"], r["contact_type"], r["mediator"]) for r in rows} == {tuple(c) for c in case["contacts"]}
    for r in rows:
        assert case["text"][r["char_start"]:r["char_end"]] == r["cue"]


@pytest.mark.parametrize("case", load_cases("budgets.yaml"), ids=lambda c: c["text"][:60])
def test_budget_phrasing(case):
    rows = _run("budgets", case["text"], case.get("sides"), published=case.get("published"))
    got = {(r["country"], r["year"], r["amount"], r["currency"],
            None if r["amount_usd"] is None else round(r["amount_usd"], 2), r["direction"]) for r in rows}
    assert got == {tuple(m) for m in case["mentions"]}
    if "shares" in case:  # [share_of_gdp, share_of_budget] of every row
        assert {(r["share_of_gdp"], r["share_of_budget"]) for r in rows} == {tuple(case["shares"])}
    if "previous" in case:  # previous_amount of every row
        assert {r["previous_amount"] for r in rows} == set(case["previous"])
    if "sentences" in case:  # how many sentences give rows
        assert len({r["evidence"] for r in rows}) == case["sentences"]
    if "rate_source" in case:  # usd_rate_source of every row
        assert {r["usd_rate_source"] for r in rows} == {case["rate_source"]}
    for r in rows:  # the span is the figure as written (or the cue when there is no figure)
        assert r["amount_text"] is None or case["text"][r["char_start"]:r["char_end"]] == r["amount_text"]
