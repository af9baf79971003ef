"""cues.cue_regex: the speed guard is added only where it cannot change a match."""

import re

import pytest

from pipeline.extract.cues import cue_regex, starts_with_word


@pytest.mark.parametrize("alt", [r"\bno", r"\b(the day|yesterday)", "(?:still )?held", "(?i:(?:ceasefire|truce))", "killed", "44-day war"])
def test_word_start_shapes_are_guarded(alt):
    assert starts_with_word(alt)
    assert cue_regex([alt]).pattern.startswith(r"(?=\w)")


@pytest.mark.parametrize("alt", [r"\s+held", "[^.]x", ",\\s+including", r"(?:\s+x)", "$"])
def test_other_shapes_keep_the_plain_form(alt):
    assert not starts_with_word(alt)
    assert not cue_regex(["killed", alt]).pattern.startswith(r"(?=\w)")


def test_longest_alternative_first():
    assert cue_regex(["kill", "killed"]).search("they killed").group(0) == "killed"
    assert cue_regex(["kill"], re.I).search("KILL") is not None
