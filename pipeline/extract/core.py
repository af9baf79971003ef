"""Run every extractor over articles, sentence by sentence, sharing one context per article."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from pipeline.extract.actors import SCENE, UNKNOWN
from pipeline.extract.attribution import Claimant
from pipeline.extract.budgets import BudgetExtractor
from pipeline.extract.casualties import CasualtyExtractor
from pipeline.extract.contacts import ContactExtractor
from pipeline.extract.context import ArticleContext
from pipeline.extract.parse import DEFAULT_MODEL, parse_sentences
from pipeline.extract.rates import RateTable, file_digest
from pipeline.extract.rulebook import Rulebook, load_rules
from pipeline.extract.sentences import dateline, split_sentences

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
    return Extractors(book, CasualtyExtractor(book), BudgetExtractor(book, rates, model), ContactExtractor(book, model), model)


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def scene(book, text: str) -> str | None:
    """The state where the article's events happen: the one its places are in ("near Navolato", "in Sinaloa
    state", "across Myanmar"), when at least two say so and no
    other state has two thirds as many; between close ones, the one the article places first (the lede)."""
    where: Counter = Counter()
    first: dict[str, int] = {}
    found = [(p.start, p.code) for p in book.places.where(text)]
    # "in Mexico", "in Islamabad" (a capital where something happens is a place); not an armed group's name:
    # al-Shabaab (based in Somalia) raids Kenya, the ADF (based in Congo) Uganda
    found += [(m.start, m.code) for m in book.actors.mentions(text) if len(m.code) == 3
              and m.kind in ("name", "metonym") and book.places.cued(text, m.start, m.end)]
    for at, code in sorted(found):
        where[code] += 1
        first.setdefault(code, at)
    ranked = where.most_common()
    if not ranked or ranked[0][1] < 2:
        return None
    close = [c for c, n in ranked if 3 * n >= 2 * ranked[0][1]]
    if len(close) == 1:
        return close[0]
    lead = min(close, key=first.__getitem__)
    return lead if where[lead] == ranked[0][1] or len(close) == 2 else None


def _dateline_state(book, line: str | None) -> str | None:
    """The state of the city in a story's wire dateline ("NAIROBI, Kenya (AP) —" -> KEN), or None."""
    if line is None:
        return None
    words = re.sub(r"\(.*?\)", " ", line).title()  # "YAOUNDE, Oct. 22 (Xinhua) —" -> "Yaounde, Oct. 22"
    states = [m.code for m in book.actors.mentions(words) if len(m.code) == 3 and m.code != UNKNOWN]
    states += [p.code for p in book.places.places(words) if p.code]
    return states[0] if states else None


def candidates(ex: Extractors, sentences: list) -> list[int]:
    """The sentences worth parsing: those with a casualty or contact cue."""
    return [i for i, s in enumerate(sentences) if ex.casualties.is_candidate(s) or ex.contacts.is_candidate(s)]


# Articles whose candidate sentences go to the parser together: batches across articles run faster than one
# article's few sentences, and the parses of 64 articles at a time bound the memory held.
PARSE_ARTICLES = 64


def extract_many(articles: list[dict], ex: Extractors, recent_days: int = 14) -> list[dict[str, list[dict]]]:
    """extract_article for each article, in order, the candidate sentences of many articles parsed in one batch."""
    out = []
    for k in range(0, len(articles), PARSE_ARTICLES):
        chunk = articles[k:k + PARSE_ARTICLES]
        sentences = [split_sentences(a["text"]) for a in chunk]
        wanted = [candidates(ex, ss) for ss in sentences]
        clauses = iter(parse_sentences(ex.model, [ss[i].text for ss, w in zip(sentences, wanted) for i in w]))
        for a, ss, w in zip(chunk, sentences, wanted):
            out.append(extract_article(a, ex, recent_days, sentences=ss, parsed={i: next(clauses) for i in w}))
    return out


