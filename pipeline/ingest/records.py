"""The two things an input can become: a raw article record or a rejection."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawArticle:
    """An article as read, before repair and de-duplication."""

    source_path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    title_from_first_line: bool = False


@dataclass(frozen=True)
class Rejected:
    """An input that could not become an article, with a one-sentence reason."""

    source_path: str
    reason: str
