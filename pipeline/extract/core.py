"""Run every extractor over articles, sentence by sentence, sharing one context per article."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd

from pipeline.extract.budgets import BudgetExtractor
from pipeline.extract.casualties import CasualtyExtractor
from pipeline.extract.contacts import ContactExtractor
from pipeline.extract.context import ArticleContext
from pipeline.extract.parse import DEFAULT_MODEL, parse_sentences
from pipeline.extract.rates import RateTable, file_digest
from pipeline.extract.rulebook import Rulebook, load_rules
from pipeline.extract.sentences import split_sentences

TABLES = ("casualty_claims", "budget_mentions", "diplomatic_contacts")


@dataclass
class Extractors:
    book: Rulebook
    casualties: CasualtyExtractor
    budgets: BudgetExtractor
    contacts: ContactExtractor
    model: str = DEFAULT_MODEL  # the spaCy package that parses candidate sentences


def extractors(rules_dir: str | None = None, model: str = DEFAULT_MODEL,
               rate_files: tuple[str | None, str | None] = (None, None)) -> Extractors:
    """The extractors for a rules folder, parser model and US$ rate files (official annual averages,
    SIPRI-implied); built once per version of the rule and rate files. An absent rate file adds no rates."""
    book = load_rules(rules_dir)
    files = tuple(rate_files)
    return _extractors(book, model, files, tuple(file_digest(f) for f in files))


@functools.lru_cache(maxsize=4)
def _extractors(book: Rulebook, model: str, rate_files: tuple, _digests: tuple) -> Extractors:
    official, sipri = rate_files
    rates = RateTable.load(book.folder / "exchange_rates.csv", official, sipri, book.budgets.get("usd_rates"))
    return Extractors(book, CasualtyExtractor(book), BudgetExtractor(book, rates), ContactExtractor(book), model)


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract_article(article: dict, ex: Extractors, recent_days: int = 14) -> dict[str, list[dict]]:
    """All rows of the three claim tables for one article (a dict with articles' columns)."""
    book = ex.book
    text = article["text"]
    ctx = ArticleContext(article["article_id"], text, _date(article.get("published")), article.get("outlet"),
                         split_sentences(text))
    ranked = book.actors.states_by_mentions(text)
    ctx.sides = [c for c, _ in ranked]
    if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        ctx.host = ranked[0][0]
    # An unnamed "the defence ministry" is the host's only when the article is about it, not when the host is
    # merely the one state a sentence names ("the ministry said 70 Azerbaijani troops were killed").
    ctx.memory.host = ctx.host if ranked and ranked[0][1] >= 2 else None
    refs = [book.dates.resolve(s.text, ctx.published) for s in ctx.sentences]
    clause_refs = (book.dates.resolve(c, ctx.published) for s in ctx.sentences for c in s.text.split(","))
    for ref in clause_refs:
        # Without a publication date nothing tells a recent date from an old one (captions, background).
        if ref and ref.date and not ref.historical and ctx.published is not None and (
                0 <= (ctx.published - ref.date).days <= recent_days):
            ctx.main_date = ref.date
            break
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    # Only sentences with a casualty cue are parsed, all in one batch.
    candidates = [i for i, s in enumerate(ctx.sentences) if ex.casualties.is_candidate(s)]
    parsed = dict(zip(candidates, parse_sentences(ex.model, [ctx.sentences[i].text for i in candidates])))
    carried = ctx.main_date  # the last recent date named so far: "... killed that day" follows "on 16 November"
    for i, (sent, ref) in enumerate(zip(ctx.sentences, refs)):
        date = ref.date if ref else carried
        if ref and ref.date and not ref.historical and ctx.published is not None:
            carried = ref.date  # undated articles: a caption's date must not spread to the claims below it
        first = next((m for m in book.actors.mentions(sent.text) if len(m.code) == 3), None)
        ctx.memory.sentence_side = first.code if first else None
        ctx.memory.sentence_subject = book.attribution.sentence_opening(sent)

        def date_at(pos: int, _sent=sent, _default=date):
            near = book.dates.resolve_near(_sent.text, pos - _sent.start, ctx.published)
            return near.date if near else _default

        def claimant_for(pos: int, _sent=sent):
            return book.attribution.claimant(_sent, pos, ctx.memory)

        out["casualty_claims"] += ex.casualties.extract(sent, ctx, claimant_for, date_at, parsed.get(i))
        # Attribution only when a budget or contact cue is there (it is the costliest step).
        at_start = functools.partial(claimant_for, sent.start)
        out["budget_mentions"] += ex.budgets.extract(sent, ctx, at_start, date.year if ref and date else None)
        out["diplomatic_contacts"] += ex.contacts.extract(sent, ctx, at_start, date)
        book.attribution.remember_subject(sent, ctx.memory)
    return out