def extract_article(article: dict, ex: Extractors, recent_days: int = 14, sentences: list | None = None,
                    parsed: dict | None = None) -> dict[str, list[dict]]:
    """All rows of the three claim tables for one article (a dict with articles' columns); `sentences` and
    `parsed` (the clauses of its candidate sentences, by index) when `extract_many` has them already."""
    book = ex.book
    text = article["text"]
    ctx = ArticleContext(article["article_id"], text, _date(article.get("published")), article.get("outlet"),
                         sentences if sentences is not None else split_sentences(text))
    ranked = book.actors.states_by_mentions(text)
    line = dateline(text)
    where = _dateline_state(book, line)
    if where is not None and where in dict(ranked):
        # "YAOUNDE, Oct. 22 (Xinhua) —" over a story that names Cameroon once: the dateline's state counts as named
        # again (a foreign bureau's dateline, "GENEVA" or "DUBAI", names a state the story does not: no effect)
        ranked = sorted(((c, n + (c == where)) for c, n in ranked), key=lambda cn: -cn[1])
    if not ranked and where is not None:
        # "ISLAMABAD - The death toll ... in Kurram district rose to 88": a story that names no state is the
        # dateline's state's
        ranked = [(where, 2)]
    ctx.sides = [c for c, _ in ranked]
    book.dates.sides = frozenset(ctx.sides)  # "last year's war" is one of rules/wars.yaml only between its sides
    if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        ctx.host = ranked[0][0]
    ctx.scene = ctx.memory.scene = scene(book, text)
    if ctx.host is None and where is not None and ranked and ranked[0][0] == where:
        # "OSLIN (Wire) - Twelve guards died in Kestria's west ..., the army said": the dateline's
        # state, named most, is the story's, though places in Mali are named in the background
        ctx.host = where
    if ctx.host is None:
        ctx.host = ctx.scene  # "Russian missiles hit Chernihiv": about Ukraine, though Russia is named more
    # An unnamed "the defence ministry" is the host's only when the article is about it, not when the host is
    # merely the one state a sentence names ("the ministry said 70 Azerbaijani troops were killed").
    ctx.memory.host = ctx.host if ranked and ranked[0][1] >= 2 else None
    top_two = [c for c, _ in ranked[:2]]
    if ctx.memory.host is None and ctx.scene and (ctx.scene not in top_two or ctx.scene == ctx.host):
        # "the defence ministry said" in an article set in Tillaberi and Tahoua: Niger's, though Mali and France
        # are named more in the background; never when another state named as often may be the speaker
        # (Israel's army in an article set in Gaza)
        ctx.memory.host = ctx.scene
    # Dates of reports ("said on Tuesday") are not incidents' dates: they count only in an article that
    # names no other date (where they are the nearest day the text gives, and what links its claims to others').
    masked = [book.dates.without_speech(s.text) for s in ctx.sentences]
    if not any(book.dates.resolve(m, ctx.published) for m in masked):
        masked = [s.text for s in ctx.sentences]
    refs = [book.dates.resolve(m, ctx.published) for m in masked]
    # The current events' day comes from a sentence about them (an attack, a clash, a death), not from "Eight days
    # ago the UN envoy concluded a visit"; a wire dateline's day ("NAIROBI, Kenya, Jun 6 –") is the report's, used
    # only when no sentence about the events names a day.
    events = [m for m in masked if ex.casualties.event.search(m)]
    clause_refs = itertools.chain((book.dates.resolve(c, ctx.published) for m in events for c in m.split(",")),
                                  [book.dates.resolve(line, ctx.published) if line else None])
    for ref in clause_refs:
        # Without a publication date nothing tells a recent date from an old one (captions, background).
        if ref and ref.date and not ref.historical and ctx.published is not None and (
                0 <= (ctx.published - ref.date).days <= recent_days):
            ctx.main_date = ref.date
            break
    # "killed ... earlier this week": the earliest day of the past week a sentence about the events names ("attacked
    # the police station on Wednesday", "in two attacks over Sunday and Monday")
    this_week = min((r.date for m in events for c in m.split(",") if (r := book.dates.resolve(c, ctx.published))
                     and r.date and not r.historical and ctx.published is not None
                     and 0 < (ctx.published - r.date).days <= 6), default=None)
    # The war's start, for cumulative tolls: the earliest onset the article names.
    # "On 2 April the ministry said it had begun an operation": the day of the announcement is the
    # onset's when the sentence gives no other
    onsets = [book.dates.onset(m, ctx.published) or book.dates.onset(s.text, ctx.published)
              for m, s in zip(masked, ctx.sentences) if ex.casualties.onset.search(m)]
    onset = min((d for d in onsets if d and ctx.published and d <= ctx.published), default=None)
    # ... and the current episode's, for its tolls: the earliest recent one ("launched an offensive on Sept. 19", not
    # the 1991 independence vote the background recalls)
    episode = min((d for d in onsets if d and ctx.published and 0 <= (ctx.published - d).days <= 2 * recent_days),
                  default=None)
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    # Only sentences with a casualty or contact cue are parsed, all in one batch.
    if parsed is None:
        wanted = candidates(ex, ctx.sentences)
        parsed = dict(zip(wanted, parse_sentences(ex.model, [ctx.sentences[i].text for i in wanted])))
    carried = ctx.main_date  # the last recent date named so far: "... killed that day" follows "on 16 November"
    for i, (sent, ref, plain) in enumerate(zip(ctx.sentences, refs, masked)):
        date = ref.date if ref else carried
        if ref is None and this_week is not None and book.dates.this_week(sent.text):
            date = this_week
        last = out["casualty_claims"][-1] if out["casualty_claims"] else None
        if ref is None and last is not None and last["incident_date"] and ex.casualties.continuation.search(sent.text) \
                and ctx.text.count("\n\n", last["char_end"], sent.start) <= 1:
            # "Another 5,310 were hurt, it added", "Nine guards were also killed": the figures just
            # before go on, and so does their day
            date = dt.date.fromisoformat(last["incident_date"])
        before = refs[i - 1] if i else None
        if ref is None and before and before.historical and before.date and not book.dates.vague(sent.text) \
                and "\n\n" not in ctx.text[ctx.sentences[i - 1].end:sent.start]:
            # "... struck the port town in May 2001. Seventeen people died.": the sentence goes on
            # with the past event its paragraph just named
            date = before.date
        if ref and ref.date and not ref.historical and ctx.published is not None and (ref.carry or carried is None):
            carried = ref.date  # undated articles: a caption's date must not spread to the claims below it
        first = next((m for m in book.actors.mentions(sent.text) if len(m.code) == 3), None)
        ctx.memory.sentence_side = first.code if first else None
        ctx.memory.sentence_subject = book.attribution.sentence_opening(sent)

        cumulative = ex.casualties.is_cumulative(sent.text)
        toll_of_episode = not cumulative and episode is not None and ex.casualties.episode.search(sent.text)
        if toll_of_episode:
            # "the toll rose to 81" after "clashes erupted on 14 September": this episode's first day (not an
            # insurgency's "since 2021"), whatever day the toll rose on ("rose to 88 yesterday")
            date = episode

        # "left eight troops dead over four days of clashes, an officer said on Friday": the period ends on the
        # report's day
        spoken = book.dates.resolve(sent.text, ctx.published)
        period = book.dates.period_start(sent.text, (spoken.date if spoken else None) or ctx.published or date)

        def date_at(pos: int, _sent=sent, _default=date, _plain=plain, _cumulative=cumulative, _period=period,
                    _episode=bool(toll_of_episode)):
            if _period is not None:
                return _period
            if _episode:
                return _default
            if _cumulative:
                # "shot 22 people since Monday, including three on Thursday": a part with a day of its own
                own = book.dates.clause_day(_plain, pos - _sent.start, ctx.published)
                return own or book.dates.toll_start(_plain, ctx.published, onset)
            near = book.dates.resolve_near(_plain, pos - _sent.start, ctx.published)
            if near is None:
                # "One guard had died a day earlier, it said"
                return book.dates.earlier(_plain, _default) or _default
            return near.date

        told: dict[int, Claimant] = {}  # this sentence's claimants by position: resolved once (it updates memory)

        def claimant_for(pos: int, _sent=sent, _i=i, _told=told):
            if pos in _told:
                return _told[pos]
            found = book.attribution.claimant(_sent, pos, ctx.memory)
            closing = _quote_closing(ctx, _i) if found.text is None else None
            if closing is not None:
                # '"... 29 soldiers died on our side. Several dozen attackers were killed," the ministry said.': a
                # quotation that runs on is the speaker's who is named where it closes
                later, at = closing
                found = book.attribution.claimant(later, at, ctx.memory)
            if found.text is None and ctx.carried is not None and _quoted(ctx, _sent) \
                    and "\n\n" not in ctx.text[ctx.carried[0]:_sent.start]:
                # '"We killed four," the major said. "Then they ambushed our guards and shot nine."': a quotation with
                # no speaker of its own goes on in the voice of the one quoted just before in the paragraph
                found = ctx.carried[1]
            _told[pos] = found
            return found

        out["casualty_claims"] += ex.casualties.extract(sent, ctx, claimant_for, date_at, parsed.get(i))
        # Attribution only when a budget or contact cue is there (it is the costliest step).
        at_start = functools.partial(claimant_for, sent.start)
        out["budget_mentions"] += ex.budgets.extract(sent, ctx, at_start, date.year if ref and date else None,
                                                   parsed.get(i))
        out["diplomatic_contacts"] += ex.contacts.extract(sent, ctx, at_start, date, parsed.get(i))
        book.attribution.remember_subject(sent, ctx.memory)
    return _place_scene_groups(out, ctx.scene or ctx.host or UNKNOWN)


