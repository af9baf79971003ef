"""Shared fixtures: the repository root, the user's seed article, tiny corpora built in tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "armenia-azerbaijan-border-clash.txt"
CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict]:
    return yaml.safe_load((CASES / name).read_text("utf-8"))


@pytest.fixture
def seed_path() -> Path:
    """The user's first article; third-party text, read from ../shared and never copied into the repo."""
    if not SEED.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEED


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return ROOT / "data" / "raw" / "sample"
