"""Actor dictionary: surface forms (names, demonyms, metonyms, people, organisations) -> actor codes.

Built from the YAML files in pipeline/rules/actors/ (or an analyst's copy of
that folder); a new conflict needs new entries there, not new code.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.extract.dates import MONTHS, WEEKDAYS
from pipeline.extract.trie import trie_regex

UNKNOWN = "UNK"
# The code of a group that fights in many states (the Islamic State): it counts for the state each article is set in,
# which only the article can say (core.extract_article replaces it).
SCENE = "SCENE"
# A capitalised word right before a group's name makes it another group's longer name: "the Southern Islands
# National Liberation Army" is not Colombia's ELN ("Colombia's National Liberation Army" and "The ..." are).
# Not a day or a month ("On Monday Hamas said", "In March Hezbollah fired").
_CALENDAR = "|".join(w.title() for w in (*WEEKDAYS, *MONTHS))
# "London-based Chatham House": where, not whose; but a government based in a capital is that state's ("the
# Tripoli-based government": one of two rival Libyan ones)
_LANGUAGE = re.compile(r"-(?:language|speaking|based)\b(?!\s+(?:government|administration|authorities|cabinet)\b)")
_NAME_BEFORE = re.compile(rf"(?<![.!?]\s)(?<!^)\b(?!The\b)(?!(?:{_CALENDAR})\b)[A-Z][a-z]+\s+$")


class RulesInvalid(ValueError):
    """An analyst's rule file breaks a rule the tables depend on; the message says which entry and how to fix it."""


_PARTY_CODE = re.compile(r"[A-Z0-9_]{2,8}")


def _check_group(path: Path, party, spec) -> None:
    """A group's code is a victim_party / claimant_party value (the contract: 2-8 upper-case letters, digits or _),
    and its host is a state's ISO 3166 alpha-3 code or `scene`."""
    if not isinstance(party, str) or not _PARTY_CODE.fullmatch(party):
        raise RulesInvalid(f"{path}: the group code {party!r} must be 2 to 8 upper-case letters, digits or '_' "
                           "(it fills victim_party and claimant_party); shorten it.")
    host = str(spec.get("host", "")) if isinstance(spec, dict) else ""
    if not (re.fullmatch(r"[A-Z]{3}", host) or host == "scene"):
        raise RulesInvalid(f"{path}: the group {party} needs `host:` with the ISO 3166 alpha-3 code of the state "
                           "it is based in (e.g. host: SDN), or `host: scene` for a group that fights in many.")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    code: str
    kind: str  # name | demonym | metonym | org | person | group
    party: str = ""  # for a group: the group's own code ("RSF"); its `code` is the host state ("SDN")


