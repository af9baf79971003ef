"""Who contacts whom around a contact cue, read off the dependency parse.

Pure structure, in the manner of textacy's triples: the initiator is the
nominal subject of the cue's verb ("Rwanda accuses the DRC ...", "Qatar and
Saudi Arabia released statements calling on ..."), climbing participles and
coordinated verbs to the clause that has one; the counterparts are the
object and the complements the cue's type takes ("urged X", "called on X",
"talks with X", "a truce between X and Y", "talks involving X and Y");
passive voice swaps them ("X was accused by Y"). A cue noun ("discussions
with Egyptian officials") takes the subject of the verb it hangs from, except
talks "between" two parties (on the noun, in its relative clause, or on the
verb: "the pullback deal agreed by both commanders"), which are theirs alone: that
subject is then their host ("Oman mediated talks between A and B"). "With
X present" is who witnessed it, no counterpart.
Places a verb happens in ("in Doha", "at the summit in Sochi") are venues,
never parties. Which prepositions a type takes comes from rules/contacts.yaml;
which actor a phrase names is for the actor dictionary to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_SUBJECTS = {"nsubj"}
_PASSIVE_SUBJECTS = {"nsubjpass"}
_OBJECTS = {"dobj", "oprd"}  # "called Aliyev" is often parsed as an object predicate
_CLIMB = {"xcomp", "advcl", "conj", "acl", "pcomp"}   # a cue verb that borrows its subject from the verb above
_PHRASE_CUT = {"relcl", "acl", "advcl", "conj", "cc", "punct"}
_CLAUSES = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"}  # clauses a verb governs
_VENUE_PREPS = {"in", "at", "inside"}
_RELATIVES = {"which", "who", "whom", "that"}
# A cue noun after these is an event of its clause's subject ("left after discussions with X", "at talks hosted
# by Y, both agreed"); after others it is not ("as talks stall", "spending for talks").
EVENT_PREPS = {"after", "at", "in", "during", "following", "since", "through", "by"}
_PHRASE_PREPS = {"of", "from", "among", "including", "by"}  # kept in a phrase: "the attack by Israel"


@dataclass
class Roles:
    """Token spans ((start, end) offsets in the sentence) of each role around one cue."""
    initiators: list[tuple[int, int]] = field(default_factory=list)
    counterparts: list[tuple[int, int]] = field(default_factory=list)
    reporter: tuple[int, int] | None = None   # subject of a reporting verb governing the cue ("X said ...")
    place: tuple[int, int] | None = None      # "In Rawalpindi, officials accused ...": where the initiator speaks
    verb: object = None                       # the token whose subject is the initiator
    has_subject: bool = False                 # the parse found a subject, whatever it names
    between: bool = False                     # "talks between A and B": the counterparts are all the parties
    host: tuple[int, int] | None = None       # "Oman mediated talks between A and B": who brought them together
    homes: list[tuple[int, int]] = field(default_factory=list)  # "officials in A and B": where the initiators are
    fallback: list[tuple[int, int]] = field(default_factory=list)  # the counterparts of the contact the cue goes on from


def _conjuncts(tok) -> list:
    return [tok, *tok.conjuncts] if tok is not None else []


def phrase_span(tok, offset: int) -> tuple[int, int]:
    """The noun phrase a token heads, without its relative clauses, coordinated phrases and prepositions other
    than "of"/"from"/"among"/"including"/"by" ("the leaders of Armenia and Azerbaijan", "several states, among
    them A and B" keep both, "the violation by Japanese aircraft" its author; "officials on a proposal" is
    "officials")."""
    keep = [tok]
    for c in tok.children:
        if c.dep_ in _PHRASE_CUT or (c.dep_ == "prep" and c.lower_ not in _PHRASE_PREPS):
            continue
        keep += list(c.subtree)
    first = min(t.i for t in keep)
    last = max(t.i for t in keep)
    doc = tok.doc
    return offset + doc[first].idx, offset + doc[last].idx + len(doc[last].text)


def governing_verb(tok):
    """The verb a cue noun's phrase belongs to ("left ... after discussions with": left), or None."""
    while tok.dep_ in {"pobj", "prep", "dobj", "compound", "conj", "attr"} and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ != "prep":  # "Following his meeting with X, Y said": not "following"
            return tok
    return None


