"""Military-budget mentions: one row per country per mention.

"Azerbaijan's 2020 defence budget of 3.853 billion manats (about $2.267 billion)"
-> AZE, 2020, 3853000000 AZN, amount_usd 2267000000 (`usd_rate_source` "reported in text").
"Both are increasing their military budgets" -> one row per side of the article, direction
increase, no amount. Cue words, currencies, scale words (lakh, crore ...) and the words that tell
a level from its earlier value, a change or another budget: rules/budgets.yaml.

Which figure of a sentence is the budget (`_amounts`):
- a figure in parentheses right after another ("112 billion shekels ($35 billion)") is its
  conversion: it fills amount_usd and is not a row of its own;
- "compared with 2.12 trillion rupees", "up from ..." is the earlier level: `previous_amount`;
- "by 10 billion kronor", "$4 billion more than" is a change; "44 percent of the 712 billion" a
  share of something else; "a 97.4 trillion yen national budget" the state's whole budget, "in
  military aid" aid, "passing the $5 billion mark" a threshold: none of them is the level when the sentence
  gives one; but "the navy received Rs310 billion of the overall allocation" is the navy's share, a level;
- the first level is a row, and so is every further one with a year, a use or a verb of its own: a series
  ("from X in 2012 to Y in 2018 and to Z in 2023": Y and Z, each with its year, X the earlier level of Y),
  levels before and after a change ("was X ..., reaching Y"), the sums set aside within a total ("including Y
  for drones"), the services' shares one after the other ("the army got X, followed by the air force Y and the
  navy Z"); not "32% of all federal spending of 41 trillion", nor "compared with X in 2024 and Y in 2023";
- a bare "$" or "dollars" is the US dollar, except for a state with a dollar of its own (an Australian outlet's
  "$55.7 billion" for Australia is AUD); "US$", "USD" are always the US dollar.
A percentage share ("1.71pc of the GDP") fills share_of_gdp / share_of_budget; a sentence whose only budget
content is a share is a row only when it names its country ("Poland will spend 4.7 per cent of GDP on defence"),
not when the country would be inferred ("The defence budget makes up 1.71pc of the GDP": no change is told).
A sentence counts when it has a budget cue ("defence budget", "spend ... on its armed forces"); a
figure counts without one when it is allocated to the military ("NT$72.4 billion for the fighter
programme", "the defence ministry would be given ...") or when a bare "the budget" means the
article's defence budget (such a sentence is read only when it has a currency sign or a scale word:
"1,350,000,000 lari for the army" without a cue is missed); and, in the sentence right after a budget mention,
when it is set aside for a use of any kind ("Rs20 billion has been earmarked for a tree-planting scheme": part of
that budget) or when the parse makes a budget pronoun the subject of the verb that gives it ("However, it was
subsequently raised to Rs2.4tr."). Each figure goes to the country of its own
clause; a sentence naming none takes the country of the article's last budget mention, then the article's
main country. The year is the sentence's own (a fiscal year 2024-25 is 2024; "the next financial year" is the
first to start after publication, by the month the country's fiscal year starts in), else that of the country's
last mention in the same paragraph or the two after it when the row has a figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.attribution import Claimant
from pipeline.extract.context import ArticleContext
from pipeline.extract.parse import DEFAULT_MODEL, parse_sentences, token_at
from pipeline.extract.rates import RateTable
from pipeline.extract.rulebook import Rulebook
from pipeline.extract.sentences import Sentence
from pipeline.ids import stable_id

_NUM = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"         # 13,491,943,000,000
        r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"  # 4,50,000 (Indian grouping)
        r"|\d{1,3}(?:[\u00a0\u202f]\d{3})+"     # 13 491 943 000 000 with (narrow) no-break spaces
        r"|\d{1,3}(?: \d{3}){2,}"               # ... or plain spaces, three groups at least
        r"|\d{1,3},\d{1,2}(?=\s+[^\W\d_])"      # 90,8 billion: a decimal comma (never one or two digits of a group)
        r"|\d+(?:\.\d+)?")


@dataclass
class Amount:
    start: int
    end: int            # end of the figure itself (a conversion in parentheses is after it)
    value: float
    currency: str
    text: str
    role: str = "level"   # level | previous | change | share | aid | other (another budget)
    allocated: bool = False
    usd: float | None = None   # its conversion in the text, in US$
    directed: bool = False     # followed by what it is for ("... on new schools", "... to reconstruction")
    reached: bool = False      # after a verb that gives a level ("reaching $23 billion", "rose to ...")
    earmarked: bool = False    # set aside for a use ("Rs20 billion has been earmarked for ...")
    sign: str = ""             # the currency as written ("US$", "$", "rupees")


# Between two figures of one list: "X in 2024 and Y ...", "X (about $1 billion), Y ..."
_LISTED = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:(?:in|for)\s+(?:fiscal\s+)?\S+\s*)?(?:,\s*(?:and\s+)?|and\s+)")
_RELATIVE_ASIDE = re.compile(r",\s+(?:whose|which|who|whom|where)\b[^,;]*")


def mention_id(article_id: str, start: int, end: int, country: str) -> str:
    return stable_id("b", article_id, start, end, country)


def _alt(patterns) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


class BudgetExtractor:
    def __init__(self, book: Rulebook, rates: RateTable | None = None, model: str = DEFAULT_MODEL):
        r = book.budgets
        self.book = book
        self.model = model  # the spaCy package that parses the few sentences whose subject may be a budget
        self.rates = rates or RateTable.load(book.folder / "exchange_rates.csv", None, None, r.get("usd_rates"))
        self.cue = re.compile(r"\b(?:" + "|".join(r["cues"]) + r")", re.I)
        self.national = r.get("national_currencies") or {}  # {default code: {country: its own code}}
        self.bare_dollar = re.compile(rf"(?:{_alt(r['bare_dollar'])})", re.I)  # a dollar sign that names no state
        self.cur_of = []
        for code, forms in r["currencies"].items():
            for f in forms:
                self.cur_of.append((re.compile(rf"^(?:{f})$", re.I), code))
        forms = sorted((f for fs in r["currencies"].values() for f in fs), key=len, reverse=True)
        cur = "|".join(forms)
        self.scales = {k.lower(): float(v) for k, v in r["scales"].items()}
        # Words before a year that make it the year a figure is compared with ("compared with what parliament passed for
        # 2023", "up from 2023's"), not the figure's own
        self.compared_base = re.compile(rf"\b(?:{_alt(r.get('compared_base', []))})\b[^.;]*$", re.I) \
            if r.get("compared_base") else re.compile(r"(?!)")
        words = sorted((k for k in self.scales if len(k) > 1), key=len, reverse=True)
        tight = sorted(k for k in self.scales if len(k) == 1)
        scale_words = "|".join(re.escape(w).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]") for w in words)
        # A figure, its scale word and a currency word after it; a symbol before it ("NT$", "Rs ") is looked
        # for in the few characters before the figure (one pass over digits, not over every position).
        # "12-point-75 billion kroner", "8-point-three": a decimal point (and its digits) spelled out, as
        # broadcasters' copy writes them
        self.digit_words = {w.lower(): str(i) for i, w in enumerate(r["digit_words"])}
        digit_word = "|".join(r["digit_words"])
        self.decimal_word = re.compile(rf"(?:{_alt(r['decimal_words'])})(?=\d|{digit_word})", re.I)
        self.spelled_digit = re.compile(rf"-?\b({digit_word})\b", re.I)
        number = rf"\d+(?:{_alt(r['decimal_words'])})(?:\d+|(?:{digit_word})(?:-(?:{digit_word}))*\b)|{_NUM}"
        self.amount = re.compile(
            rf"(?<![\d.,])(?P<n>{number})(?!\d)"
            rf"(?:[\s-]?(?P<s>{scale_words})\b|(?P<t>{'|'.join(tight)})\b)?"
            rf"(?:[\s-]?(?P<c2>{cur})(?!\w))?", re.I)
        self.symbol_before = re.compile(rf"(?<![\w.,])(?P<c1>{cur})\s?$", re.I)
        # Cheap test for a sentence without a budget cue: is there a figure with a scale word, or a currency
        # sign, at all? (Most sentences with digits are casualty counts and dates; a sentence with a cue is
        # always read in full.)
        signs = "".join(sorted({ch for f in forms for ch in f if not ch.isascii()} | {"$"}))
        self.money_hint = re.compile(rf"[{re.escape(signs)}]|\d[\s-]?(?:{scale_words}|{'|'.join(tight)})\b", re.I)
        percent = rf"(?:{_alt(r['percent_words'])})(?![a-z])"
        self.pct = re.compile(rf"(?P<n>{_NUM})\s?{percent}(?P<of>\s+of\s+(?:its\s+|the\s+)?(?:GDP|gross domestic product|(?:its\s+|the\s+)?(?:state\s+)?budget))?", re.I)
        self.direction = [(d, re.compile(r"\b(?:" + "|".join(ws) + r")\b", re.I)) for d, ws in r["direction"].items()]
        self.not_direction = re.compile(rf"\b(?:{_alt(r['not_direction'])})\b", re.I)
        self.change_pct = re.compile(rf"\b(?:by|up|down)\s+(\d+(?:\.\d+)?)\s?{percent}", re.I)
        self.both = re.compile(r"\b(?:" + "|".join(r["both_markers"]) + r")\b", re.I)
        self.year_words = {k: re.compile(r"\b(?:" + "|".join(v) + r")", re.I) for k, v in r["year_words"].items()}
        self.fiscal_words = {k: re.compile(rf"\b(?:{_alt(v)})\b", re.I) for k, v in r["fiscal_year_words"].items()}
        self.fiscal_start = {k: int(v) for k, v in r["fiscal_year_start"].items()}
        lead = rf"(?:(?:{_alt(r['amount_determiners'])})\s+)?(?:(?:{_alt(r['amount_qualifiers'])})\s+)?"
        self.previous = re.compile(rf"\b(?:{_alt(r['previous_before'])})\s+{lead}$", re.I)
        self.reached = re.compile(rf"\b(?:{_alt(r['level_before'])})\s+{lead}$", re.I)
        self.change_before = re.compile(rf"\b(?:{_alt(r['change_before'])})\s+{lead}$", re.I)
        self.change_after = re.compile(rf"^\s*,?\s*(?:{_alt(r['change_after'])})\b", re.I)
        self.share = re.compile(rf"(?:{_alt(r['share_before'])})\s+$", re.I)
        self.other_after = re.compile(rf"^\s*(?:{_alt(r['not_budget_after'])})", re.I)
        self.aid_after = re.compile(rf"^\s*(?:{_alt(r['aid_after'])})", re.I)
        self.other_before = re.compile(rf"\b(?:{_alt(r['not_budget_before'])})\s*$", re.I)
        self.alloc_after = re.compile(rf"^\s*(?:{_alt(r['allocated_after'])})", re.I)
        self.alloc_before = re.compile(rf"(?:{_alt(r['allocated_before'])})\s+$", re.I)
        self.earmark_after = re.compile(rf"^\s*(?:{_alt(r['earmarked_after'])})", re.I)
        self.earmark_before = re.compile(rf"\b(?:{_alt(r['earmarked_before'])})\s+$", re.I)
        kinds = r["budget_kind"]
        self.kind_word = [(k, re.compile(rf"^(?:{_alt(ws)})$", re.I)) for k, ws in kinds.items() if k != "skip"]
        self.spend = re.compile(rf"\b(?:{_alt(r['topic_spend'])})\b", re.I)
        self.directed = re.compile(r"^\s*,?\s*(?:on|for|to|towards?)\s+(?!\d)", re.I)
        self.bare = re.compile(rf"\b(?:{_alt(r['bare_budget'])})\b(?!\s+(?:of|for)\b)", re.I)
        verbs = "|".join(w for d in ("increase", "decrease") for w in r["direction"][d] if re.match(r"[a-z]", w))
        self.pronoun = re.compile(rf"\b(?:{verbs})\s+(?:{_alt(r['budget_pronouns'])})\b", re.I)
        self.subject_pronoun = re.compile(rf"\b(?:{_alt(r['budget_pronouns'])})\b", re.I)
        self.pronoun_word = re.compile(rf"(?:{_alt(r['budget_pronouns'])})", re.I)
        self.giving_verb = re.compile(rf"(?:{verbs}|{_alt(r['level_verbs'])})", re.I)
        self.bare_change = re.compile(rf"\b(?:{_alt(r['bare_budget'])})\s+"
                                      rf"(?:(?:has|have|had|will|would|was|is|also|been)\s+){{0,2}}(?:{verbs})\b", re.I)
        self.kind_skip = re.compile(rf"(?:{_alt(kinds['skip'])})|\d{{4}}(?:-\d{{2,4}})?|[\d.]+", re.I)
        own = r["owner_phrase"]
        self.owner_possessive = re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,3}}?(?:{_alt(own['budget_nouns'])})", re.I)
        self.owner_adjective = re.compile(rf"\s+(?:(?:{_alt(own['modifiers'])})\s+){{0,3}}"
                                          rf"(?:{_alt(own['budget_nouns'] + own['holders'])})", re.I)
        self.budget_word = re.compile(r"\bbudgets?\b", re.I)
        # the year a figure of a series is given for: "... 31 billion in 2011", "... (about $1 billion) for fiscal 2026"
        self.year_after = re.compile(
            r"\s*\)?,?\s*(?:in|for)\s+(?:(?:the\s+)?fiscal(?:\s+year)?\s+|FY\s?)?((?:19|20)\d\d)\b", re.I)

    def _currency(self, text: str | None) -> str | None:
        if not text:
            return None
        for pattern, code in self.cur_of:
            if pattern.match(text.strip()):
                return code
        return None

    # -- figures ---------------------------------------------------------------------------------

    def _amounts(self, text: str) -> list[Amount]:
        """Money figures in a sentence, with their conversions folded in and their role in the sentence."""
        found = []
        for m in self.amount.finditer(text):
            c1 = self.symbol_before.search(text, max(0, m.start() - 16), m.start())
            if c1 is None and m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                continue  # "F16", "A4": letters glued to a figure that are no currency
            currency = self._currency(c1.group("c1") if c1 else None) or self._currency(m.group("c2"))
            if currency is None:
                continue
            begin = c1.start() if c1 else m.start()
            figure = self.decimal_word.sub(".", m.group("n"))
            figure = self.spelled_digit.sub(lambda d: self.digit_words[d.group(1).lower()], figure)
            if re.fullmatch(r"\d{1,3},\d{1,2}", figure):
                figure = figure.replace(",", ".")
            digits = re.sub(r"[,\s\u00a0\u202f]", "", figure)
            scale = (m.group("s") or m.group("t") or "").lower()
            scale = re.sub(r"[\s-]+", " ", scale)
            factor = self.scales.get(scale, self.scales.get(scale.replace(" ", "-"), 1.0)) if scale else 1.0
            value = float(Decimal(digits) * Decimal(repr(factor)))  # 8.7 trillion is 8.7e12, not 8699999999999.999
            if not math.isfinite(value):
                continue
            found.append(Amount(begin, m.end(), value, currency, text[begin:m.end()],
                                sign=(c1.group("c1") if c1 else m.group("c2")) or ""))
        out: list[Amount] = []
        i = 0
        while i < len(found):
            a = found[i]
            tail = a.end
            nxt = found[i + 1] if i + 1 < len(found) else None
            if nxt is not None:
                gap, close = text[a.end:nxt.start], text[nxt.end:]
                in_parens = re.fullmatch(r"\s*\(\s*(?:[a-z~≈]+\.?\s+){0,3}", gap, re.I) and re.match(r"\s*\)", close)
                or_about = re.fullmatch(r"\s*,?\s*or\s+(?:[a-z]+\s+){0,2}", gap, re.I) and nxt.currency == "USD"
                if in_parens or or_about:
                    if nxt.currency == "USD" and (a.currency != "USD" or self.bare_dollar.fullmatch(a.sign.strip())
                                                  and not self.bare_dollar.fullmatch(nxt.sign.strip())):
                        a.usd = nxt.value  # "112 billion shekels ($35 billion)", "$55 billion (US$38 billion)"
                    tail = nxt.end + (re.match(r"\s*\)", close).end() if in_parens else 0)
                    i += 1
            before, after = text[max(0, a.start - 80):a.start], text[tail:tail + 120]
            if self.share.search(before):
                a.role = "share"
            elif self.previous.search(before):
                a.role = "previous"
            elif self.change_before.search(before) or self.change_after.match(after):
                a.role = "change"
            elif self.aid_after.match(after):
                a.role = "aid"
            elif (self.other_after.match(after) or self.other_before.search(before)) and not self.alloc_before.search(before):
                a.role = "other"  # not "the navy received Rs310 billion of the overall allocation": the navy's share of it
            if a.role == "level" and out and out[-1].role == "previous" and _LISTED.fullmatch(
                    text, out[-1].end, a.start):
                a.role = "previous"  # "compared with X in 2024 and Y in 2023": both earlier levels
            a.allocated = a.role == "level" and bool(self.alloc_after.match(after) or self.alloc_before.search(before))
            a.reached = bool(self.reached.search(before))
            a.earmarked = a.role == "level" and bool(self.earmark_after.match(after) or self.earmark_before.search(before))
            a.directed = bool(self.directed.match(after))
            out.append(a)
            i += 1
        return out

    # -- the article's budget: what a bare "the budget" is -----------------------------------------

    def _kind_after(self, text: str, kind: str | None) -> str | None:
        """The article's budget kind after this sentence: its last "<qualifier> budget" decides."""
        if "budget" not in text.lower():
            return kind
        for m in self.budget_word.finditer(text):
            for word in reversed(text[max(0, m.start() - 60):m.start()].split()[-3:]):
                word = word.strip(",;:()\"“”")
                if self.kind_skip.fullmatch(word):
                    continue
                hit = next((k for k, p in self.kind_word if p.match(word)), None)
                if hit:
                    kind = hit
                break
        return kind

    # -- rows ------------------------------------------------------------------------------------

    def extract(self, sent: Sentence, ctx: ArticleContext, claimant_of: Callable[[], Claimant], year_hint,
                clauses=None) -> list[dict]:
        """The budget rows of one sentence; `clauses` is its parse when core parsed it already (a sentence with
        a casualty or contact cue), else it is parsed here, once, only if a rule needs the tree."""
        text = sent.text
        parsed = [clauses]

        def tree():
            if parsed[0] is None:
                parsed[0] = parse_sentences(self.model, [text])[0]
            return parsed[0]
        kind_before = ctx.budget_kind
        ctx.budget_kind = self._kind_after(text, kind_before)
        cue = self.cue.search(text)
        amounts = self._amounts(text) if (cue or self.money_hint.search(text)) else []
        bare = kind_before == "defence" and self.bare.search(text)
        follows = ctx.budget_end is not None and 0 <= sent.start - ctx.budget_end <= 3
        topic = ctx.budget_topic and self.spend.search(text)
        ctx.budget_topic = ctx.budget_topic or bool(cue)
        changed = None
        if not cue:
            found = amounts
            # "The United States spent $916 billion, China $296 billion", in an article about military
            # spending; not "the government will also spend EUR 8 billion on new schools"; a sum set aside for
            # a use right after a budget mention ("Rs20 billion has been earmarked for ...") is part of it
            amounts = [a for a in amounts if a.allocated or (a.role == "level" and (
                bare or (topic and not a.directed) or (a.earmarked and follows)))]
            if not amounts and follows and self.subject_pronoun.search(text):
                # "It was subsequently raised to Rs2.4tr.": "it", right after a budget mention, is
                # that budget when it is the subject of the verb that gives the figure
                amounts = [a for a in found if a.role == "level" and self._said_of_pronoun(tree(), a)]
            # "... will continue to increase it", right after a budget mention: the same budget
            refers = follows and not amounts and self.pronoun.search(text)
            # "The budget rise reflects ...": a bare "the budget" (the article's defence budget) changing
            changed = bare and not amounts and self.bare_change.search(text)
            if not any(a.role == "level" for a in amounts) and not refers and not changed:
                return []
            if refers or changed:
                cue = refers or changed
        claimant = claimant_of()
        countries = [(m.start, m.code) for m in self._owners(text)]
        if not countries and cue is not None:
            countries = self._subject_owner(text, tree, cue.start())
        inferred = False  # the country is the article's, not named in the sentence
        if not countries or (self.both.search(text) and len({c for _, c in countries}) < 2):
            countries, inferred = self._fallback(text, ctx, claimant)
        if not countries:
            return []
        year_of = {code: self._year(text, ctx, code) or year_hint for code in dict.fromkeys(c for _, c in countries)}
        # a figure in a sentence naming no year has that of the country's last mention in the same paragraph or
        # the next ("its draft 2027 military budget ... ¶ – quote ... ¶ It plans to spend X")
        same_paragraph = ctx.budget_year_end is not None and ctx.text.count("\n\n", ctx.budget_year_end, sent.start) <= 2
        direction = self._direction(text)
        named = {m.code for m in self.book.actors.mentions(text)
                 if len(m.code) == 3 and not text.startswith("$", m.end)}
        if inferred and not any(a.role == "level" for a in amounts) and (direction is None or named and not (
                changed and named & {c for _, c in countries})):
            # "official budget lines do not always include spending on ...": said of no one; "spending in
            # the region has risen, driven by Azerbaijan's oil revenues": states named, none its owner; but "the
            # budget rise follows threats to Peru" is the article's budget, its state named
            return []
        change = self.change_pct.search(text)
        change_pct = float(change.group(1)) * (-1 if direction == "decrease" else 1) if change else None
        rows = []
        unique_codes = list(dict.fromkeys(c for _, c in countries))
        first_pos = min(p for p, _ in countries)
        for code in unique_codes:
            pos = next(p for p, c in countries if c == code)
            nxt = next((p for p, c in countries if p > pos and c != code), len(text))
            lo = 0 if pos == first_pos else pos  # figures before the first country are the first country's
            own = [a for a in amounts if lo <= a.start < nxt] if len(unique_codes) > 1 else amounts
            levels = [a for a in own if a.role == "level"]
            if levels:
                # a dollar figure beside local ones is their conversion, not a level; after the first level, every
                # level the sentence gives a year, a use or a verb of its own is a row too ("from X in 2005 to Y in
                # 2011 and to Z in 2017", "was X before the war, ... reaching Y", "including Y for drones")
                local = [a for a in levels if a.currency != "USD"]
                figures = local or levels
                figures = figures[:1] + [a for a in figures[1:] if a.allocated or a.reached or self.year_after.match(
                    text, a.end, next((b.start for b in amounts if b.start > a.start), len(text)))]
            else:
                figures = [a for a in own if a.role == "change"][:1]  # "raised by $4 billion": the change itself
            if not figures and (not cue or any(a.role == "aid" for a in own)):
                continue  # no figure and no cue; or the sentence's figure is aid to another state
            seg = text[lo:nxt] if len(unique_codes) > 1 else text
            previous = next((a for a in own if a.role == "previous"), None)
            gdp = share = None
            for p in self.pct.finditer(seg):
                value = float(re.sub(r"[,\s\u00a0\u202f]", "", p.group("n")))
                if not 0 <= value <= 100:
                    continue  # "324% of its budget" is not a share (a typo, or a change misread): leave it open
                of = (p.group("of") or "").lower()
                if "gdp" in of or of.endswith("domestic product"):
                    gdp = value
                elif of:
                    share = value
            own_year = self._year(seg, ctx, code) if len(unique_codes) > 1 else None
            year = year_of[code]
            carried = ctx.budget_year if same_paragraph and code == ctx.budget_country else None
            # the earlier level is compared with the figure nearest to it
            compared = min(figures, key=lambda a: abs(a.start - previous.start)) if previous and figures else None
            for k, primary in enumerate(figures or [None]):
                row_year = own_year or year or (carried if primary is not None else None)
                if len(figures) > 1:
                    # a figure of a series has its own year after it ("... 6.2 billion pesos in 2019 and ...")
                    upto = figures[k + 1].start if k + 1 < len(figures) else len(text)
                    after = self.year_after.match(text, primary.end, upto)
                    row_year = int(after.group(1)) if after else row_year
                rows.append(self._row(sent, ctx, code, primary, levels, previous if primary is compared else None,
                                      row_year, direction, seg if len(unique_codes) > 1 else None, cue,
                                      {"change_pct": change_pct, "share_of_gdp": gdp, "share_of_budget": share},
                                      claimant))
        if rows:
            ctx.budget_country = rows[-1]["country"]
            ctx.budget_end = sent.start + len(text)
            if rows[-1]["year"]:
                ctx.budget_year, ctx.budget_year_end = rows[-1]["year"], ctx.budget_end
        return rows

    def _row(self, sent: Sentence, ctx: ArticleContext, code: str, primary: Amount | None, levels: list[Amount],
             previous: Amount | None, row_year: int | None, direction: str | None, seg: str | None, cue,
             shares: dict, claimant: Claimant) -> dict:
        """One mention: the figure `primary` (None for a mention without one) of country `code`; `seg` is the
        country's own clause when the sentence names several."""
        text = sent.text
        amount_usd = rate_source = None
        if primary:
            start, end = sent.start + primary.start, sent.start + primary.end
            currency = self._national(primary.currency, code, primary.sign)
            amount = primary.value
            if primary.usd is not None:
                amount_usd, rate_source = primary.usd, "reported in text"
            else:
                usd = next((a for a in levels if self._national(a.currency, code, a.sign) == "USD" and a is not primary),
                           None)
                if usd is not None and currency != "USD":
                    amount_usd, rate_source = usd.value, "reported in text"
                else:
                    amount_usd, rate_source = self.rates.to_usd(amount, currency, code, row_year)
            amount_text = primary.text
        else:
            start, end = sent.start + cue.start(), sent.start + cue.end()
            amount = currency = amount_text = None
        prev_amount = None
        if previous is not None and (primary is None or self._national(previous.currency, code, previous.sign) == currency):
            prev_amount = previous.value
        row_direction = direction
        if seg is not None and primary is not None:
            # a clause with its own figure has its own direction: "A will spend X, while B's rose to Y"
            row_direction = self._direction(seg)
        if row_direction is None and amount is not None and prev_amount is not None and amount != prev_amount:
            row_direction = "increase" if amount > prev_amount else "decrease"
        return {
            **ctx.row_base(),
            "mention_id": mention_id(ctx.article_id, start, end, code),
            "country": code, "year": row_year, "amount": amount, "currency": currency, "amount_usd": amount_usd,
            "usd_rate_source": rate_source, "previous_amount": prev_amount, "direction": row_direction, **shares,
            "claimant": claimant.text, "claimant_side": claimant.side if claimant.text else None,
            "evidence": text, "char_start": start, "char_end": end, "amount_text": amount_text,
        }

    def _subject_owner(self, text: str, tree: Callable[[], list], at: int) -> list[tuple[int, str]]:
        """The state that owns the subject of the verb governing the budget cue at `at`, read off the parse when the
        words around the names tell none: "30-11-2023 (JAKARTA) Indonesia's outgoing president has approved a 20%
        increase in defence spending" -> IDN; not "spending ... has grown, fed by Azerbaijan's gas income"."""
        states = [m for m in self.book.actors.mentions(text) if len(m.code) == 3 and m.code != "UNK"
                  and not text.startswith("$", m.end)]
        if not states:
            return []
        clauses = tree()
        _clause, cue = token_at(clauses, at)
        for m in states:
            _clause, tok = token_at(clauses, m.start)
            if tok is None or cue is None or tok.dep_ not in ("poss", "compound", "amod") \
                    or tok.head.dep_ not in ("nsubj", "nsubjpass"):
                continue
            subject, verb = tok.head, tok.head.head
            if cue in verb.subtree and cue not in subject.subtree:
                return [(m.start, m.code)]
        return []

    def _said_of_pronoun(self, clauses: list, a: Amount) -> bool:
        """Whether the figure is given by a verb whose subject is a budget pronoun: "it was subsequently raised to
        Rs1.59tr", "it will be raised to 9 billion"; not "analysts said it was one of the largest, at 9 billion"."""
        _clause, tok = token_at(clauses, a.start)
        while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head is not tok:
            tok = tok.head
        if tok is None or tok.pos_ not in ("VERB", "AUX") or not self.giving_verb.fullmatch(tok.text):
            return False
        return any(c.dep_ in ("nsubj", "nsubjpass") and self.pronoun_word.fullmatch(
            tok.doc[c.left_edge.i:c.right_edge.i + 1].text) for c in tok.children)

    def _direction(self, text: str) -> str | None:
        """The change a text tells, if any; "makes up 2 percent of GDP", "played down" tell none."""
        text = self.not_direction.sub(lambda m: " " * len(m.group()), text)
        return next((d for d, p in self.direction if p.search(text)), None)

    def _national(self, currency: str, country: str, sign: str = "") -> str:
        if currency == "USD" and not self.bare_dollar.fullmatch(sign.strip()):
            return currency  # "US$", "USD", "U.S. dollars": the US dollar whoever spends it
        return self.national.get(currency, {}).get(country, currency)

    def _fallback(self, text: str, ctx: ArticleContext, claimant: Claimant) -> tuple[list[tuple[int, str]], bool]:
        """Whose budget a sentence naming no country is about: both sides ("both are raising their
        budgets"), the speaker's ("its budget"), else (inferred) the article's last budget country, else
        its main one."""
        if self.both.search(text):
            return [(0, c) for c in ctx.sides[:2]], False
        if re.search(r"\b(?:their|its|our)\b", text) and claimant.side and len(claimant.side) == 3 \
                and claimant.side != "UNK":
            return [(0, claimant.side)], False
        if ctx.budget_country:
            return [(0, ctx.budget_country)], True
        host = self._host(ctx)
        return ([(0, host)] if host else []), True

    def _host(self, ctx: ArticleContext) -> str | None:
        """The state the article is about (named twice as often as the next), where a currency symbol's
        letters ("US$27 billion", "NT$") do not count as naming a state."""
        if ctx.budget_host is None:
            counts: dict[str, int] = {}
            for m in self.book.actors.mentions(ctx.text):
                if len(m.code) == 3 and m.code != "UNK" and not ctx.text.startswith("$", m.end):
                    counts[m.code] = counts.get(m.code, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            ctx.budget_host = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]) else ""
        return ctx.budget_host or None

    def _owners(self, text: str):
        """Countries whose spending the sentence is about: a clause's subject ("Azerbaijan raised its
        military budget"), the owner of the budget phrase ("Armenia's draft 2020 budget", "the Azerbaijani
        defence budget"), or a country followed by its own figure ("..., Azerbaijan 13%"). Not a country
        merely mentioned ("reliance on Russian equipment", "tensions with Israel amid military clashes in
        Gaza and Lebanon")."""
        owners = []
        # "Oman, whose ties with Qatar and Yemen are frozen, has raised its budget": a state
        # inside a relative clause about another is not the budget's owner
        asides = [r.span() for r in _RELATIVE_ASIDE.finditer(text)]
        for m in self.book.actors.mentions(text):
            if len(m.code) != 3 and m.kind != "person":
                continue
            if any(a <= m.start < b for a, b in asides):
                continue
            after = text[m.end:]
            clause_head = re.search(r"(?:^|[,;:–—]\s*|\b(?:and|while|but|whereas)\s+)(?:[A-Z]\w*,?\s+)?(?:the\s+)?$",
                                    text[:m.start]) and re.match(r"(?:['’]s)?,?\s+[a-z(]", after)
            owns_phrase = self.owner_possessive.match(after) or self.owner_adjective.match(after)
            own_figure = re.match(r"\s+(?:\$|€|£|₹|Rs\.?\s?)?\d", after)
            if clause_head or owns_phrase or own_figure:
                owners.append(m)
        return owners

    def _year(self, text: str, ctx: ArticleContext, code: str | None = None) -> int | None:
        for m in re.finditer(r"(?<![\d.,$])((?:19|20)\d\d)(?!\d|[.,]\d|['’]?s\b|\s?(?:%|per\s?cent|percent|billion|million|"
                             r"trillion|crore|lakh))", text):
            if not self.compared_base.search(text, max(0, m.start() - 50), m.start()):
                return int(m.group(1))
            # "a rise of 9 billion compared with what parliament passed for 2022": the base's year, not the figure's
        if ctx.published:
            # a fiscal year is the calendar year it starts in: the next one is the first to start after publication
            start = self.fiscal_start.get(code, 1)
            upcoming = ctx.published.year + (1 if ctx.published.month >= start else 0)
            if self.fiscal_words["next"].search(text):
                return upcoming
            if self.fiscal_words["last"].search(text):
                # the year before the one the article's budget is for, when that is the current or the coming one
                base = ctx.budget_year if ctx.budget_year in (upcoming - 1, upcoming) else upcoming - 1
                return base - 1
            for key, delta in (("next", 1), ("this", 0), ("last", -1)):
                if self.year_words[key].search(text):
                    return ctx.published.year + delta
        return None
