"""Figures as written -> (low, high, qualifier), with the exact span.

Implements the contract's count semantics: "two" -> 2,2 exact; "about 2,000"
-> 2000,2000 approximate; "more than 6,000" -> 6000,None at_least; "as many
as 15" -> None,15 at_most; "between 10 and 15" -> 10,15 range; "a number
of" -> None,None unspecified. The vocabularies live in rules/numbers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|" + MONTH_ABBREVIATIONS


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str
    year_like: bool = False   # a bare 4-digit number that could be a year


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class NumberFinder:
    """Finds every figure in a text span. Built once from rules/numbers.yaml."""

    def __init__(self, rules: dict):
        self.special = {k.lower(): v for k, v in rules["special_numbers"].items()}
        self.scales = {k.lower(): v for k, v in rules["scales"].items()}
        self.q_before = {w.lower(): q for q, ws in rules["qualifiers_before"].items() for w in ws}
        self.q_after = {w.lower(): q for q, ws in rules["qualifiers_after"].items() for w in ws}
        word = rf"(?:{_alt(rules['number_words'])})"
        words = rf"{word}(?:(?:[ -]|\s+and\s+){word})*"
        # "6,000", "2 900" (a space, no-break or thin space between thousands, as French and UN copy writes it)
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:\.\d+)?"
        big = _alt([s for s in self.scales if len(s) > 2])
        tight = _alt([s for s in self.scales if len(s) <= 2])
        digit_num = rf"(?:{digits})(?:\s?(?:{big})\b|(?:{tight})\b)?"
        num = rf"(?:{_alt(self.special)}|{digit_num}|{words})"
        self._num_re = re.compile(rf"^(?:{_alt(self.special)}|(?P<d>{digits})\s?(?P<s>{big}|{tight})?|{words})$", re.I)
        joiners = "|".join(re.escape(j) if not j.isalpha() else rf"\s{j}\s" for j in rules["range_joiners"])
        between = re.escape(rules["range_between"])
        qb = _alt(self.q_before)
        qa = _alt(self.q_after)
        self._count = re.compile(
            rf"(?<![\w$€£₽₼.,])(?:(?P<qb>{qb})\s+)?"
            rf"(?:(?P<between>{between})\s+(?P<r1>{num})\s+and\s+(?P<r2>{num})"
            rf"|(?P<a>{num})(?:\s*(?:{joiners})\s*(?P<b>{num}))?)"
            rf"(?:\s*(?P<qa>{qa})(?!\w))?"
            rf"(?![\w%]|[.,]\d)",
            re.I,
        )
        self._vague = re.compile(rf"(?<!\w)(?:{_alt(rules['vague'])})(?!\w)", re.I)
        self._money_before = re.compile(r"(?:[$€£₽₼]|\b(?:USD|AZN|AMD|EUR|RUB|GBP|US\$))\s*$")
        self._after_bad = re.compile(rf"^(?:\s*(?:%|per\s?cent|percent)|-[A-Za-z]|:\d|\s+(?:{MONTHS})\b|(?:st|nd|rd|th)\b)", re.I)
        # "No. 5", "#3", "5:30", "May 16", and "no one was hurt" (a denial: zero, not one)
        # (a full month name then a full stop ends a sentence: "... in January. At least 29 people ...")
        self._before_bad = re.compile(rf"(?:\b(?:{MONTHS})[ \t]+|\b(?:{MONTH_ABBREVIATIONS})\.[ \t]*|\d:|No\.\s*|#|\bno[ -])$",
                                      re.I)

    def value(self, text: str) -> float | None:
        """Numeric value of a single number as written ("6,000", "1.2m", "fifteen", "a dozen")."""
        t = " ".join(text.lower().split())
        if t in self.special:
            return float(self.special[t])
        m = self._num_re.match(t)
        if m and m.group("d"):
            base = float(re.sub(r"[,\s]", "", m.group("d")))
            scale = m.group("s")
            return base * (self.scales[scale.lower()] if scale else 1)
        if t.endswith(" dozen") and t != "a dozen":
            head = self.value(t.removesuffix(" dozen"))
            return head * 12 if head is not None else None  # "three dozen troops"
        try:
            return float(text2num(t.replace(" and ", " "), "en"))
        except ValueError:
            return None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Count]:
        """Figures in text[start:end], left to right; dates, times, money, percentages and 'N-day' skipped."""
        end = len(text) if end is None else end
        out: list[Count] = []
        for m in self._count.finditer(text, start, end):
            before = text[max(0, m.start() - 12):m.start()]
            after = text[m.end():m.end() + 12]
            if self._money_before.search(before) or self._after_bad.match(after) or self._before_bad.search(before):
                continue
            count = self._interpret(m)
            if count is not None:
                out.append(count)
        for m in self._vague.finditer(text, start, end):
            covered = [c for c in out if m.start() <= c.start and c.end <= m.end()]
            if any(c.start < m.end() and m.start() < c.end for c in out if c not in covered):
                continue  # "some 2,000": the figure with its qualifier wins
            # "several hundred": the vague phrase, not the "hundred" inside it
            out = [c for c in out if c not in covered]
            out.append(Count(m.start(), m.end(), m.group(0), None, None, "unspecified"))
        return sorted(out, key=lambda c: c.start)

    def _interpret(self, m: re.Match) -> Count | None:
        qb = (m.group("qb") or "").lower()
        qa = (m.group("qa") or "").lower()
        if m.group("between"):
            low, high = self.value(m.group("r1")), self.value(m.group("r2"))
            qualifier = "range"
        elif m.group("b"):
            low, high = self.value(m.group("a")), self.value(m.group("b"))
            qualifier = "range"
        else:
            low = high = self.value(m.group("a"))
            qualifier = "exact"
        if low is None or high is None:
            return None
        if qualifier == "range" and low > high:
            return None
        bound = self.q_before.get(qb) or self.q_after.get(qa)
        if bound == "at_least":
            high = None
        elif bound == "at_most":
            low = None
        if bound:
            qualifier = bound if qualifier == "exact" or bound == "approximate" else qualifier
            if bound == "approximate" and m.group("b"):
                qualifier = "range"
        a = m.group("a") or ""
        year_like = bool(re.fullmatch(r"1[89]\d\d|20\d\d", a)) and not qb
        return Count(m.start(), m.end(), m.group(0), low, high, qualifier, year_like)
