"""YAML front matter of a `.txt`/`.md` article: the `key: value` block between `---` lines.

Read with a safe loader (tags such as `!!python/object` are refused, never
run). Every way the block can be unusable is a FrontMatterInvalid whose
message is the one-sentence reason the file is rejected with.
"""

from __future__ import annotations

import re

import yaml

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


class FrontMatterInvalid(ValueError):
    """The front matter cannot be read; the message says why and what to fix."""


def split_front_matter(text: str) -> tuple[dict, str]:
    """(metadata with lower-case keys, body); ({}, text) when the text has no front matter."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        loaded = yaml.safe_load(m.group(1))
    except yaml.constructor.ConstructorError as err:
        tag = getattr(err, "problem", "") or "an unsupported tag"
        raise FrontMatterInvalid(f"Its front matter uses a YAML tag that is not allowed ({tag}); "
                                 "use plain keys such as title, outlet and published.") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise FrontMatterInvalid(f"Its front matter is not valid YAML{where}; "
                                 "fix the block between the `---` lines.") from None
    except RecursionError:  # PyYAML recurses once per level of nesting
        raise FrontMatterInvalid("Its front matter nests lists or mappings more deeply than can be read; "
                                 "use plain `key: value` lines.") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise FrontMatterInvalid("Its front matter is not a set of `key: value` lines; "
                                 "use keys such as title, outlet and published.")
    return {str(k).lower(): v for k, v in loaded.items()}, text[m.end():]
