"""Casualty claims: one row per figure of killed, wounded, captured or missing people.

Three shapes, each earned by gold examples (data/gold/) and unit tests:

- figure, people, outcome:  "12 soldiers had been captured", "1 killed, 13 captured",
  "as many as 15 soldiers may have died", "two of its soldiers were injured";
- active verb, figure, people: "Russia said it had killed 300 Ukrainian soldiers";
- toll, figure: "the death toll rose to 49";
plus denials ("no soldiers were killed", "denied any losses") as 0-0 claims.

Whose losses: a demonym or country in the noun phrase, "its/our" (the
claimant's own), "on the Armenian side", combined totals (UNK); otherwise the
claimant's own side for passive reports, which is how warring parties
announce their own losses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.extract.actors import UNKNOWN
from pipeline.extract.attribution import Claimant
from pipeline.extract.context import ArticleContext
from pipeline.extract.cues import cue_regex
from pipeline.extract.numbers import Count
from pipeline.extract.parse import Clause, token_at
from pipeline.extract.rulebook import Rulebook
from pipeline.extract.sentences import Sentence
from pipeline.extract.tree import Attachment, Vocabulary, attach, qualifies
from pipeline.ids import stable_id

FILLER = {"were", "was", "have", "has", "had", "been", "being", "are", "is", "be", "reportedly", "allegedly",
          "also", "more", "other", "others", "of", "them", "those", "whom", "and", "the", "its", "their", "our",
          "may", "might", "could", "already", "so", "far", "later", "confirmed", "officially", "further",
          "additional", "who", "which", "people", "all", "dead", "now"}
_COORD = re.compile(r"\s*(?:,\s*)?(?:and|or|and/or)\s+(?:were\s+|been\s+|later\s+)?")
_FIGURE_TAIL = {"of", "than", "to", "and", "or"}  # words a count's text can end with after its number
_PUNCT_STOP = re.compile(r"[,;:()\[\]–—]|\s--?\s|\bwhile\b|\bbut\b|\bwhereas\b|\bsaid\b|\bsays\b")


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _any(patterns) -> re.Pattern:
    """One case-insensitive regex matching any of a YAML list of regular expressions (none: never matches)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns or []) or r"(?!)", re.I)


def _grouped(spec: dict, suffix: str = "") -> re.Pattern:
    return re.compile("|".join(rf"(?P<{key}{suffix}>\b(?:{_alternation(words)})\b)" for key, words in spec.items()),
                      re.I)


class _PeopleNouns:
    """The people nouns of the rules; a noun right before another only qualifies it ("two women gendarmes",
    "child soldiers"): a match extends to the last noun of such a run, whose kind counts."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    def _head(self, text: str, m: re.Match | None, endpos: int) -> re.Match | None:
        while m is not None:
            gap = re.match(r"[ \t]+", text[m.end():endpos])
            nxt = self.pattern.match(text, m.end() + len(gap.group()), endpos) if gap else None
            if nxt is None or nxt.lastgroup == "unknown":
                return m
            m = nxt
        return m

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        return self._head(text, self.pattern.search(text, pos, end), end)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        return self._head(text, self.pattern.match(text, pos, end), end)

    def fullmatch(self, text: str) -> re.Match | None:
        return self.pattern.fullmatch(text)


@dataclass
class _Figure:
    """A figure of a sentence with the rows it gave, for the sentence's breakdowns."""
    count: Count
    noun: str        # the people noun counted, lower case ("people", "foreigners"), "" when none
    part_of: str     # the noun of the toll it is a part of or listed with ("people"), "" when none
    how: str         # how its side was found ("explicit", "host", ...)
    rows: list[dict]


@dataclass
class _Hit:
    outcomes: list[str]
    victim: str | None        # explicit side, UNK for explicit combined totals, None if not said
    own: bool                 # "its", "our": the claimant's own side
    victim_type: str | None
    shape: str                # after | active | toll
    noun: str = ""            # the people noun as written
    agent: str = ""           # active shape: "nonstate" when a non-state group did the harm ("gang attacks killed")


_FUNCTION_WORDS = {"and", "or", "but", "in", "of", "by", "as", "at", "on", "after", "before", "while", "when", "with",
                   "from", "to", "for", "were", "was", "are", "is", "had", "have", "has", "many", "some", "more", "most"}

# The noun phrase a relative pronoun subject stands for, right before the verb: "... the insurgency that has "
_RELATIVE_SUBJECT = re.compile(r"\b((?:one of\s+)?(?:the|an?|its|their)\s+(?:[\w'’-]+\s+){0,5}?[\w'’-]+),?\s+(?:that|which)\s+"
                               r"(?:has\s+|have\s+|had\s+)?(?:so far\s+|already\s+)?$", re.I)

def _again(hit: _Hit, shape: str | None = None) -> _Hit:
    """The same people counted again by a later figure ("... and 85 more", "revised the figure up to 12")."""
    return _Hit(list(hit.outcomes), hit.victim, hit.own, hit.victim_type, shape or hit.shape, hit.noun)


HOST = "@host"  # victim side: the state the article is about ("government soldiers"), resolved per article


def claim_id(article_id: str, start: int, end: int, outcome: str) -> str:
    return stable_id("c", article_id, start, end, outcome)


