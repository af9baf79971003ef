"""An article's metadata (title, outlet, published, url, language) from a front matter or an export record.

Each field is one short piece of text or missing. A list, a mapping or a
value over MAX_FIELD_CHARS is a FieldInvalid, which rejects its input: str()
of it would make `['a', 'b']` a title (and expand any YAML aliases in it).
A publication date that is not a date leaves the field empty with a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from pipeline.ingest.published import DateUnusable, iso_date

OUTLET_KEYS = ("outlet", "source")
DATE_KEYS = ("published", "date")
MAX_FIELD_CHARS = 4_000  # a title, outlet or URL is one line; longer is a mistake

log = logging.getLogger(__name__)


class FieldInvalid(ValueError):
    """A metadata value that is not one short piece of text; the message names the field."""


def _field(record: dict, keys: Iterable[str]) -> str | None:
    """The first of keys that holds a value, as text; FieldInvalid for a list, a mapping or a very long value."""
    for key in keys:
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):  # str() would turn it into a title (and expand any YAML aliases)
            raise FieldInvalid(f"`{key}` is a list or mapping, not text")
        text = str(value).strip()
        if len(text) > MAX_FIELD_CHARS:
            raise FieldInvalid(f"`{key}` is {len(text):,} characters long, over the {MAX_FIELD_CHARS:,} a field may hold")
        return text or None
    return None


def metadata(where: str, record: dict) -> dict:
    """title, outlet, published, url and language of a front matter or export record with lower-case keys."""
    return {"title": _field(record, ("title",)), "outlet": _field(record, OUTLET_KEYS),
            "published": published_date(where, _field(record, DATE_KEYS)), "url": _field(record, ("url",)),
            "language": _field(record, ("language",))}


def published_date(where: str, value: str | None) -> str | None:
    """The publication date, or None with a warning naming the input when the value is not a usable date."""
    try:
        return iso_date(value)
    except DateUnusable as err:
        log.warning("%s: its published date %s, so it is left empty; give it as YYYY-MM-DD.", where, err)
        return None