_OPENING_QUOTE = re.compile(r'^\W{0,3}["“]')


def _quote_closing(ctx: ArticleContext, i: int) -> tuple | None:
    """(sentence, offset just after the closing mark) of the quotation sentence i opens and does not close, when it
    closes later in the same paragraph; else None."""
    text = ctx.sentences[i].text
    if not _OPENING_QUOTE.match(text) or "”" in text or text.count('"') > 1:
        return None
    for later in ctx.sentences[i + 1:]:
        if "\n\n" in ctx.text[ctx.sentences[i].end:later.start]:
            return None
        close = max(later.text.find("”"), later.text.find('"'))
        if close >= 0:
            return later, later.start + close + 1
    return None


def _quoted(ctx: ArticleContext, sent) -> bool:
    """Whether a sentence is (in) a quotation: it opens with a quotation mark, or one opened earlier in its paragraph
    is still open."""
    if _OPENING_QUOTE.match(sent.text):
        return True
    before = ctx.text[ctx.text.rfind("\n\n", 0, sent.start) + 1:sent.start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _place_scene_groups(out: dict[str, list[dict]], state: str) -> dict[str, list[dict]]:
    """A group that fights in many states (`host: scene` in groups.yaml, e.g. the Islamic State) counts for the
    state the article is set in: "IS said it had killed 12 soldiers" in a story from Cabo Delgado is Mozambique's
    side (ANNOTATION: a non-state party counts for the state it is based in); its party code stays."""
    for rows in out.values():
        for row in rows:
            for col, value in row.items():
                if value == SCENE:
                    row[col] = row.get("claimant_party") if col == "claimant_group" and row.get(
                        "claimant_party") not in (None, SCENE) else state
    out["diplomatic_contacts"] = [r for r in out["diplomatic_contacts"] if r["actor1"] != r["actor2"]]
    return out
