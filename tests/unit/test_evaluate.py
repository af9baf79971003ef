"""Scores the metrics report: precision per confidence band."""

import pandas as pd

from pipeline.evaluate.score import precision_by_band


def test_precision_is_given_per_confidence_band_and_a_repeated_key_counts_once_at_its_best():
    found = pd.DataFrame({"k": ["a", "a", "b", "c", "d"], "confidence": [0.55, 0.85, 0.65, 0.9, 0.62]})
    bands = precision_by_band(found, gold={"a", "b"}, key=lambda r: r["k"], edges=[0.0, 0.6, 0.8, 1.0])
    assert bands == {"0.00-0.60": {"rows": 0, "precision": None},
                     "0.60-0.80": {"rows": 2, "precision": 0.5},    # b right, d wrong
                     "0.80-1.00": {"rows": 2, "precision": 0.5}}    # a (at 0.85) right, c wrong


def test_a_confidence_of_exactly_one_falls_in_the_top_band():
    found = pd.DataFrame({"k": ["a"], "confidence": [1.0]})
    assert precision_by_band(found, {"a"}, lambda r: r["k"], [0.0, 0.5, 1.0])["0.50-1.00"] == {"rows": 1, "precision": 1.0}
