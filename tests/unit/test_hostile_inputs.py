"""Hostile and broken inputs: each ends as an article or a rejection with a reason; nothing raises."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import io, stages
from pipeline.config import load_params
from pipeline.ingest import ingest_folder
from pipeline.ingest.core import IngestSettings

GOOD = "Armenia said 12 soldiers had been captured on Tuesday."


@pytest.fixture
def hostile(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "utf16.txt").write_bytes(("Title\n\nUTF-16 copy: " + GOOD).encode("utf-16"))
    (d / "bad-bom.txt").write_bytes(b"\xef\xbb\xbfTitle\n\n\xff\xfe broken \xc3\x28 bytes")
    (d / "latin1.txt").write_bytes(("Title\n\nCaf\xe9 talks: " + GOOD).encode("latin-1"))
    (d / "cp1252.txt").write_bytes(("Title\n\n\u201cQuoted\u201d " + GOOD).encode("cp1252"))
    (d / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\n" + GOOD)
    (d / "evil-yaml.md").write_text("---\ntitle: !!python/object/apply:os.system ['touch PWNED']\n---\n" + GOOD)
    (d / "mixed.jsonl").write_text(json.dumps({"text": GOOD, "title": "ok"}) + "\n{broken json\n")
    (d / "notext.csv").write_text("title,author\nA,B\n")
    (d / "script.html").write_text("<html><head><title>T</title><script>alert(1)</script></head><body>"
                                   "<iframe src='http://evil'></iframe><article><p onclick='steal()'>" + GOOD +
                                   " This paragraph has enough words to be kept as the main text of the page.</p>"
                                   "</article></body></html>")
    (d / "dir.txt").mkdir()
    (d / "dir.txt" / "inner.txt").write_text("Inner\n\n" + GOOD + " Inner copy.")
    outside = tmp_path / "outside.txt"
    outside.write_text("Secret\n\nnot for the corpus")
    os.symlink(outside, d / "link-out.txt")
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")
    return d


def test_every_file_accounted_for(hostile):
    result = ingest_folder(hostile)
    seen = set(result.articles["source_path"]) | set(result.rejected["source_path"])
    files = {p.relative_to(hostile).as_posix() for p in hostile.rglob("*") if p.is_file() or p.is_symlink()}
    base = {s.split("#")[0] for s in seen}
    assert files <= base, files - base
    assert result.rejected["reason"].str.len().gt(10).all()


def test_each_hostile_input_ends_where_it_should(hostile):
    result = ingest_folder(hostile)
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    arts = set(result.articles["source_path"])
    assert "empty" in reasons["empty.txt"].lower()
    assert "binary" in reasons["binary.txt"].lower()
    assert "byte-order mark" in reasons["bad-bom.txt"]
    assert {"utf16.txt", "latin1.txt", "cp1252.txt", "dir.txt/inner.txt", "mixed.jsonl#1", "script.html"} <= arts
    assert "YAML" in reasons["bad-yaml.md"]
    assert "tag" in reasons["evil-yaml.md"]
    assert "line 2" in reasons["mixed.jsonl#2"].lower()
    assert "no text" in reasons["notext.csv"]
    assert "outside" in reasons["link-out.txt"]
    assert "not supported" in reasons["notes.pdf"]
    assert not (hostile / "PWNED").exists() and not Path("PWNED").exists()


def test_decoded_not_rejected(hostile):
    arts = ingest_folder(hostile).articles.set_index("source_path")
    assert "Café talks" in arts.loc["latin1.txt", "text"]
    assert "“Quoted”" in arts.loc["cp1252.txt", "text"]
    assert GOOD in arts.loc["utf16.txt", "text"]


def test_html_scripts_never_reach_the_text(hostile):
    text = ingest_folder(hostile).articles.set_index("source_path").loc["script.html", "text"]
    assert "alert" not in text and "steal" not in text and "evil" not in text


def test_oversized_file_rejected_before_reading(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"word " * 300_000)  # 1.5 MB
    result = ingest_folder(tmp_path, IngestSettings(max_file_mb=1))
    assert "limit" in result.rejected["reason"].iloc[0]


def test_file_vanishing_mid_run(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("T\n\n" + GOOD)
    from pipeline.ingest import core

    real = core.discover

    def discover_then_delete(root, max_bytes, skip=None):
        for item in real(root, max_bytes, skip):
            (tmp_path / "a.txt").unlink(missing_ok=True)
            yield item

    monkeypatch.setattr(core, "discover", discover_then_delete)
    result = core.ingest_folder(tmp_path)
    assert result.articles.empty and "could not be read" in result.rejected["reason"].iloc[0]


def _nest(root: Path, depth: int) -> Path:
    """depth nested folders, made one at a time (os.makedirs recurses, so it cannot build them)."""
    path = str(root)
    for _ in range(depth):
        path += "/d"
        os.mkdir(path)
    return Path(path)


def _unnest(deepest: Path, root: Path) -> None:
    """Remove what _nest built, from the bottom up (shutil.rmtree recurses too)."""
    for child in deepest.iterdir():
        child.unlink()
    path = deepest
    while path != root:
        path.rmdir()
        path = path.parent


def test_deeply_nested_folders_are_walked(tmp_path):
    deepest = _nest(tmp_path, 1200)
    try:
        (deepest / "a.txt").write_text("T\n\n" + GOOD)
        stages.check_source(tmp_path)
        result = ingest_folder(tmp_path)
        assert list(result.articles["source_path"]) == ["d/" * 1200 + "a.txt"]
    finally:
        _unnest(deepest, tmp_path)


def test_unreadable_folder_gets_a_reason(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("T\n\n" + GOOD)
    (tmp_path / "b.txt").write_text("T\n\n" + GOOD)
    real_scandir = os.scandir

    def scandir(path):  # as chmod 000 would, for a non-root user
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = ingest_folder(tmp_path)
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    assert list(result.articles["source_path"]) == ["b.txt"]
    assert "could not be read (Permission denied)" in reasons["locked"]


def test_file_name_that_is_not_utf8(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "w") as f:
        f.write("T\n\n" + GOOD)
    with open(os.path.join(folder, b"caf\xe9.p\xe9f"), "w") as f:
        f.write("not an article")
    result = ingest_folder(tmp_path)
    assert list(result.articles["source_path"]) == ["caf%E9.txt"]
    assert result.rejected.values.tolist() == [["caf%E9.p%E9f", "Its type (.p%E9f) is not supported; use one of "
                                                ".csv, .htm, .html, .json, .jsonl, .md, .txt."]]
    stages.write_ingest(result, tmp_path / "out")  # the tables hold only valid text


def test_file_named_like_a_record_is_not_mixed_with_it(tmp_path):
    (tmp_path / "x.jsonl").write_text("{broken\n" + json.dumps({"text": GOOD}) + "\n")
    (tmp_path / "x.jsonl#1").write_text("T\n\n" + GOOD)
    (tmp_path / "100%.txt").write_text("T\n\n" + GOOD + " Another.")
    result = ingest_folder(tmp_path)
    assert sorted(result.rejected["source_path"]) == ["x.jsonl#1", "x.jsonl%231"]
    assert sorted(result.articles["source_path"]) == ["100%25.txt", "x.jsonl#2"]
    stages.write_ingest(result, tmp_path / "out")  # rejected_inputs' key is unique


def test_output_folder_that_is_not_utf8(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("T\n\n" + GOOD)
    out = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"tables-caf\xe9")))
    params = load_params(None)
    stages.write_ingest(stages.ingest(tmp_path / "in", params), out)
    counts = stages.extract_folder(out, out, params)
    assert counts.articles == 1 and io.count_rows(out, "casualty_claims") >= 1
    assert io.read_table(out, "articles")["text"].iloc[0] == GOOD


def test_json_nested_too_deep_loses_only_its_record(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "x.jsonl").write_text(json.dumps({"text": GOOD}) + "\n" + deep + "\n" + json.dumps({"text": GOOD + " 2"}) + "\n")
    (tmp_path / "y.json").write_text(deep)
    result = ingest_folder(tmp_path)
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    assert sorted(result.articles["source_path"]) == ["x.jsonl#1", "x.jsonl#3"]
    assert reasons == {"x.jsonl#2": "Line 2 nests arrays or objects more deeply than Python can read; flatten it.",
                       "y.json": "The file nests arrays or objects more deeply than Python can read; flatten it."}


def test_json_text_that_is_not_a_string(tmp_path):
    values = [True, {"x": 1}, [GOOD], 12, GOOD]
    (tmp_path / "x.jsonl").write_text("".join(json.dumps({"text": v}) + "\n" for v in values))
    result = ingest_folder(tmp_path)
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    assert list(result.articles["source_path"]) == ["x.jsonl#5"]
    assert reasons["x.jsonl#1"] == ("Line 1 gives its text as true or false, not a string; "
                                    "put the article in `text`, `body` or `content` as a string.")
    for n, kind in ((2, "an object"), (3, "an array"), (4, "a number")):
        assert f"gives its text as {kind}, not a string" in reasons[f"x.jsonl#{n}"]


def test_jsonl_line_with_a_nul_byte_loses_only_that_line(tmp_path):
    lines = [json.dumps({"text": f"{GOOD} Report {i}."}) for i in range(200)]
    lines[100] = lines[100][:20] + "\x00" + lines[100][20:]
    (tmp_path / "x.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "binary.jsonl").write_bytes(bytes(range(256)) * 40)
    result = ingest_folder(tmp_path)
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    assert len(result.articles) == 199 and "x.jsonl#101" not in set(result.articles["source_path"])
    assert reasons["x.jsonl#101"] == ("Line 101 holds NUL bytes, so it is binary data, not JSON; "
                                      "remove the line or export it again.")
    assert "binary" in reasons["binary.jsonl"]  # a binary file is still rejected whole


def test_csv_with_a_long_text_field(tmp_path):
    long_text = (GOOD + " ") * 7000  # 370 KB, over the csv module's default field limit of 128 KB
    (tmp_path / "x.csv").write_text(f'title,text\nLong,"{long_text}"\n')
    result = ingest_folder(tmp_path)
    assert result.rejected.empty and result.articles["n_chars"].iloc[0] > 300_000


def test_html_nested_too_deep_for_lxml_keeps_its_text(tmp_path):
    body = ("<p onclick='steal()'>" + GOOD + " This paragraph has enough words to be kept as the main text.</p>"
            "<script>alert(1)</script><nav>Home | Most read</nav>")
    (tmp_path / "deep.html").write_text("<html><head><title>Deep page</title></head><body>"
                                        + "<div>" * 2000 + body + "</div>" * 2000 + "</body></html>")
    (tmp_path / "menu.html").write_text("<html><body>" + "<div>" * 2000 + "<nav>Home | About</nav>"
                                        + "</div>" * 2000 + "</body></html>")
    result = ingest_folder(tmp_path)
    art = result.articles.set_index("source_path").loc["deep.html"]
    assert art["title"] == "Deep page" and GOOD in art["text"]
    assert not any(word in art["text"] for word in ("steal", "alert", "Most read"))
    assert "No article text" in result.rejected.set_index("source_path").loc["menu.html", "reason"]


def test_long_tokens_repair_in_linear_time():
    # The local mojibake pass once retried a long ASCII token from every position in it (130 s for 200,000
    # characters). Run in a child process so that a regression fails after the timeout, not minutes later.
    code = ("import time; from pipeline.ingest.repair import repair_text\n"
            "text = 'Caf\\u00e9 ' + 'A' * 200_000 + ' ' + 'B' * 100_000 + '\\u00e9' + 'B' * 100_000\n"
            "t0 = time.perf_counter(); fixed = repair_text(text); print(time.perf_counter() - t0)\n"
            "assert fixed == text")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert float(done.stdout) < 5


WIRE = ("LONDON (Wire) - The defence ministry said {i} soldiers were killed and {j} wounded in fighting near the "
        "border overnight, according to a statement released on Tuesday. Officials said the clashes began after "
        "artillery fire was heard in the northern district, and that talks would resume next week.{tail}")


def _shingle_calls(texts: list[str], monkeypatch) -> tuple[int, dict]:
    """How many shingle sets near-duplicate detection builds (one per text, one per candidate it checks)."""
    from pipeline.ingest import dedup

    calls, real = [0], dedup.shingles

    def counted(text, size):
        calls[0] += 1
        return real(text, size)
    monkeypatch.setattr(dedup, "shingles", counted)
    frame = pd.DataFrame({"article_id": [dedup.article_id(t) for t in texts], "published": [None] * len(texts),
                          "source_path": [f"wire.jsonl#{i:05d}" for i in range(len(texts))], "text": texts})
    found = dedup.find_near_duplicates(frame, 0.8)
    return calls[0], found


def test_templated_wire_copies_cost_a_bounded_number_of_checks(monkeypatch):
    # Every record is a copy of the first (one number differs): each once met every earlier copy as an LSH
    # candidate, 2 million checks for 2,000 records. Counted, not timed, so the test is deterministic.
    tail = " Civilians had left the area and aid convoys were waiting at the crossing for permission to enter."
    texts = [WIRE.format(i=i, j="several", tail=tail) for i in range(2000)]
    calls, found = _shingle_calls(texts, monkeypatch)
    # MinHash LSH misses a copy now and then (here 2, the same two as when every copy was a candidate)
    assert len(found) > 1990 and len(set(found.values())) == 1  # one story, one first
    bands = 9  # datasketch's choice for LSH threshold 0.65 with 64 permutations: a copy meets at most one per band
    assert calls <= len(texts) * (1 + bands)


def test_alike_texts_that_are_not_copies_cost_a_bounded_number_of_checks(monkeypatch):
    # Two numbers differ, so no two records are copies (Jaccard about 0.6), yet all share LSH buckets.
    from pipeline.ingest import dedup

    texts = [WIRE.format(i=i, j=i % 37, tail="") for i in range(600)]
    calls, found = _shingle_calls(texts, monkeypatch)
    assert found == {}
    bands = 9
    assert calls <= len(texts) * (1 + bands * dedup.BUCKET_CAP) < len(texts) ** 2 / 2


def test_local_mojibake_pass_takes_whole_words():
    from pipeline.ingest.repair import _NON_ASCII_WORD, fix_mojibake

    text = "said ,¬†Azerbaijani forces “quoted” it’s x—y " + "A" * 50 + " \u00e9"
    assert _NON_ASCII_WORD.findall(text) == [",¬†Azerbaijani", "“quoted”", "it’s", "x—y", "\u00e9"]
    assert fix_mojibake("the foreign ministry,¬†Azerbaijani forces") == "the foreign ministry,\u00a0Azerbaijani forces"


def test_front_matter_nested_too_deep(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n" + GOOD)
    (tmp_path / "b.md").write_text("---\ntitle: Fine\n---\n" + GOOD + " Again.")
    result = ingest_folder(tmp_path)
    assert list(result.articles["source_path"]) == ["b.md"]
    assert result.rejected.values.tolist() == [["a.md", "Its front matter nests lists or mappings more deeply than "
                                                "can be read; use plain `key: value` lines."]]


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """YAML lines whose last alias, *l8, expands to width ** levels values ("billion laughs")."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_front_matter_alias_bombs_are_rejected(tmp_path):
    for field in ("title", "outlet", "published"):
        (tmp_path / f"{field}.md").write_text(f"---\n{_alias_bomb()}{field}: *l8\n---\n{GOOD}")
    merges = "m0: &m0 {a: 1, b: 2, c: 3}\n" + "".join(
        f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 9)}]}}\n" for i in range(1, 10))
    (tmp_path / "merge.md").write_text(f"---\n{merges}title: x\n---\n{GOOD}")
    (tmp_path / "fine.md").write_text(f"---\noutlet: &o Wire\nsource: *o\n---\n{GOOD}")
    result = ingest_folder(tmp_path)
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    assert list(result.articles["outlet"]) == ["Wire"]
    assert set(reasons) == {"title.md", "outlet.md", "published.md", "merge.md"}
    assert set(reasons.values()) == {"Its front matter uses YAML aliases that expand to more than 10,000 values; "
                                     "write the values out instead."}


