"""Who asserts a figure: reporting verbs, "according to", trailing "..., X said",
pronouns carried from earlier sentences; and whether the claim is hedged.

Rules from rules/attribution.yaml; actor codes from the actor dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.actors import UNKNOWN, ActorDictionary
from pipeline.extract.sentences import Sentence

_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+(?:[A-Z][a-zA-Z'’-]+|von|der|de|al-)){1,3}$")
_TRAIL = re.compile(r"(?:\s+(?:has|had|have|also|later|earlier|again|previously|then|separately|now|so\s+far|"
                    r"reportedly|first|initially|officially|on\s+\w+day|and|had\s+earlier|has\s+since|still))+$", re.I)
_OPENERS = {"on", "in", "at", "by", "during", "earlier", "later", "meanwhile", "separately", "however", "also",
            "since", "after", "before", "overnight", "late", "early", "then", "now", "last", "this", "but", "and"}
_ROLE_NP = re.compile(r"^((?:a|an)\s+(?:[\w'’-]+\s+){0,5}?)(?=\w+ed\b|said\b|says\b|told\b)", re.I)
_RELATIVE_PRONOUN = re.compile(r"^(?:which|who|that|whom|whose|where|when)\b", re.I)
_LEAD = re.compile(r"^(?:and|but|so|yet|however|meanwhile|also)\b[,]?\s*", re.I)
_ADVERBIAL = re.compile(r"^(?:[A-Za-z]+(?:\s+[A-Za-z]+){0,3}),\s+")


_PERSON = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+(?:al-|bin\s+|de\s+)?[A-Z][a-z'’-]+){1,3}\b")


def _person_in(phrase: str) -> str | None:
    """The person's name in a speaker phrase (the last run of capitalised words: "Major Abdullahi Warsame"), or
    None; people are remembered by surname."""
    runs = _PERSON.findall(phrase)
    return runs[-1] if runs else None


def _surname(name: str | None) -> str:
    words = (name or "").split()
    return words[-1] if words and words[-1][:1].isupper() else ""


def _surnames(name: str) -> list[str]:
    """The words a person may be called by later: every capitalised word of the name after the first."""
    return [w for w in name.split()[1:] if w[:1].isupper()] or [_surname(name)]


def _strip_opening(text: str) -> str:
    """Drop an opening adverbial and conjunction: "Earlier, Armenia ..." -> "Armenia ..."."""
    return _LEAD.sub("", _ADVERBIAL.sub("", text, count=1))


@dataclass
class Claimant:
    text: str | None
    side: str | None
    group: str | None = None   # canonical name for comparison ("ARM defence ministry")


# A capitalised word before a capitalised reporting verb makes it part of a name: "the United States".
# A state's institution with its acronym in brackets: "Malawi's Defence Ministry (MoD)" -> a later "MoD official"
_ACRONYM = re.compile(r"((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*[’']s?\s+(?:[A-Z][\w-]*\s+){0,4}[A-Z][\w-]*)"
                      r"\s+\(([A-Z]{2,6})\)")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’.-]*\s+$")
_ISSUED = re.compile(r"\b(?:issued|released|published|put out|aired|broadcast)\b", re.I)
_ISSUED_BY = re.compile(r"\s+(?:issued|released|published|put out)\s+(?:[\w-]+\s+){0,3}?by\s+([^,;.]{3,80})", re.I)


@dataclass
class ClaimantMemory:
    """The last claimant named in an article, for "it said" and "the ministry said"."""

    last: Claimant | None = None
    last_person: Claimant | None = None
    last_state: Claimant | None = None   # the last claimant speaking for a state, for "the army said"
    sentence_side: str | None = None   # first actor of the current sentence, for "its defence ministry"
    sentence_subject: str | None = None  # the actor phrase opening the current sentence, for a later "it said"
    host: str | None = None   # the state the article is about, when one dominates
    scene: str | None = None  # the state the article's places are in, for "local health authorities"
    people: dict = field(default_factory=dict)  # surname -> the Claimant its first mention with a side gave
    issued: dict = field(default_factory=dict)  # "statement" -> the Claimant of the sentence that introduced one
    acronyms: dict = field(default_factory=dict)  # "FO" -> PAK, after "Pakistan's Foreign Office (FO)"


@dataclass
class Attributor:
    rules: dict
    actors: ActorDictionary
    _verbs: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        verbs = sorted(self.rules["reporting_verbs"], key=len, reverse=True)
        not_after = "|".join(re.escape(w) for w in self.rules.get("not_reporting_before", []))
        self._verbs = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in verbs) + r")\b"
                                 + (rf"(?!\s+(?:{not_after})\b)" if not_after else ""), re.I)
        def source_cue(words):
            words = sorted(words, key=len, reverse=True)
            return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\s+([^,.;:–—()]+)", re.I)
        self._according = source_cue(self.rules["according_to"])
        self._citing = source_cue(self.rules.get("citing", []))
        self._quoted = [re.compile(q, re.I) for q in self.rules.get("quoted_as", [])]
        self._source_noun = re.compile(r"\b(?:" + "|".join(self.rules.get("source_nouns", ["official"])) + r")$", re.I)
        nouns = "|".join(re.escape(w) for w in self.rules.get("noun_before", []))
        self._noun_before = re.compile(rf"\b(?:{nouns})\s+$", re.I) if nouns else re.compile(r"(?!)")
        self._non_source = {w.lower() for w in self.rules.get("not_sources", [])}
        self._breaks = self.rules["clause_breaks"]
        self._pronouns = {p.lower() for p in self.rules["pronouns"]}
        nouns = "|".join(self.rules.get("report_nouns", []) or ["(?!)"])
        self._report_noun = re.compile(rf"(?:the|that|this)\s+(?:[\w-]+\s+){{0,2}}?({nouns})", re.I)
        self._report_intro = re.compile(rf"\b(?:an?|its|their|his|her)\s+(?:[\w-]+\s+){{0,2}}?({nouns})\b", re.I)
        self._hedges = re.compile(r"\b(?:" + "|".join(self.rules["hedges"]) + r")\b", re.I)
        self._claim_hedges = re.compile(r"\b(?:" + "|".join(self.rules.get("claim_hedges", []) or ["(?!)"]) + r")\b", re.I)

    # -- hedges -----------------------------------------------------------
    def hedged(self, text: str) -> bool:
        """Whether text holds any hedge (the sentence-level reading, used when there is no parse)."""
        return bool(self._hedges.search(text) or self._claim_hedges.search(text))

    def claim_hedged(self, text: str) -> bool:
        """Whether text hedges the whole claim ("could not be verified")."""
        return bool(self._claim_hedges.search(text))

    def hedge_words(self, text: str) -> list[re.Match]:
        """The hedges whose reach the parse decides ("allegedly", "may have")."""
        return list(self._hedges.finditer(text))

    # -- claimant ---------------------------------------------------------
    def claimant(self, sent: Sentence, pos: int, memory: ClaimantMemory) -> Claimant:
        """Claimant of a figure at absolute offset pos in sent; Claimant(None, None) for the outlet's voice."""
        text, base = sent.text, sent.start
        rel = pos - base
        for m in self._according.finditer(text):
            if self.is_source(m.group(1)):
                phrase = m.group(1).strip()
                head = self._leading_np(re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)) if len(phrase.split()) > 6 else None
                # "an earlier toll from the SOHR put deaths at ...": the source, not the rest of the clause
                return self._resolve(head or phrase, memory)
        for pattern in self._quoted:  # "the agency quotes a senior Kestrian officer as saying"
            m = pattern.search(text)
            if m:
                return self._resolve(m.group(1).strip(), memory)
        verbs = self._reporting_verbs(text)
        # A denial's span starts at its verb ("denied suffering any losses"): that verb counts as before it.
        before = [v for v in verbs if v.start() <= rel]
        after = [v for v in verbs if v.start() > rel]
        if before:
            v = before[-1]
            subject = self._subject_before(text, v.start())
            if subject:
                return self._resolve(subject, memory)
        for v in after:  # "No casualties were reported on the border, the ministry said."
            subject = self._subject_trailing(text, v.start(), v.end())
            if subject:
                return self._resolve(subject, memory)
        for m in self._citing.finditer(text):  # "..., citing a military source"
            if self.is_source(m.group(1)):
                return self._resolve(m.group(1).strip(), memory)
        return Claimant(None, None)

    def is_source(self, phrase: str) -> bool:
        """Whether "according to PHRASE" names a speaker: not "the report" or "a draft budget"."""
        phrase = phrase.strip()
        # not "the report", "a draft budget" or "preliminary information"; "health workers", "figures from both
        # defence ministries", a name, an actor, a role or a source noun are
        own_words = re.split(r"\s+(?:from|by|of)\s+", phrase.lower())[0].split()
        return ((phrase.split()[0].lower() not in {"the", "a", "an"} and not self._non_source & set(own_words)
                 or re.search(r"\s(?:from|by)\s", phrase) is not None)
                or bool(self.actors.mentions(phrase)) or self.actors.has_role(phrase)
                or bool(self._source_noun.search(phrase)))

    def sentence_opening(self, sent: Sentence) -> str | None:
        """The actor phrase that opens a sentence, if any ("Azerbaijan's defence ministry")."""
        return self._leading_np(_strip_opening(sent.text))

    def remember_people(self, sent: Sentence, memory: ClaimantMemory) -> None:
        """People keep the side their first mention gives them: "Ukraine's President Volodymyr Zelenskiy",
        "Major Ilyas Dambe" (a state rank, in an article about one state), "Ali Musa, a spokesman for the
        Sudanese army" -> a later "Zelenskiy said", "Dambe said", "Musa added" take that side."""
        text = sent.text
        for m in _ACRONYM.finditer(text):
            # "Pakistan's Foreign Office (FO)": a later "FO spokesperson" speaks for Pakistan
            code = self.actors.code_of(m.group(1))
            if code and len(code) == 3 and code != UNKNOWN:
                memory.acronyms.setdefault(m.group(2), code)
        for m in _PERSON.finditer(text):
            words = m.group(0).split()
            title = []
            while len(words) > 2 and (self.actors.has_role(words[0]) or self.actors.is_state_role(words[0])
                                      or self.actors.mentions(words[0])):
                title.append(words.pop(0))  # "Major Ilyas Dambe": the rank is part of what says whose he is
            name = " ".join(words)
            if self.actors.mentions(name) or self.actors.has_role(name) or _surname(name) in memory.people \
                    or words[0].lower() in _OPENERS:
                continue
            before = text[max(0, m.start() - 50):m.start()]
            lead = before.rstrip()[:-1] if before.rstrip().endswith(",") else ""
            lead = lead[max(lead.rfind(","), lead.rfind(".")) + 1:]
            if lead.strip() and len(lead.split()) <= 5:
                before = lead  # "Malawi's interior minister, Ojo Banda,": the short phrase before the name
            before = before[max(before.rfind(","), before.rfind(".")) + 1:] + " ".join(title)  # this phrase only
            after = re.match(r",\s+(?:(?:an?|the)\s+)?([^,.;]{3,60}?)(?:,|\s+(?:said|told|says|added)\b)", text[m.end():])
            for phrase in (before, after.group(1) if after else ""):
                if not phrase.strip() or not (self.actors.has_role(phrase) or self.actors.mentions(phrase)):
                    continue
                code = self.actors.code_of(phrase) or self._acronym_side(phrase, memory)
                side = code if code and code != UNKNOWN else \
                    memory.host if code is None and self.actors.is_state_role(phrase) else None
                if side:
                    for key in _surnames(name):  # "General Tomas Chikondi Mbewe" -> a later "Chikondi said"
                        memory.people.setdefault(key, Claimant(name, side, name))
                    break

    @staticmethod
    def _acronym_side(phrase: str, memory: ClaimantMemory) -> str | None:
        """The state of an institution's acronym the article defined ("the FO", "FO spokesperson")."""
        return next((memory.acronyms[w] for w in re.findall(r"\b[A-Z]{2,6}\b", phrase) if w in memory.acronyms), None)

    def _reporting_verbs(self, text: str) -> list[re.Match]:
        """The reporting verbs of a text, in order, but for words the rules read as nouns ("with reports that",
        "media reports said", "the claims") and words of a name ("the United States", "the Gulf States")."""
        return [v for v in self._verbs.finditer(text) if not self._noun_before.search(text, 0, v.start())
                and not (v.group()[:1].isupper() and _NAME_BEFORE.search(text, 0, v.start()))]

    def remember_subject(self, sent: Sentence, memory: ClaimantMemory) -> None:
        """Let an actor that opens a sentence be the referent of a later "it" or "he"; a statement or broadcast the
        sentence introduces ("X said in a statement", "a statement issued by X") is X's."""
        self.remember_people(sent, memory)
        for m in self._report_intro.finditer(sent.text):
            noun = m.group(1).lower()
            if noun in memory.issued:
                continue
            by = _ISSUED_BY.match(sent.text, m.end())
            opener = self.sentence_opening(sent) if _ISSUED.search(sent.text, 0, m.start()) else None
            if by:  # "a statement issued on Sunday by the resistance committee"
                issuer = self._resolve(by.group(1), ClaimantMemory(), remember=False)
            elif opener:  # "The foreign ministry issued a statement"
                issuer = self._resolve(opener, memory, remember=False)
            else:  # "the ministry said in a statement"
                issuer = self.claimant(sent, sent.start + m.start(), memory)
            if issuer.text and not self._report_noun.fullmatch(issuer.text):
                memory.issued[noun] = issuer
        head = _strip_opening(sent.text)
        role_np = _ROLE_NP.match(head)
        if role_np and self.actors.has_role(role_np.group(1)) and not self.actors.mentions(role_np.group(1)):
            # "A spokesman for the rebels rejected the figures. He said ...": a speaker with no known side
            memory.last = memory.last_person = Claimant(role_np.group(1).strip(), UNKNOWN, role_np.group(1).strip())
        else:
            mentions = self.actors.mentions(head, 0, min(len(head), 80))
            if mentions and mentions[0].start <= 4:
                phrase = self._leading_np(head)
                if phrase:
                    self._resolve(phrase, memory)
                    return
            verb = next(iter(self._reporting_verbs(sent.text)), None)
            subject = self._subject_before(sent.text, verb.start()) if verb is not None else None
            institution = subject.rpartition(",")[2].strip() if subject else ""
            if institution.lower().startswith("the ") and self.actors.has_role(institution) \
                    and not self.actors.mentions(institution):
                # "On Friday the army stated it had overrun two camps." -> a later "it added" is the army's
                self._resolve(institution, memory)

    def _clause_start(self, text: str, upto: int) -> int:
        start = 0
        for b in self._breaks:
            i = text.rfind(b, 0, upto)
            if i >= 0:
                start = max(start, i + len(b))
        return start

    def _subject_before(self, text: str, vstart: int) -> str | None:
        start = self._clause_start(text, vstart)
        subject = text[start:vstart].strip(" ,")
        if not subject:
            return None
        if re.search(r"\band$", subject):
            head = _strip_opening(subject)
            pronoun = re.match(r"(he|she|it|they)\b", head, re.I)
            first_verb = self._verbs.search(text, start, vstart)
            # "The rebels denied suffering any losses and said ...": the first verb's subject
            shared = self._subject_before(text, first_verb.start()) if first_verb else None
            return self._leading_np(head) or (pronoun.group(1) if pronoun else None) or shared
        parts = [p.strip() for p in subject.split(",")]
        name = next((p for p in parts if _NAME.match(p) and not self.actors.has_role(p)
                     and p.split()[0].lower() not in _OPENERS), None)
        if name and len(subject.split()) > 5:
            return name
        if len(subject.split()) > 5:
            # "..., in which Armenia says", "He did not comment on Armenian claims": the actor nearest the verb.
            return self._last_actor_phrase(subject) or subject
        return subject

    def _last_actor_phrase(self, text: str) -> str | None:
        mentions = self.actors.mentions(text)
        if not mentions:
            return None
        # "The United Nations mission in South Sudan said": a place after in/near/at is not the speaker
        speakers = [m for m in mentions
                    if not re.search(r"\b(?:in|near|at|inside|across|outside)\s+(?:the\s+)?$", text[:m.start], re.I)]
        last = (speakers or mentions)[-1]
        start = last.start
        # keep a possessive owner before it: "Azerbaijan's defence ministry"
        return self._leading_np(text[start:]) or last.text

    def _subject_trailing(self, text: str, vstart: int, vend: int) -> str | None:
        # "seven servicemen it said were killed": a pronoun right before the verb
        pronoun = re.search(r"\b(it|he|she|they)\s+$", text[:vstart])
        if pronoun:
            return pronoun.group(1)
        # "..., Armenian officials say." / "..., the ministry said on Tuesday."
        comma = text.rfind(",", 0, vstart)
        if comma >= 0 and len(text[comma + 1:vstart].split()) <= 8:
            subject = text[comma + 1:vstart].strip(" \"'“”‘’")
            if subject:
                return subject
            # "..., said the defence ministry."
            m = re.match(r"\s*([^,.;:]+)", text[vend:])
            return m.group(1).strip() if m else None
        return None

    def _leading_np(self, text: str) -> str | None:
        """The actor phrase that opens a clause: "Armenia", "Azerbaijan's defence ministry"."""
        mentions = self.actors.mentions(text, 0, min(len(text), 80))
        if not mentions or mentions[0].start > 4:
            return None
        end = mentions[0].end
        poss = re.match(r"['’]s", text[end:])
        after = end + (poss.end() if poss else 0)
        words = re.match(r"(?:\s+[A-Za-z]+){1,3}", text[after:])
        if words:
            toks = list(re.finditer(r"[A-Za-z]+", words.group(0)))
            for k in range(len(toks), 0, -1):
                if self.actors.is_role(" ".join(t.group(0) for t in toks[:k])):
                    return text[:after + toks[k - 1].end()].strip()
        if mentions[0].kind == "demonym":
            return None  # "Two Latvian soldiers were killed, he said": people counted, not a speaker
        return text[:end].strip()

    def _placed(self, subject: str) -> str | None:
        """The state of the place an institution's phrase puts it in ("the health ministry in Ramallah")."""
        if self.actors.gazetteer is None or not (self.actors.is_state_role(subject) or self.actors.is_scene_role(subject)):
            return None
        where = {p.code for p in self.actors.gazetteer.where(subject)}
        return where.pop() if len(where) == 1 else None

    def resolve(self, subject: str, memory: ClaimantMemory) -> Claimant:
        """The claimant a speaker phrase names ("he", "the ministry"), remembered for later pronouns."""
        return self._resolve(subject, memory)

    def _resolve(self, subject: str, memory: ClaimantMemory, remember: bool = True) -> Claimant:
        subject = _TRAIL.sub("", _LEAD.sub("", subject.strip(" ,\"'“”‘’"))).strip(" ,")
        head, sep, rest = subject.partition(",")
        if sep and rest.strip() and not self.actors.mentions(head) and not self.actors.has_role(head) \
                and (not _NAME.match(head.strip()) or head.split()[0].lower() in _OPENERS) and len(head.split()) <= 4:
            subject = rest.strip()  # "On Monday, Armenia" -> "Armenia"
        # "12 soldiers said" is not a speaker; "M23 rebels" is
        if not subject or re.search(r"\b\d", subject) or len(subject.split()) > 12 or _RELATIVE_PRONOUN.match(subject):
            return Claimant(None, None)
        low = subject.lower()
        if re.match(r"(?:its|their|his|her)\s", low) and self.actors.has_role(subject):
            # "according to its defence ministry": the owner is the sentence's actor, resolved by the caller
            side = memory.sentence_side or (memory.last.side if memory.last else UNKNOWN)
            return Claimant(subject, side, self.actors.canonical_name(subject, side))
        if low in {"it", "he", "she", "they"} and memory.sentence_subject:
            # "Azerbaijan's defence ministry published the names of seven servicemen it said were killed"
            return self._resolve(memory.sentence_subject, ClaimantMemory(), remember=False)
        if low in {"it", "he", "she", "they"}:
            ref = memory.last_person if low in {"he", "she"} and memory.last_person else memory.last
            return ref or Claimant(subject, UNKNOWN)
        report = self._report_noun.fullmatch(subject)
        issuer = memory.issued.get(report.group(1).lower()) if report and not self.actors.mentions(subject) else None
        if issuer is not None:
            # "the statement said", "the broadcast said": the one whose statement the article introduced
            return Claimant(subject, issuer.side, issuer.group)
        if (low in self._pronouns or low.startswith("the ")) and not self.actors.mentions(subject) \
                and self.actors.has_role(subject):
            # "the defence ministry", "the council": the side (and, if the roles agree, the name) of the last claimant
            # ... a state's, for a state institution ("the army" after a rebel spokesman), or, before any
            # claimant is named, the state the article is about
            last = memory.last_state if self.actors.is_state_role(subject) else memory.last
            side = last.side if last else (memory.host or UNKNOWN)
            placed = self._placed(subject)
            if placed:
                side = placed  # "the health ministry in Ramallah": where it sits, whoever spoke last
            group = self.actors.canonical_name(subject, side)
            institution = group.removeprefix(f"{side} ").lower().removeprefix("the ")
            if memory.last and memory.last.group and memory.last.group.startswith(f"{side} ") and (
                    group.endswith(" government") or memory.last.group.lower().endswith(institution)):
                group = memory.last.group
            result = Claimant(subject, side, group)
            if remember:
                memory.last = result  # "the army stated ... Two soldiers died, it added"
            return result
        parts = [p.strip() for p in subject.split(",") if p.strip()]
        name = next((p for p in parts if _NAME.match(p) and not self.actors.has_role(p)), None)
        if name and len(parts) > 1:
            text = name
        elif len(parts) > 1:
            text = next((p for p in reversed(parts) if self.actors.mentions(p) or self.actors.has_role(p)), parts[-1])
        else:
            text = subject
        side = self.actors.code_of(text) or self.actors.code_of(subject) or UNKNOWN
        if side == UNKNOWN:
            side = self._acronym_side(subject, memory) or side  # "FO spokesperson Ali Khan said"
        known = memory.people.get(_surname(text)) if side == UNKNOWN else None
        if known is not None:
            # "Warsame said" after "Major Abdullahi Warsame told Reuters": the side his first mention gave him
            text, side = known.text, known.side
        if side == UNKNOWN:
            side = self._placed(subject) or side  # "a local official in Cabo Delgado"
        if side == UNKNOWN and memory.scene and self.actors.is_scene_role(subject):
            side = memory.scene  # "according to local health authorities" in an article set in Gaza
        if side == UNKNOWN and memory.host and self.actors.is_state_role(subject):
            # "three military officers told reporters", "Information Minister X said" in an article about one
            # state: that state's officials
            side = memory.host
        elif side == UNKNOWN and (memory.scene or memory.host) and self.actors.is_non_state(subject):
            # "Rebels in the region said", "a rebel spokesperson said": a non-state party counts for the state it is
            # based in (the annotation guide), the one the article's places are in
            side = memory.scene or memory.host
        elif side == UNKNOWN and memory.last_state and self.actors.is_state_role(subject):
            # "said Col. Y, chief of the General Staff" after "A senior Kestrian army officer said":
            # an unnamed state's institution is the state that spoke last (as "the army said" is)
            side = memory.last_state.side
        result = Claimant(text, side, self.actors.canonical_name(text, side))
        if remember:
            memory.last = result
            if _NAME.match(text):
                memory.last_person = result
            if len(side) == 3 and side != UNKNOWN:
                memory.last_state = result
            name = _person_in(subject)
            if name and (self.actors.is_role(name) or self.actors.is_state_role(name, whole=True)):
                name = None  # "chief of the General Staff": an institution, not a person's name
            if name and side != UNKNOWN and _surname(name) not in memory.people:
                for key in _surnames(name):
                    memory.people.setdefault(key, Claimant(name, side, result.group))
        return result
