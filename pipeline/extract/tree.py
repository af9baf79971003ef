"""What a figure attaches to, read off the dependency parse of its clause.

Pure structure: which people a figure counts, the words that qualify them, who
lost or harmed them, where, and whose reporting verb governs the clause. The
words that make a verb a reporting, loss or harm verb come from the YAML rules
(`Vocabulary`); which actor a phrase names is for the actor dictionary to say.
"""

from __future__ import annotations

from dataclasses import dataclass

_SUBJECTS = {"nsubj", "nsubjpass"}
_NOUN_MODS = {"amod", "compound", "nmod", "poss"}
_POSSESSIVES = {"its", "their", "our"}
_REPORTED = {"ccomp", "parataxis", "xcomp", "advcl", "dobj"}  # clause links a report governs


@dataclass(frozen=True)
class Vocabulary:
    reporting: frozenset[str]   # said, told, claimed ... (lower case)
    loss: frozenset[str]        # lost
    harm: frozenset[str]        # killed, killing, wounded ... (active use)
    places: frozenset[str]      # in, across, near ... ("killed in Surin province")
    estimating: frozenset[str] = frozenset()  # put, placed ... ("He put the army's losses at 19": he says so)
    place_nouns: frozenset[str] = frozenset()  # city, town, north ... ("in the Zambian town of Chilowe")
    accusing: frozenset[str] = frozenset()  # accused, blamed ... ("X accused the rebels of killing 40": X says so)
    harm_events: frozenset[str] = frozenset()  # strike, shelling ... ("killed in the Norlandic strike on X")
    nationality_nouns: frozenset[str] = frozenset()  # national, citizen ... ("one attacker, a Norlandic national")


@dataclass(frozen=True)
class Attachment:
    noun: str = ""            # the people noun counted ("soldiers"), "" when the figure stands alone
    qualifier: str = ""       # words qualifying the people ("Pakistani", "Houthi", "of the Indian side")
    possessive: bool = False  # "its/their/our soldiers", "13 of its people": the speaker's own
    loser: str = ""           # subject of a loss verb: "Pakistan lost 35 soldiers"
    agent: str = ""           # who did the harm: subject of an active harm verb, or the "by" agent
    place: str = ""           # "in/across PLACE" on the outcome verb
    speaker: str = ""         # subject of the reporting verb that governs the clause, or the "according to" source
    speaker_place: str = ""   # "In Mali, the army said": where the speaker speaks from
    verb: str = ""            # the verb the people's phrase belongs to ("killed")
    role: str = ""            # the phrase's relation to it (nsubjpass, dobj, ...)
    governor: str = ""        # the noun the figure's phrase hangs from by "of": "the deaths of 19 soldiers" -> deaths
    frame: str = ""           # the clause's other argument: "The dead included three children" -> "The dead";
                              # "Among those killed were 11 officers", "Five were among the dead" -> that phrase
    complement: str = ""      # the state the verb puts the people in: "were found dead", "reported missing"
    attribute: str = ""       # what a figure on its own is said to be: "Of the dead, 28 were civilians" -> civilians
    subject: str = ""         # what a figure on its own is said of: "The toll is thought to lie between 40
                              # and 45", "the number of dead is thought to exceed 300" -> that subject
    predicate: str = ""       # the verb and its object when the people are its subject: "lost their lives"
    part_of: str = ""         # the people a figure is a part of: "30 civilians, including 16 members ..." -> civilians
    compound: str = ""        # the noun with the common nouns compounded into it: "service members", "police officers"


def _span(tok) -> str:
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1].text


def _head_phrase(tok) -> str:
    """A noun phrase without its apposition or relative clause: "the Syrian Observatory, a UK-based monitor,"
    -> "the Syrian Observatory"; a person's name and title in apposition ("Ali Musa, the group's spokesman",
    "the committee's head, Ali Musa") stay together: the attribution rules pick the name."""
    def person(t) -> bool:
        return t.pos_ == "PROPN" and not any(c.dep_ == "det" for c in t.children)

    cut = next((c for c in tok.children if c.dep_ in {"relcl", "acl"} or (c.dep_ == "appos" and c.i > tok.i
                and not person(tok) and not person(c))), None)
    end = cut.left_edge.i if cut is not None else tok.right_edge.i + 1
    return tok.doc[tok.left_edge.i:end].text.rstrip(" ,")


def _ancestors(tok):
    """tok, its head, and so on up to the root."""
    yield tok
    while tok.head.i != tok.i:
        tok = tok.head
        yield tok


