"""Per-article state shared by the extractors: text, sentences, dates, claimant memory."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from pipeline.extract.attribution import ClaimantMemory
from pipeline.extract.sentences import Sentence


@dataclass
class ArticleContext:
    article_id: str
    text: str
    published: dt.date | None
    outlet: str | None
    sentences: list[Sentence]
    memory: ClaimantMemory = field(default_factory=ClaimantMemory)
    sides: list[str] = field(default_factory=list)   # state codes by how often the article names them
    host: str | None = None   # the state the article is about, when one dominates (2x the next)
    scene: str | None = None  # the state the article's places are in, when one dominates
    main_date: dt.date | None = None   # the current events' date: first recent date named in the article
    carried: tuple[int, object] | None = None  # (offset, Claimant) of the last casualty figure with a speaker
    figures: dict = field(default_factory=dict)  # (outcome, low, high) -> (victim side, victim type) of people named
    dyads: Counter = field(default_factory=Counter)   # state pairs the article's contacts so far were between
    last_pair: tuple[int, tuple[str, str]] | None = None  # (sentence start, pair) of the last consult/agree row
    budget_kind: str | None = None      # what a bare "the budget" means here: "defence", "general" or unknown
    budget_country: str | None = None   # the country of the last budget mention, for sentences naming none
    budget_host: str | None = None      # the article's main state, not counting "US$" as the United States
    budget_end: int | None = None       # where the last sentence with a budget mention ends
    budget_year: int | None = None      # the year of the last budget mention that had one ("last fiscal year" is the
                                        # year before it)
    budget_year_end: int | None = None  # where that mention's sentence ends
    budget_topic: bool = False          # a budget cue was seen: the article is (also) about military spending

    def row_base(self) -> dict:
        return {"article_id": self.article_id, "outlet": self.outlet,
                "published": self.published.isoformat() if self.published else None}