def subject_of(verb):
    """(the verb with a subject, its nominal subject), climbing participles and coordinated verbs; a verb's agent
    is its subject ("the accord signed by A and B", even where the parse gives the participle a subject too)."""
    while verb is not None:
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return verb, agent
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return verb, subj
        if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
            # "praised Israel for accepting the truce": the object of the praise is who accepted it
            obj = next((c for c in verb.head.head.children if c.dep_ in _OBJECTS), None)
            if obj is not None:
                return verb, obj
        if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return verb, verb.head  # "The foreign minister pressed ..." misparsed as a noun phrase
        if verb.dep_ in _CLIMB and verb.head.i != verb.i:
            head = verb.head
            if head.pos_ in {"NOUN", "PROPN"}:  # "statements calling on both sides": the statements' verb
                head = governing_verb(head) or head
            verb = head
            continue
        return verb, None
    return None, None


def _with_preps(tok, preps: set[str]):
    """The objects of the given prepositions on a token ("talks with X", "called on X") and of "involving"; not
    an absolute clause ("signed in Lima, with envoys of A and B present": the envoys witnessed it)."""
    out = []
    for c in tok.children:
        if c.dep_ in {"prep", "agent"} and c.lower_ in preps:
            out += [g for g in c.children if g.dep_ in {"pobj", "pcomp"}
                    and not any(s.dep_ in _SUBJECTS for s in g.children)]
        elif c.dep_ == "acl" and c.lower_ in preps:  # "talks involving X and Y"
            out += [g for g in c.children if g.dep_ in _OBJECTS]
    return out


def _clause_tokens(verb) -> list:
    """The tokens of a verb's own clause: its subtree without the clauses it governs."""
    out, todo = [], [verb]
    while todo:
        tok = todo.pop()
        out.append(tok)
        todo += [c for c in tok.children if c.dep_ not in _CLAUSES]
    return out


def _clause_objects(verb, depth: int = 2) -> list:
    """The objects of the clauses a verb governs: "pledged that he would force Armenia", "vowed to respond to
    the strikes", "warned Iran that it would hold Tehran responsible"."""
    out = []
    for c in verb.children:
        if c.dep_ in {"ccomp", "xcomp"}:
            out += [g for g in c.children if g.dep_ in _OBJECTS]
            out += [p for g in c.children if g.dep_ == "prep" and g.lower_ in {"to", "against"}
                    for p in g.children if p.dep_ == "pobj"]
            if depth > 1:
                out += _clause_objects(c, depth - 1)
    return out