def counted(fig):
    """(the noun a figure counts, the phrase heading it). "12 soldiers" -> soldiers; "13 of its people" ->
    people (the phrase is headed by 13); "eight wounded" -> (None, eight)."""
    tok = fig
    while tok.dep_ in {"quantmod", "compound", "advmod"} and tok.head.i != tok.i and tok.head.like_num:
        tok = tok.head  # "35 to 40", "at least 5"
    if tok.dep_ == "nummod" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return tok.head, tok.head
    if tok.dep_ == "amod" and not tok.like_num and tok.head.pos_ in {"NOUN", "PROPN"}:
        return tok.head, tok.head  # "killing many civilians", "several soldiers": a count word the tagger calls an adjective
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "among"}), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is not None:
        return pobj, tok
    if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num:
        return tok, tok  # "a dozen": the figure token is the noun's modifier already handled above
    return None, tok


def _qualifier(noun, fig, vocab: Vocabulary | None = None) -> tuple[str, bool]:
    words, own = [], False
    for c in noun.children:
        if vocab is not None and c.dep_ == "appos" and c.lower_ in vocab.nationality_nouns:
            # "one attacker, a Norlandic national, was captured": the apposition says whose he is
            words += [_span(m) for m in c.children if m.dep_ in {"amod", "compound"}]
            continue
        if c.i == fig.i or c.dep_ not in _NOUN_MODS | {"prep"}:
            continue
        if c.dep_ == "poss" and c.lower_ in _POSSESSIVES:
            own = True
        elif c.dep_ == "prep" and c.lower_ in {"from", "on", "of"}:
            words.append(_span(c))  # "peacekeepers from Chad", "on the Indian side", "personnel of the Kestrian army"
        elif c.dep_ != "prep":
            words.append(_span(c))
    if noun.pos_ == "PROPN" or noun.text[:1].isupper():
        words.append(noun.text)  # "35 Palestinians", "Houthi fighters" (compound head)
    return " ".join(words), own


