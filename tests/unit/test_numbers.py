"""Count semantics of the contract, one case per wording (tests/cases/numbers.yaml)."""

import pytest
import yaml

from pipeline.extract.numbers import NumberFinder
from pipeline.extract.rulebook import DEFAULT_RULES
from tests.conftest import load_cases

FINDER = NumberFinder(yaml.safe_load((DEFAULT_RULES / "numbers.yaml").read_text("utf-8")))


@pytest.mark.parametrize("case", load_cases("numbers.yaml"), ids=lambda c: c["text"])
def test_count_semantics(case):
    found = FINDER.find(case["text"])
    if case.get("none"):
        assert found == []
        return
    assert len(found) == 1, found
    c = found[0]
    assert (c.low, c.high, c.qualifier) == (case["low"], case["high"], case["qualifier"])
    assert case["text"][c.start:c.end] == c.text