class ActorDictionary:
    """Finds actor mentions in text and says which code each belongs to."""

    def __init__(self, folder: Path):
        folder = Path(folder)
        forms: dict[str, tuple[str, str]] = {}

        def add(surface: str, code: str, kind: str) -> None:
            surface = surface.strip()
            if len(surface) >= 2 and surface not in forms:
                forms[surface] = (code, kind)

        countries = yaml.safe_load((folder / "countries.yaml").read_text("utf-8")) or {}
        extra = yaml.safe_load((folder / "extra.yaml").read_text("utf-8")) or {}
        people = yaml.safe_load((folder / "people.yaml").read_text("utf-8")) or {}
        orgs = yaml.safe_load((folder / "organisations.yaml").read_text("utf-8")) or {}
        roles = yaml.safe_load((folder / "roles.yaml").read_text("utf-8")) or {}
        groups_file = folder / "groups.yaml"
        groups = (yaml.safe_load(groups_file.read_text("utf-8")) or {}) if groups_file.exists() else {}
        self.party_of: dict[str, str] = {}  # surface form -> the group's own code

        # Hand-kept entries first: they win over generated ones on a clash.
        for code, names in people.items():
            for name in names:
                add(name, code, "person")
        surnames = Counter(n.split()[-1] for names in people.values() for n in names)
        for code, names in people.items():
            for name in names:
                last = name.split()[-1]
                if surnames[last] == 1 and len(last) >= 4:
                    add(last, code, "person")
        for code, spec in orgs.items():
            for name in spec.get("names", []):
                add(name, code, "org")
        for party, spec in groups.items():
            _check_group(groups_file, party, spec)
            for name in spec.get("names", []):
                add(name, SCENE if spec["host"] == "scene" else spec["host"], "group")
                self.party_of.setdefault(name.strip(), party)
        for code, spec in extra.items():
            for key, kind in (("names", "name"), ("demonyms", "demonym"), ("metonyms", "metonym")):
                for name in spec.get(key, []) or []:
                    add(name, code, kind)
        capital_count = Counter(c for spec in countries.values() for c in spec.get("capitals", []))
        # A name or demonym shared by several generated entries ("French": France and five
        # territories) is ambiguous: only extra.yaml can settle it; otherwise it is left out.
        owners: dict[str, set[str]] = {}
        for code, spec in countries.items():
            for form in [*spec.get("names", []), *spec.get("demonyms", [])]:
                owners.setdefault(form, set()).add(code)
        for code, spec in countries.items():
            for name in spec.get("names", []):
                if len(owners[name]) == 1:
                    add(name, code, "name")
                    if name.startswith("the "):
                        add(name[4:], code, "name")
            for dem in spec.get("demonyms", []):
                if len(owners[dem]) == 1:
                    add(dem, code, "demonym")
                    if re.search(r"(?:an|i)$", dem) and f"{dem}s" not in owners:
                        add(f"{dem}s", code, "demonym")  # "seven Moroccans", "two Israelis": the people, plural
            for cap in spec.get("capitals", []):
                if capital_count[cap] == 1:
                    add(cap, code, "metonym")
        for form in [f for f in forms if f.startswith("the ")]:
            forms.setdefault("The" + form[3:], forms[form])  # "The White House said", opening a sentence
        self.forms = forms
        self._pattern = re.compile(r"(?<![\w.])(?:" + trie_regex(forms) + r")(?![\w])")
        self.roles = sorted((r.lower() for r in roles.get("roles", [])), key=len, reverse=True)
        self.canonical = [(name, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I))
                          for name, words in (roles.get("canonical") or {}).items()]
        self._role_pattern = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in self.roles) + r")\b", re.I)
        self.codes = {code for code, _ in forms.values()}
        state = sorted((r.lower() for r in roles.get("state_institutions", [])), key=len, reverse=True)
        self._state_role = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in state) + r")\b", re.I) if state else None
        markers = sorted((r.lower() for r in roles.get("non_state_markers", []) or []), key=len, reverse=True)
        self._non_state = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in markers) + r")\b", re.I) if markers else None
        scene = sorted((r.lower() for r in roles.get("scene_institutions", []) or []), key=len, reverse=True)
        self._scene_role = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in scene) + r")\b", re.I) if scene else None
        self.gazetteer = None  # set by the rulebook: a longer place name wins over an actor form inside it

    def use_gazetteer(self, gazetteer) -> None:
        """Place names that contain an actor form of another state ("Mocímboa da Praia", "New Mexico") are
        places, not mentions of that state."""
        self.gazetteer = gazetteer
        self._mentions.cache_clear()

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """All actor mentions in text[start:end], left to right, longest form first at a position."""
        return list(self._mentions(text, start, len(text) if end is None else end))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one dictionary per rules folder, kept for the run anyway
    def _mentions(self, text: str, start: int, end: int) -> tuple[Mention, ...]:
        # The extractors look at the same sentence several times (subject, objects, victims).
        found = [Mention(m.start(), m.end(), m.group(0), *self.forms[m.group(0)], self.party_of.get(m.group(0), ""))
                 for m in self._pattern.finditer(text, start, end)
                 if not text.startswith("$", m.end())  # "US$27 billion", "NT$": a currency, not a state
                 and not _LANGUAGE.match(text, m.end())  # "the French-language newspaper", "a UK-based monitor"
                 and not (self.forms[m.group(0)][1] == "group" and self._longer_name(text, m.start()))]
        if found and self.gazetteer is not None:
            places = [p for p in self.gazetteer.places(text, start, end) if " " in p.text]
            found = [m for m in found if not any(p.start <= m.start and m.end <= p.end and p.code != m.code
                                                 and (p.end - p.start) > (m.end - m.start) for p in places)]
        return tuple(found)

    def _longer_name(self, text: str, start: int) -> bool:
        before = _NAME_BEFORE.search(text, max(0, start - 30), start)
        return bool(before) and before.group(0).strip() not in self.forms  # "Lebanese Hezbollah" is Hezbollah

    def code_of(self, text: str) -> str | None:
        """Code of the first actor mentioned in a phrase, or None."""
        found = self.mentions(text)
        return found[0].code if found else None

    def has_role(self, text: str) -> bool:
        return bool(self._role_pattern.search(text))

    def states_by_mentions(self, text: str) -> list[tuple[str, int]]:
        """States named in a text, most mentioned first: [("ARM", 14), ("AZE", 11), ...]."""
        counts = Counter(m.code for m in self.mentions(text) if len(m.code) == 3 and m.code != UNKNOWN)
        return counts.most_common()

    def is_state_role(self, text: str, whole: bool = False) -> bool:
        """True when the phrase names a state institution ("the army", "the defence ministry"); with `whole`, only
        when the phrase is nothing but one ("General Staff", not "Colonel Idriss Mahamat")."""
        found = self._state_role and (self._state_role.fullmatch(text.strip()) if whole else self._state_role.search(text))
        return bool(found and not (self._non_state and self._non_state.search(text)))  # not "a rebel commander"

    def is_non_state(self, text: str) -> bool:
        """True when the phrase names a non-state armed party ("rebels in the region", "a rebel spokesperson")."""
        return bool(self._non_state and self._non_state.search(text))

    def is_scene_role(self, text: str) -> bool:
        """True when the phrase names who speaks for the place itself ("local health authorities", "rescuers")."""
        return bool(self._scene_role and self._scene_role.search(text))

    def is_role(self, text: str) -> bool:
        """True when the whole phrase is a role word ("defence ministry", "officials")."""
        return bool(self._role_pattern.fullmatch(text.strip()))

    def canonical_name(self, phrase: str, side: str | None) -> str:
        """A claimant phrase grouped for comparison: a known person's full name, "ARM defence ministry",
        "AZE government" for a bare state name, or the phrase itself."""
        people = [m for m in self.mentions(phrase) if m.kind == "person"]
        if people:
            full = next((f for f, (c, k) in self.forms.items() if k == "person" and c == people[0].code
                         and f.endswith(people[0].text) and " " in f), people[0].text)
            return full
        prefix = f"{side} " if side and side != UNKNOWN else ""
        if side and side != UNKNOWN and len(side) != 3 and any(m.code == side for m in self.mentions(phrase)):
            return side  # "a UN spokesperson", "ICRC officials": the organisation, not an "UN government"
        for name, pattern in self.canonical:
            if pattern.search(phrase):
                return prefix + name
        rest = self._pattern.sub("", phrase)
        if not re.search(r"[A-Za-z]{3,}", re.sub(r"\b(?:the|of|'s|’s)\b", "", rest, flags=re.I)):
            return prefix + "government"
        return phrase