def test_metadata_that_is_not_one_line_of_text(tmp_path):
    (tmp_path / "list.md").write_text(f"---\ntitle: [a, b]\n---\n{GOOD}")
    (tmp_path / "long.md").write_text(f"---\noutlet: {'W' * 5000}\n---\n{GOOD}")
    (tmp_path / "x.jsonl").write_text(json.dumps({"text": GOOD, "title": {"en": "T"}}) + "\n")
    reasons = dict(ingest_folder(tmp_path).rejected.values.tolist())
    assert reasons == {
        "list.md": "Its front matter's `title` is a list or mapping, not text; give it as one line of text.",
        "long.md": "Its front matter's `outlet` is 5,000 characters long, over the 4,000 a field may hold; "
                   "give it as one line of text.",
        "x.jsonl#1": "Line 1's `title` is a list or mapping, not text; give it as one line of text."}


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-01", "25:61:00", "0000-01-01"])
def test_front_matter_date_that_is_not_a_date(tmp_path, caplog, value):
    (tmp_path / "a.md").write_text(f"---\ntitle: T\noutlet: Wire\npublished: {value}\n---\n{GOOD}")
    result = ingest_folder(tmp_path)
    art = result.articles.iloc[0]
    assert result.rejected.empty and pd.isna(art["published"]) and (art["title"], art["outlet"]) == ("T", "Wire")
    [warning] = caplog.messages
    assert warning.startswith(f"a.md: its published date `{value}` is not ")
    assert warning.endswith(", so it is left empty; give it as YYYY-MM-DD.")


