"""Military-budget mentions: one row per country per mention.

"Azerbaijan's 2020 defence budget of 3.853 billion manats (about $2.267 billion)"
-> AZE, 2020, 3853000000 AZN, amount_usd 2267000000. "Both are increasing
their military budgets" -> one row per side of the article, direction
increase, no amount. Cue words and currencies: rules/budgets.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.extract.attribution import Claimant
from pipeline.extract.context import ArticleContext
from pipeline.extract.rates import RateTable
from pipeline.extract.rulebook import Rulebook
from pipeline.extract.sentences import Sentence
from pipeline.ids import stable_id

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
           "trillion": 1e12, "tn": 1e12}


def mention_id(article_id: str, start: int, end: int, country: str) -> str:
    return stable_id("b", article_id, start, end, country)


class BudgetExtractor:
    def __init__(self, book: Rulebook, rates: RateTable | None = None):
        r = book.budgets
        self.book = book
        self.cue = re.compile(r"\b(?:" + "|".join(r["cues"]) + r")", re.I)
        self.national = r.get("national_currencies") or {}  # {default code: {country: its own code}}
        self.cur_of = []
        for code, forms in r["currencies"].items():
            for f in forms:
                self.cur_of.append((re.compile(rf"^(?:{f})$", re.I), code))
        cur = "|".join(f for forms in r["currencies"].values() for f in forms)
        scale = "|".join(sorted(_SCALES, key=len, reverse=True))
        num = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        self.amount = re.compile(
            rf"(?:(?P<c1>{cur})\s?)?(?P<n>{num})\s?(?P<s>{scale})?\b(?:\s?(?P<c2>{cur})\b)?", re.I)
        self.pct = re.compile(rf"(?P<n>{num})\s?(?:%|per\s?cent|percent)(?P<of>\s+of\s+(?:its\s+|the\s+)?(?:GDP|gross domestic product|(?:its\s+|the\s+)?(?:state\s+)?budget))?", re.I)
        self.direction = [(d, re.compile(r"\b(?:" + "|".join(ws) + r")\b", re.I)) for d, ws in r["direction"].items()]
        self.both = re.compile(r"\b(?:" + "|".join(r["both_markers"]) + r")\b", re.I)
        self.year_words = {k: re.compile(r"\b(?:" + "|".join(v) + r")", re.I) for k, v in r["year_words"].items()}
        self.rates = rates or RateTable.load(book.folder / "exchange_rates.csv", None, None, r.get("usd_rates"))

    def _currency(self, text: str | None) -> str | None:
        if not text:
            return None
        for pattern, code in self.cur_of:
            if pattern.match(text.strip()):
                return code
        return None

    def extract(self, sent: Sentence, ctx: ArticleContext, claimant_of: Callable[[], Claimant], year_hint) -> list[dict]:
        cue = self.cue.search(sent.text)
        if not cue:
            return []
        claimant = claimant_of()
        text = sent.text
        countries = [(m.start, m.code) for m in self._owners(text)]
        if not countries or (self.both.search(text) and len({c for _, c in countries}) < 2):
            if self.both.search(text) or re.search(r"\b(?:their|its)\b", text):
                countries = [(0, c) for c in ctx.sides[:2]] if self.both.search(text) else (
                    [(0, claimant.side)] if claimant.side and len(claimant.side) == 3 and claimant.side != "UNK" else [])
        if not countries:
            return []
        # Amounts: a figure with a currency; a parenthesised one right after another is its conversion.
        amounts = []
        for m in self.amount.finditer(text):
            currency = self._currency(m.group("c1")) or self._currency(m.group("c2"))
            if currency is None:
                continue
            value = float(m.group("n").replace(",", "")) * _SCALES.get((m.group("s") or "").lower(), 1)
            amounts.append((m.start(), m.end(), value, currency))
        year = self._year(text, ctx) or year_hint
        direction = next((d for d, p in self.direction if p.search(text)), None)
        change = re.search(r"\b(?:by|up|down)\s+(\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)", text, re.I)
        change_pct = float(change.group(1)) * (-1 if direction == "decrease" else 1) if change else None
        rows = []
        unique_codes = list(dict.fromkeys(c for _, c in countries))
        for idx, code in enumerate(unique_codes):
            pos = next(p for p, c in countries if c == code)
            nxt = next((p for p, c in countries if p > pos and c != code), len(text))
            own = [a for a in amounts if pos <= a[0] < nxt] or (amounts if len(unique_codes) == 1 else [])
            # "by 10 billion kronor to 150 billion kronor", "up from 1.3 billion": a change or an earlier
            # level is not the budget, when the sentence also gives the level itself.
            levels = [a for a in own if not re.search(r"\b(?:by|from)\s+$", text[max(0, a[0] - 6):a[0]])] or own
            primary = next((a for a in levels if a[3] != "USD"), levels[0] if levels else None)
            usd = next((a for a in levels if a[3] == "USD"), None)
            seg = text[pos:nxt] if len(unique_codes) > 1 else text
            gdp = share = None
            for p in self.pct.finditer(seg):
                value = float(p.group("n"))
                if not 0 <= value <= 100:
                    continue  # "324% of its budget" is not a share (a typo, or a change misread): leave it open
                if p.group("of") and "gdp" in p.group("of").lower() or (p.group("of") or "").lower().endswith("domestic product"):
                    gdp = value
                elif p.group("of"):
                    share = value
            if primary:
                start, end = sent.start + primary[0], sent.start + primary[1]
                amount, currency = primary[2], self.national.get(primary[3], {}).get(code, primary[3])
                amount_usd, rate_source = ((usd[2], "reported in text") if usd and currency != "USD"
                                           else self.rates.to_usd(amount, currency, code, year))
                amount_text = text[primary[0]:primary[1]]
            else:
                start, end = sent.start + cue.start(), sent.start + cue.end()
                amount = currency = amount_usd = amount_text = rate_source = None
            rows.append({
                **ctx.row_base(),
                "mention_id": mention_id(ctx.article_id, start, end, code),
                "country": code, "year": year, "amount": amount, "currency": currency, "amount_usd": amount_usd,
                "usd_rate_source": rate_source,
                "direction": direction, "change_pct": change_pct, "share_of_gdp": gdp, "share_of_budget": share,
                "claimant": claimant.text, "claimant_side": claimant.side if claimant.text else None,
                "evidence": text, "char_start": start, "char_end": end, "amount_text": amount_text,
            })
        return rows

    def _owners(self, text: str):
        """Countries whose spending the sentence is about: a clause's subject ("Azerbaijan raised its
        military budget"), the owner of the budget phrase ("Armenia's draft 2020 budget", "the Azerbaijani
        defence budget"), or a country followed by its own figure ("..., Azerbaijan 13%"). Not a country
        merely mentioned ("reliance on Russian equipment")."""
        owners = []
        for m in self.book.actors.mentions(text):
            if len(m.code) != 3 and m.kind != "person":
                continue
            clause_head = re.search(r"(?:^|[,;:–—]\s*|\b(?:and|while|but)\s+)(?:[A-Z]\w*,?\s+)?(?:the\s+)?$", text[:m.start])
            owns_phrase = re.match(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?:draft\s+)?(?:military|defen[cs]e|budget|spending|army|armed)",
                                   text[m.end:])
            own_figure = re.match(r"\s+(?:\$|€|£)?\d", text[m.end:])
            if clause_head or owns_phrase or own_figure:
                owners.append(m)
        return owners

    def _year(self, text: str, ctx: ArticleContext) -> int | None:
        m = re.search(r"\b((?:19|20)\d\d)\b", text)
        if m:
            return int(m.group(1))
        if ctx.published:
            for key, delta in (("next", 1), ("this", 0), ("last", -1)):
                if self.year_words[key].search(text):
                    return ctx.published.year + delta
        return None