def _clause_head(phrase):
    """The verb a noun phrase belongs to, climbing coordination and appositions
    ("11 civilians ... and one soldier were killed": the second joins the first's verb)."""
    tok = phrase
    while tok.dep_ in {"conj", "appos"} and tok.head.i != tok.i and tok.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ in {"prep", "agent"}:
        tok = tok.head  # "including 745 civilians", "toll at 15"
    while tok.dep_ in {"prep", "agent"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.head if tok.dep_ != "ROOT" else tok, tok


def _subject(verb):
    # a gerund the parser makes a clausal subject is a noun: "Kestrian shelling of the camp had killed 71"
    subj = next((c for c in verb.children if c.dep_ in _SUBJECTS or (c.dep_ == "csubj" and c.tag_ == "VBG")), None)
    if subj is not None and subj.like_num and verb.tag_ == "VBG":
        # "it put the figure up to 12 saying 8 others died": the parser makes the figure the participle's
        # subject; the speaker is the subject of the verb it hangs on
        head = next((t for t in _ancestors(verb) if t.i != verb.i and t.pos_ in {"VERB", "AUX"}), None)
        return _subject(head) if head is not None else None
    if subj is None and verb.dep_ in {"advcl", "xcomp", "conj"} and verb.head.i != verb.i:
        # "jets pounded targets across Lebanon, killing 27": the subject of the clause it hangs on
        return _subject(verb.head)
    return subj


def _places(head, vocab: Vocabulary, also: frozenset[str] = frozenset()) -> str:
    """The proper names a verb's "in/across PLACE" phrases put it in: "in Surin province, Thailand" ->
    Surin Thailand; "in Israeli attacks across Lebanon" -> Lebanon; not "in fighting with Norland"."""
    names = []
    for prep in head.children:
        if prep.dep_ != "prep" or (prep.lower_ not in vocab.places and prep.lower_ not in also):
            continue
        pobjs = [c for c in prep.children if c.dep_ == "pobj"]
        # in the text's order, a name parsed as several objects ("Trans", "-", "Dniester") kept whole: "Cabo Delgado"
        picked = {t for pobj in pobjs for t in (pobj, *pobj.children) if t.pos_ == "PROPN"
                  and t.dep_ in {"pobj", "compound", "appos", "conj", "poss"}}
        # a name's own compound parts ("Cabo" of "Cabo Delgado province")
        picked |= {c for t in list(picked) for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN"}
        names += _runs(sorted(picked, key=lambda t: t.i))
        for pobj in pobjs:
            names += [a.text for c in pobj.children if c.dep_ == "appos" for a in c.subtree if a.pos_ == "PROPN"]
            if pobj.lower_ in vocab.place_nouns:  # "in the north of Malawi", "in the Nigerian city of Maiduguri"
                names += [f"{t.text} {pobj.text}" for t in pobj.children if t.dep_ == "amod" and t.text[:1].isupper()]
                names += _place_named(pobj, vocab).split()
            nested = _places(pobj, vocab)
            if nested:
                names.append(nested)
    return " ".join(names)


def _place_named(obj, vocab: Vocabulary) -> str:
    """The place a place noun is a part of: "a district of Tripoli", "the Nigerian city of Maiduguri" -> that name."""
    if obj.lower_ not in vocab.place_nouns:
        return ""
    return " ".join(a.text for of in obj.children if of.dep_ == "prep" and of.lower_ == "of"
                    for g in of.children if g.dep_ == "pobj" and g.pos_ == "PROPN"
                    for a in sorted((g, *g.children), key=lambda t: t.i)
                    if a.pos_ == "PROPN" and a.dep_ in {"pobj", "compound"})


def _runs(tokens) -> list[str]:
    """The text of each run of adjacent tokens, as written ("Trans-Dniester", not "Trans - Dniester")."""
    out, run = [], []
    for t in tokens:
        if run and t.i != run[-1].i + 1:
            out.append(t.doc[run[0].i:run[-1].i + 1].text)
            run = []
        run.append(t)
    if run:
        out.append(run[0].doc[run[0].i:run[-1].i + 1].text)
    return out


def _predicated_of(fig) -> str:
    """The subject a figure standing alone is the complement of ("the toll now stands at 45", "is believed to be
    between 115 and 120", "is thought to exceed 300"), climbing "to be"/"to exceed" to the verb with a subject."""
    tok = fig
    while tok.dep_ in {"conj", "quantmod", "compound"} and tok.head.i != tok.i and tok.head.like_num:
        tok = tok.head  # "between 115 and 120": the range is headed by its first figure
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        tok = tok.head  # "at 45", "to 81", "between 115 and 120"
    if tok.dep_ not in {"attr", "dobj", "prep", "oprd"}:
        return ""
    verb = tok.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None) if tok.dep_ == "prep" else None
    if obj is not None and verb.pos_ in {"VERB", "AUX"}:
        return _span(obj)  # "raising the overall toll to at least 81", "an earlier count put fatalities at over 980"
    while verb.pos_ in {"VERB", "AUX"}:
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return _span(subj)
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            break
        verb = verb.head
    return ""


def _according(tok):
    """The source of an "according to X" attached to this token, or ""."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            to = next((g for g in c.children if g.lower_ == "to"), None)
            pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                return _span(pobj)
    return ""


def _sibling_object(verb):
    """The noun object of the verb a verb is coordinated with, or a participle hangs on: "ambushed our guards and
    shot nine" -> guards; "ambushed a police patrol, killing one and wounding three" -> patrol."""
    while (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")) and verb.head.i != verb.i \
            and verb.head.pos_ in {"VERB", "AUX"}:
        verb = verb.head
        found = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and not c.like_num), None)
        if found is not None:
            return found
    return None


