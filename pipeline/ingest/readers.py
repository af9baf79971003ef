"""One reader per input format. Each returns articles and rejections, never raises on bad data.

Readers see decoded text (or raw bytes for HTML, whose charset the page
declares) and the file's path relative to the input folder.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from pipeline.ingest import html_text
from pipeline.ingest.fields import FieldInvalid, metadata, published_date
from pipeline.ingest.front_matter import FrontMatterInvalid, split_front_matter
from pipeline.ingest.records import RawArticle, Rejected

TEXT_KEYS = ("text", "body", "content")
# Python's json recurses once per level: a record nested thousands deep exhausts the stack.
TOO_DEEP = "nests arrays or objects more deeply than Python can read; flatten it"

Result = list[RawArticle | Rejected]


def _clean_str(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_text_file(path: str, text: str) -> Result:
    """`.txt` / `.md`: optional YAML front matter between `---` lines."""
    try:
        meta, body = split_front_matter(text)
        article = RawArticle(source_path=path, text=body, **metadata(path, meta))
    except FrontMatterInvalid as err:
        return [Rejected(path, str(err))]
    except FieldInvalid as err:
        return [Rejected(path, f"Its front matter's {err}; give it as one line of text.")]
    if article.title is None:
        article.title_from_first_line = True
    return [article]


def read_html_file(path: str, data: bytes) -> Result:
    """A saved web page: main text and metadata via trafilatura, else its plain text; parsed, never executed."""
    import trafilatura
    from trafilatura.utils import decode_file

    try:
        doc = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
        )
    except Exception:  # lxml and trafilatura raise many types on broken markup; the fallback reads it
        doc = None
    if doc is None or not (doc.text or "").strip():
        return [_plain_html_article(path, decode_file(data))]
    return [RawArticle(
        source_path=path,
        text=doc.text,
        title=_clean_str(doc.title),
        outlet=_clean_str(doc.sitename),
        published=published_date(path, doc.date),
        url=_clean_str(doc.url),
        language=_clean_str(doc.language),
    )]


def _plain_html_article(path: str, page: str) -> RawArticle | Rejected:
    try:
        title, text = html_text.plain_text(page)
    except Exception as err:  # the standard parser is lenient, but a page is hostile input
        return Rejected(path, f"The HTML page could not be parsed ({type(err).__name__}).")
    if not text.strip():
        return Rejected(path, "No article text was found in the HTML page (it may be only navigation or scripts).")
    return RawArticle(source_path=path, text=text, title=_clean_str(title))


def _first(record: dict, keys: Iterable[str]):
    for key in keys:
        if key in record and record[key] not in (None, ""):
            return record[key]
    return None


_JSON_KINDS = {bool: "true or false", dict: "an object", list: "an array"}


def _from_record(path: str, n: int, record, what: str) -> RawArticle | Rejected:
    where = f"{path}#{n}"
    if not isinstance(record, dict):
        return Rejected(where, f"{what} {n} is not an object with fields such as text, title and outlet.")
    record = {str(k).lower(): v for k, v in record.items()}
    text = _first(record, TEXT_KEYS)
    if text is not None and not isinstance(text, str):  # str() would make `True` or `{'x': 1}` an article
        return Rejected(where, f"{what} {n} gives its text as {_JSON_KINDS.get(type(text), 'a number')}, not a string; "
                               "put the article in `text`, `body` or `content` as a string.")
    if text is None or not text.strip():
        return Rejected(where, f"{what} {n} has no text: give the article in a `text`, `body` or `content` field.")
    try:
        return RawArticle(source_path=where, text=text, **metadata(where, record))
    except FieldInvalid as err:
        return Rejected(where, f"{what} {n}'s {err}; give it as one line of text.")


def read_jsonl_file(path: str, text: str) -> Result:
    """One JSON object per line; a broken line is rejected with its line number, the rest kept."""
    out: Result = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "\x00" in line:
            out.append(Rejected(f"{path}#{n}", f"Line {n} holds NUL bytes, so it is binary data, not JSON; "
                                               "remove the line or export it again."))
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            out.append(Rejected(f"{path}#{n}", f"Line {n} is not valid JSON ({err.msg} at column {err.colno})."))
            continue
        except RecursionError:
            out.append(Rejected(f"{path}#{n}", f"Line {n} {TOO_DEEP}."))
            continue
        out.append(_from_record(path, n, record, "Line"))
    if not out:
        out.append(Rejected(path, "The JSONL file holds no records."))
    return out


def read_json_file(path: str, text: str) -> Result:
    """A JSON array of articles, an object with an `articles` list, or a single article object."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        # Many ".json" exports are really JSON Lines.
        if "\n" in text.strip() and text.lstrip().startswith("{"):
            return read_jsonl_file(path, text)
        if isinstance(err, RecursionError):
            return [Rejected(path, f"The file {TOO_DEEP}.")]
        return [Rejected(path, f"The file is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}).")]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        return [Rejected(path, "The JSON file holds no article records (expected a list of objects).")]
    return [_from_record(path, n, rec, "Record") for n, rec in enumerate(data, start=1)]


def read_csv_file(path: str, text: str) -> Result:
    """A CSV export with a header row; the text column may be called text, body or content."""
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # No field is longer than its file, which discovery bounds by ingest.max_file_mb; the csv
    # module's own limit (128 KB) would call a long article "malformed".
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect, strict=True))
    except csv.Error as err:
        return [Rejected(path, f"The CSV file is malformed ({err}); check its quoting.")]
    if not rows:
        return [Rejected(path, "The CSV file has a header but no rows.")]
    header = [str(h).strip().lower() for h in rows[0].keys() if h is not None]
    if not any(k in header for k in TEXT_KEYS):
        cols = ", ".join(header[:8]) or "none"
        return [Rejected(path, f"The CSV file has no text, body or content column (its columns: {cols}).")]
    return [_from_record(path, n, {str(k).strip(): v for k, v in row.items() if k is not None}, "Row")
            for n, row in enumerate(rows, start=1)]