def read_roles(cue, offset: int, preps: set[str], takes_object: bool, reporting: frozenset[str],
               noun_cue: bool, is_cue=lambda tok: False, content_clause: bool = False, any_prep: bool = False,
               object_preps: set[str] | None = None, in_cue=lambda tok: False,
               permission_verbs: frozenset[str] = frozenset(), target_preps: frozenset[str] = frozenset()) -> Roles:
    """The roles around cue token `cue` (its clause starts at `offset` in the sentence). `is_cue` says whether
    a token is another contact cue ("called for calm in discussions with A": A is addressed in the talks);
    `content_clause` takes the objects of the clauses the cue governs ("pledged that he would force A");
    `any_prep` lets a cue noun after any preposition take its clause's verb ("described X as a violation");
    `object_preps` are the prepositions on the verb's object that name the counterpart ("signed a deal with
    X", "lodged a protest with X"; default: "with" when the type takes it); `in_cue` says whether a token is
    one of the cue's own words; a cue with no counterpart of its own takes the one its infinitive of one of
    `permission_verbs` lets act ("agreed to allow Sudanese troops to ..."); the objects of `target_preps`
    anywhere in the cue's clause, when there are any, are its only counterparts ("a complaint with the UN
    against X")."""
    if object_preps is None:
        object_preps = preps & {"with"}
    roles = Roles()
    doc = cue.doc
    if noun_cue or cue.pos_ in {"NOUN", "PROPN"}:
        # "talks that concluded on 6 June between A and B": the "between" of the talks' own relative clause
        own = [g for c in cue.children if c.dep_ in {"relcl", "acl"} for p in c.subtree
               if p.dep_ == "prep" and p.lower_ == "between" for g in p.children if g.dep_ == "pobj"]
        heads = [h for h in _with_preps(cue, preps | {"between", "involving"})] + own
        verb = governing_verb(cue) if cue.dep_ not in _SUBJECTS | _PASSIVE_SUBJECTS and not (
            cue.dep_ == "pobj" and cue.head.lower_ not in EVENT_PREPS and not any_prep) else None
        content = []
        if sum(len(_conjuncts(h)) for h in _with_preps(cue, {"between", "involving"}) + own) >= 2:
            # "hosted talks between A and B": A and B are the parties, not whoever hosts or calls; the subject of
            # the verb the talks hang from brought them together ("Oman on Friday mediated talks between ...")
            host = subject_of(verb)[1] if verb is not None and verb.pos_ == "VERB" and cue.dep_ == "dobj" else None
            roles.host = phrase_span(host, offset) if host is not None else None
            roles.between = True
            verb = None
    else:
        verb = cue
        if cue.dep_ == "prep" and cue.head.pos_ in {"VERB", "AUX"}:
            verb = cue.head   # "called on": the cue's first word is the verb, "on" its particle
        # an object inside the cue's own words ("lodged a protest", "made representations") names no counterpart
        heads = ([c for c in verb.children if c.dep_ in _OBJECTS and not in_cue(c)] if takes_object else []) \
            + _with_preps(verb, preps)
        between = _with_preps(verb, {"between"})
        if between:
            # "the pullback deal agreed by both commanders": those it was agreed between are all the parties
            heads, roles.between = between, True
        if verb.i + 1 < len(doc) and doc[verb.i + 1].dep_ == "prep" and doc[verb.i + 1].lower_ in preps \
                and doc[verb.i + 1].head.i != verb.i:
            heads += [g for g in doc[verb.i + 1].children if g.dep_ == "pobj"]  # "called on X" parsed loosely
        if takes_object:
            # "considered Armenia guilty", "held Moscow responsible": the subject of the small clause
            # and "expects X to act" parsed as the subject of the infinitive
            heads += [g for c in verb.children if c.dep_ in {"oprd", "ccomp", "xcomp"} and (
                      c.pos_ == "ADJ" or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
                      for g in c.children if g.dep_ in _SUBJECTS]
        content = [c for c in verb.children if c.dep_ in _OBJECTS | {"prep"}]
        if not heads:
            # "pressed for calm in phone calls with A and B": those addressed in the talks of its clause
            heads += [w for n in verb.subtree if n.i != verb.i and n.pos_ == "NOUN" and is_cue(n)
                      for w in _with_preps(n, {"with"})]
        if content_clause and not heads:
            heads += _clause_objects(verb)
        for c in [] if heads else verb.children:
            if c.dep_ == "xcomp" and c.lower_ in permission_verbs:
                # "agreed to let X's troops pursue ...": X is allowed, the one agreed with
                heads += [g for g in c.children if g.dep_ in _OBJECTS] + [
                    g for x in c.children if x.dep_ in {"ccomp", "xcomp"} for g in x.children if g.dep_ in _SUBJECTS]
        # "held a call with A, and made representations", "spoke with A, urging calm": a verb joined to a contact
        # or hanging from it as a participle addresses the same counterpart
        talk = verb.head if verb.dep_ in {"conj", "advcl"} else None
        talked = talk is not None and (is_cue(talk) or any(is_cue(o) for o in talk.children if o.dep_ in _OBJECTS))
        if talked:
            # the counterpart of the contact it goes on from, when its own objects name none ("urging a quick end")
            objects = [o for o in talk.children if o.dep_ in _OBJECTS]
            talked_to = [o for o in objects if not is_cue(o)] + _with_preps(talk, {"with", "to"}) \
                + [w for o in objects for w in _with_preps(o, {"with", "to"})]
            roles.fallback = [phrase_span(t, offset) for h in talked_to for t in _conjuncts(h)]
            heads += [] if heads else talked_to
        passive = next((c for c in verb.children if c.dep_ in _PASSIVE_SUBJECTS), None)
        if passive is not None:
            # "Armenia was accused by Azerbaijan": the passive subject is the counterpart, the agent the initiator
            heads.append(passive)
            content.append(passive)  # "the deal between A and B was signed"
            agent = next((c for c in verb.children if c.dep_ == "agent"), None) or next(
                (b for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"
                 for b in o.children if b.dep_ == "prep" and b.lower_ == "by"), None)
            # "X was threatened with sanctions by Y": the parse may hang the agent on the verb's complement
            roles.initiators = [phrase_span(p, offset) for a in ([agent] if agent is not None else [])
                                for p in a.children if p.dep_ == "pobj" for p in _conjuncts(p)]
            roles.has_subject = bool(roles.initiators)
    for c in content:
        # "called for no escalation between A and B", "signed a deal with Y": the content's own complement
        inner = list(c.children) if c.dep_ in _OBJECTS else [g for g in c.children if g.dep_ == "pobj"]
        for t in inner if c.dep_ == "prep" else [c]:
            heads += _with_preps(t, {"between"} | object_preps)
    if target_preps and verb is not None:
        # "lodged a complaint with the Council against X": whom it is against, wherever the parse hangs it
        against = [g for n in _clause_tokens(verb) if n.dep_ == "prep" and n.lower_ in target_preps
                   for g in n.children if g.dep_ == "pobj"]
        heads = against or heads
    roles.counterparts = [phrase_span(t, offset) for h in heads for t in _conjuncts(h)]
    if verb is not None and verb.dep_ == "relcl" and any(t.lower_ in _RELATIVES for t in heads):
        # "relations with Vietnam, which they accuse of ...": the relative pronoun stands for its antecedent, the
        # noun right before it, even where the parse hangs the clause on a noun higher up ("relations")
        rel = next(t for t in heads if t.lower_ in _RELATIVES)
        before = doc[rel.i - 1] if rel.i and doc[rel.i - 1].text != "," else doc[max(rel.i - 2, 0)]
        antecedent = before if before.pos_ in {"NOUN", "PROPN"} and before.i < rel.i else verb.head
        heads = [t for t in heads if t.lower_ not in _RELATIVES] + [antecedent]
        roles.counterparts = [phrase_span(t, offset) for h in heads for t in _conjuncts(h)]
        author = subject_of(governing_verb(verb.head) or verb.head)[1] if takes_object and not roles.fallback else None
        if author is not None:
            # "Ethiopia signed a memorandum in January, which Somalia denounced": what it refers to is an act, the
            # one charged is its author (used when the antecedent names no one)
            roles.fallback = [phrase_span(t, offset) for t in _conjuncts(author)]
    by = [g for c in cue.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"] \
        if (noun_cue or cue.pos_ in {"NOUN", "PROPN"}) else []
    if by and not roles.has_subject:
        # "Ghana dismissed accusations by Togo": the noun's "by" names who made them, and the subject of the
        # verb over the noun, when nothing else is, the one they were made against
        roles.initiators = [phrase_span(t, offset) for h in by for t in _conjuncts(h)]
        roles.has_subject = True
        if not roles.counterparts and verb is not None:
            _, subj = subject_of(verb)
            if subj is not None:
                roles.counterparts = [phrase_span(t, offset) for t in _conjuncts(subj)]
        roles.verb = verb
    if not roles.has_subject and not roles.between:
        verb, subj = subject_of(verb)
        if subj is not None and subj.pos_ == "PRON" and verb.dep_ == "relcl":
            verb, subj = subject_of(governing_verb(verb.head) or verb.head)  # "... which they accuse": the
            # pronoun is the main clause's subject
        roles.verb = verb
        if subj is not None:
            roles.has_subject = True
            roles.initiators = [phrase_span(t, offset) for t in _conjuncts(subj)]
            # "Officials in Chad and Niger denounced ...": where the subject is, should it name no side itself
            roles.homes = [phrase_span(t, offset) for s in _conjuncts(subj) for c in s.children
                           if c.dep_ == "prep" and c.lower_ == "in" for g in c.children if g.dep_ == "pobj"
                           for t in _conjuncts(g)]
    if verb is not None:
        place = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in _VENUE_PREPS
                      and c.i < verb.i for g in c.children if g.dep_ == "pobj"), None)
        roles.place = phrase_span(place, offset) if place is not None else None
        for up in verb.ancestors:
            if up.lower_ in reporting:
                subj = next((c for c in up.children if c.dep_ in _SUBJECTS), None)
                if subj is not None:
                    roles.reporter = phrase_span(subj, offset)
                    break
    return roles


def venues(doc, offset: int) -> list[tuple[int, int]]:
    """Spans of the places things happen in: the objects of "in"/"at" on a verb or a cue noun ("resumed in
    Doha", "talks in Doha", "arrived in Beirut for talks"), never a party to a contact."""
    out = []
    for tok in doc:
        if tok.dep_ == "prep" and tok.lower_ in _VENUE_PREPS:
            for g in tok.children:
                if g.dep_ == "pobj" and g.pos_ == "PROPN":
                    out.append(phrase_span(g, offset))
    return out
