"""Sentence spans with offsets into the article text.

A small rule splitter (terminal punctuation followed by space and an
upper-case letter, digit or quote; blank lines; known abbreviations kept
whole) is enough for news prose and costs far less than tokenising every
sentence: extraction then only looks closely at sentences with a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "gov", "sen", "rep", "st",
    "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "approx", "adm", "brig", "cmdr", "pres", "jr", "sr",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•]\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
# A wire dateline before the first words of the story: "NAIROBI, Kenya (AP) — ", "DJIBOUTI/ASMARA, June 12
# (Reuters) - ", "BANGKOK: ", "Luanda (AFP) - ", "YAOUNDE, Oct. 22 (Xinhua) -- ", "Imphal, May 28: ". It is not part of the sentence
# (its place is not the subject of the sentence's verb): sentences start after it.
_PLACE = r"[A-Z][\w.'’-]+(?:[ /][A-Z][\w.'’-]+){0,3}"
_DATE = r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))"
_DATELINE = re.compile(
    rf"^(?:[A-Z]{{3,}}(?:[ /][A-Z]{{2,}}){{0,3}}(?:,\s*{_PLACE})?{_DATE}?\s*(?:\([A-Za-z.\s]{{2,24}}\)\s*)?(?:[-—–:]{{1,2}})"
    rf"|{_PLACE}(?:,\s*{_PLACE})?{_DATE}?\s*\((?:AFP|AP|Reuters|Xinhua|IANS|PTI|ANI|Anadolu|AA|UPI|dpa|DPA|Bernama|"
    rf"Kyodo|Yonhap|TASS|EFE|ANSA|KUNA|WAFA|APA|IRNA|SANA)\)\s*[-—–:]{{1,2}}"
    # "Imphal, May 28: " (a city and the day, as South Asian agencies write it)
    rf"|{_PLACE}{_DATE}\s*:)\s+(?=[\"“‘'A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Non-empty sentences covering text, each with its [start, end) offsets."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start:m.start()].rstrip()
        word = _WORD_BEFORE.search(head)
        if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        _add(out, text, start, m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


# A line that stops without punctuation before one that goes on in lower case is one sentence wrapped
# (a hard-wrapped .txt: "said 12\nsoldiers were killed"); the newline is not a boundary.
_LINE = re.compile(r"(?:[^\n]*[^\n.!?:;\"'”’)\]\s][ \t]*\n(?=[ \t]*[a-z]))*[^\n]+")


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    # Headlines and captions often lack a full stop; split on single newlines too, unless the line is wrapped.
    for part in _LINE.finditer(text[start:end]):
        s, e = start + part.start(), start + part.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        dateline = _DATELINE.match(text, s, e)
        if dateline and dateline.end() < e:
            s = dateline.end()
        if e > s:
            out.append(Sentence(s, e, text[s:e]))


def dateline(text: str) -> str | None:
    """The wire dateline that opens the story ("NAIROBI, Kenya (AP) — " -> that text), or None."""
    first = re.match(r"\s*", text).end()
    m = _DATELINE.match(text, first)
    return m.group(0) if m else None
