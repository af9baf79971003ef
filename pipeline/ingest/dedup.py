"""Stable article ids and near-duplicate (syndicated copy) detection.

Near-duplicates are found with MinHash LSH over word 5-gram shingles
(datasketch), then confirmed with the exact Jaccard similarity, so the cost
grows linearly with the corpus instead of comparing every pair. A copy
enters only the LSH buckets that no earlier text holds (the bands where it
differs from its first), so templated wire text (thousands of near-identical
records) gives each record a few candidates, not every earlier copy; and a
bucket holds at most BUCKET_CAP texts, so texts that are alike without being
copies cannot make it quadratic either.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

_WORD = re.compile(r"\w+")
# A bucket holds texts sharing one band of MinHash values; a syndicated story fills one with a handful of
# firsts. Beyond this many, a text is still found through its other bands, but the bucket stops growing.
BUCKET_CAP = 8


def article_id(text: str) -> str:
    """Same cleaned text, same id: 16 hex digits of SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def find_near_duplicates(articles: pd.DataFrame, threshold: float, shingle_size: int = 5,
                         num_perm: int = 64) -> dict[str, str]:
    """Map article_id -> article_id of the first copy, for texts whose Jaccard >= threshold.

    "First" is the earliest published, then the lowest source path, so the
    answer does not depend on the order the files were read in.
    """
    from datasketch import MinHash, MinHashLSH

    keys = articles[["article_id", "published", "source_path"]].reset_index(drop=True)
    order = keys.assign(_pub=keys["published"].fillna("9999-12-31")).sort_values(["_pub", "source_path"], kind="mergesort")
    # datasketch picks the bands (b bands of r values) for the threshold; the buckets are kept here, capped.
    bands = MinHashLSH(threshold=max(0.05, threshold - 0.15), num_perm=num_perm)
    buckets: dict[bytes, list[str]] = {}
    text_col = articles["text"]
    position = {aid: i for i, aid in enumerate(keys["article_id"])}

    def text_of(aid: str) -> str:  # one text at a time: a large corpus is not copied into Python strings
        return text_col.iat[position[aid]]

    empty = MinHash(num_perm=num_perm, seed=1)  # copied per text: its permutations are drawn once, not per text
    first_of: dict[str, str] = {}
    for aid in order["article_id"]:
        sh = shingles(text_of(aid), shingle_size)
        if not sh:
            continue
        mh = empty.copy()
        mh.update_batch([s.encode("utf-8") for s in sh])
        best, best_sim = None, threshold
        # LSH candidates are rare: their shingles are rebuilt from the text rather than kept for every
        # article (a set of strings per article would dominate memory on a large corpus).
        band_keys = [band.to_bytes(2, "little") + mh.hashvalues[band * bands.r:(band + 1) * bands.r].tobytes()
                for band in range(bands.b)]
        for cand in sorted({c for key in band_keys for c in buckets.get(key, ())}):
            other = shingles(text_of(cand), shingle_size)
            sim = len(sh & other) / len(sh | other)
            if sim >= best_sim:
                best, best_sim = cand, sim
        if best is not None:
            first_of[aid] = first_of.get(best, best)
        for key in band_keys:
            bucket = buckets.setdefault(key, [])
            if len(bucket) < (1 if best is not None else BUCKET_CAP):  # a copy only where it is new
                bucket.append(aid)
    return first_of