def attach(fig, vocab: Vocabulary) -> Attachment:
    noun, phrase = counted(fig)
    verb, role = _clause_head(phrase)
    if noun is None and role.i == phrase.i and role.dep_ == "dobj" and verb.lower_ in vocab.harm:
        noun = _sibling_object(verb)  # "ambushed our guards and shot nine": the guards ambushed are those shot
    qualifier, own = _qualifier(noun, fig, vocab) if noun is not None else ("", False)
    attr = next((c for c in verb.children if c.dep_ == "attr"), None) if noun is None and role.dep_ in _SUBJECTS \
        else None
    if attr is not None and attr.pos_ in {"NOUN", "PROPN"}:
        # "Of the 9 wounded, 7 belonged to the 2nd Rifle Battalion": what the figure is said to be
        # qualifies its people
        qualifier, own = _qualifier(attr, fig, vocab)
    loser = agent = ""
    subj = _subject(verb) if role.dep_ == "dobj" else None
    if subj is not None and verb.lower_ in vocab.loss:
        loser = _span(subj)   # "Pakistan lost 35 soldiers"
    elif subj is not None and verb.lower_ in vocab.harm:
        agent = _span(subj)   # "Pakistani shelling killed 12 civilians"
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    if by is not None and not agent:
        agent = _span(by)     # "were killed by Norlandic shelling"
    # "among 14 people killed in ...": the participle that qualifies the people is their outcome verb too
    acl = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"), None) if noun is not None else None
    if not agent:
        # "killed in the Norlandic strike on Osk": the strike did the harm (its own "on/in" says where, as after a
        # "by")
        agent = next((_head_phrase(o) for v in (verb, acl) if v is not None for p in v.children
                      if p.dep_ == "prep" and p.lower_ in {"in", "during", "from", "by"}
                      for o in p.children if o.dep_ == "pobj" and o.lower_ in vocab.harm_events), "")
    speaker = speaker_place = ""
    came_by = "ccomp"  # how the climb reached tok: a reporting verb governs only what it reports (not "conj")
    for tok in _ancestors(verb):
        source = _according(tok)
        if source:
            speaker = source
            break
        # the outcome verb itself reports only when the figure phrase is its object: "the ministry reported 12
        # deaths", not "strikes had claimed the lives of 31 civilians"
        reports = (came_by in _REPORTED if tok.i != verb.i else role.i == phrase.i and role.dep_ == "dobj")
        estimates = tok.i == verb.i and tok.lower_ in vocab.estimating and phrase.dep_ == "pobj" \
            and phrase.head.lower_ == "at" and phrase.head.head.i == tok.i and any(c.dep_ == "dobj" for c in tok.children)
        # "The regional government accused the rebels of killing 40 villagers": the accuser asserts the figure
        # (the parser hangs "of killing" on the verb or on its object, the accused)
        accuses = tok.i != verb.i and tok.lower_ in vocab.accusing and verb.dep_ == "pcomp" \
            and verb.head.lower_ in {"of", "for"} and _accused(verb.head.head, tok)
        if (tok.lower_ in vocab.reporting and reports) or estimates or accuses:
            # "X gave the figures in an interview, saying at least seven were killed": the subject of the clause
            # the participle hangs on
            subj = _subject(tok)
            if subj is not None:
                speaker, speaker_place = _head_phrase(subj), _places(tok, vocab)
                if tok.i != verb.i:
                    break
                # "Hospitals admitted 68 wounded, it said": a report around the outcome verb outranks it
        came_by = tok.dep_
    if not speaker:
        speaker = _according(verb.sent.root)  # "according to X" hung on another clause of the sentence
    # "were killed as a rocket exploded in Bandarban's Naikhongchhari", "died when gunmen attacked a village in
    # Kano": the event that killed them happened there (an adverbial clause of the outcome verb)
    # (only for people the figure names: "and four wounded when their convoy struck a mine in Mali" are the
    # peacekeepers of the figure before, whose side the caller already has)
    # "killed 140 people in Kestria and 17 in Norland": the people's own place first, then the outcome verb's
    own_place = _places(phrase, vocab) or (_places(noun, vocab) if noun is not None and noun.i != phrase.i else "")
    state = next(iter(_states(verb)), None)
    # "were killed and 40 were detained in Drel", "has shot 800 villagers and abducted 300 in the north of Kestria":
    # coordinated verbs share the place that closes them
    shared = next((p for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX", "ADJ"} and c.i > verb.i
                   for t in (c, *(o for o in c.children if o.dep_ == "dobj")) if (p := _places(t, vocab))), "")
    # "warplanes struck targets in northern Kestria, killing dozens of fighters": a participle's event happened
    # where the verb it hangs on (or that verb's object) is
    objects = [o for o in verb.head.children if o.dep_ == "dobj"]
    struck = next((p for t in (verb.head, *objects, *(a for o in objects for a in o.children if a.dep_ == "appos"))
                   if (p := _places(t, vocab))), "") or next((p for o in objects if (p := _place_named(o, vocab))), "") \
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" else ""
    # "the attack on a hall in Krasnogorsk, during which gunmen killed 40": where the act the clause tells of was
    # (the parser may hang the clause on a noun before the act: "no sign of Kestria's role in the attack on ...")
    act = next((t for t in reversed(list(verb.head.subtree)) if t.i < verb.i and t.lower_ in vocab.harm_events
                and t.pos_ == "NOUN"), None) if verb.dep_ == "relcl" else None
    during = _places(act, vocab, frozenset({"on"})) if act is not None else ""
    place = own_place or _places(verb, vocab) or (_places(state, vocab) if state is not None else "") or shared or (
        next((p for c in verb.children if c.dep_ == "advcl" and (p := _places(c, vocab))), "") if noun is not None
        else "") or struck or during
    # "30 civilians, including 16 members ...": the people the figure is a part of
    part_of = phrase.head.head.text if phrase.dep_ == "pobj" and phrase.head.lower_ in {"including", "among"} \
        and phrase.head.head.pos_ in {"NOUN", "PROPN"} else ""
    compound = " ".join(t.text for t in sorted((noun, *(c for c in noun.children if c.dep_ == "compound"
                                                        and c.pos_ == "NOUN")), key=lambda t: t.i)) if noun is not None else ""
    return Attachment(noun.text if noun is not None else "", qualifier, own, loser, agent, place,
                      speaker, speaker_place, verb.text, role.dep_,
                      role.text if role.i != phrase.i and role.pos_ in {"NOUN", "PROPN"} else "", _frame(verb, role),
                      _complement(verb, vocab),
                      attr.text if attr is not None else "",
                      _predicated_of(fig) if noun is None else "",
                      _predicate(verb) if role.dep_ in _SUBJECTS else "", part_of, compound)


