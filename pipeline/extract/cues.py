"""Cue-word alternations compiled for speed without changing what they match.

`\\b(?:killed|wounded|…)` with IGNORECASE makes Python's regex engine try
every position of a sentence. When every alternative has to start with a
word character, a `(?=\\w)` guard in front lets it skip spaces and
punctuation at once (about twice as fast on news text), and matches exactly
the same. The guard is added only when each alternative visibly starts with
a letter or digit (after an optional `\\b` and any `(`, `(?:` or `(?i:` group openers); any other
shape keeps the plain form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD_START = re.compile(r"^(?:\\b)?(?:\((?:\?[a-zA-Z]*:)?)*[A-Za-z0-9]")


def starts_with_word(alternative: str) -> bool:
    return bool(_WORD_START.match(alternative))


def cue_regex(alternatives: Iterable[str], flags: int = re.I) -> re.Pattern:
    """`\\b(?:a|b|…)`, longest alternative first, guarded when that is exact."""
    alts = sorted(alternatives, key=len, reverse=True)
    guard = r"(?=\w)" if alts and all(starts_with_word(a) for a in alts) else ""
    return re.compile(guard + r"\b(?:" + "|".join(alts) + ")", flags)
