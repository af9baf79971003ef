"""Stable row ids: a prefix and the first hex digits of SHA-1 over the parts that identify the row."""

import hashlib


def stable_id(prefix: str, *parts, length: int = 12) -> str:
    """Same parts, same id, on every machine: `stable_id("c", article_id, start, end, outcome)`."""
    return f"{prefix}-" + hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()[:length]
