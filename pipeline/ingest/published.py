"""Publication dates: the YYYY-MM-DD that a front matter, export field or page gives.

The same value gives the same date on any machine, in any time zone, on any
day: an ISO date or date-time keeps the calendar date as written, a Unix
timestamp (10 digits, 13 in milliseconds) is read in UTC, and other spellings
("17 November 2021") go to dateparser with only its absolute-date parsers
and day, month and year all required. Relative dates ("yesterday", "2 days
ago") and dates without a year would be resolved against the clock and time
zone of the run, so they are not guessed. A value that is given but is not
a date raises DateUnusable: the reader keeps the article with no date and
warns, because the text is still worth having and the date is easy to fix.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EPOCH = re.compile(r"(\d{10}|\d{13})(?:\.\d+)?")  # seconds (or milliseconds) since 1970: 2001 to 2286
_DATEPARSER = {"PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
               "RETURN_AS_TIMEZONE_AWARE": False}


class DateUnusable(ValueError):
    """A publication date was given but cannot be used; the message says why."""


def iso_date(value: str | None) -> str | None:
    """value as YYYY-MM-DD; None when no date is given; DateUnusable when one is given but is not a date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    epoch = _EPOCH.fullmatch(text)
    if epoch:
        seconds = float(text) / (1000 if len(epoch.group(1)) == 13 else 1)
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:  # 2021-02-30, 2021-13-01, 0000-01-01
            raise DateUnusable(f"`{text}` is not a real calendar date") from None
    import dateparser  # slow import; only for non-ISO dates

    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER)
    if parsed is None:
        raise DateUnusable(f"`{text}` is not a calendar date with a day, month and year")
    return parsed.date().isoformat()
