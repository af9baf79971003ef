"""A regular expression for a word list, shaped as a prefix trie.

`A|B|C|…` over a thousand actor names makes Python's regex engine try every
alternative at every position; the same words nested by shared prefix
(`Arm(?:enian?|y)|Az…`) let it drop all but a few after the first letters.
The language matched is the same, and at any position the longest word that
fits is tried first, like alternatives sorted longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_regex(words: Iterable[str]) -> str:
    """Regex source matching exactly `words`, longest first at a position."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node_regex(root)


def _node_regex(node: dict) -> str:
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Continuations come before stopping here, so the longest word wins and backtracking
    # (e.g. a failed boundary check after the match) falls back to the shorter one.
    return f"(?:{body})?" if _END in node else body