def test_front_matter_values_stay_as_written(tmp_path):
    (tmp_path / "a.md").write_text(f"---\ntitle: 2021-11-16\noutlet: 0x1F\nlanguage: no\n---\n{GOOD}")
    art = ingest_folder(tmp_path).articles.iloc[0]
    assert (art["title"], art["outlet"], art["language"]) == ("2021-11-16", "0x1F", "no")


def test_same_articles_in_any_time_zone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, value in (("a", "yesterday"), ("b", "2 days ago"), ("c", "November 17")):
        (src / f"{name}.md").write_text(f"---\npublished: {value}\n---\n{GOOD} File {name}.")
    # 11:00 UTC on 16 November 2021 is already the 17th in Kiritimati (UTC+14).
    dates = [1637060400, 1637060400000, "1637060400", "Tue, 16 Nov 2021 23:30:00 -0500"]
    (src / "x.jsonl").write_text("".join(json.dumps({"text": f"{GOOD} Record {i}.", "published": d}) + "\n"
                                         for i, d in enumerate(dates)))
    claims = Path(sys.executable).parent / "claims"
    params = Path(__file__).resolve().parents[2] / "params.yaml"
    tables, logs = {}, {}
    for tz in ("UTC", "Pacific/Kiritimati"):
        out = tmp_path / tz.replace("/", "-")
        done = subprocess.run([str(claims), "ingest", str(src), "--out", str(out), "--params", str(params)],
                              env={**os.environ, "TZ": tz, "CI": "1"}, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        tables[tz], logs[tz] = [(out / f"articles.{ext}").read_bytes() for ext in ("csv", "parquet")], done.stderr
    assert tables["UTC"] == tables["Pacific/Kiritimati"]
    assert logs["UTC"].count("so it is left empty") == 3, logs["UTC"]
    published = io.read_table(tmp_path / "UTC", "articles").set_index("source_path")["published"]
    assert published[["a.md", "b.md", "c.md"]].isna().all()
    assert set(published[[f"x.jsonl#{n}" for n in range(1, 5)]]) == {dt.date(2021, 11, 16)}


def _corrections_tables() -> dict:
    from pipeline import schemas
    from tests.unit.test_link import _full_claims

    return {"casualty_claims": schemas.conform(_full_claims(), "casualty_claims"),
            "budget_mentions": schemas.empty_frame("budget_mentions"),
            "diplomatic_contacts": schemas.empty_frame("diplomatic_contacts")}


HEADER = "id,action,column,value,analyst,note\n"


@pytest.mark.parametrize("line,expect", [
    ("c-000000000002,set,count_low,abc,me,", "count_low = 'abc' is not a whole number"),
    ("c-000000000002,set,count_low,1e400,me,", "count_low = '1e400' is not a whole number"),
    ("c-000000000002,set,hedged,maybe,me,", "hedged = 'maybe' is not true or false"),
    ("c-000000000002,set,incident_date,2021-02-30,me,", "incident_date = '2021-02-30' is not a YYYY-MM-DD date"),
    ("c-000000000002,set,count_high,0,me,", "leaves count_low above count_high"),
    ("c-000000000002,set,count_low,5,me,a note, with a comma", "is not a valid CSV"),
])
def test_a_correction_that_cannot_be_applied_is_one_sentence(tmp_path, line, expect):
    from pipeline.link.corrections import CorrectionsInvalid, apply_corrections, read_corrections

    path = tmp_path / "corrections.csv"
    path.write_text(HEADER + line + "\n", encoding="utf-8")
    with pytest.raises(CorrectionsInvalid, match=expect.replace("(", r"\(")):
        apply_corrections(_corrections_tables(), read_corrections(path))


def test_corrections_as_excel_saves_them_or_empty(tmp_path):
    from pipeline.link.corrections import CorrectionsInvalid, apply_corrections, read_corrections

    path = tmp_path / "corrections.csv"
    path.write_bytes((HEADER + "c-000000000002,set,count_low,1,Zoë,vérifié\r\n").encode("cp1252"))
    corrected, log = apply_corrections(_corrections_tables(), read_corrections(path))
    assert log["set_values"] == 1 and read_corrections(path)["analyst"].iloc[0] == "Zoë"
    path.write_bytes(b"")
    assert read_corrections(path).empty
    with pytest.raises(CorrectionsInvalid, match="does not exist: check the path given to --corrections"):
        read_corrections(tmp_path / "missing.csv", required=True)


def test_provenance_columns_are_not_editable_and_misses_are_said(tmp_path, caplog):
    from pipeline.link.corrections import apply_corrections

    corrections = pd.DataFrame([
        {"id": "c-000000000002", "action": "set", "column": col, "value": value, "analyst": "me", "note": ""}
        for col, value in [("char_start", "9999"), ("article_id", "0000000000000000")]]
        + [{"id": "c-ffffffffffff", "action": "reject", "column": "", "value": "", "analyst": "me", "note": ""}])
    tables = _corrections_tables()
    corrected, log = apply_corrections(tables, corrections)
    pd.testing.assert_frame_equal(corrected["casualty_claims"], tables["casualty_claims"])
    assert [u["reason"] for u in log["unmatched"]][:2] == [
        "'char_start' is not an editable column of casualty_claims",
        "'article_id' is not an editable column of casualty_claims"]
    path = tmp_path / "corrections.csv"
    corrections.to_csv(path, index=False)
    stages.correct(tables, {"correct": {"corrections": str(path)}})
    assert [r.getMessage() for r in caplog.records if "c-ffffffffffff" in r.getMessage()] == [
        f"{path}: correction c-ffffffffffff not applied: no such id in casualty_claims (the text may have changed)."]


def _broken_cache(path: Path, kind: str) -> None:
    import sqlite3

    if kind == "random bytes":
        path.write_bytes(os.urandom(4096))
    elif kind == "wrong schema":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE results (x INTEGER)")
    else:  # a cache cut short, as a full disk or a kill mid-write leaves it
        from pipeline.extract.cache import ExtractionCache

        cache = ExtractionCache(path, "old")
        cache.put((f"k{i}", {"casualty_claims": [{"text": "x" * 500}]}) for i in range(200))
        cache.close()
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize("kind", ["random bytes", "truncated", "wrong schema"])
def test_a_corrupt_cache_is_rebuilt_with_a_warning(tmp_path, caplog, kind):
    from pipeline.extract.cache import ExtractionCache

    path = tmp_path / "extract.sqlite"
    _broken_cache(path, kind)
    cache = ExtractionCache(path, "key")
    cache.put([("a", {"casualty_claims": []})])
    assert cache.get(["a", "b"]) == {"a": {"casualty_claims": []}}
    cache.close()
    assert any("is not a readable extraction cache" in r.getMessage() and "rebuilt" in r.getMessage()
               for r in caplog.records)


def test_report_into_an_unwritable_folder_is_one_sentence(tmp_path):
    from typer.testing import CliRunner

    from pipeline import cli

    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the report folder should be")
    result = CliRunner().invoke(cli.app, ["report", "--data", str(tmp_path / "none"), "--out", str(blocker / "r")])
    assert result.exit_code == 2 and "Cannot write to output folder" in result.output
    assert "Traceback" not in result.output


def test_evaluate_outside_the_project_names_what_is_missing(tmp_path):
    from pipeline.evaluate.score import evaluate_gold

    elsewhere = {"name": "sample", "corpus": str(tmp_path / "data/raw/sample"), "gold": str(tmp_path / "data/gold")}
    with pytest.raises(FileNotFoundError, match="The gold set 'sample' needs .*sample, which does not exist: run "
                                                "claims evaluate in the project folder"):
        evaluate_gold({"evaluate": {"sets": [elsewhere]}, "extract": {}})


def test_figures_split_by_invisible_or_line_breaking_characters(tmp_path):
    said = "Ruritania said {} soldiers were killed on {} May 2021."
    for day, (name, figure) in enumerate({"nbsp": "2\u00a0500", "soft-hyphen": "2\u00ad5\u00ad0\u00ad0",
                                          "wrapped": "2500\n", "line-separator": "2500\u2028"}.items(), start=3):
        (tmp_path / f"{name}.txt").write_text(f"Report {name}\n\n" + said.format(figure, day).replace("\n ", "\n"),
                                              encoding="utf-8")
    ingested = ingest_folder(tmp_path)
    found = stages.extract(ingested.articles, load_params(None))["casualty_claims"].merge(
        ingested.articles[["article_id", "source_path"]])
    assert sorted(found["source_path"]) == ["line-separator.txt", "nbsp.txt", "soft-hyphen.txt", "wrapped.txt"]
    assert set(found["count_low"]) == {2500} and set(found["outcome"]) == {"killed"}
