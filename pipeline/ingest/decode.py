"""Bytes -> text: BOMs, UTF-16, legacy single-byte encodings, binary detection."""

from __future__ import annotations

import codecs

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in prose (tab, LF, CR, FF are fine).
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


class NotText(ValueError):
    """The bytes are not text in any encoding we accept."""


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, nul_lines: bool = False) -> tuple[str, str]:
    """Decode input bytes; return (text, encoding used).

    Order: a byte-order mark wins; then BOM-less UTF-16; then UTF-8; then
    Windows-1252 (a superset of Latin-1's printable range, and what "Latin-1"
    files from Windows usually are); then Latin-1, which never fails.
    Raises NotText for data that is binary whatever the encoding. With
    nul_lines (line-oriented formats: JSONL) a few NUL bytes are let through,
    so that the reader rejects only the lines that hold them.
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise NotText(f"it starts with a {enc} byte-order mark but is not valid {enc}") from None
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    if not nul_lines and b"\x00" in data[:65536]:
        raise NotText("it contains NUL bytes, so it is a binary file, not text")
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
        if sample and controls / len(sample) > 0.01:
            raise NotText("more than 1% of its characters are control codes, so it is a binary file, not text")
        return text, enc
    raise NotText("it could not be decoded")  # pragma: no cover - latin-1 always decodes