def _accused(tok, accusing) -> bool:
    """Whether "of/for" hangs on the accusing verb, or on its object ("accused the Free Army, a rebel group, of")."""
    while tok.dep_ in {"appos", "conj"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.i == accusing.i or (tok.dep_ == "dobj" and tok.head.i == accusing.i)


def _predicate(verb) -> str:
    """ "lost their lives": the verb and its direct object, in the text's order."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return f"{verb.text} {_span(obj)}" if obj is not None and obj.i > verb.i else ""


def _states(verb) -> list:
    """The words a verb puts its subject in ("found dead", "reported killed")."""
    return [c for c in verb.children if c.dep_ in {"oprd", "acomp", "xcomp"} and c.pos_ in {"ADJ", "VERB"}]


def _complement(verb, vocab: Vocabulary) -> str:
    """The one-word state a verb puts its subject in ("were found dead", "reported missing"), or "" (also when other
    outcomes hang on the same verb: "were listed as killed, injured or kidnapped" is one figure for several)."""
    words = [c for c in _states(verb)
             if all(g.dep_ in {"prep", "advmod", "npadvmod"} for g in c.children)]  # "reported killed in Angola"
    others = [c for c in verb.children if c.dep_ in {"advcl", "conj"} and c.lower_ in vocab.harm]
    return words[0].text if words and not others else ""


def _frame(verb, role) -> str:
    """The phrases of the figure's clause other than the figure's own: the subject (when the figure is the
    object or attribute) and any "among/of" phrase on the verb."""
    parts = [_span(c) for c in verb.children if c.dep_ in _SUBJECTS and c.i != role.i and role.dep_ in {"dobj", "attr"}]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"among", "of"} and c.i != role.i:
            end = c.right_edge.i + 1
            if end < len(c.doc) and c.doc[end - 1].dep_ == "pobj" and c.doc[end - 1].tag_ == "DT" \
                    and c.doc[end].head.i == verb.i:
                end += 1  # "Among the wounded, five were ...": the small model hangs "wounded" on the verb
            parts.append(c.doc[c.left_edge.i:end].text)
    return " | ".join(parts)


_OTHER_UNITS = {"relcl", "acl", "advcl", "conj", "appos", "parataxis"}


def qualifies(hedge, fig) -> bool:
    """Whether a hedge word ("allegedly", "may") qualifies the figure: walking up from the hedge to the first word
    that also governs the figure never leaves a relative, adverbial, coordinated or appositive unit of its own.
    "gunmen allegedly sent by the rebel front" (in the clause of the attack, not of the dead): no; "may have died",
    "reportedly killed 12", "an estimated 500 people": yes."""
    if hedge.doc is not fig.doc:
        return False
    above_fig = {t.i for t in _ancestors(fig)}
    tok = hedge
    while tok.i not in above_fig:
        if tok.head.i == tok.i:
            return False
        if tok.dep_ in _OTHER_UNITS and not (tok.dep_ in {"acl", "relcl"} and tok.head.i in above_fig
                                             and tok.head.pos_ in {"NOUN", "PROPN"}):
            return False  # a unit of its own, unless it qualifies the figure's people ("38 fighters allegedly linked to")
        tok = tok.head
    return True
