"""Diplomatic contacts: one row per pair of actors per interaction (PLOVER types).

"Michel urged the leaders of Armenia and Azerbaijan to ..." -> EU->ARM and
EU->AZE, request. "Both sides agreed to a Russian-brokered ceasefire" ->
ARM-AZE agree, mediator RUS. A host or broker is a mediator, not a party.

The speaker is the first actor of the clause (or the last claimant named, for
"it"/"he"/"the ministry"); the counterparts are the actors right after the
cue and those coordinated with them ("Armenia and Azerbaijan"), "both
sides"/"each leader" (the article's two main states), or "them"/"him" (the
previous cue's counterparts). "Each other" gives both directions. Cues in
an infinitive ("urged them to negotiate"), references to earlier agreements
("the ceasefire agreed on Tuesday") and hypotheticals ("could appeal") are
not events. Cue words: rules/contacts.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations

from pipeline.extract.attribution import Claimant
from pipeline.extract.context import ArticleContext
from pipeline.extract.cues import cue_regex
from pipeline.extract.rulebook import Rulebook
from pipeline.extract.sentences import Sentence
from pipeline.extract.trie import trie_regex
from pipeline.ids import stable_id

_CLAUSE = re.compile(r"[;–—]|,\s+(?:and|while|but|whereas)\b|\.\s")
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:he|she|it|they)\b", re.I)
_ROLE_SUBJECT = re.compile(r"^\W*(?:\w+,\s+)?the\s+([a-z]+(?:\s+[a-z]+)?)\b", re.I)
SYMMETRIC = {"consult", "agree"}
MAX_OBJECT_GAP_WORDS = 5


def _coordinated(text: str, found: list) -> list:
    """The first mention and those joined to it by "and", "," or "&" ("Armenia and Azerbaijan",
    "Russia's Putin, Turkey's Erdogan and ...")."""
    out = [found[0]]
    for m in found[1:]:
        gap = text[out[-1].end:m.start]
        if re.fullmatch(r"(?:['’]s\s+[\w ]{0,40}?)?\s*(?:,|and|,\s*and|&)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?", gap):
            out.append(m)
        else:
            break
    return out


def _two_sides(ctx: ArticleContext, exclude: set) -> list[str]:
    """ "both sides", "both countries": the pair of states the article's contacts so far were between
    most often ("Algeria accused Mali ... the AU called on both countries"), else its two most named."""
    for dyad, _n in ctx.dyads.most_common():
        if not dyad & exclude:
            return sorted(dyad, key=lambda s: ctx.sides.index(s) if s in ctx.sides else len(ctx.sides))
    return [s for s in ctx.sides if s not in exclude][:2]


def contact_id(article_id: str, start: int, actor1: str, actor2: str, ctype: str) -> str:
    return stable_id("d", article_id, start, actor1, actor2, ctype)


def _words(*phrases) -> str:
    return "|".join(sorted((p for group in phrases for p in group), key=len, reverse=True))


class ContactExtractor:
    def __init__(self, book: Rulebook):
        r = book.contacts
        self.book = book
        # Case-insensitive, except "called(?= [A-Z])" ("Macron called Aliyev"), which needs the capital.
        self.types = [(t, re.compile(r"\b(?:" + "|".join(w if "(?= [A-Z])" in w else f"(?i:{w})" for w in ws) + r")\b"))
                      for t, ws in r["types"].items()]
        # One search rules out the sentences with no contact cue at all (most of them).
        self.any_cue = cue_regex([w if "(?= [A-Z])" in w else f"(?i:{w})" for ws in r["types"].values() for w in ws], 0)
        self.modes = [(m, re.compile(r"\b(?:" + "|".join(ws) + r")")) for m, ws in r["modes"].items()]
        actor = trie_regex(book.actors.forms)
        self.mediators = [re.compile(p.replace("{actor}", actor)) for p in r["mediators"]]
        self.both_subject = re.compile(rf"\b(?:{_words(r['both_subjects'])})\b", re.I)
        self.both_object = re.compile(rf"^\s*(?:with\s+|to\s+|between\s+)?(?:{_words(r['both_objects'])})\b", re.I)
        self.host_object = re.compile(rf"^\s*(?:{_words(r['host_objects'])})\b", re.I)
        self.object_pronoun = re.compile(rf"^\s*(?:{_words(r['object_pronouns'])})\b", re.I)
        self.hypothetical = re.compile(rf"\b(?:{_words(r['hypothetical'])})\s+(?:\w+\s+)?$", re.I)
        self.reference = re.compile(rf"\b(?:{_words(r['reference_nouns'])})\s+$", re.I)

    # -- cues -------------------------------------------------------------------
    def _cues(self, text: str) -> list[tuple[int, int, str]]:
        if not self.any_cue.search(text):
            return []
        hits: list[tuple[int, int, str]] = []
        for ctype, pattern in self.types:
            for m in pattern.finditer(text):
                if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _ in hits):
                    hits.append((m.start(), m.end(), ctype))
        hits.sort()
        kept: list[tuple[int, int, str]] = []
        for start, end, ctype in hits:
            before = text[max(0, start - 30):start]
            if kept and re.search(r"\bto\s+$", before):
                continue  # "urged them to negotiate": the content of the request
            if kept and start - kept[-1][1] <= 40 and not re.search(r"\b(?:and|but)\b", text[kept[-1][1]:start]) \
                    and re.search(r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$", before):
                continue  # "requested a meeting of ...": the cue is the other cue's object, not a second event
            if self.hypothetical.search(before) or (ctype == "agree" and self.reference.search(before)):
                continue
            kept.append((start, end, ctype))
        return kept

    def _objects(self, text: str, start: int, end: int):
        """The counterparts: the first actor right after the cue and those coordinated with it."""
        found = self.book.actors.mentions(text, start, end)
        if not found or len(text[start:found[0].start].split()) > MAX_OBJECT_GAP_WORDS:
            return []
        return _coordinated(text, found)

    def _speakers(self, text: str, start: int, end: int, mediator: str | None) -> list[str]:
        """The initiators: the first actor of the clause and those coordinated with it
        ("The United States and China urged ...")."""
        found = [m for m in self.book.actors.mentions(text, start, end) if m.code != mediator]
        return list(dict.fromkeys(m.code for m in _coordinated(text, found))) if found else []

    # -- extraction -------------------------------------------------------------
    def extract(self, sent: Sentence, ctx: ArticleContext, claimant_of: Callable[[], Claimant], date) -> list[dict]:
        text = sent.text
        cues = self._cues(text)
        if not cues:
            return []
        claimant_of()  # resolves "it"/"the ministry" and keeps the claimant memory current
        mediator = None
        for p in self.mediators:
            mm = p.search(text)
            if mm:
                mediator = self.book.actors.forms[mm.group("m")][0]
                break
        pair_sides = _two_sides(ctx, {mediator})
        rows, seen, last_objects = [], set(), []
        for start, end, ctype in cues:
            clause_start = max([0] + [c.end() for c in _CLAUSE.finditer(text, 0, start)])
            nxt = _CLAUSE.search(text, end)
            clause_end = nxt.start() if nxt else len(text)
            head = text[clause_start:start]
            speakers = list(dict.fromkeys(m.code for m in self.book.actors.mentions(text, clause_start, start)
                                          if m.code != mediator))
            joint = self._speakers(text, clause_start, start, mediator)
            if not speakers and (_PRONOUN_SUBJECT.match(head) or (
                    _ROLE_SUBJECT.match(head) and self.book.actors.has_role(_ROLE_SUBJECT.match(head).group(1)))):
                last = ctx.memory.last
                speakers = [last.side] if last and last.side and last.side != "UNK" else []
            if not speakers and not head.strip(" ,") and clause_start > 0:
                # "..., and accused Thailand": the verb shares the sentence's subject
                first = next((m for m in self.book.actors.mentions(text, 0, clause_start)), None)
                speakers = [first.code] if first else []
            rest = text[end:clause_end]
            found = self._objects(text, end, clause_end)
            if text[start:end] == "called" and (not found or found[0].kind == "demonym" or found[0].start > end + 1):
                continue  # "called Aliyev" is a call; "what it called Azerbaijani aggression" is not
            if not found and ctype == "request":
                # "called for de-escalation in discussions with A and B": the request is addressed to A and B
                w = re.search(r"\bwith\s+", rest)
                found = self._objects(text, end + w.end(), clause_end) if w else []
            objects = [m.code for m in found if m.code != mediator]
            if not objects and self.both_object.match(rest):
                # "Rubio met both ministers": the two sides, other than the speaker
                objects = _two_sides(ctx, {mediator, *speakers[:1]})
            if not objects and self.object_pronoun.match(rest):
                objects = last_objects
            if not objects and ctx.host and self.host_object.match(rest):
                objects = [ctx.host]  # "urged the junta to stop air strikes" in an article about Myanmar
            objects = list(dict.fromkeys(objects))
            if objects:
                last_objects = objects
            both_before = self.both_subject.search(text[max(clause_start, start - 40):start])
            pairs: list[tuple[str, str]] = []
            if both_before and len(pair_sides) == 2 and not speakers:
                a, b = pair_sides
                pairs = [(a, b), (b, a)] if re.match(r"\s*each other\b", rest) else [(a, b)]
            elif speakers and objects:
                initiators = joint if len(joint) > 1 else speakers[:1]  # "The United States and China urged ..."
                pairs = [(sp, o) for sp in initiators for o in objects if o != sp]
            elif ctype in SYMMETRIC:
                parties = list(dict.fromkeys(speakers + objects))
                if len(parties) >= 3 and len(pair_sides) == 2 and set(pair_sides) <= set(parties):
                    # "signed by Putin, Aliyev and Pashinyan": the two sides agree; the third brokered it
                    mediator = mediator or next(p for p in parties if p not in pair_sides)
                    pairs = [tuple(pair_sides)]
                else:
                    pairs = list(combinations(parties, 2))[:1]
            if ctype == "agree" and not pairs and len(pair_sides) == 2 and (
                    mediator or re.search(r"\b(?:was|were|been)\s+agreed", text[start:end])):
                pairs = [tuple(pair_sides)]  # "a ceasefire was agreed": between the two sides
            window = text[max(0, start - 40):end + 40]
            mode = next((md for md, p in self.modes if p.search(window)), None)
            for a1, a2 in pairs:
                if a1 == a2 or "UNK" in (a1, a2):
                    continue
                symmetric = ctype in SYMMETRIC
                if symmetric and (mediator or a1 not in speakers or a2 in speakers):
                    a1, a2 = sorted((a1, a2))  # no initiator: "X and Y met", talks hosted by a third party
                key = (frozenset((a1, a2)) if symmetric else (a1, a2), ctype)
                if key in seen:
                    continue
                seen.add(key)
                if len(a1) == 3 and len(a2) == 3:
                    ctx.dyads[frozenset((a1, a2))] += 1
                rows.append({
                    **ctx.row_base(),
                    "contact_id": contact_id(ctx.article_id, sent.start + start, a1, a2, ctype),
                    "actor1": a1, "actor2": a2, "contact_type": ctype,
                    "mediator": mediator if mediator not in {a1, a2} else None, "mode": mode,
                    "event_date": date.isoformat() if date else None, "evidence": text,
                    "char_start": sent.start + start, "char_end": sent.start + end, "cue": text[start:end],
                })
        return rows
