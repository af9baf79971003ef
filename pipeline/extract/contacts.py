"""Diplomatic contacts: one row per pair of actors per interaction (PLOVER types).

"Michel urged the leaders of Armenia and Azerbaijan to ..." -> EU->ARM and
EU->AZE, request. "Both sides agreed to a Russian-brokered ceasefire" ->
ARM-AZE agree, mediator RUS. The speaker is the actor that opens the clause
(or the claimant carried from an earlier sentence for "he"/"it"); the
counterparts are the actors after the cue. Cues: rules/contacts.yaml.
"""

from __future__ import annotations

import hashlib
import re

from pipeline.extract.attribution import Claimant
from pipeline.extract.context import ArticleContext
from pipeline.extract.rulebook import Rulebook
from pipeline.extract.sentences import Sentence

_CLAUSE = re.compile(r"[;–—]|,\s+(?:while|but|whereas)\b|\.\s")


def contact_id(article_id: str, start: int, actor1: str, actor2: str, ctype: str) -> str:
    return "d-" + hashlib.sha1(f"{article_id}:{start}:{actor1}:{actor2}:{ctype}".encode()).hexdigest()[:12]


class ContactExtractor:
    def __init__(self, book: Rulebook):
        r = book.contacts
        self.book = book
        self.types = [(t, re.compile(r"\b(?:" + "|".join(ws) + r")\b", re.I)) for t, ws in r["types"].items()]
        self.modes = [(m, re.compile(r"\b(?:" + "|".join(ws) + r")", re.I)) for m, ws in r["modes"].items()]
        actor = "|".join(re.escape(f) for f in sorted(book.actors.forms, key=len, reverse=True))
        self.mediators = [re.compile(p.replace("{actor}", actor)) for p in r["mediators"]]
        self.both = re.compile(r"\b(?:" + "|".join(r["both_markers"]) + r")\b", re.I)

    def _objects(self, text: str, start: int, end: int):
        """The counterpart(s): the first actor after the cue and those coordinated with it by "and" or ","."""
        found = self.book.actors.mentions(text, start, end)
        if not found:
            return []
        objects = [found[0]]
        for m in found[1:]:
            gap = text[objects[-1].end:m.start]
            if re.fullmatch(r"(?:['’]s\s+[\w ]{0,40}?)?\s*(?:,|and|,\s*and|&)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?", gap):
                objects.append(m)
            else:
                break
        return objects

    def extract(self, sent: Sentence, ctx: ArticleContext, claimant: Claimant, date) -> list[dict]:
        text = sent.text
        hits = []
        for ctype, pattern in self.types:
            for m in pattern.finditer(text):
                if not any(s <= m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), ctype))
        if not hits:
            return []
        mediator = None
        for p in self.mediators:
            mm = p.search(text)
            if mm:
                mediator = self.book.actors.forms[mm.group("m")][0]
                break
        rows, seen = [], set()
        for start, end, ctype in sorted(hits):
            clause_start = max([0] + [c.end() for c in _CLAUSE.finditer(text, 0, start)])
            nxt = _CLAUSE.search(text, end)
            clause_end = nxt.start() if nxt else len(text)
            before = [m for m in self.book.actors.mentions(text, clause_start, start)]
            if ctype != "agree" and re.search(r"\bto\s+$", text[max(0, start - 4):start]) and any(h[0] < start for h in hits):
                continue  # "urged them to negotiate": the content of the request, not a second contact
            after = self._objects(text, end, clause_end)
            speakers = list(dict.fromkeys(m.code for m in before if m.code != mediator))
            counterparts = list(dict.fromkeys(m.code for m in after if m.code != mediator))
            if not speakers and re.search(r"\b(?:he|she|it|they)\b", text[clause_start:start], re.I) and claimant.side:
                speakers = [claimant.side]
            pairs = []
            if self.both.search(text[clause_start:end]) and len(ctx.sides) >= 2:
                pairs = [(ctx.sides[0], ctx.sides[1])]
            elif ctype in {"consult", "agree"} and len(speakers) >= 2 and not counterparts:
                pairs = [(speakers[0], speakers[1])]
            elif speakers and counterparts:
                pairs = [(speakers[-1], c) for c in counterparts if c != speakers[-1]]
            elif ctype in {"consult", "agree"} and len(counterparts) >= 2 and not speakers:
                pairs = [(counterparts[0], counterparts[1])]
            if ctype == "agree" and mediator and not pairs and len(ctx.sides) >= 2:
                pairs = [(ctx.sides[0], ctx.sides[1])]
            mode = next((md for md, p in self.modes if p.search(text[max(0, start - 40):end + 40])), None)
            for a1, a2 in pairs:
                if a1 == a2 or a1 == "UNK" or a2 == "UNK":
                    continue
                symmetric = ctype in {"consult", "agree"}
                if symmetric and (mediator or a2 in speakers or a1 not in speakers):
                    a1, a2 = sorted((a1, a2))  # no initiator: "X and Y met", talks hosted by a third party
                key = (frozenset((a1, a2)) if symmetric else (a1, a2), ctype)
                if key in seen:
                    continue
                seen.add(key)
                rows.append({
                    **ctx.row_base(),
                    "contact_id": contact_id(ctx.article_id, sent.start + start, a1, a2, ctype),
                    "actor1": a1, "actor2": a2, "contact_type": ctype,
                    "mediator": mediator if mediator not in {a1, a2} else None, "mode": mode,
                    "event_date": date.isoformat() if date else None, "evidence": text,
                    "char_start": sent.start + start, "char_end": sent.start + end, "cue": text[start:end],
                })
        return rows
