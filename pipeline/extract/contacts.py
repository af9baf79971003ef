"""Diplomatic contacts: one row per pair of actors per interaction (PLOVER types).

"Michel urged the leaders of Armenia and Azerbaijan to ..." -> EU->ARM and
EU->AZE, request. "Both sides agreed to a Russian-brokered ceasefire" ->
ARM-AZE agree, mediator RUS. A host or broker is a mediator, not a party.

Who and whom come from the dependency parse of the cue's sentence
(`contact_roles`): the initiator is the cue verb's subject (or, for a person
or body the dictionary does not know, the side the article gave it, the side
of whoever reports the contact, or the place it speaks from: "In Quetta,
officials accused ...", or the states its subject is in: "Officials in A and
B condemned ..."); the counterparts are the object and the
complements the type takes ("called on X", "talks with X"), one row per
coordinated party (a person has the side the article gave them, "its
neighbour" is the speaker's adversary, and "Iran-backed militias" names no
party in Iran); talks or a plan "between" A and B are A and B's, their
host the mediator ("Oman mediated talks between A and B"); passive agents
accuse their subjects, and a participle's agent is its subject ("the accord
signed by A and B"). A verb that goes on from a contact with no counterpart
of its own takes that contact's ("held a call with X, and made
representations"); an agreement to let another's
forces act is made with them; an agreement in the passive with no agent is
the two sides' ("a truce was brokered in X"), and so is the meeting it was
reached at. Venues ("in Doha") are never parties. Where the parse does not cover a cue, the older
reading applies: the first actor of the clause and the actors right after
the cue. Either way "both sides"/"each leader" are the article's two main
states, "them"/"him" the previous cue's counterparts, and "each other" gives
both directions; "both sides"/"the parties" asking a third are each side,
and asking the two sides themselves, the one or two actors the sentence
before names. Charges ("amounted to a war crime", "the aggressor") are
accusations by the clause's speaker against the act's author; a threat that
names no one is aimed at the speaker's adversary in the article, and one that
puts a thing at risk ("threatens the region's stability") is none. Condemning an
act the sentence gives no author ("the UN condemned the attack") accuses the
state the article is about. Demands
("Israel must do more", said by another state's speaker) are requests of the
modal's subject. Cues in an
infinitive ("urged them to negotiate"), an accusation's content ("accused X
of threatening"), talks wished for ("backing for talks"), references to
earlier agreements ("the ceasefire agreed on Tuesday"), conditions ("should
X threaten"), hypotheticals ("could appeal") and denials ("never met",
"never signed") are not events. Cue words, prepositions and the types each
rule applies to: rules/contacts.yaml.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from itertools import combinations

from pipeline.extract.attribution import Claimant
from pipeline.extract.contact_roles import EVENT_PREPS, governing_verb, phrase_span, read_roles, subject_of, venues
from pipeline.extract.context import ArticleContext
from pipeline.extract.cues import cue_regex
from pipeline.extract.parse import DEFAULT_MODEL, parse_sentences, token_at
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


def _partners(ctx: ArticleContext, side: str | None) -> list[str]:
    """[side, its most frequent counterpart in the article's contacts so far], or [] when it has none."""
    for dyad, _n in ctx.dyads.most_common():
        if side in dyad and len(dyad) == 2:
            return [side, *sorted(dyad - {side})]
    return []


def _two_sides(ctx: ArticleContext, exclude: set) -> list[str]:
    """ "both sides", "both countries": the pair of states the article's contacts so far were between
    most often ("Algeria accused Mali ... the AU called on both countries"), else its two most named."""
    partners: dict[str, list[str]] = {}
    for dyad, _n in ctx.dyads.most_common():
        for s in dyad:
            partners.setdefault(s, []).extend(sorted(dyad - {s}))
    for third, others in partners.items():
        if third not in exclude and third not in ctx.sides[:2] and len(set(others) - exclude) >= 2 and not any(
                frozenset((a, b)) in ctx.dyads for a in others for b in others if a != b):
            # "Putin called the leaders of A and B ... the two sides": the third party's counterparts are the sides
            pair = list(dict.fromkeys(o for o in others if o not in exclude))[:2]
            return sorted(pair, key=lambda s: ctx.sides.index(s) if s in ctx.sides else len(ctx.sides))
    for dyad, _n in ctx.dyads.most_common():
        if not dyad & exclude:
            return sorted(dyad, key=lambda s: ctx.sides.index(s) if s in ctx.sides else len(ctx.sides))
    return [s for s in ctx.sides if s not in exclude][:2]


def _cue_token(clauses, start: int, end: int):
    """(clause, the head word of the cue at text[start:end]): "phone calls" -> calls, "unprovoked violation"
    -> violation; (None, None) when the parse does not cover it."""
    clause, tok = token_at(clauses, start)
    while tok is not None and tok.head.i > tok.i and start <= clause.offset + tok.head.idx < end:
        tok = tok.head
    return clause, tok


def _inside(pos: int, spans: list) -> bool:
    return any(s <= pos < e for s, e in spans)


def contact_id(article_id: str, start: int, actor1: str, actor2: str, ctype: str) -> str:
    return stable_id("d", article_id, start, actor1, actor2, ctype)


def _words(*phrases) -> str:
    return "|".join(sorted((p for group in phrases for p in group), key=len, reverse=True))


class ContactExtractor:
    def __init__(self, book: Rulebook, model: str = DEFAULT_MODEL):
        r = book.contacts
        self.book = book
        self.model = model
        self.preps = {t: set(ws) for t, ws in r["counterpart_preps"].items()}
        self.object_preps = {t: set(ws) for t, ws in r["object_counterpart_preps"].items()}
        self.permission = {t: frozenset(r["permission_verbs"]) for t in r["types_with_permitted_counterparts"]}
        self.untaken_object = set(r["types_without_object"])
        self.clause_objects = set(r["types_with_clause_objects"])
        self.mutual = set(r["types_mutual_without_object"])
        self.against_other = set(r["types_against_the_other_side"])
        self.endangered = frozenset(r["endangered_objects"])
        self.modals = frozenset(r["modal_auxiliaries"])
        self.protest_nouns = frozenset(w.lower() for w in r["protest_nouns"])
        self.act_nouns = frozenset(r["act_nouns"])
        self.reporting = frozenset(v.lower() for v in book.attribution.rules["reporting_verbs"])
        # Case-insensitive, except "called(?= [A-Z])" ("Macron called Aliyev"), which needs the capital.
        self.types = [(t, re.compile(r"\b(?:" + "|".join(w if "(?= [A-Z])" in w else f"(?i:{w})" for w in ws) + r")\b"))
                      for t, ws in r["types"].items()]
        # One search rules out the sentences with no contact cue at all (most of them).
        # Charges: the speaker calls the counterpart's act a crime ("amounted to a war crime", "the aggressor").
        self.charge = re.compile(r"\b(?:" + "|".join(r["charges"]) + r")\b", re.I)
        self.types.append(("accuse", self.charge))
        # Demands: "Israel must do more", said by another state's speaker, is a request of Israel.
        self.demand = re.compile(r"\b(?:" + "|".join(r["demands"]) + r")\b", re.I)
        self.types.append(("request", self.demand))
        self.any_cue = cue_regex([w if "(?= [A-Z])" in w else f"(?i:{w})" for ws in r["types"].values() for w in ws]
                                 + [f"(?i:{w})" for w in r["charges"] + r["demands"]], 0)
        self.modes = [(m, re.compile(r"\b(?:" + "|".join(ws) + r")")) for m, ws in r["modes"].items()]
        actor = trie_regex(book.actors.forms)
        self.mediators = [re.compile(p.replace("{actor}", actor)) for p in r["mediators"]]
        self.both_subject = re.compile(rf"\b(?:{_words(r['both_subjects'])})\b", re.I)
        self.both_object = re.compile(rf"^\s*(?:with\s+|to\s+|between\s+)?(?:{_words(r['both_objects'])})\b", re.I)
        self.patron = re.compile(rf"[-‑–]\s?(?:{_words(r['patron_words'])})\b", re.I)
        self.group_subject = re.compile(rf"^\s*(?:{_words(r['group_subjects'])})\b", re.I)
        self.partner_object = re.compile(rf"^\s*(?:{_words(r['partner_objects'])})\b", re.I)
        self.host_object = re.compile(rf"^\s*(?:{_words(r['host_objects'])})\b", re.I)
        self.object_pronoun = re.compile(rf"^\s*(?:{_words(r['object_pronouns'])})\b", re.I)
        self.hypothetical = re.compile(rf"\b(?:{_words(r['hypothetical'])})\s+(?:\w+\s+)?$", re.I)
        self.future = re.compile(rf"\b(?:{_words(r['future'])})\s+(?:\w+\s+)?$", re.I)
        self.conditional = re.compile(rf"\b(?:{_words(r['conditional'])})\s+(?:\w+\s+)?$", re.I)
        self.characterising = frozenset(r["characterising_verbs"])
        self.event_prep = re.compile(rf"\b(?:{'|'.join(sorted(EVENT_PREPS))})\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}$",
                                     re.I)
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
            if kept and not self.charge.fullmatch(text[start:end]) and start - kept[-1][1] <= 40 \
                    and not re.search(r"\b(?:and|but)\b", text[kept[-1][1]:start]) \
                    and re.search(r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$", before) \
                    and not self.event_prep.search(before) \
                    and not re.search(r"\b(?:is|are|was|were|be|been)\s+$", before):
                continue  # "requested a meeting of ...": the cue is the other cue's object, not a second event; but
                # "agreed at a meeting" is one, and so is "at the meeting, the pullback was agreed"
            if self.conditional.search(before) or (ctype != "threaten" and (
                    self.hypothetical.search(before) or self.future.search(before))) or (
                    ctype == "agree" and self.reference.search(before)):
                continue
            kept.append((start, end, ctype))
        return kept

    def _objects(self, text: str, start: int, end: int):
        """The counterparts: the first actor right after the cue and those coordinated with it."""
        found = self.book.actors.mentions(text, start, end)
        if not found or len(text[start:found[0].start].split()) > MAX_OBJECT_GAP_WORDS:
            return []
        return _coordinated(text, found)

    def _speakers(self, text: str, start: int, end: int, mediator: str | None, places: list) -> list[str]:
        """The initiators: the first actor of the clause and those coordinated with it
        ("The United States and China urged ...")."""
        found = [m for m in self.book.actors.mentions(text, start, end) if m.code != mediator
                 and not _inside(m.start, places)]
        return list(dict.fromkeys(m.code for m in _coordinated(text, found))) if found else []

    def is_candidate(self, sent: Sentence) -> bool:
        """True when the sentence has a contact cue (only those are parsed)."""
        return bool(self.any_cue.search(sent.text))

    # -- parse ------------------------------------------------------------------
    def _codes(self, text: str, span: tuple[int, int], mediator: str | None, places: list) -> list[str]:
        """Actor codes named in a phrase, leaving out venues, the mediator and patrons ("Iran-backed militias"
        names the militias, not Iran); a group's name the parse cut short counts whole ("the Islamic Resistance"
        + "in Iraq")."""
        cut = [m for m in self.book.actors.mentions(text, span[0], min(len(text), span[1] + 60))
               if m.kind == "group" and m.start < span[1] < m.end]
        found = [m for m in self.book.actors.mentions(text, *span) + cut
                 if m.code != mediator and not _inside(m.start, places) and not self.patron.match(text, m.end)]
        return list(dict.fromkeys(m.code for m in found))

    def _side(self, text: str, span: tuple[int, int] | None, ctx: ArticleContext) -> str | None:
        """The side of a speaker phrase the dictionary does not name ("he", "the ministry", "Mr Hale" after "US
        President Gordon Hale"), from the article's claimant memory, which this look-up leaves unchanged."""
        if span is None:
            return None
        memory = dataclasses.replace(ctx.memory, people=dict(ctx.memory.people))
        side = self.book.attribution.resolve(text[span[0]:span[1]], memory).side
        return side if side and side != "UNK" else None

    @staticmethod
    def _is_content(clauses, start: int, end: int, cues) -> bool:
        """True when the cue at `start` is what another cue is about: the object of its "of"/"for"
        ("accused X of threatening ...", "blamed X for the provocation")."""
        clause, tok = _cue_token(clauses, start, end)
        if tok is not None and tok.dep_ == "dobj":
            head = clause.offset + tok.head.idx  # "condemned the violation of its airspace": the condemnation's object
            return any(s <= head < e for s, e, _ in cues if s != start)
        if tok is None or tok.dep_ not in {"pcomp", "pobj"} or tok.head.lower_ not in {"of", "for"}:
            return False
        if tok.pos_ == "NOUN" and tok.head.lower_ == "for":
            return True  # "backing for direct talks", "called for talks": talks wished for, not held
        head = clause.offset + tok.head.head.idx
        return any(s <= head < e for s, e, _ in cues if s != start)

    def _endangers(self, clauses, start: int, end: int) -> bool:
        """True when the threat cue at `start` puts a thing at risk ("threatens the province's stability"),
        which is no threat made to anyone."""
        _clause, tok = _cue_token(clauses, start, end)
        return tok is not None and any(c.dep_ == "dobj" and c.lower_ in self.endangered for c in tok.children)

    def _act_author(self, text: str, clauses, start: int, end: int, places: list) -> list[str] | None:
        """When the object of the cue verb at `start` is an act ("condemned the attack", "criticised the move"):
        the codes its "by" names, wherever the parse hangs it ("the ambush by Togolese gunmen"), [] when the
        sentence leaves the author to the article; None when the object is no act."""
        clause, tok = _cue_token(clauses, start, end)
        if tok is None or tok.pos_ != "VERB" or not any(
                o.dep_ == "dobj" and t.lower_ in self.act_nouns for o in tok.children for t in [o, *o.conjuncts]):
            return None
        acts = [o for o in tok.children if o.dep_ == "dobj"]
        by = [g for h in [tok, *acts] for c in h.children if c.dep_ == "prep" and c.lower_ == "by"
              for g in c.children if g.dep_ == "pobj"]
        return [c for g in by for c in self._codes(text, phrase_span(g, clause.offset), None, places)]

    def _protest(self, text: str, start: int, end: int) -> bool:
        """True when the cue at `start` is a formal protest ("lodged a complaint", "made representations")."""
        return any(w.lower() in self.protest_nouns for w in re.findall(r"\w+", text[start:end]))

    def _forum(self, text: str, clauses, code: str) -> bool:
        """True when organisation `code` is named only as where a protest is lodged ("a complaint with the UN
        Security Council"), the object of "with", not as the one protested against."""
        if len(code) == 3:
            return False
        found = [m for m in self.book.actors.mentions(text) if m.code == code]
        for m in found:
            _clause, tok = token_at(clauses, m.start)
            while tok is not None and tok.dep_ in {"compound", "amod", "det", "nmod"} and tok.head.i != tok.i:
                tok = tok.head
            if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "with":
                return False
        return bool(found)

    def _modal(self, clauses, start: int, end: int) -> bool:
        """True when the cue verb at `start` has a modal auxiliary ("a binding accord should later be signed"): a
        step wished for or still to come, however many words stand between."""
        _clause, tok = _cue_token(clauses, start, end)
        return tok is not None and tok.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "aux" and c.lower_ in self.modals for c in tok.children)

    @staticmethod
    def _negated(clauses, start: int, end: int) -> bool:
        """True when the cue at `start` is denied: its verb, or the verb a cue noun hangs from, is negated ("did
        not meet", "never signed"), or the noun has "no" ("held no talks")."""
        _clause, tok = _cue_token(clauses, start, end)
        if tok is None:
            return False
        verb = tok if tok.pos_ in {"VERB", "AUX"} else governing_verb(tok)
        return any(c.dep_ == "neg" for c in (verb.children if verb is not None else [])) or (
            tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children))

    def _previous_actors(self, ctx: ArticleContext, sent: Sentence, exclude: set) -> list[str]:
        """The one or two actors the sentence before names by name or demonym (a capital there is more often a
        venue), other than `exclude` ("... with a US envoy and the Malaysian premier present. Both figures urged A
        and B"): [] when it names none or more than two."""
        before = [s for s in ctx.sentences if s.start < sent.start]
        if not before:
            return []
        codes = list(dict.fromkeys(m.code for m in self.book.actors.mentions(before[-1].text)
                                   if m.code not in exclude and m.code != "UNK" and m.kind != "metonym"))
        return codes if 1 <= len(codes) <= 2 else []

    @staticmethod
    def _agreed_in_passive(clauses, start: int, end: int) -> bool:
        """True when the cue at `start` is a verb in the passive with no agent ("the pullback was agreed"): the
        parties are left unsaid."""
        _clause, tok = _cue_token(clauses, start, end)
        return tok is not None and any(c.dep_ == "nsubjpass" for c in tok.children) and not any(
            c.dep_ == "agent" for c in tok.children)

    @staticmethod
    def _verb_of(clauses, start: int, end: int, noun: bool = False) -> int | None:
        """Where the cue verb at `start` starts in the sentence; with `noun`, the verb the cue noun hangs from
        ("agreed at a meeting": agreed)."""
        clause, tok = _cue_token(clauses, start, end)
        if tok is not None and noun:
            tok = governing_verb(tok) if tok.pos_ in {"NOUN", "PROPN"} else None
        return clause.offset + tok.idx if tok is not None else None

    @staticmethod
    def _cue_complement(clauses, at: int, cues) -> bool:
        """True when the "with" at `at` hangs from a contact cue ("in discussions with A"), not from another
        noun ("calm along the border with Venezuela")."""
        clause, tok = token_at(clauses, at)
        if tok is None:
            return False
        head = clause.offset + tok.head.idx
        return any(s <= head < e for s, e, _ in cues)

    def _parsed_roles(self, text: str, clauses, start: int, end: int, ctype: str, ctx: ArticleContext,
                      mediator: str | None, places: list, cues: list) -> tuple[list[str], list[str] | None, bool]:
        """(initiators, counterparts, whether the subject is "both sides", whether the counterparts are all the
        parties, the host) the parse gives the cue at `start`; counterparts None when the parse does not cover the
        cue. Talks "between A and B" have no initiator: their parties are the counterparts, and the subject of the
        verb they hang from is their host ("Oman mediated talks between A and B")."""
        clause, tok = _cue_token(clauses, start, end)
        if tok is None:
            return [], None, False, False, None

        def is_cue(t, _offset=clause.offset):
            return any(s <= _offset + t.idx < e for s, e, _ in cues)

        def in_cue(t, _offset=clause.offset):
            return start <= _offset + t.idx < end

        roles = read_roles(tok, clause.offset, self.preps[ctype], ctype not in self.untaken_object, self.reporting,
                           noun_cue=tok.pos_ in {"NOUN", "PROPN"}, is_cue=is_cue, in_cue=in_cue,
                           content_clause=ctype in self.clause_objects,
                           object_preps=self.object_preps.get(ctype, set()),
                           permission_verbs=self.permission.get(ctype, frozenset()),
                           target_preps=frozenset({"against"}) if self._protest(text, start, end) else frozenset())
        objects = [c for span in roles.counterparts for c in self._codes(text, span, mediator, places)
                   or self._person(text, span, ctx) or self._local_person(text, span, ctx)]
        if not objects:
            objects = [c for span in roles.fallback for c in self._codes(text, span, mediator, places)]
        if roles.between:
            # "talks between A and B", "the pullback deal agreed by both commanders": the parties, whoever hosts
            host = self._codes(text, roles.host, None, places)[:1] if roles.host else []
            both = any(self.both_subject.search(text, *span) for span in roles.counterparts)
            return [], [c for c in objects if c not in host], both, True, (host or [None])[0]
        if not roles.has_subject:
            return [], objects, False, False, None
        if any(self.both_subject.search(text, *span) for span in roles.initiators) or (
                ctype not in SYMMETRIC and objects
                and any(self.group_subject.match(text[s:e]) for s, e in roles.initiators)):
            # "the two sides met": the article's two sides, found by the caller; so are those of a request or
            # charge made by "both" or "the parties" ("both envoys urged A and B")
            return [], objects, True, False, None
        named = [c for span in roles.initiators for c in self._codes(text, span, None, places)]
        if not named:
            # "Officials in Chad and Niger denounced ...": the states the unnamed speakers are in
            named = [c for span in roles.homes for c in self._codes(text, span, None, [])] or [
                p.code for span in roles.homes for p in self.book.places.where(text, *span) if p.code]
        speakers = [c for c in named if c != mediator]  # "Putin hosted A and B": the host is no party
        if not named and roles.initiators:
            # a person or body the dictionary does not know: the side the article gave it, else the side of
            # whoever reports the contact ("X pressed Y, the US spokesperson said"), else where it speaks from
            # ("In Rawalpindi, officials accused ...")
            side = None
            if roles.place is not None:
                where = self.book.places.where(text, *roles.place) or self.book.places.places(text, *roles.place)
                side = next((p.code for p in where if p.code), None)
            side = side or self._side(text, roles.initiators[0], ctx) or self._side(text, roles.reporter, ctx)
            speakers = [side] if side else []
        return list(dict.fromkeys(speakers)), list(dict.fromkeys(objects)), False, False, None

    def _people(self, text: str, span: tuple[int, int], ctx: ArticleContext) -> list[str]:
        """The sides the article gave the people named in a phrase ("the bloodshed inflicted by Ivo Starkov" after
        "Kremlin leader Ivo Starkov"), from the claimant memory."""
        runs = re.finditer(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}", text[span[0]:span[1]])
        return list(dict.fromkeys(c for m in runs for c in self._person(text, (span[0] + m.start(), span[0] + m.end()),
                                                                        ctx)))

    def _person(self, text: str, span: tuple[int, int], ctx: ArticleContext) -> list[str]:
        """The side the article gave a person named as a counterpart ("accused Trump" after "US President Donald
        Trump"), from the claimant memory: [] for a phrase that is no known person's name."""
        words = text[span[0]:span[1]].split()
        if not words or not all(w[:1].isupper() for w in words) or len(words) > 4:
            return []
        known = ctx.memory.people.get(words[-1].strip(".,;:’'"))
        return [known.side] if known and known.side and known.side != "UNK" else []

    def _local_person(self, text: str, span: tuple[int, int], ctx: ArticleContext) -> list[str]:
        """The state the article is about, for a counterpart named as a person the article introduced with no
        side ("called on Col Trenik" after "junta chief Colonel Avo Trenik" in a story about one state): a
        figure of the story's own state, unless the text ties the name to a place elsewhere."""
        words = text[span[0]:span[1]].split()
        if not ctx.host or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
            return []
        surname = words[-1].strip(".,;:’'")
        if ctx.text.count(surname) < 2 or self.book.places.where(surname, 0, len(surname)) \
                or self.book.actors.mentions(surname, 0, len(surname)):
            return []
        return [ctx.host]

    def _charge(self, text: str, clauses, start: int, end: int, speaker: str | None, places: list,
                pair_sides: list[str], ctx: ArticleContext) -> list[str]:
        """Whom a charge accuses: an actor or a person of known side in the charge's own phrase ("aggressions by
        Israel", "the bloodshed inflicted by Starkov" after "Kremlin leader Ivo Starkov"), else the
        subject of its clause ("the American strikes amounted to a war crime", "Russia is the aggressor",
        "watched Thai troops encroach"), else the other of the article's two sides named in the sentence, else
        the other side ("what it called breaches of its territory")."""
        clause, tok = _cue_token(clauses, start, end)
        found: list[str] = []
        if tok is not None:
            sub = list(tok.subtree)
            span = (clause.offset + sub[0].idx, clause.offset + sub[-1].idx + len(sub[-1].text))
            found = [c for c in self._codes(text, span, None, places) or self._people(text, span, ctx) if c != speaker]
            verb = tok if tok.pos_ in {"VERB", "AUX"} else governing_verb(tok)
            if not found and verb is not None:
                # the subject of the charge's clause, or what a characterising verb characterises
                _, subj = subject_of(verb)
                obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < tok.i), None) \
                    if verb.lower_ in self.characterising else None
                for t in [x for x in (subj, obj) if x is not None]:
                    found += [c for u in [t, *t.conjuncts]
                              for c in self._codes(text, phrase_span(u, clause.offset), None, places) if c != speaker]
        if not found:
            named = {m.code for m in self.book.actors.mentions(text) if not _inside(m.start, places)}
            found = [c for c in pair_sides if c != speaker and (c in named or speaker in pair_sides)][:1]
        return found[:1]

    def _demanded_of(self, text: str, clauses, start: int, end: int, speaker: str, places: list) -> list[str]:
        """Whom a demand ("Israel must do more") is made of: the state the subject of the verb the modal at
        `start` goes with names, when it is not the speaker's own."""
        clause, tok = _cue_token(clauses, start, end)
        if tok is None or tok.dep_ != "aux":
            return []
        subj = next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        found = self._codes(text, phrase_span(subj, clause.offset), None, places) if subj is not None else []
        return [c for c in found[:1] if c != speaker]

    def _voice(self, sent: Sentence, clauses, start: int, end: int, ctx: ArticleContext) -> str | None:
        """The side of whoever reports the clause of the cue at `start`: the subject of the reporting verb
        that governs it ("The rebels' bureau said the strikes amounted to a war crime"), else the speaker the
        attribution rules find for that position ("she added"), else none."""
        clause, tok = _cue_token(clauses, start, end)
        if tok is not None:
            roles = read_roles(tok, clause.offset, set(), False, self.reporting | self.characterising, noun_cue=True,
                               any_prep=True)
            who = roles.reporter
            if roles.verb is not None and roles.verb.lower_ in self.characterising and roles.initiators:
                who = roles.initiators[0]  # "the government described the strike as a violation"
            if who is not None:
                codes = self._codes(sent.text, who, None, [])
                side = codes[0] if codes else self._side(sent.text, who, ctx)
                if side:
                    return side
        memory = dataclasses.replace(ctx.memory, people=dict(ctx.memory.people))
        said = self.book.attribution.claimant(sent, sent.start + start, memory)
        return said.side if said and said.side and said.side != "UNK" else None

    @staticmethod
    def _row(sent: Sentence, ctx: ArticleContext, start: int, end: int, a1: str, a2: str, ctype: str,
             mediator: str | None, mode: str | None, date, seen: set) -> list[dict]:
        """The row for one pair, or none when it is no pair or the sentence has it already."""
        if a1 == a2 or "UNK" in (a1, a2):
            return []
        symmetric = ctype in SYMMETRIC
        key = (frozenset((a1, a2)) if symmetric else (a1, a2), ctype)
        if key in seen:
            return []
        seen.add(key)
        if len(a1) == 3 and len(a2) == 3:
            ctx.dyads[frozenset((a1, a2))] += 1
        if symmetric:
            ctx.last_pair = (sent.start, (a1, a2))  # "A and B met. The two leaders agreed ...": the pair that met
        text = sent.text
        return [{
            **ctx.row_base(),
            "contact_id": contact_id(ctx.article_id, sent.start + start, a1, a2, ctype),
            "actor1": a1, "actor2": a2, "contact_type": ctype,
            "mediator": mediator if mediator not in {a1, a2} else None, "mode": mode,
            "event_date": date.isoformat() if date else None, "evidence": text,
            "char_start": sent.start + start, "char_end": sent.start + end, "cue": text[start:end],
        }]

    # -- extraction -------------------------------------------------------------
    def extract(self, sent: Sentence, ctx: ArticleContext, claimant_of: Callable[[], Claimant], date,
                clauses=None) -> list[dict]:
        """The contact rows of one sentence; `clauses` is its parse (parsed here when not given)."""
        text = sent.text
        cues = self._cues(text)
        if not cues:
            return []
        claimant = claimant_of()  # resolves "it"/"the ministry" and keeps the claimant memory current
        voice = claimant.side if claimant and claimant.side and claimant.side != "UNK" else None
        if clauses is None:
            clauses = parse_sentences(self.model, [text])[0]
        places = [span for c in clauses for span in venues(c.doc, c.offset)]
        mediator = None
        hosts: set[str] = set()  # the mediator and those coordinated with it ("hosted by both Angola and Kenya")
        for p in self.mediators:
            mm = p.search(text)
            if mm:
                mediator = self.book.actors.forms[mm.group("m")][0]
                found = self.book.actors.mentions(text, mm.start("m"))
                hosts = {m.code for m in _coordinated(text, found)} if found else {mediator}
                break
        pair_sides = _two_sides(ctx, {mediator})
        earlier = [s.start for s in ctx.sentences if s.start < sent.start]
        # "A and B spoke by phone. The two leaders discussed ...": the pair that met in the sentence before
        both_pair = list(ctx.last_pair[1]) if ctx.last_pair and earlier and ctx.last_pair[0] == earlier[-1] \
            else pair_sides
        rows, seen, last_objects = [], set(), []
        agreed: dict[int | None, list] = {}  # where each agreement's verb starts -> its pairs
        talks: list[tuple[int, int, str | None]] = []  # talk cues with no party of their own
        for start, end, ctype in cues:
            clause_start = max([0] + [c.end() for c in _CLAUSE.finditer(text, 0, start)])
            nxt = _CLAUSE.search(text, end)
            clause_end = nxt.start() if nxt else len(text)
            head = text[clause_start:start]
            if self._is_content(clauses, start, end, cues):
                continue  # "accused Venezuela of threatening its territory": what the accusation is about
            if ctype == "threaten" and self._endangers(clauses, start, end):
                continue  # "the militants' comeback threatens security": a risk, not a threat to someone
            if ctype != "threaten" and self._modal(clauses, start, end):
                continue  # "a binding accord should later be signed"
            if self._negated(clauses, start, end):
                continue  # "neither side met the other in person", "held no talks"
            if self.demand.fullmatch(text[start:end]):
                # the speaker of the clause asks it of the modal's subject: one row or none
                speaker = self._voice(sent, clauses, start, end, ctx)
                for target in self._demanded_of(text, clauses, start, end, speaker, places) if speaker else []:
                    rows += self._row(sent, ctx, start, end, speaker, target, ctype, None, "statement", date, seen)
                continue
            if self.charge.fullmatch(text[start:end]):
                # the speaker of the charge's clause charges the counterpart: one row or none
                speaker = self._voice(sent, clauses, start, end, ctx) or voice
                for target in self._charge(text, clauses, start, end, speaker, places,
                                           _partners(ctx, speaker) or pair_sides, ctx) if speaker else []:
                    rows += self._row(sent, ctx, start, end, speaker, target, ctype, None, "statement", date, seen)
                continue
            p_speakers, p_objects, p_both, p_between, p_host = self._parsed_roles(
                text, clauses, start, end, ctype, ctx, mediator, places, cues)
            speakers = list(dict.fromkeys(m.code for m in self.book.actors.mentions(text, clause_start, start)
                                          if m.code != mediator and not _inside(m.start, places)))
            joint = self._speakers(text, clause_start, start, mediator, places)
            if p_speakers:
                speakers = joint = p_speakers  # the parse's subject and those coordinated with it
            elif p_between or (p_objects is not None and ctype in SYMMETRIC and not p_objects):
                # the parse covers a talk that names no party: not every actor before the cue ("Qatar, which has
                # mediated between A and B, said talks would continue"); talks "between" A and B are theirs alone
                speakers = joint = []
            if not speakers and not (p_objects is not None and ctype in SYMMETRIC and not p_objects) and (
                    _PRONOUN_SUBJECT.match(head) or (
                    _ROLE_SUBJECT.match(head) and self.book.actors.has_role(_ROLE_SUBJECT.match(head).group(1)))):
                last = ctx.memory.last
                speakers = [last.side] if last and last.side and last.side != "UNK" else []
            if not speakers and not head.strip(" ,") and clause_start > 0:
                # "..., and accused Thailand": the verb shares the sentence's subject
                first = next((m for m in self.book.actors.mentions(text, 0, clause_start)), None)
                speakers = [first.code] if first else []
            rest = text[end:clause_end]
            found = [m for m in self._objects(text, end, clause_end) if not _inside(m.start, places)]
            if text[start:end] == "called" and (not found or found[0].kind == "demonym" or found[0].start > end + 1):
                continue  # "called Aliyev" is a call; "what it called Azerbaijani aggression" is not
            if not found and ctype == "request":
                # "called for de-escalation in discussions with A and B": the request is addressed to A and B
                w = re.search(r"\bwith\s+", rest)
                found = self._objects(text, end + w.end(), clause_end) if w and self._cue_complement(
                    clauses, end + w.start(), cues) else []
            objects = p_objects if p_objects is not None else [m.code for m in found if m.code != mediator]
            if not objects and self.both_object.match(rest) and not (
                    len(joint) > 1 and re.match(r"\s*between\b", rest)):
                # "Rubio met both ministers": the two sides, other than the speaker; but "A and B agreed after a
                # meeting between the two leaders": the two are the speakers, the meeting theirs
                objects = _two_sides(ctx, {mediator, *speakers[:1]})
            if not objects and self.object_pronoun.match(rest):
                objects = last_objects
            if not objects and len(speakers) == 1 and self.partner_object.match(rest):
                # "Burundi has accused its neighbour": the side it is at odds with in this article
                sides = _partners(ctx, speakers[0]) or pair_sides
                objects = [c for c in sides if c != speakers[0]][:1] if speakers[0] in sides else []
            if not objects and ctx.host and self.host_object.match(rest):
                objects = [ctx.host]  # "urged the junta to stop air strikes" in an article about Myanmar
            author = self._act_author(text, clauses, start, end, places) if not objects and ctype == "accuse" else None
            if author:
                objects = author  # "condemned the ambush by Togolese gunmen", the parse hanging "by" on the verb
            elif author is not None and ctx.host and ctx.host not in speakers:
                objects = [ctx.host]  # "the UN chief condemned the attack" in an article about the Central African Rep.
            objects = list(dict.fromkeys(objects))
            if self._protest(text, start, end):
                # "lodged a complaint with the UN against X": the organisation is where, not whom
                objects = [c for c in objects if not self._forum(text, clauses, c)]
            if objects:
                last_objects = objects
            if not objects and ctype in self.against_other and len(speakers) == 1 and not self.both_subject.search(
                    text[max(clause_start, start - 40):start]):
                # "its troops will react with force": against the side it is at odds with in this article
                sides = _partners(ctx, speakers[0]) or pair_sides
                objects = [c for c in sides if c != speakers[0]][:1] if speakers[0] in sides else []
            speakers = [c for c in speakers if c not in hosts - {mediator}]
            objects = [c for c in objects if c not in hosts]
            # "both sides agreed"; "at talks hosted by X, both countries agreed": the talks' subject is theirs
            both_before = p_both if p_objects is not None else \
                self.both_subject.search(text[max(clause_start, start - 40):start])
            each_other = re.match(r"\s*(?:each other|one another)\b", rest)
            pairs: list[tuple[str, str]] = []
            if both_before and len(both_pair) == 2 and not speakers and (
                    ctype in SYMMETRIC or each_other or (ctype in self.mutual and not objects)):
                # "both sides agreed", "both sides accused each other", "both sides vowed to retaliate"; not
                # "both countries asked their citizens"
                a, b = both_pair
                pairs = [(a, b)] if ctype in SYMMETRIC else [(a, b), (b, a)]
            elif both_before and objects and ctype not in SYMMETRIC and (not speakers or p_both):
                # "both sides asked Norway to mediate": each side asks; but "both envoys urged A and B", where A
                # and B are the two sides, is said by the two named in the sentence before
                group = both_pair if len(both_pair) == 2 and not set(both_pair) & set(objects) \
                    else self._previous_actors(ctx, sent, {*objects, mediator})
                pairs = [(a, o) for a in group for o in objects if a != o]
            elif speakers and objects:
                initiators = joint if len(joint) > 1 else speakers[:1]  # "The United States and China urged ..."
                pairs = [(sp, o) for sp in initiators for o in objects if o != sp]
            elif each_other and len(joint) > 1:
                pairs = [(a, b) for a in joint for b in joint if a != b]  # "Baku and Yerevan accused each other"
            elif ctype in SYMMETRIC:
                parties = list(dict.fromkeys(speakers + objects))
                if len(parties) >= 3 and len(pair_sides) == 2 and set(pair_sides) <= set(parties):
                    # "signed by Putin, Aliyev and Pashinyan": the two sides agree; the third brokered it
                    mediator = mediator or next(p for p in parties if p not in pair_sides)
                    pairs = [tuple(pair_sides)]
                else:
                    pairs = list(combinations(parties, 2))[:1]
            if ctype == "agree" and not pairs and len(pair_sides) == 2 and (
                    mediator or re.search(r"\b(?:was|were|been)\s+\w+$", text[start:end])
                    or self._agreed_in_passive(clauses, start, end)):
                pairs = [tuple(pair_sides)]  # "a ceasefire was agreed", "a truce was brokered": the two sides
            if ctype == "agree" and pairs:
                agreed[self._verb_of(clauses, start, end)] = pairs
            broker = mediator or p_host  # "Oman mediated talks between A and B"
            if ctype == "consult" and not pairs and self._verb_of(clauses, start, end, noun=True) is not None:
                talks.append((start, end, broker))  # "agreed at a meeting": the meeting is the agreement's
            window = text[max(0, start - 40):end + 40]
            mode = next((md for md, p in self.modes if p.search(window)), None)
            for a1, a2 in pairs:
                if ctype in SYMMETRIC and (broker or a1 not in speakers or a2 in speakers):
                    a1, a2 = sorted((a1, a2))  # no initiator: "X and Y met", talks hosted by a third party
                rows += self._row(sent, ctx, start, end, a1, a2, ctype, broker, mode, date, seen)
        for start, end, mediator in talks:
            # a talk naming no party, where an agreement was reached: between the agreement's parties
            for a1, a2 in agreed.get(self._verb_of(clauses, start, end, noun=True), []):
                rows += self._row(sent, ctx, start, end, *sorted((a1, a2)), "consult", mediator, "meeting", date, seen)
        return rows
