"""Ingest: every format, text repair, duplicates, and every file accounted for."""

import json
from pathlib import Path

import pandas as pd

from pipeline.ingest import ingest_folder
from pipeline.ingest.repair import repair_text


def write(folder: Path, name: str, content, mode="w"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BODY = "Armenia said 12 soldiers had been captured on Tuesday. Azerbaijan said two of its soldiers were injured."


def test_front_matter_text(tmp_path):
    write(tmp_path, "a.md", f"---\ntitle: Clash\noutlet: Test Post\npublished: 2021-11-16\nurl: http://x\n---\n{BODY}\n")
    art = ingest_folder(tmp_path).articles.iloc[0]
    assert (art["title"], art["outlet"], art["published"], art["url"]) == ("Clash", "Test Post", "2021-11-16", "http://x")
    assert art["text"] == BODY


def test_plain_text_takes_first_line_as_title(tmp_path):
    write(tmp_path, "a.txt", f"Headline here\n\n{BODY}\n")
    art = ingest_folder(tmp_path).articles.iloc[0]
    assert art["title"] == "Headline here" and art["outlet"] == "unknown" and art["text"] == BODY


def test_jsonl_json_csv_with_aliases(tmp_path):
    write(tmp_path, "x.jsonl", json.dumps({"body": BODY, "source": "Wire", "date": "2021-11-16"}) + "\n")
    write(tmp_path, "y.json", json.dumps([{"content": BODY + " More.", "outlet": "Daily", "published": "17 November 2021"}]))
    write(tmp_path, "z.csv", 'title,text,outlet\nT,"' + BODY + ' Again.",Paper\n')
    arts = ingest_folder(tmp_path).articles.set_index("source_path")
    assert arts.loc["x.jsonl#1", "outlet"] == "Wire" and arts.loc["x.jsonl#1", "published"] == "2021-11-16"
    assert arts.loc["y.json#1", "published"] == "2021-11-17"
    assert arts.loc["z.csv#1", "title"] == "T"


def test_html_main_text_and_metadata(tmp_path, sample_dir):
    write(tmp_path, "p.html", (sample_dir / "2021-11-17-mountain-herald.html").read_bytes())
    art = ingest_folder(tmp_path).articles.iloc[0]
    assert art["outlet"] == "Mountain Herald" and art["published"] == "2021-11-17"
    assert "seven Azerbaijani servicemen" in art["text"]
    for furniture in ("Most read", "Subscribe", "trackPageView", "All rights reserved"):
        assert furniture not in art["text"]


def test_seed_comes_out_clean(seed_path):
    text = repair_text(seed_path.read_text("utf-8"))
    assert "¬" not in text and "†" not in text
    assert "foreign ministry, Azerbaijani forces" in text
    assert "Leave a Reply" not in text and "Log Out" not in text and "Connecting to" not in text
    assert "Armenia’s eastern border" in text  # curly quotes kept


def test_sample_mojibake_article_is_repaired(sample_dir):
    text = repair_text((sample_dir / "blog-repost-border-clash.txt").read_text("utf-8"))
    assert "¬†" not in text and "defence ministry, which first reported" in text
    assert "Leave a Reply" not in text


def test_entities_decoded():
    assert repair_text("Tom &amp; Jerry said &#8220;no&#8221;") == "Tom & Jerry said “no”"


def test_exact_copy_kept_once_and_accounted(tmp_path):
    write(tmp_path, "a.txt", f"Title\n\n{BODY}")
    write(tmp_path, "b.txt", f"Title\n\n{BODY}")
    result = ingest_folder(tmp_path)
    assert len(result.articles) == 1
    assert list(result.rejected["source_path"]) == ["b.txt"]
    assert "identical" in result.rejected["reason"].iloc[0]


def test_syndicated_copy_marked(tmp_path, sample_dir):
    for name in ("2021-11-16-caucasus-ledger-clash.md", "2021-11-16-regional-syndicate-copy.md"):
        write(tmp_path, name, (sample_dir / name).read_text("utf-8"))
    arts = ingest_folder(tmp_path).articles.set_index("source_path")
    original = arts.loc["2021-11-16-caucasus-ledger-clash.md"]
    copy = arts.loc["2021-11-16-regional-syndicate-copy.md"]
    assert copy["duplicate_of"] == original["article_id"]
    assert pd.isna(original["duplicate_of"])


def test_article_id_is_stable(tmp_path):
    write(tmp_path, "a.txt", f"T\n\n{BODY}")
    first = ingest_folder(tmp_path).articles["article_id"].iloc[0]
    (tmp_path / "a.txt").rename(tmp_path / "renamed.txt")
    assert ingest_folder(tmp_path).articles["article_id"].iloc[0] == first


def test_exact_copies_keep_the_earliest_whatever_the_reading_order(tmp_path, monkeypatch):
    """The copy kept is the earliest published (then lowest path), also when it is read last and
    when the copies fall in different in-memory chunks."""
    import pipeline.ingest.core as core
    monkeypatch.setattr(core, "CHUNK_ROWS", 1)
    for name, day in (("a.md", "2021-11-18"), ("b.md", "2021-11-16"), ("c.md", "2021-11-17")):
        write(tmp_path, name, f"---\ntitle: T\npublished: {day}\n---\n{BODY}\n")
    result = ingest_folder(tmp_path)
    assert list(result.articles["source_path"]) == ["b.md"]
    reasons = dict(zip(result.rejected["source_path"], result.rejected["reason"]))
    assert set(reasons) == {"a.md", "c.md"} and all("identical to b.md" in r for r in reasons.values())