class CasualtyExtractor:
    def __init__(self, book: Rulebook):
        r = book.casualties
        self.book = book
        self.outcomes = _grouped(r["outcomes"])
        self.people = _PeopleNouns(_grouped(r["people"]))
        self.active = re.compile(r"(?:" + "|".join(rf"(?P<{k}>\b(?:{_alternation(v)}))" for k, v in r["active_verbs"].items())
                                 + r")[\"”’]?\s+[\"“‘]?$", re.I)  # 'of killing “many civilians”', 'had "neutralised" 12':
                                                                 # a quotation may open or close
        links = "|".join(r["toll_links"])
        self.toll_subject = _grouped(r["tolls"])
        self.toll = re.compile(r"(?:" + "|".join(rf"(?P<{k}>\b(?:{_alternation(v)}))" for k, v in r["tolls"].items())
                               + rf")\b(?:\s+[\w'’-]+){{0,10}}?\s+(?:{links})\s+$", re.I)
        self.own_loss = re.compile(r"(?:" + "|".join(rf"(?P<{k}>\b(?:{_alternation(v)}))" for k, v in r["own_loss_verbs"].items())
                                   + r")\s+$", re.I)
        self.release = re.compile(rf"\b(?:{_alternation(r['release_verbs'])})\b", re.I)
        self.not_people = re.compile(rf"\b(?:{_alternation(r['not_people'])})\b", re.I)
        self.combined = re.compile(rf"\b(?:{_alternation(r['combined_markers'])})\b", re.I)
        self.own = re.compile(rf"\b(?:{_alternation(r['own_possessives'])})\b", re.I)
        self.side_after = re.compile(rf"^\s*(?:{_alternation(r['side_markers'])})\s+(?:the\s+)?", re.I)
        self.denials = [re.compile(p, re.I) for p in r["denials"]]
        self.denial_outcome = r["denial_outcome"]
        cue_words = [w for key in ("outcomes", "tolls", "active_verbs", "own_loss_verbs", "outcome_nouns")
                     for ws in r[key].values() for w in ws]
        self.prefilter = cue_regex([*cue_words, *r["denials"], *r.get("captive_nouns", [])])
        self.reporting = book.attribution._verbs
        self.cumulative = _any(r.get("cumulative_markers"))
        self.comparison = _any(r.get("comparison_markers"))
        self.episode = _any(r.get("episode_markers"))
        self.onset = _any(r.get("onset_markers"))
        self.redefined = [(re.compile(rf"\b{w}\b", re.I), re.compile(d, re.I))
                          for w, d in (r.get("redefined_outcomes") or {}).items()]
        self.outcome_nouns = _grouped(r["outcome_nouns"])
        self.leaving_verbs = frozenset(w.lower() for w in r.get("leaving_verbs", []))
        self.holding_verbs = frozenset(w.lower() for w in r.get("holding_verbs", []))
        self.captive_nouns = frozenset(w.lower() for w in r.get("captive_nouns", []))
        words = "|".join(re.escape(w) for w in r["strike_place_prepositions"])
        self.strike_place = re.compile(rf"\s({words})\s")
        self.frame_verbs = frozenset(w.lower() for w in r.get("frame_verbs", []))
        self.frames = _grouped(r["frames"])
        self.continuation = _any(book.attribution.rules.get("continuation_markers"))
        self.asides = _any(r["asides"])
        self.restated = re.compile(rf"\b(?:{_alternation(r['restated_before'])})\s+$", re.I)
        self.adversary = re.compile(rf"\b(?:{_alternation(r['adversaries'])})\b", re.I)
        self.civil_conflict = re.compile(rf"\b(?:{_alternation(r.get('civil_conflicts', []))})\b", re.I)
        self.event_agent = re.compile(rf"^\s*(?:{_alternation(r['event_agents'])})\b", re.I)
        self.government = re.compile(rf"\b(?:{_alternation(r['government_people'])})\b", re.I)
        self.revised_toll = re.compile(rf"\b(?:{_alternation(r['revised_tolls'])})\s+$", re.I)
        self.state_agent = re.compile(rf"(?:{_alternation(r['government_people'] + r['state_agents'])})$", re.I)
        self.foreign_people = re.compile(rf"(?:{_alternation(r.get('foreign_people', []))})", re.I)
        self.org_people = re.compile(rf"\b(?:{_alternation(r['organisation_people'])})\b", re.I)
        self.vocab = Vocabulary(
            reporting=frozenset(v.lower() for v in book.attribution.rules["reporting_verbs"]),
            loss=frozenset(w for ws in r["own_loss_verbs"].values() for w in ws if " " not in w),
            harm=frozenset(w for ws in r["active_verbs"].values() for w in ws if " " not in w),
            places=frozenset(r["place_prepositions"]),
            estimating=frozenset(w.lower() for w in book.attribution.rules.get("estimating_verbs", [])),
            place_nouns=frozenset(r.get("place_nouns", [])),
            accusing=frozenset(w.lower() for w in book.attribution.rules.get("accusing_verbs", [])),
            harm_events=frozenset(w.lower() for w in r.get("harm_events", [])),
            nationality_nouns=frozenset(w.lower() for w in r.get("nationality_nouns", [])))
        self.place_noun = re.compile(rf"\s+(?:{_alternation(r.get('place_nouns', []) or ['(?!)'])})\b", re.I)
        self.event = _any(r.get("event_words"))
        self.civilian_majority = re.compile(
            r"[^.;]{0,60}?\b(?:" + _alternation(r.get("civilian_majority", []) or ["(?!)"]) + r")\b[^.;]{0,30}?\b(?:"
            + "|".join(r["people"]["civilian"]) + r")\b", re.I)
        self.anaphoric = re.compile(_alternation(r.get("anaphoric_people", [])) or "(?!)", re.I)
        self.singular_as_one = bool(r.get("singular_counts_as_one", False))
        self.armed_units = _any(r.get("armed_units"))
        self.singular_noun = re.compile(rf"\b(?:{_alternation(r['singular_people'])})\b", re.I)
        self.singular = re.compile(rf"\b(?:an?)\s+(?=(?:[\w-]+\s+){{0,2}}?(?:{_alternation(r['singular_people'])})\b)", re.I)

    # -- public ------------------------------------------------------------
    def is_cumulative(self, text: str) -> bool:
        """Whether a sentence gives a toll since some start ("has killed 240 people since March"); "the deadliest
        ambush since 2010" compares one event with the past instead."""
        return bool(self.cumulative.search(self.comparison.sub(lambda m: " " * len(m.group(0)), text)))

    def is_candidate(self, sent: Sentence) -> bool:
        """Whether a sentence may hold a casualty figure or a denial (only those are parsed)."""
        return bool(self.prefilter.search(sent.text))

    def extract(self, sent: Sentence, ctx: ArticleContext, claimant_for: Callable[[int], Claimant], date_at,
                clauses: list[Clause] | None = None) -> list[dict]:
        if not self.is_candidate(sent):
            if self.event.search(sent.text) and self.reporting.search(sent.text):
                # "A gunfight went on for hours, the army said.": the speaker of the events, for a
                # figure that goes on from them ("A further 11 soldiers were injured")
                told = claimant_for(sent.start)
                if told.text:
                    ctx.carried = (sent.end, told)
            return []
        rows: list[dict] = []
        text = ctx.text
        counts = self.book.numbers.find(text, sent.start, sent.end)
        # "A soldier was killed": a/an before a singular person counts as one only where the rules say so (the
        # annotation guide the evaluation follows does not count a singular without a numeral).
        if self.singular_as_one:
            counts += [Count(m.start(), m.start() + len(m.group(0).rstrip()), m.group(0).rstrip(), 1.0, 1.0, "exact")
                       for m in self.singular.finditer(text, sent.start, sent.end)]
        counts.sort(key=lambda c: c.start)
        prev = None  # (victim side, type, claimant) of the previous claim in this sentence
        prev_hit = None
        hit_at = -1  # the index of the last figure with a hit
        figures: list[_Figure] = []  # the sentence's figures with rows, for its breakdowns
        whole_prev = None  # prev of the last figure that is no part of another
        for i, count in enumerate(counts):
            limit = counts[i + 1].start if i + 1 < len(counts) else sent.end
            if i + 1 < len(counts) and self._coordinated(text[count.end:limit]):
                # "293 soldiers and three civilians were wounded": the outcome after the second applies to both
                limit = counts[i + 2].start if i + 2 < len(counts) else sent.end
            att = self._attachment(clauses, sent, count)
            if att and att.speaker and not self.book.attribution.is_source(att.speaker) \
                    and re.search(r"\baccording to\s+" + re.escape(att.speaker), sent.text, re.I):
                att = replace(att, speaker="")  # "according to preliminary information, ..., the ministry said"
            # the speaker whose reporting verb governs the figure's clause, else the sentence-level rules
            spoken = self.book.attribution.resolve(att.speaker, ctx.memory) if att and att.speaker else None
            if spoken is not None and self.book.actors.is_state_role(spoken.text or "") \
                    and not self.book.actors.mentions(att.speaker):
                # "In Mali, the army said": an unnamed state institution speaking in a named state is that
                # state's, whichever state's institution spoke last
                where = {m.code for m in self.book.actors.mentions(att.speaker_place) if m.kind == "name"}
                if len(where) == 1:
                    side = where.pop()
                    spoken = Claimant(spoken.text, side, self.book.actors.canonical_name(spoken.text, side))
                    ctx.memory.last = ctx.memory.last_state = spoken  # the referent of a later "it added"
            claimant = spoken if spoken is not None and spoken.text else claimant_for(count.start)
            if not claimant.text:
                claimant = self._continued(ctx, sent) or claimant
            hit = (self._own(text, sent, count, limit) or self._active(text, sent, count, limit, claimant, prev, ctx.sides, ctx.host)
                   or self._after(text, count, limit, sent.start) or self._toll(text, sent, count, prev_hit)
                   or self._follow_on(text, sent, count, limit, prev_hit, listed=hit_at == i - 1 and i > 0
                                      and self._listed(text[counts[i - 1].end:count.start]),
                                      next_start=counts[i + 1].start if i + 1 < len(counts) else None)
                   or self._tree_hit(att, count, text))
            if hit is None:
                continue
            prev_hit, hit_at = hit, i
            # "17 others" are the people of the figure before, whoever counts them; of the toll, not of its last part
            # ("nine people, among them seven rebels and two troopers, died, and 11 others were hurt")
            preceding = whole_prev if figures and figures[-1].part_of else prev
            if prev is not None and prev[2] != claimant:
                prev = None
            side, how = self._tree_side(att, claimant, ctx, hit) if att else (None, "")
            if side is None or (hit.victim is not None and how == "agent"):
                side, how = self._victim_side(hit, claimant, prev, ctx.host, ctx.sides[0] if ctx.sides else None,
                                              mixed=bool(self.combined.search(sent.text)),
                                              war=self._war_between_states(sent, ctx, count))
            noun = (hit.noun or "").strip()
            vtype = hit.victim_type or (prev[1] if prev and (how == "inherited" or not noun) else None) or "unknown"
            counted = (self.people.fullmatch(att.compound) or self.people.fullmatch(att.noun)) \
                if vtype == "unknown" and att and att.noun else None  # "12 service members of the ministry"
            if counted is not None and counted.lastgroup != "unknown":
                vtype = counted.lastgroup  # "He put the army's toll at 19 soldiers": the noun the figure counts
            elif counted is not None and self._armed(att):
                vtype = "military"  # "nine injured members of the armed faction"
            whole = self.people.fullmatch(att.part_of) if vtype == "unknown" and att and att.part_of else None
            if whole is not None and whole.lastgroup != "unknown":
                vtype = whole.lastgroup  # "25 civilians, including nine members of one clan": a part of the civilians
            if vtype == "unknown" and self.civilian_majority.match(text, count.end, sent.end):
                vtype = "civilian"  # "killed around 1,150 people, mostly civilians"
            fellow = (preceding or self._singular_before(text, sent, count)) if self.anaphoric.fullmatch(noun) else None
            if fellow is not None:
                # "shot one guard and hurt three others", "A Kestrian soldier was killed and three others were
                # wounded": the others are the guard's, the soldier's fellows
                vtype = fellow[1] if vtype == "unknown" else vtype
                if how not in ("explicit", "possessive") and fellow[0] is not None:
                    side, how = fellow[0], "inherited"
            victim_party = self._victim_party(text, count, att, hit, side, prev)
            speaker = self._claimant_party(claimant)
            if victim_party is None and how in ("possessive", "claimant") and speaker not in (None, side):
                victim_party = speaker  # "the FVF said three of its fighters were killed": the group's own dead
            prev = (side, vtype, claimant, victim_party)
            if not (att and (att.part_of or att.governor)):
                whole_prev = prev
            if claimant.text:
                ctx.carried = (sent.end, claimant)
            for outcome in hit.outcomes:
                key = (outcome, count.low, count.high)
                bound = count.low if count.low is not None else count.high  # "up to nine" restates "nine"
                same = next((k for k in (key, (outcome, bound, bound)) if k in ctx.figures), None)
                if vtype == "unknown" and not noun and same is not None:
                    # "as many as seven dead and 40 hurt" after "killed seven troops and injured 40 others": the same
                    # people, restated without their noun
                    known_side, vtype = ctx.figures[same]
                    side = side if side != UNKNOWN else known_side
                elif vtype != "unknown" and noun:
                    ctx.figures.setdefault(key, (side, vtype))
                row = self._row(ctx, sent, count.start, count.end, count.text, count.low, count.high,
                                count.qualifier, outcome, side, vtype, claimant, date_at(count.start), hit.shape, how,
                                denial=False, hedged=self._hedged(clauses, sent, count))
                row["victim_party"] = victim_party
                rows.append(row)
            figures.append(_Figure(count, noun.lower(), (att.part_of or att.governor).lower() if att else "",
                                   how, rows[len(rows) - len(hit.outcomes):]))
        redefined = [word for word, definition in self.redefined if word.search(sent.text) and definition.search(ctx.text)]
        if redefined and not self.outcomes.search(redefined[0].sub(" ", sent.text)):
            rows = []  # "15 terrorists were neutralized", where the article says the word also means captured
        self._breakdowns(figures)
        rows.extend(self._others(ctx, sent, rows))
        rows.extend(self._denials(ctx, sent, claimant_for, date_at))
        return rows

    def _breakdowns(self, figures: list["_Figure"]) -> None:
        """A toll and the parts the sentence breaks it into ("70 people, including 60 foreigners"; "12 people,
        including 10 rebels and two soldiers"): foreigners are no one side's; a toll with parts of another state,
        or foreign, spans several (UNK, unless its own words give its side); parts that add up to the toll and
        are all of one kind give it their kind."""
        for k, whole in enumerate(figures):
            if whole.part_of:
                continue
            parts = []
            for f in figures[k + 1:]:
                if not f.part_of:
                    break
                if f.part_of != whole.noun and not parts:
                    break
                parts.append(f)
            if not parts:
                continue
            for f in parts:
                if self.foreign_people.fullmatch(f.noun):
                    for r in f.rows:
                        r["victim_side"] = r["victim_party"] = UNKNOWN
            sides = {r["victim_side"] for r in whole.rows}
            other = any(self.foreign_people.fullmatch(f.noun)
                        or (f.how == "explicit" and {r["victim_side"] for r in f.rows} - sides - {UNKNOWN})
                        for f in parts)
            if other and whole.how not in ("explicit", "possessive"):
                for r in whole.rows:
                    r["victim_side"] = r["victim_party"] = UNKNOWN
            kinds = {r["victim_type"] for f in parts for r in f.rows}
            exact = [f.count.low for f in parts if f.count.low is not None and f.count.low == f.count.high]
            if len(kinds) == 1 and "unknown" not in kinds and len(exact) == len(parts) > 1 \
                    and whole.count.low is not None and sum(exact) == whole.count.low:
                kind = kinds.pop()
                for r in whole.rows:
                    if r["victim_type"] == "unknown":
                        r["victim_type"] = kind

    def _armed(self, att: Attachment | None) -> bool:
        """Whether the people counted are an armed unit's or group's: "four Polisario members", "members of the 47th
        Brigade" (military, though "members" says nothing)."""
        return bool(att and att.qualifier and (self.armed_units.search(att.qualifier) or any(
            m.kind == "group" for m in self.book.actors.mentions(att.qualifier))))

    def _singular_before(self, text: str, sent: Sentence, count: Count) -> tuple[str | None, str] | None:
        """(side, type) of the last singular person named before the figure in its sentence ("A Kestrian soldier
        was killed and three others ..."), which is no row of its own; None when there is none."""
        found = list(self.singular.finditer(text, sent.start, count.start))
        if not found:
            return None
        phrase = text[found[-1].start():count.start]
        noun = self.singular_noun.search(phrase)
        if noun is None:
            return None
        codes = {m.code for m in self.book.actors.mentions(phrase[:noun.start()])}
        return (codes.pop() if len(codes) == 1 else None), self._type(self.people.fullmatch(noun.group(0))) or "unknown"

    def _claimant_party(self, claimant: Claimant) -> str | None:
        """The party the claimant speaks for: a named group's code ("an RSF spokesman" -> RSF), else
        claimant_side; null for the outlet's own voice."""
        if not claimant.text:
            return None
        group = next((m.party for m in self.book.actors.mentions(claimant.text) if m.kind == "group" and m.party), None)
        return group or claimant.side

    def _victim_party(self, text: str, count: Count, att: Attachment | None, hit: _Hit, side: str, prev) -> str | None:
        """The party whose people the figure counts: a named group's code ("12 Hezbollah fighters" -> HZB,
        "RSF fighters" -> RSF), else the state or organisation of victim_side; null for unnamed non-state
        fighters ("23 militants") and UNK for unknown or combined sides."""
        phrase = att.qualifier if att and att.qualifier else self._window(text, count.end, len(text), 50)
        noun = re.search(re.escape(hit.noun), phrase) if hit.noun else None
        groups = [m for m in self.book.actors.mentions(phrase[:noun.end()] if noun else phrase)
                  if m.kind == "group" and m.party and m.code == side]
        if groups:
            return groups[0].party
        if prev is not None and prev[0] == side and prev[3] not in (None, side):
            return prev[3]  # "12 Hezbollah fighters were killed and three wounded"
        if side == UNKNOWN or not side:
            return UNKNOWN
        if hit.noun and self.adversary.search(hit.noun):
            return None  # "23 militants": a non-state party the text does not name
        return side

    def _states_of(self, phrase: str) -> set[str]:
        """The states of the places a phrase names ("Sinaloa" -> MEX, "Thailand" -> THA)."""
        if not phrase:
            return set()
        # a name, a capital ("shelled a district of Tripoli"), or a demonym before a place noun ("the Israeli city
        # of ...")
        found = {m.code for m in self.book.actors.mentions(phrase) if len(m.code) == 3 and (
            m.kind in ("name", "metonym") or m.kind == "demonym" and self.place_noun.match(phrase, m.end))}
        return found | {p.code for p in self.book.places.places(phrase)}

    def _war_between_states(self, sent: Sentence, ctx: ArticleContext, count: Count) -> bool:
        """A toll of a war between states the article names ("lost in last year's war", "the 44-day war"):
        both sides' dead, so not the host's."""
        named = self.book.dates.war_named(sent.text)
        if named is not None:
            return len(named.sides) > 1
        when = self.book.dates.resolve(sent.text, ctx.published)
        if not (when and when.historical and re.search(r"\bwar\b", sent.text, re.I)):
            return False
        if when.date is None:
            return len(ctx.sides) > 1  # "last year's war" in an undated article about two states
        return any(len(w.sides) > 1 and w.start <= when.date <= w.end for w in self.book.dates.wars)

    def _continued(self, ctx: ArticleContext, sent: Sentence) -> Claimant | None:
        """The speaker of the figures just before, for one in the outlet's voice that continues them
        ("Another 124 people were injured") in the same or the next paragraph."""
        if ctx.carried is None or not self.continuation.search(sent.text):
            return None
        end, claimant = ctx.carried
        return claimant if ctx.text.count("\n\n", end, sent.start) <= 1 else None

    # -- the parse -------------------------------------------------------------
    def _hedged(self, clauses: list[Clause] | None, sent: Sentence, count: Count) -> bool:
        """A hedge on the whole claim, or a hedge word whose clause holds the figure (without a parse: any hedge
        of the sentence)."""
        attribution = self.book.attribution
        if attribution.claim_hedged(sent.text):
            return True
        words = attribution.hedge_words(sent.text)
        if not words:
            return False
        _, fig = token_at(clauses, count.end - 1 - sent.start) if clauses else (None, None)
        if fig is None:
            return True
        for m in words:
            _, hedge = token_at(clauses, m.start())
            if hedge is None or qualifies(hedge, fig):
                return True
        return False

    def _attachment(self, clauses: list[Clause] | None, sent: Sentence, count: Count) -> Attachment | None:
        """What the figure attaches to in its clause's tree ("at least 27": the token of 27)."""
        if not clauses:
            return None
        clause, tok = token_at(clauses, count.end - 1 - sent.start)
        if tok is None:
            return None
        while tok.i > 0 and tok.lower_ in _FIGURE_TAIL and tok.idx + clause.offset > count.start - sent.start:
            tok = tok.doc[tok.i - 1]  # "dozens of": the figure is "dozens"
        return attach(tok, self.vocab)

    def _tree_hit(self, att: Attachment | None, count: Count, text: str = "") -> _Hit | None:
        """The people as the subject of an outcome verb the windows cannot reach: "More than 700 people,
        including 215 civilians, were killed" (both figures)."""
        if att is None or count.year_like or count.text.lower() in {"a", "an"}:  # "among them a child": no row
            return None
        toll = (self.toll_subject.search(att.subject) or self.outcome_nouns.search(att.subject)) \
            if not att.noun and att.subject else None
        if toll is not None and len({m.lastgroup for p in (self.outcomes, self.outcome_nouns)
                                     for m in p.finditer(att.subject)}) <= 1:  # not "a combined count of dead and missing"
            # "The toll is thought to lie between 40 and 45", "raising the toll to 81", "the number of
            # deaths on the Kestrian side rose to 46": the figure is what the toll is; whose, if one side is named
            owner = {m.code for m in self.book.actors.mentions(att.subject)}
            return _Hit([toll.lastgroup], owner.pop() if len(owner) == 1 else None, False, None, "toll")
        if att.noun and count.text.lower().split()[-1] == att.noun.lower():
            att = replace(att, noun="")  # "dozens", "hundreds": the figure itself, not a people noun
        governed = self.outcome_nouns.fullmatch(att.governor)
        outcome = self.outcomes.fullmatch(att.verb) or (self.outcomes.fullmatch(att.predicate) if att.predicate else None) \
            or (None if not att.complement else (
            self.outcomes.fullmatch(f"{att.verb} {att.complement}") or self.outcomes.fullmatch(att.complement)
            or self.outcome_nouns.fullmatch(att.complement)))  # "were later found dead", "reported missing"
        framed = self.frames.search(att.frame) if att.verb.lower() in self.frame_verbs else None
        if not att.noun and framed is not None and att.role in {"nsubjpass", "nsubj"}:
            # "Of the dead, 28 were civilians", "Among the wounded, five were children": a part of the toll
            kind = self._type(self.people.fullmatch(att.attribute))
            if kind in (None, "unknown") and self._armed(att):
                kind = "military"  # "12 were members of the 5th Ranger Battalion"
            return _Hit([framed.lastgroup], None, False, kind, "after", att.attribute)
        if not att.noun and outcome is not None and att.role in {"nsubjpass", "nsubj"} \
                and not re.search(r"\bas\s+$", text[max(0, count.start - 4):count.start], re.I):
            # (not "and as many wounded": the same figure again, read by _others)
            # "... and six severely injured", "... and dozens were wounded": a figure without its noun, the subject
            # of its own outcome verb
            return _Hit([outcome.lastgroup], None, False, None, "after")
        harm = self.active.fullmatch(att.verb + " ") if not att.noun and att.role == "dobj" else None
        if harm is not None and (not att.governor or self.people.fullmatch(att.governor)):
            # "an air raid killed dozens across the valley", "killed 140 people in Kestria and 17 in Norland": the
            # people the harm verb's object counts, unnamed
            return _Hit([harm.lastgroup], None, False, None, "active")
        if not att.noun or (att.role not in {"nsubjpass", "nsubj", "dobj", "attr", "conj"}
                            and not (att.role == "pobj" and governed)):  # "resulted in the deaths of 100 civilians"
            return None
        itself = self.outcome_nouns.fullmatch(att.noun)
        if itself is not None and count.qualifier != "unspecified":  # not "the bodies of some of the dead"
            return _Hit([itself.lastgroup], None, att.possessive, None, "after", att.noun)  # "four of the dead"
        noun = self.people.fullmatch(att.noun)
        if noun is None:
            # "40 Tamil Tigers were killed", "12 Houthis": a group's name counts its fighters
            named = att.qualifier if att.qualifier.endswith(att.noun) else f"{att.qualifier} {att.noun}".strip()
            found = [m for m in self.book.actors.mentions(named) if m.end == len(named)]
            if any(m.kind == "group" for m in found):
                noun = self.people.fullmatch("fighters")
            elif any(m.kind == "demonym" for m in found) and att.noun.endswith("s"):
                noun = self.people.fullmatch("people")  # "four Estonians and two Latvians were hurt"
            else:
                return None
        elif noun.lastgroup == "unknown" and self._armed(att):
            noun = self.people.fullmatch("fighters")
        governor = self.outcome_nouns.fullmatch(att.governor)
        if governor is not None:
            # "the deaths of 19 of its soldiers", "Bodies of at least eleven people have been recovered"
            return _Hit([governor.lastgroup], None, att.possessive, self._type(noun), "after", att.noun)
        if att.verb.lower() in self.holding_verbs and att.role == "dobj" and att.noun.lower() in self.captive_nouns:
            return _Hit(["captured"], None, att.possessive, "civilian", "after", att.noun)  # "still hold 110 hostages"
        if att.role == "conj":
            return None  # only "hostages and the bodies of 35 others" (the governor above) joins a list's head
        if outcome is not None and att.role in {"nsubjpass", "nsubj"}:
            return _Hit([outcome.lastgroup], None, att.possessive, self._type(noun), "after", att.noun)
        left = self.outcomes.search(att.qualifier) if att.verb.lower() in self.leaving_verbs else None
        if left is not None and att.role == "dobj":
            # "leaving nine rangers dead": the state the people were left in
            return _Hit([left.lastgroup], None, att.possessive, self._type(noun), "after", att.noun)
        harm = self.active.fullmatch(att.verb + " ")  # the pattern ends where its object begins
        if harm is not None and att.role == "dobj":
            # "raids have killed scores of police officers and 47 visiting pilgrims": a later object of the
            # same harm verb, too far from it for the window
            return _Hit([harm.lastgroup], None, att.possessive, self._type(noun), "active", att.noun)
        if framed is not None:
            # "The dead included three children": a part of the toll the clause's other phrase names
            return _Hit([framed.lastgroup], None, att.possessive, self._type(noun), "after", att.noun)
        return None

    def _nonstate(self, att: Attachment) -> bool:
        """Whether the people are a non-state armed group's: "tens of the group's fighters", "20 PKK militants"."""
        return bool(self.adversary.search(att.noun) or self.adversary.search(att.qualifier)
                    or re.search(r"\bgroup['’]s?$", att.qualifier, re.I)
                    or any(m.kind == "group" for m in self.book.actors.mentions(att.qualifier)))

    def _tree_side(self, att: Attachment, claimant: Claimant, ctx: ArticleContext, hit: _Hit) -> tuple[str | None, str]:
        """Whose people, from the tree: the words qualifying them, "its/their", who lost them, the state of the
        place, or the other party of a two-state article when one of them did the harm."""
        if self.combined.search(att.qualifier):
            return UNKNOWN, "explicit"
        codes = {m.code for m in self.book.actors.mentions(att.qualifier)}
        if len(codes) == 1:
            return codes.pop(), "explicit"
        states = {c for c in codes if len(c) == 3}
        if len(codes) > 1 and len(states) == 1:
            return states.pop(), "explicit"  # "UN peacekeepers from Chad": the people are Chad's
        if len(codes) > 1:
            return UNKNOWN, "explicit"  # "Rwandan and Mozambican troops"
        state_claimant = claimant.side if claimant.side and len(claimant.side) == 3 and claimant.side != UNKNOWN else None
        if att.possessive and state_claimant:
            return state_claimant, "possessive"
        if att.loser:
            found = self.book.actors.mentions(att.loser)
            if found:
                return found[0].code, "explicit"  # "Pakistan lost 35 soldiers", said by India
            if state_claimant and re.fullmatch(r"(?:it|we|they)", att.loser, re.I):
                return state_claimant, "possessive"
        # "A Norlandic strike inside Kestria's Lower Valley province killed three children": who struck, and where
        agent, _, inside = (self.strike_place.split(att.agent, maxsplit=1) + ["", ""])[:3]
        # a state's forces, not a group based in one ("killed by suspected Tamil Tiger rebels": no other party)
        agents = {m.code for m in self.book.actors.mentions(agent) if len(m.code) == 3 and m.kind != "group"}
        places = self._states_of(att.place) or self._states_of(inside)
        state_agent = bool(agents)
        if len(places) == 1 and set(hit.outcomes) <= {"killed", "wounded"} and not self.org_people.search(att.noun) \
                and not (agents & places) and (
                    (hit.victim_type in (None, "civilian", "unknown") and (not att.agent or state_agent))
                    or (att.agent and not state_agent) or (state_agent and self._nonstate(att))):
            # "four farmers were killed in Surin province, Thailand": civilians are the place's, whoever's weapons
            # fell there; soldiers too when insurgents killed them there ("separatists killed five members of the
            # security forces in western Cameroon"), and a group's fighters a state killed there (a group counts
            # for the state it is based in: "jets struck targets in northern Kestria, killing 30 of the group's
            # fighters"); not soldiers of a war between states (who die on the other side's soil), captives held
            # there, or peacekeepers
            return places.pop(), "place"
        pair = ctx.sides[:2]
        if self.event_agent.match(att.agent) and re.search(r"\bbetween\b", att.agent, re.I):
            # "clashes between hill separatists and Kestrian troops left nine dead": the toll of both sides, the
            # place's state when both are based there, else no one side's
            if len(places) == 1 and len(agents) <= 1 and agents <= places:
                return places.pop(), "place"
            return (UNKNOWN, "explicit") if len(agents) > 1 else (None, "")
        if len(agents) == 1 and not self.adversary.search(att.noun):
            if len(pair) == 2 and next(iter(agents)) in pair:
                return next(s for s in pair if s not in agents), "agent"  # "Pakistani shelling killed 12 civilians"
            if ctx.scene and ctx.scene not in agents:
                return ctx.scene, "agent"  # "Russian missiles hit Sumy, killing 14 people": where they fell
        home = ctx.scene or ctx.host
        if home and len(pair) < 2 and (agents == {home} or not agents and self.state_agent.match(agent.strip())):
            # "the junta has shot over 640 people", "Kestrian troops shot 14 protesters" in a story about
            # one state: its own people (a state's forces named without the state are the host's)
            return home, "agent"
        return None, ""

    # -- shapes ----------------------------------------------------------------
    def _window(self, text: str, start: int, limit: int, size: int = 90) -> str:
        window = self.asides.sub(lambda m: " " * len(m.group(0)), text[start:min(limit, start + size)])
        stop = _PUNCT_STOP.search(window)
        return window[:stop.start()] if stop else window

    def _follow_on(self, text: str, sent: Sentence, count: Count, limit: int, prev_hit, listed: bool = False,
                   next_start: int | None = None) -> _Hit | None:
        """A figure that restates or breaks down the previous one: "..., including 12 children",
        "71 killed, up from 49"; or that ends a list the previous one is in, when nothing follows its people
        ("Three gendarmes died, one constable and five villagers, officials added"; not "... and five
        civilians fled"). Same outcome; same side unless its own noun names another."""
        if prev_hit is None:
            return None
        restated = self.restated.search(text[max(sent.start, count.start - 25):count.start])
        window = self._window(text, count.end, limit, 40)
        noun = self.people.search(window)
        if listed and noun is None and re.match(r"\s+more\b", window):
            # "killed 120 rebels in the weekend clashes and 85 more in an ambush": more of the same
            return _again(prev_hit)
        if not restated and not (listed and noun is not None and self._list_goes_on(
                text, count.end + noun.end(), sent.end, next_start)):
            return None
        if noun is not None and (len(window[:noun.start()].split()) > 2 or self.not_people.search(window[:noun.start()])):
            return None
        return _Hit(list(prev_hit.outcomes), prev_hit.victim, prev_hit.own,
                    self._type(noun) or prev_hit.victim_type, prev_hit.shape, noun.group(0) if noun else prev_hit.noun)

    @staticmethod
    def _list_goes_on(text: str, at: int, end: int, next_start: int | None) -> bool:
        """Whether nothing but the list's end or its next figure follows a listed figure's people."""
        rest = re.match(r"\s*(?:[,.;]|$|and\s+)", text[at:end])
        return bool(rest and (not rest.group().rstrip().endswith("and") or at + rest.end() == next_start))

    def _listed(self, gap: str) -> bool:
        """Whether the words between two figures put the second in a list with the first: "two soldiers and
        four ...", "two gendarmes were killed, two ..."."""
        if self._coordinated(gap) or re.search(r"\band\s+$", gap):
            return True
        m = re.search(r"(\S+),\s*$", gap)
        return bool(m and self.outcomes.fullmatch(m.group(1)))

    def _coordinated(self, gap: str) -> bool:
        m = re.fullmatch(r"\s*(.+?)\s+and\s*", gap)
        return bool(m and self.people.fullmatch(m.group(1).split()[-1]))

    def _cue_and_noun(self, cue: re.Pattern, text: str, sent: Sentence, count: Count, limit: int,
                      back: int, ahead: int, max_gap: int):
        """(cue match just before the figure, window after it, people noun at most max_gap words on), or None."""
        m = cue.search(text[max(sent.start, count.start - back):count.start])
        if not m:
            return None
        window = self._window(text, count.end, limit, ahead)
        noun = self.people.search(window)
        if noun is None or len(window[:noun.start()].split()) > max_gap:
            return None
        return m, window, noun

    def _own(self, text: str, sent: Sentence, count: Count, limit: int) -> _Hit | None:
        """ "it lost seven servicemen", "communication was lost with 24 servicemen": the claimant's own losses."""
        found = self._cue_and_noun(self.own_loss, text, sent, count, limit, back=50, ahead=60, max_gap=3)
        if found is None or self.not_people.search(found[1][:found[2].end() + 20]):
            return None
        m, window, noun = found
        victim = self._explicit_side(window[:noun.end()], "")
        if victim is None and self.government.search(text[max(sent.start, count.start - 50):count.start]):
            victim = HOST  # "the army had lost thousands of men" (says the other side)
        return _Hit([m.lastgroup], victim, True, self._type(noun), "after")

    def _after(self, text: str, count: Count, limit: int, sent_start: int = 0) -> _Hit | None:
        window = self._window(text, count.end, limit)
        o = self.outcomes.search(window)
        if not o:
            return None
        seg = window[:o.start()]
        if re.search(r"\bof the\s+$", seg) and o.lastgroup != "captured":
            return None  # "some of the dead": a part of a group, not a count of casualties
        if self.not_people.search(seg) or len(seg.split()) > 8 or self.reporting.search(seg):
            return None
        noun = self.people.search(seg) or self.people.search(o.group(0))
        mentions = self.book.actors.mentions(seg)
        demonym = self._demonym_noun(seg)
        if noun is None and demonym is not None:
            mentions = []  # "12 Ukrainians were killed": the demonym is the people counted
        if noun is None and demonym is None:
            words = [w.lower() for w in re.findall(r"[\w'’]+", seg)]
            if mentions or any(w not in FILLER for w in words):
                return None
            if count.qualifier == "unspecified" and "of" not in words and "more" not in words:
                return None
        if count.year_like and ((noun is None and demonym is None) or len(seg.split()) > 2):
            return None
        outcomes = [o.lastgroup]
        pos = o.end()
        while more := _COORD.match(window, pos):
            nxt = self.outcomes.match(window, more.end())
            if not nxt or nxt.lastgroup in outcomes:
                break
            outcomes.append(nxt.lastgroup)
            pos = nxt.end()
        after = text[count.end + o.end():min(limit, count.end + o.end() + 60)]
        if noun is None and not seg.strip():
            # the outcome as an adjective or a noun before the people: "five wounded soldiers", "at least 12 deaths
            # among the Kestrian border troops"
            noun = self._people_right_after(after)
        victim = self._explicit_side(seg, after)
        if victim is None and self.government.search(seg):
            victim = HOST  # "two government soldiers had been taken prisoner"
        if self.release.search(text[max(sent_start, count.start - 30):count.start]):
            # (in the figure's sentence: "police returned fire. Six attackers were killed" releases no one)
            # "handed over 100 prisoners of war to Armenia": the prisoners belong to the receiving side
            to = re.search(r"\bto\s+(?:the\s+)?", text[count.end:limit])
            found = self.book.actors.mentions(text, count.end + to.end(), limit) if to else []
            victim = found[0].code if found and found[0].start == count.end + to.end() else UNKNOWN
        return _Hit(outcomes, victim, bool(self.own.search(seg)), self._type(noun), "after", noun.group(0) if noun else "")

    def _people_right_after(self, after: str):
        """The people noun that follows an outcome word directly ("wounded soldiers") or through "among the"
        ("deaths among the Kestrian border troops"), with at most two words (a demonym, "border") between."""
        lead = re.match(r"\s+(?:among\s+(?:the\s+)?)?", after, re.I)
        if lead is None:
            return None
        at = lead.end()
        for _ in range(3):  # the noun itself, or after one or two words
            noun = self.people.match(after, at)
            if noun is not None and noun.lastgroup != "unknown":
                return noun
            word = re.match(r"[\w'’-]+\s+", after[at:])
            if word is None or word.group(0).strip().lower() in _FUNCTION_WORDS:
                return None  # "seven dead and many soldiers wounded": another clause's people
            at += word.end()
        return None

    def _demonym_noun(self, seg: str):
        """A plural demonym standing for the people counted: "35 Palestinians", "more Ukrainians"."""
        m = re.match(r"\s*(?:(?:more|other|of\s+the|of)\s+)?", seg)
        found = self.book.actors.mentions(seg, m.end(), len(seg))
        if found and found[0].start == m.end() and found[0].kind == "demonym" and found[0].text.endswith("s"):
            return found[0]
        return None

    def _active(self, text: str, sent: Sentence, count: Count, limit: int, claimant: Claimant, prev,
                sides: list[str], host: str | None) -> _Hit | None:
        before = text[max(sent.start, count.start - 30):count.start]
        m = self.active.search(before)
        if not m:
            return None
        window = self._window(text, count.end, limit, 60)
        noun = self.people.search(window)
        demonym = self._demonym_noun(window)
        if demonym is not None and (noun is None or demonym.start < noun.start()):
            return _Hit([m.lastgroup], demonym.code, False, None, "active", demonym.text)
        if noun is None or len(window[:noun.start()].split()) > 4 or self.not_people.search(window[:noun.start()]):
            if prev is None or window.strip(" .,;") not in ("", "more", "others", "more others"):
                return None
            noun = None  # "killed 70 people and wounded more than 100": the people are the same
        victim = self._explicit_side(window[:noun.end()] if noun else "", "")
        if victim is None and noun is not None and self.government.search(window[:noun.end()]):
            victim = HOST
        agent = ""
        if victim is None:
            # The agent of the harm, between the reporting verb (or clause start) and the active verb.
            verb_at = count.start - len(before) + m.start()
            said = list(self.reporting.finditer(text, sent.start, verb_at))
            agent_text = text[said[-1].end() if said else sent.start:verb_at]
            # "talks to end the insurgency that has killed 40,000": the insurgency killed them
            antecedent = _RELATIVE_SUBJECT.search(agent_text)
            conflict = bool(antecedent and self.civil_conflict.search(antecedent.group(1)))
            state_claimant = claimant.side if claimant.side and len(claimant.side) == 3 \
                and claimant.side != UNKNOWN else None
            # "The Turkish operation in Syria's Afrin district has claimed the lives of 86 civilians": who acted, not
            # where
            agents = {x.code for x in self.book.actors.mentions(self.strike_place.split(agent_text, maxsplit=1)[0])} \
                or {x.code for x in self.book.actors.mentions(agent_text)}
            third_party = self.adversary.search(agent_text) and not self.own.search(agent_text) \
                and not re.search(r"\b(?:it|we|they)\b", agent_text, re.I)
            claimant_did_it = re.match(r"\s*(?:that\s+)?(?:it|we|they)\b", agent_text, re.I)
            if claimant_did_it and not (noun is not None and self.adversary.search(noun.group(0))):
                # "Pakistan's military said it had ... captured one pilot", "Al-Shabaab claimed it had killed
                # 50 soldiers": the people are the other side's (not "it had killed 15 militants": UNK below).
                # A group fighting in its own country ("Al-Shabaab claimed it had killed 50 soldiers") hurt the
                # soldiers of the state it is based in.
                group = any(x.kind == "group" for x in self.book.actors.mentions(claimant.text or ""))
                victim = ((host or state_claimant) if group else next((s for s in sides if s != state_claimant), host)) \
                    if state_claimant else host
            elif claimant_did_it:
                pass
            elif state_claimant and ((agents and state_claimant not in agents) or (not agents and third_party)):
                # "Ukrainian drone attacks had injured five people" (says Russia), "gunmen abducted 30 villagers"
                # (says Nigeria's police): another party's agent hurt the claimant's people.
                victim = state_claimant
            elif third_party:
                agent = "nonstate"  # "gang attacks have killed 1,500 people" (says the UN)
            elif conflict:
                agent = "nonstate"  # a civil conflict's toll: the host's people
            elif self.event_agent.match(agent_text) and re.search(r"\bbetween\b", agent_text, re.I):
                victim = UNKNOWN  # "clashes between the army and an armed group have killed 21 people": all sides
            elif self.event_agent.match(agent_text):
                # "Fighting in eastern Congo has killed 7,000 people": the host's people, else the state claimant's
                agent = "nonstate"
                victim = None if host else state_claimant
        return _Hit([m.lastgroup], victim, False, self._type(noun), "active", noun.group(0) if noun else "", agent)

    def _toll(self, text: str, sent: Sentence, count: Count, prev_hit=None) -> _Hit | None:
        before = text[max(sent.start, count.start - 80):count.start]
        if prev_hit is not None and self.revised_toll.search(before):
            # "... were killed, but it later revised the figure up to 12": the same people, counted again
            return _again(prev_hit, "toll")
        m = self.toll.search(before)
        if not m:
            return None
        if prev_hit is not None and re.search(r"\b(?:earlier|previous|initial|first)\s+(?:death\s+)?toll\s+of\s+$", before,
                                              re.I):
            # "killed eight people, raising an earlier toll of seven": the same people, counted before
            return _Hit([m.lastgroup], prev_hit.victim, prev_hit.own, prev_hit.victim_type, "toll", prev_hit.noun)
        toll_at = count.start - len(before) + m.start()
        # "the cumulative Palestinian toll", "Ukraine's toll": whose toll, right before the word
        owner = [x for x in self.book.actors.mentions(text, max(sent.start, toll_at - 40), toll_at)
                 if re.fullmatch(r"(?:['’]s)?\s+(?:[a-z-]+\s+)?", text[x.end:toll_at])]
        if owner:
            return _Hit([m.lastgroup], owner[-1].code, False, None, "toll")
        context_at = max(sent.start, count.start - 80 - 30)
        context = text[context_at:count.start]
        victim = self._explicit_side(context, "")
        where = {x.code for x in self.book.actors.mentions(text, context_at, count.start)
                 if x.kind == "name" and len(x.code) == 3 and self.book.places.cued(text, x.start, x.end)}
        where |= {p.code for p in self.book.places.where(text, context_at, count.start)}
        if victim == UNKNOWN and len(where) == 1:
            victim = where.pop()  # "the death toll from Israeli strikes across Iran": where they fell
        return _Hit([m.lastgroup], victim, False, None, "toll")

    # -- sides -----------------------------------------------------------------
    def _explicit_side(self, seg: str, after: str) -> str | None:
        if self.combined.search(seg) or self.combined.search(after[:40]):
            return UNKNOWN
        codes = {m.code for m in self.book.actors.mentions(seg)}
        states = {c for c in codes if len(c) == 3}
        if len(codes) > 1 and len(states) == 1:
            codes = states  # "UN peacekeepers from Chad": the people are Chad's
        if len(codes) == 1:
            return codes.pop()
        if len(codes) > 1:
            return UNKNOWN
        marker = self.side_after.match(after)
        if marker:
            found = self.book.actors.mentions(after, marker.end(), min(len(after), marker.end() + 40))
            if found and found[0].start == marker.end():
                return found[0].code
        return None

    def _victim_side(self, hit: _Hit, claimant: Claimant, prev, host: str | None = None,
                     top: str | None = None, mixed: bool = False, war: bool = False) -> tuple[str, str]:
        """mixed: the sentence gives a tally of several sides ("on both sides"), so soldiers are not the host's."""
        if hit.victim == HOST:
            # "government soldiers": the article's state; without a dominant one, the most named
            return (host or top, "host") if (host or top) else (UNKNOWN, "unknown")
        if hit.victim is not None:
            return hit.victim, "explicit"
        state_claimant = claimant.side if claimant.side and len(claimant.side) == 3 and claimant.side != UNKNOWN else None
        if self.adversary.search(hit.noun):
            # "one attacker was killed": never the claimant's own; a non-state party counts for the state it is
            # based in (the contract), so "23 militants were killed" in an article about one state are its people
            return (host, "host") if host else (UNKNOWN, "unknown")
        if not state_claimant and claimant.side and claimant.side != UNKNOWN and self.org_people.search(hit.noun):
            return claimant.side, "claimant"  # "170 peacekeepers have died, according to UN figures"
        if hit.own and state_claimant:
            return state_claimant, "possessive"
        if prev is not None:
            return prev[0], "inherited"
        if hit.shape != "active" and state_claimant:
            return state_claimant, "claimant"
        civilians = hit.victim_type in (None, "civilian", "unknown") and (hit.shape != "active" or hit.agent == "nonstate")
        if host and not war and (civilians or (hit.victim_type == "military" and not mixed)):
            # "24 people died in a single night" in an article about Haiti, "insurgents killed nine soldiers" in
            # one about Mozambique: people of the country the article is about (a state that did the harm was
            # handled on the tree: the victims are then the other party's)
            return host, "host"
        return UNKNOWN, "unknown"

    def _type(self, noun: re.Match | None) -> str | None:
        return noun.lastgroup if noun else None

    def _others(self, ctx: ArticleContext, sent: Sentence, rows: list[dict]) -> list[dict]:
        """ "Several soldiers were killed and others captured": a second, unquantified group; "2,900 people
        have been killed and as many wounded": the same figure for a second outcome."""
        if not rows:
            return []
        out = []
        for m in re.finditer(r"\band\s+(as\s+many)\s+(?:more\s+)?(?:were\s+|have\s+been\s+|had\s+been\s+)?",
                             ctx.text[rows[-1]["char_end"]:sent.end]):
            o = self.outcomes.match(ctx.text, rows[-1]["char_end"] + m.end())
            if o and o.lastgroup != rows[-1]["outcome"]:
                start = rows[-1]["char_end"] + m.start(1)
                end = start + len(m.group(1))
                out.append({**rows[-1], "outcome": o.lastgroup, "count_text": m.group(1), "char_start": start,
                            "char_end": end, "claim_id": claim_id(ctx.article_id, start, end, o.lastgroup)})
                break
        for m in re.finditer(r"\band\s+(others|more)\s+(?:were\s+|had\s+been\s+|have\s+been\s+)?", ctx.text[rows[-1]["char_end"]:sent.end]):
            start = rows[-1]["char_end"] + m.start(1)
            o = self.outcomes.match(ctx.text, rows[-1]["char_end"] + m.end())
            if not o:
                continue
            last = rows[-1]
            row = {**last, "outcome": o.lastgroup, "count_low": None, "count_high": None, "qualifier": "unspecified",
                   "count_text": m.group(1), "char_start": start, "char_end": start + len(m.group(1)),
                   "claim_id": claim_id(ctx.article_id, start, start + len(m.group(1)), o.lastgroup),
                   "confidence": round(max(0.05, last["confidence"] - 0.1), 2)}
            out.append(row)
        return out

    # -- denials ---------------------------------------------------------------
    def _denials(self, ctx: ArticleContext, sent: Sentence, claimant_for, date_at) -> list[dict]:
        rows = []
        taken: list[tuple[int, int, str]] = []
        for pattern in self.denials:
            for m in pattern.finditer(ctx.text, sent.start, sent.end):
                words = m.group(0).lower()
                named = [o for o, cue in (("killed", r"kill|dead|death|fatalit|casualt|loss|lives"),
                                          ("wounded", r"wound|injur|hurt"), ("captured", r"captur"))
                         if re.search(cue, words)]
                for outcome in named or [self.denial_outcome]:
                    if any(a < m.end() and m.start() < b and o == outcome for a, b, o in taken):
                        continue  # "suffered no casualties" and "no casualties": one denial
                    taken.append((m.start(), m.end(), outcome))
                    rows.append(self._denial_row(ctx, sent, m, outcome, claimant_for, date_at))
        return rows

    def _denial_row(self, ctx: ArticleContext, sent: Sentence, m: re.Match, outcome: str, claimant_for,
                    date_at) -> dict:
        """A 0-0 row for a denial ("no casualties"), for one outcome it names."""
        claimant = claimant_for(m.start())
        after = ctx.text[m.end():min(sent.end, m.end() + 60)]
        victim = self._explicit_side(m.group(0), after)
        how = "explicit"
        if victim is None:
            victim = claimant.side if claimant.side and claimant.side != UNKNOWN else UNKNOWN
            how = "claimant"
        noun = self.people.search(m.group(0)) or self.people.search(after[:40])
        return self._row(ctx, sent, m.start(), m.end(), m.group(0), 0.0, 0.0, "exact", outcome,
                         victim, self._type(noun) or "unknown", claimant, date_at(m.start()), "denial", how,
                         denial=True)

    # -- rows --------------------------------------------------------------------
    def _row(self, ctx, sent, start, end, count_text, low, high, qualifier, outcome, side, vtype, claimant,
             date, shape, how, denial, hedged: bool | None = None) -> dict:
        """One casualty row; `hedged` as the parse read it for this figure (None: any hedge of the sentence)."""
        confidence = 0.9
        confidence -= {"explicit": 0.0, "possessive": 0.02, "inherited": 0.05, "place": 0.1, "agent": 0.1,
                       "claimant": 0.15, "host": 0.2, "unknown": 0.2}[how]
        confidence -= {"after": 0.0, "active": 0.1, "toll": 0.1, "denial": 0.1}[shape]
        if vtype == "unknown":
            confidence -= 0.05
        if qualifier == "unspecified":
            confidence -= 0.05
        return {
            **ctx.row_base(),
            "claim_id": claim_id(ctx.article_id, start, end, outcome),
            "outcome": outcome,
            "victim_side": side,
            "victim_type": vtype,
            "count_low": low,
            "count_high": high,
            "qualifier": qualifier,
            "count_text": count_text,
            "hedged": self.book.attribution.hedged(sent.text) if hedged is None else hedged,
            "claimant": claimant.text,
            "claimant_side": claimant.side if claimant.text else None,
            "claimant_group": claimant.group if claimant.text else None,
            "claimant_party": self._claimant_party(claimant),
            "victim_party": side,  # a denial's or others' row; figures set their own (_victim_party)
            "incident_date": date.isoformat() if date else None,
            "evidence": sent.text,
            "char_start": start,
            "char_end": end,
            "confidence": round(max(0.05, confidence), 2),
            "is_denial": denial,
            "incident_id": None,
            "supersedes": None,
        }
