"""Text repair: mojibake, entities, white space, comment forms and page furniture.

ftfy repairs a string as a whole; when a paragraph mixes good UTF-8 (curly
quotes) with one mis-decoded run such as `,¬†Azerbaijani`, it leaves the run
alone. So after the whole-text pass every non-ASCII word is given a second,
local pass. Curly quotes are kept (the contract asks for the text as written).
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

import ftfy
import yaml

# A "word" for the local pass: a run of non-space characters with at least
# one non-ASCII character. The mojibake of a no-break space is `¬†`, which is
# not white space, so it stays inside the word it glues together. A match may
# start only where a word starts, and its leading part takes ASCII only, so
# each character is looked at a bounded number of times: `\S*[^\x00-\x7f]\S*`
# retried the whole rest of a long ASCII token (a base64 `data:` image) from
# every position inside it, quadratic in the token's length.
_NON_ASCII_WORD = re.compile(r"(?<!\S)[^\s\x80-\U0010ffff]*[^\x00-\x7f]\S*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # and the soft hyphen: 9\u00ad9 is 99
_BLANKS = re.compile(r"\n{3,}")
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=True, fix_line_breaks=True)


@cache
def _boilerplate() -> tuple[re.Pattern, re.Pattern]:
    rules = yaml.safe_load(resources.files("pipeline.rules").joinpath("boilerplate.yaml").read_text("utf-8"))
    cut = re.compile("|".join(f"(?:{p})" for p in rules["cut_from"]), re.I)
    drop = re.compile("|".join(f"(?:{p})" for p in rules["drop_line"]), re.I)
    return cut, drop


def fix_mojibake(text: str) -> str:
    """ftfy on the whole text, then on each non-ASCII word that the whole-text pass left."""
    text = ftfy.fix_text(text, config=FTFY_CONFIG)

    def local(m: re.Match) -> str:
        word = m.group(0)
        fixed = ftfy.fix_encoding(word)
        return fixed if fixed != word else word

    return _NON_ASCII_WORD.sub(local, text)


def drop_boilerplate(text: str) -> str:
    """Remove comment forms, share blocks and similar furniture, line by line."""
    cut, drop = _boilerplate()
    lines = text.split("\n")
    half = len(lines) // 2
    kept = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if i >= half and i > 0 and cut.fullmatch(stripped):
            break
        if stripped and drop.fullmatch(stripped):
            continue
        kept.append(line)
    return "\n".join(kept)


def repair_text(text: str) -> str:
    """The cleaned article text that every offset refers to."""
    text = fix_mojibake(text)
    if "&" in text:  # entities left in plain text (`&amp;`, `&#8217;`)
        text = html.unescape(text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = drop_boilerplate(text)
    return _BLANKS.sub("\n\n", text).strip()


def split_title(text: str) -> tuple[str | None, str]:
    """First non-empty line as the title, the rest as the body (texts without front matter)."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if not rest.strip():  # a one-paragraph text: no separate headline
        return None, text
    return first.strip() or None, rest.strip("\n")
