"""YAML front matter of a `.txt`/`.md` article: the `key: value` block between `---` lines.

Read with a safe loader (tags such as `!!python/object` are refused, never
run) that also refuses aliases expanding past what metadata needs: nine
aliases to nine aliases ... ("billion laughs") are cheap to parse but expand
to billions of values when a title is built from them. Every way the block
can be unusable is a FrontMatterInvalid whose message is the one-sentence
reason the file is rejected with.
"""

from __future__ import annotations

import re

import yaml

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
MAX_VALUES = 10_000  # values the block may expand to with its aliases; article metadata has tens


class FrontMatterInvalid(ValueError):
    """The front matter cannot be read; the message says why and what to fix."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates, numbers and yes/no as the text written and refuses alias bombs."""

    def construct_document(self, node):
        if _expanded_size(node) > MAX_VALUES:
            raise FrontMatterInvalid(f"Its front matter uses YAML aliases that expand to more than {MAX_VALUES:,} "
                                     "values; write the values out instead.")
        return super().construct_document(node)


# `published: 2021-02-30` would raise ValueError inside the loader, `25:61:00` become the number 93660 and
# `language: no` become False; as text, each is judged (or kept) by the reader.
for _tag in ("timestamp", "int", "float", "bool"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", yaml.SafeLoader.construct_scalar)


def _expanded_size(root: yaml.Node) -> int:
    """Nodes of the document with every alias expanded, counted up to MAX_VALUES + 1 (aliases share nodes)."""
    count, stack = 0, [root]
    while stack and count <= MAX_VALUES:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in node.value for child in pair)
    return count


def split_front_matter(text: str) -> tuple[dict, str]:
    """(metadata with lower-case keys, body); ({}, text) when the text has no front matter."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        loaded = yaml.load(m.group(1), Loader=_Loader)  # a SafeLoader: tags build no Python objects
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
