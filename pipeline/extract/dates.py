"""Resolve the date a sentence is about, against the article's publication date.

Handles the forms news copy uses for recent events ("on Tuesday",
"yesterday", "16 November", "November 16, 2021", "last week") and references
to earlier wars ("last year's war", "the 44-day war", "in 2020") through the
war list in rules/wars.yaml. Written as regular expressions over the
sentence: cheap, offset-aware and predictable; dateparser is used only for
publication dates in metadata.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from pipeline.extract.cues import cue_regex

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))

_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d)(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MON})\.?\s+((?:19|20)\d\d)\b", re.I)
_WAR_BEGAN = re.compile(r"\bsince (?:it|the (?:[\w-]+ )?(?:war|conflict|fighting|offensive|invasion))\b"
                        r"(?!\s+(?:ended|was over|stopped|finished))", re.I)  # not "since the war ended"
_REPORT_NOUNS = r"(?:statement|briefing|post|address|update|report|news conference|press conference|interview|video)"
_STATEMENT_DAY = re.compile(r"\bin\s+an?\s+(" + "|".join(WEEKDAYS) + r")(?:['’]s)?\s+" + _REPORT_NOUNS + r"\b", re.I)
_BETWEEN_MONTHS = re.compile(rf"\b(?:between|from)\s+({_MON})(?:\s+(\d{{4}}))?\s+(?:and|to|until)\s+(?:{_MON})\b", re.I)
_MONTH_ONLY = re.compile(rf"\bin\s+({_MON})(?:\s+(\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|this\s+past\s+|late\s+on\s+|early\s+on\s+)?(" + "|".join(WEEKDAYS) + r")('s|’s)?\b", re.I)
_RELATIVE = re.compile(r"\b(the day before yesterday|yesterday|today|tonight|last night|overnight|this morning|earlier today|"
                       r"this afternoon|this evening|"
                       r"last week(?:'s|’s)?|last month(?:'s|’s)?|last year(?:'s|’s)?|a year ago|two years ago)\b", re.I)
# "the Sunday Tribune", "the Saturday Paper": a newspaper's name, not a day
_NAMED_DAY = re.compile(r"\b[Tt]he\s+(?:" + "|".join(w.title() for w in WEEKDAYS) + r")\s+(?=[A-Z])")
# "killed 134 militants this year", "early this year": a year's figure, 1 January (the annotation guide)
_THIS_YEAR = re.compile(r"\b(?:(?:early|earlier|so far|in the first \w+ months of)\s+)?this\s+year\b(?!['’]s)", re.I)
# A war named as the time after which something happens: "after last year's war", "following the 2020 war"
_AFTER_WAR = re.compile(r"\b(?:after|following|since the end of|at the end of|in the aftermath of|before)\s+(?:the\s+|a\s+|"
                        r"last\s+year['’]s\s+|that\s+)?(?:[\w-]+\s+){0,3}?(?:war|conflict|fighting)\b", re.I)
# "since early November", "since 1989", "since Thursday": the start of a period, never a point event's day (a
# cumulative toll's start is read by `onset`)
_SINCE = re.compile(rf"\bsince\s+(?>(?:(?:early|late|mid|the|last|this)[\s-]+)*(?:(?:{_MON})\.?(?:\s+\d{{1,2}}\b)?(?:,?\s+\d{{4}})?"
                    rf"|(?:19|20)\d\d|(?:{'|'.join(WEEKDAYS)})(?:['’]s)?))"
                    r"(?!(?:\s+last\s+year)?,?\s+when\b)", re.I)  # "since March 3 last year, when ...": that day
_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d\d)\b", re.I)
# A clause that follows with its own time ("killing 58 people, and in 2016 a second bombing killed 131")
_NEW_CLAUSE = re.compile(r"\s*(?:and|but|while|whereas|whilst)\s+(?:in|on|during|by|since|last)\b", re.I)
_SMALL = {"a": 1, **{w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}}
_N = rf"({'|'.join(_SMALL)}|\d{{1,2}})"  # a word first: cue_regex can guard it
# "three days ago": counted back from the publication date; "a day earlier", "the previous day": from the day the
# story was just telling
_DAYS_AGO = re.compile(rf"\b{_N}\s+days?\s+ago\b", re.I)
_EARLIER = re.compile(rf"\b(?:{_N}\s+days?\s+(?:earlier|before)|the\s+(?:previous|preceding)\s+day|the\s+day\s+before"
                      rf"(?!\s+yesterday))\b", re.I)
# "over four days of clashes", "during two weeks of shelling": a period's toll, which starts that long before the
# report (the annotation guide dates a period's toll to its first day)
_PERIOD = re.compile(rf"\b(?:in|over|during|after|within)\s+(?:the\s+(?:past|last|first)\s+)?{_N}\s+(days?|weeks?)\s+of\s+"
                     r"(?:heavy\s+|fierce\s+|intense\s+|deadly\s+)?(?:fighting|clashes|violence|strikes|air\s*strikes|"
                     r"shelling|bombardment|war|attacks|unrest|hostilities|raids|battles|combat)\b", re.I)
# "has killed 120 people in eleven days", "over the past two weeks": a span of days ending on the report's day (not
# "three days ago", "two weeks later", "within days of the truce")
_SPAN = re.compile(rf"\b(?:in|over|within)\s+(?:the\s+(?:past|last|previous)\s+)?{_N}\s+(days?|weeks?)\b"
                   r"(?!\s+(?:ago|earlier|later|before|after|of|from|since)\b)", re.I)
# "during Israel's 12-day war", "a three-day offensive": a war of that many days, ending on the report's day
_N_DAY = re.compile(rf"\b(?:during|in|over|throughout)\s+(?:the\s+|a\s+|an\s+|[\w'’-]+['’]s\s+)?{_N}-(day|week)\s+"
                    r"(?:war|offensive|campaign|conflict|fighting|operation|assault|bombardment|bombing|siege|air\s+campaign)\b",
                    re.I)
# "at the weekend", "last weekend", "during weekend fighting", "in weekend clashes"
_WEEKEND = re.compile(r"\b(?:at|over|during|on)\s+the\s+weekend\b|\bthis\s+weekend\b|\blast\s+weekend\b"
                      r"|\b(?:during|in)\s+(?:the\s+)?weekend\s+(?:fighting|clashes|attacks?|raids?|violence|battles?)\b",
                      re.I)
_THIS_WEEK = re.compile(r"\b(?:earlier\s+)?this\s+week\b", re.I)
# Recent times that name no day: a sentence with one is not about the past event of the sentence before it
_VAGUE = re.compile(r"\b(?:(?:earlier|later)\s+)?this\s+(?:week|month)\b|\brecently\b|\bin\s+recent\s+(?:days|weeks)\b",
                    re.I)
# "over the past 48 hours", "in the last 24 hours": a count of the hours before the report
_PAST_HOURS = re.compile(r"\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(24|48|72|96)\s+hours\b", re.I)
_PERIOD_ENDED = re.compile(r"[^.;]{0,20}?\b(?:that|which)\s+(?:ended|lasted)\b")


@dataclass(frozen=True)
class War:
    name: str
    sides: tuple[str, ...]
    start: dt.date
    end: dt.date
    aliases: re.Pattern


@dataclass(frozen=True)
class DateRef:
    date: dt.date | None
    historical: bool   # about an earlier war or year, not the current events
    carry: bool = True  # False for another event's day ("since Thursday's bombing"): it dates the sentences that
                        # follow only when no earlier day does


def _last(published: dt.date, weekday: str, strictly: bool = False) -> dt.date:
    """The last such weekday on or (strictly) before `published`."""
    back = (published.weekday() - WEEKDAYS.index(weekday.lower())) % 7
    return published - dt.timedelta(days=back or (7 if strictly else 0))


class DateResolver:
    def __init__(self, wars: list[dict], reporting_verbs: list[str] | None = None,
                 discovery_verbs: list[str] | None = None):
        verbs = "|".join(re.escape(v) for v in sorted(reporting_verbs or [], key=len, reverse=True) if " " not in v)
        day = (rf"(?:on\s+|late\s+on\s+|early\s+on\s+|late\s+|early\s+)?(?:{'|'.join(WEEKDAYS)})"
               rf"(?:\s+(?:night|evening|morning|afternoon))?|yesterday|today|on\s+\d{{1,2}}\s+(?:{_MON})\b\.?"
               rf"|on\s+(?:{_MON})\.?\s+\d{{1,2}}\b")
        # "said on Tuesday", "told AFP on Monday", "claimed Sunday", "said in a statement on Friday": when the
        # report was made, not the incident
        self._speech = re.compile(
            rf"\b(?:{verbs})\s+(?:(?:reporters|journalists|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+)?"
            rf"(?:(?:in\s+an?\s+(?:[\w-]+\s+)?{_REPORT_NOUNS}|to\s+(?:reporters|journalists))\s+)?({day})",
            re.I) if verbs else None
        # "On Friday, police sources said ...": a report's day that opens the sentence
        self._speech_first = re.compile(
            rf"^\W*((?:{day}))\s*,\s+(?:[\w'’.-]+\s+){{0,7}}?(?:{verbs})\b", re.I) if verbs else None
        # "bodies were found on Wednesday", "recovered the remains of six guards on Monday": the day the dead
        # were found, not the day they died (YAML: casualties.yaml discovery_verbs)
        found = "|".join(re.escape(v) for v in sorted(discovery_verbs or [], key=len, reverse=True))
        dead = r"(?:bod(?:y|ies)|remains|corpses?)"
        self._discovery = re.compile(
            rf"(?:\b(?:{found})\b[^.;,]{{0,40}}?\b{dead}\b|\b{dead}\b[^.;,]{{0,60}}?\b(?:{found})\b)[^.;,]{{0,60}}?\b({day})",
            re.I) if found else None
        self.wars = [War(w["name"], tuple(w.get("sides", [])), _as_date(w["start"]), _as_date(w["end"]),
                         re.compile(r"\b(?:" + "|".join(w["aliases"]) + r")\b", re.I)) for w in wars]
        # Every branch of resolve() needs one of these words; most sentences have none, so one
        # search rules them out. Clauses repeat (whole sentence, then near a figure): memoise.
        self._any_time = cue_regex([*(w.aliases.pattern for w in self.wars), _RELATIVE.pattern, _DAYS_AGO.pattern,
                                    _THIS_YEAR.pattern, _WEEKEND.pattern,
                                    _MON, *WEEKDAYS, r"(?:19|20)\d\d"])
        self._cached = functools.lru_cache(maxsize=4096)(self._resolve)
        # The states of the article being read (core sets them): a war of rules/wars.yaml dates "last year's war"
        # or "the war in 1992" only in an article about one of its sides.
        self.sides: frozenset[str] = frozenset()

    def resolve(self, text: str, published: dt.date | None) -> DateRef | None:
        """The date text refers to, or None when it names no time at all (memoised per article sides)."""
        return self._cached(text, published, self.sides)

    def war_named(self, text: str) -> War | None:
        """The earlier war a text names ("last year's war" is resolved by the caller's date), or None."""
        return next((w for w in self.wars if w.aliases.search(text)), None)

    def without_speech(self, text: str) -> str:
        """text with the dates of reports ("the ministry said on Tuesday") blanked out, offsets kept: the
        incident's date is another one (or the article's)."""
        # ... and "said in a Sunday statement", "in a Tuesday briefing"
        for pattern in (self._speech, self._speech_first, self._discovery, _STATEMENT_DAY):
            if pattern is not None:
                text = pattern.sub(_blank_group, text)
        return text

    @staticmethod
    def this_week(text: str) -> bool:
        """Whether text places something earlier in the current week ("earlier this week")."""
        return _THIS_WEEK.search(text) is not None

    @staticmethod
    def vague(text: str) -> bool:
        """Whether text names a recent time too loosely for a day ("earlier this week", "recently")."""
        return _VAGUE.search(text) is not None

    def clause_day(self, text: str, pos: int, published: dt.date | None) -> dt.date | None:
        """The day the comma-delimited clause holding pos names itself (not a "since" start), or None."""
        clause = next((m.group(0) for m in re.finditer(r"[^,;–—]+", text) if m.start() <= pos < m.end()), "")
        if re.search(r"\bsince\b", clause, re.I):
            return None
        ref = self.resolve(clause, published)
        return ref.date if ref and not ref.historical else None

    def resolve_near(self, text: str, pos: int, published: dt.date | None) -> DateRef | None:
        """The date of the time expression nearest to pos (a figure's offset within text).

        A sentence can name two times ("on Tuesday ... since last year's war"); the one
        closest to the figure, preferring what follows it, is the one the figure is about.
        """
        # clauses split at punctuation and at "and" before another figure ("killed 250 during weekend fighting and
        # 420 more in an ambush on Monday")
        clauses = [m for m in re.finditer(r"(?:(?!\s+and\s+\d)[^,;–—])+", text)]

        def distance(m: re.Match) -> tuple[int, int]:
            if m.start() <= pos < m.end():
                return 0, 0
            if m.start() > pos:  # what follows first ("killed 12, on Tuesday"), unless it is another coordinated
                # clause ("killing 58 people, and in 2016 a second bombing killed 131")
                return (2 if _NEW_CLAUSE.match(m.group(0)) else 1), m.start() - pos
            return 1, pos - m.end() + 1

        ordered = sorted(clauses, key=distance)
        for clause in ordered:
            ref = self.resolve(clause.group(0), published)
            if ref is not None:
                return ref
        return None

    def _resolve(self, text: str, published: dt.date | None, _sides: frozenset = frozenset()) -> DateRef | None:
        """The date text refers to, or None when it names no time at all (`resolve`, memoised; `_sides` is
        `self.sides`, passed so that the memo keys on it)."""
        if not self._any_time.search(text):
            return None
        original = text
        # "tensions simmer after last year's war": the war dates the background, not this clause's figures
        text = _NAMED_DAY.sub(_spaces, _SINCE.sub(_spaces, _AFTER_WAR.sub(_spaces, text)))
        for war in self.wars:
            if war.aliases.search(text):
                return DateRef(war.start, True)  # a figure about a whole war: its first day (the annotation guide)
        rel = _RELATIVE.search(text)
        if rel:
            word = rel.group(1).lower().replace("’", "'")
            if word.startswith("last month"):
                return DateRef(None, False)  # a month is not a day: leave the date open rather than guess
            day = _DAY_MONTH.search(original) or _MONTH_DAY.search(original)
            if word.startswith("last year") and day and published is not None:
                # "the worst since March 3 last year(, when 14 guards were shot)": that day
                d, mon = (day.group(1), day.group(2)) if day.re is _DAY_MONTH else (day.group(2), day.group(1))
                return self._absolute(int(d), mon, str(published.year - 1), published)
            if word.startswith("last year") or word in {"a year ago", "two years ago"}:
                if published is None:
                    return DateRef(None, True)
                years = 2 if word.startswith("two") else 1
                war = self._war_in_year(published.year - years, text)
                if war is None and word == "last year":
                    # "nine monitors died there last year": a year's figure, 1 January (the
                    # annotation guide); "last year's war" with no war known stays open
                    return DateRef(dt.date(published.year - 1, 1, 1), True)
                return DateRef(war, True)
        if published is not None and _THIS_YEAR.search(text) and not (_DAY_MONTH.search(text) or _MONTH_DAY.search(text)
                                                                     or _WEEKDAY.search(text)):
            # "died in that valley early this year": a year's figure, 1 January (the annotation guide)
            return DateRef(published.replace(month=1, day=1), True)
        m = _MONTH_YEAR.search(text)
        if m and not _DAY_MONTH.search(text):
            month, year = MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
            war = next((w.end for w in self.wars if (w.end.year, w.end.month) == (year, month)), None)
            first = dt.date(year, month, 1)
            return DateRef(war or first, published is not None and (published - first).days > 60)
        m = _DAY_MONTH.search(text) or None
        if m:
            return self._absolute(int(m.group(1)), m.group(2), m.group(3), published)
        m = _MONTH_DAY.search(text)
        if m:
            return self._absolute(int(m.group(2)), m.group(1), m.group(3), published)
        if rel and published is not None:
            word = rel.group(1).lower().replace("’", "'").removesuffix("'s")
            # "overnight" in copy dated the next day: the night began the day before
            delta = {"the day before yesterday": 2, "yesterday": 1, "last night": 1, "overnight": 1, "last week": 7}.get(word, 0)
            return DateRef(published - dt.timedelta(days=delta), False)
        if published is not None and _WEEKEND.search(text) and not _WEEKDAY.search(text):
            # "another 21 were killed at the weekend": its first day, the Saturday before the report
            return DateRef(published - dt.timedelta(days=(published.weekday() - 5) % 7), False)
        m = _DAYS_AGO.search(text)
        if m and published is not None:
            return DateRef(published - dt.timedelta(days=_count(m.group(1))), False)
        m = _WEEKDAY.search(text)
        if m and published is not None:
            # "since Thursday's bombing": another event's day, right for that event's figures; carried on only
            # when it is the first day the article names ("recounting Wednesday's clash")
            return DateRef(_last(published, m.group(1)), False, carry=not m.group(2))
        m = _BETWEEN_MONTHS.search(text)
        if m and published is not None:
            # "killed between April and June": a period's toll, dated to its first day (the annotation guide)
            month = MONTHS[m.group(1).lower()]
            year = int(m.group(2)) if m.group(2) else published.year - (month > published.month)
            return DateRef(dt.date(year, month, 1), (published - dt.date(year, month, 1)).days > 60)
        m = _MONTH_ONLY.search(text)
        if m and published is not None:
            month = MONTHS[m.group(1).lower()]
            year = int(m.group(2)) if m.group(2) else published.year - (month > published.month)
            return DateRef(dt.date(year, month, 1), (published - dt.date(year, month, 1)).days > 60)
        m = _YEAR.search(text)
        if m:
            year = int(m.group(1))
            if published is None or year < published.year:
                # "In 2013, gunmen raided a mall, killing 67": a year's figure is dated to 1 January (the guide)
                return DateRef(self._war_in_year(year, text) or dt.date(year, 1, 1), True)
        return None

    def onset(self, text: str, published: dt.date | None) -> dt.date | None:
        """The day a sentence says something began: "erupted last April 14", "the Oct. 8 attack" (after an
        onset cue), "since the February coup" (the month's first day), "Since 2010" (1 January), or None."""
        if published is None:
            return None
        m = re.search(rf"\bsince\s+(?:the\s+|last\s+)?(?:(?:early|late|mid)-?\s*)?({_MON})\b(?!\.?\s+\d)", text, re.I)
        if m:
            month = MONTHS[m.group(1).lower()]
            return dt.date(published.year - (month > published.month), month, 1)
        m = re.search(rf"\bsince\s+(?:last\s+)?({'|'.join(WEEKDAYS)})\b(?!['’]s)", text, re.I)
        if m:  # "have killed 17 people since Sunday": that Sunday
            return _last(published, m.group(1))
        m = re.search(rf"\b(?:erupted|broke out|began|started|flared|launch(?:ed|ing))\b[^.;]{{0,60}}?\b(?:last\s+)?"
                      rf"({'|'.join(WEEKDAYS)})"
                      rf"(?:['’]s)?\b", text, re.I)
        if m:  # "since violence erupted following last Thursday's attack", "by launching an offensive last Friday":
            # that day, a week back if today
            return _last(published, m.group(1), strictly=True)
        m = re.search(r"\bsince the (?:start|beginning) of (?:the|this) (month|year)\b", text, re.I)
        if m:  # "since the start of the month": its first day
            return published.replace(day=1) if m.group(1).lower() == "month" else published.replace(month=1, day=1)
        m = re.search(r"\bsince\s+((?:19|20)\d\d)\b", text, re.I)
        if m and int(m.group(1)) <= published.year:
            return dt.date(int(m.group(1)), 1, 1)
        m = re.search(r"\b(?:began|broke out|erupted|started|launched)\b[^.;]{0,140}?\bin\s+((?:19|20)\d\d)\b", text, re.I)
        if m and int(m.group(1)) <= published.year and not _DAY_MONTH.search(text) and not _MONTH_DAY.search(text):
            return dt.date(int(m.group(1)), 1, 1)  # "since an armed rebellion broke out in 1989"
        for pattern, d, mon, y in ((_DAY_MONTH, 1, 2, 3), (_MONTH_DAY, 2, 1, 3)):
            m = pattern.search(text)
            if m:
                ref = self._absolute(int(m.group(d)), m.group(mon), m.group(y), published)
                return ref.date if ref else None
        return None

    def earlier(self, text: str, anchor: dt.date | None) -> dt.date | None:
        """"a day earlier", "two days before", "the previous day": that many days before anchor, or None."""
        m = _EARLIER.search(text)
        if m is None or anchor is None:
            return None
        return anchor - dt.timedelta(days=_count(m.group(1)))

    def period_start(self, text: str, anchor: dt.date | None) -> dt.date | None:
        """The first day of "N days/weeks of fighting", "in eleven days" or "the past 48 hours" that ends on `anchor`
        (the report's day), or None."""
        hours = _PAST_HOURS.search(text)
        if hours is not None and anchor is not None:
            return anchor - dt.timedelta(days=int(hours.group(1)) // 24)  # "over the past 48 hours": two days back
        m = _PERIOD.search(text) or _N_DAY.search(text) or _SPAN.search(text)
        if m is None or anchor is None or _PERIOD_ENDED.match(text, m.end()):
            return None  # "a month of clashes which ended with a truce": not a period ending on the report's day
        n = _count(m.group(1))
        days = n - 1 if m.group(2).lower().startswith("day") else 7 * n
        return anchor - dt.timedelta(days=days)

    def toll_start(self, text: str, published: dt.date | None, war_start: dt.date | None) -> dt.date | None:
        """The date of a cumulative toll: "240 deaths since March" -> the sentence's own start; "the toll since
        the war began" -> the war's start the article names (war_start); a since-clause that gives no date
        ("since the rebels took up arms") -> None, rather than another start."""
        own = self.onset(text, published)
        if own or not re.search(r"\bsince\b", text, re.I) or _WAR_BEGAN.search(text):
            return own or war_start
        return None

    def _war_in_year(self, year: int, text: str) -> dt.date | None:
        """The first day of the named war fought in `year` when the text speaks of a war ("last year's war", "the
        war in 1992"), or None: "the insurgency began in 1992" in Algeria is no war of rules/wars.yaml."""
        if not re.search(r"\b(?:war|fighting)\b", text, re.I):
            return None
        for war in self.wars:
            if war.start.year <= year <= war.end.year and (not self.sides or set(war.sides) & self.sides):
                return war.start
        return None

    @staticmethod
    def _absolute(day: int, month: str, year: str | None, published: dt.date | None) -> DateRef | None:
        mon = MONTHS[month.lower().rstrip(".")]
        if year:
            y = int(year)
        elif published is not None:
            y = published.year - (1 if (mon, day) > (published.month, published.day) else 0)
        else:
            return None
        try:
            date = dt.date(y, mon, day)
        except ValueError:
            return None
        historical = published is not None and (published - date).days > 60
        return DateRef(date, historical)


def _count(word: str | None) -> int:
    """1 for "a"/"the previous day", else the number a numeral or number word says."""
    return 1 if word is None else int(word) if word.isdigit() else _SMALL[word.lower()]


def _blank_group(m: re.Match) -> str:
    """The match with its first group (a date) blanked, offsets kept."""
    return m.group(0)[:m.start(1) - m.start(0)] + " " * len(m.group(1)) + m.group(0)[m.end(1) - m.start(0):]


def _spaces(m: re.Match) -> str:
    return " " * len(m.group(0))


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
