"""Publication dates: the YYYY-MM-DD that a front matter, export field or page gives.

An ISO date or date-time keeps the calendar date as written; other spellings
("17 November 2021") go to dateparser. A value that is given but is not a
date raises DateUnusable: the reader keeps the article with no date and
warns, because the text is still worth having and the date is easy to fix.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class DateUnusable(ValueError):
    """A publication date was given but cannot be used; the message says why."""


def iso_date(value: str | None) -> str | None:
    """value as YYYY-MM-DD; None when no date is given; DateUnusable when one is given but is not a date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:  # 2021-02-30, 2021-13-01, 0000-01-01
            raise DateUnusable(f"`{text}` is not a real calendar date") from None
    import dateparser  # slow import; only for non-ISO dates

    parsed = dateparser.parse(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        raise DateUnusable(f"`{text}` is not a date")
    return parsed.date().isoformat()
