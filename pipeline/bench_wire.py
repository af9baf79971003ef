"""A wire-copy-shaped synthetic corpus, written by the bench itself (no third-party text).

Every sentence here is a template written for the bench, filled by a seeded RNG with invented people, towns,
outlets and numbers and with real states as the parties (the actor dictionary must have something to find).
The shape follows short conflict wire stories: about 250 words, sentences of about 24 words (10% under 13,
10% over 35), and about 46% of sentences carrying a figure, a casualty cue or a contact cue (the rest are
background: history, geography, reactions without a cue). Paragraphs hold one or two sentences and most stories
open with a dateline. The same seed gives the same corpus, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

# The shape aimed at (the bench prints what it measured on the corpus it wrote).
TARGET_WORDS = 250
CUE_SHARE = 0.46

STATES = [("Kenya", "Kenyan"), ("Somalia", "Somali"), ("Nigeria", "Nigerian"), ("Mali", "Malian"),
          ("Niger", "Nigerien"), ("Sudan", "Sudanese"), ("Ethiopia", "Ethiopian"), ("Colombia", "Colombian"),
          ("Mexico", "Mexican"), ("Pakistan", "Pakistani"), ("Afghanistan", "Afghan"), ("Myanmar", "Myanmar"),
          ("Mozambique", "Mozambican"), ("Cameroon", "Cameroonian"), ("Yemen", "Yemeni"), ("Syria", "Syrian"),
          ("Ukraine", "Ukrainian"), ("Russia", "Russian"), ("India", "Indian"), ("Philippines", "Filipino")]
MEDIATORS = ["Qatar", "Turkey", "Norway", "Egypt", "Switzerland", "the African Union", "the United Nations"]
_ONSETS = ["K", "V", "T", "M", "D", "B", "S", "R", "L", "N", "Z", "G", "H", "P"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
_CODAS = ["r", "n", "l", "m", "s", "sh", "nd", "rt", "k", "v"]
_TOWN_ENDS = ["ora", "ala", "ino", "eni", "abad", "ville", "ani", "ora", "eta"]
_TITLES = ["Colonel", "Major", "Captain", "General", "Lieutenant"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
          10: "ten", 11: "eleven", 12: "twelve", 20: "twenty", 30: "thirty"}  # wire style spells out one to nine

# Sentences with a casualty cue (killed, wounded, toll, abducted ...). {n}, {m}: figures; {a}/{A}: the state and
# its demonym, {b}/{B} the other state; {town}, {region}: invented places; {who}: an invented speaker.
CASUALTY = [
    "{hedge}{n} soldiers were killed when gunmen attacked an army post near {town}, {who} said.",
    "{hedge}{n} people were killed and {m} wounded in an air strike on a market in {town}{when}.",
    "The death toll from the attack on {town} rose to {n}, the {A} health ministry said in a statement{when}.",
    "{who_cap} said {n} militants had been killed in an operation in the {region} region and {m} captured.",
    "Local officials said {n} civilians, including {m} children, died after shelling hit a residential area of {town}.",
    "The army said its forces killed {n} fighters{when} in clashes near {town}, a figure that could not be "
    "verified independently.",
    "At least {n} police officers were wounded when a roadside bomb struck their convoy on the road from {town} "
    "to {town2}.",
    "Gunmen abducted {n} villagers from farms outside {town} and took them into the forest, residents said.",
    "{n} {B} soldiers were killed and {m} were taken prisoner during the fighting, the {A} defence ministry claimed.",
    "Hospital staff in {town} said they had received {n} bodies and were treating {m} people for gunshot wounds.",
    "The rebels said they had killed {n} government troops{when}, while the military put its own losses at {m}.",
    "Another {n} people were reported missing after the raid on {town}, according to the regional governor.",
    "The number of dead in the {region} region has reached {n} since the offensive began, a United Nations "
    "agency said.",
    "{who_cap} told reporters that {n} of the wounded were in a critical condition at the hospital in {town}.",
    "{m_cap} of the wounded later died in hospital in {town}.",
    "The toll in {town} is expected to rise.",
    "Witnesses said the attackers, who arrived on motorcycles shortly after evening prayers, set fire to houses and "
    "shops, killed {n} people and drove off with cattle before soldiers from the nearest base reached {town}.",
]
# Sentences with a contact cue (met, talks, accused, urged, agreed, visit ...).
CONTACT = [
    "{A} Foreign Minister {person} met his {B} counterpart in {capital}{when} to discuss the ceasefire.",
    "{a} accused {b} of arming the militants operating near {town}, a charge {b} denied.",
    "Talks between {a} and {b} on the disputed border are to resume in {mediator_city} next month, officials said.",
    "{mediator} urged both sides to stop the fighting and return to the negotiating table.",
    "The two governments agreed to open a humanitarian corridor to {town} after mediation by {mediator}.",
    "President {person} spoke by phone with the {B} leader about the attack, his office said in a statement.",
    "{a} condemned the strike on {town} and called on {b} to withdraw its troops from the area.",
    "A {B} delegation is due to visit {capital} to meet officials from the {A} interior ministry.",
    "{a} blamed {b} for the attack.",
]
# Figures without a casualty or contact cue (displacement, aid, budgets).
FIGURE = [
    "Aid agencies say some {big} families have fled {town} since the start of the year.",
    "The government has set aside {n} billion {currency} for security operations in the {region} region.",
    "About {big} residents of {town} now live in camps on the edge of the provincial capital.",
]
# Background without figures or cues.
BACKGROUND = [
    "The {region} region has been the scene of an insurgency for more than a decade.",
    "{town} lies on the main road between the provincial capital and the border with {b}.",
    "The army has deployed extra units to {town} in recent weeks, according to residents.",
    "Residents of {town} described hearing gunfire and explosions through the night before the town fell silent "
    "at dawn.",
    "The group has not commented on the reports from {town}, and its spokesman could not be reached by phone.",
    "Independent verification is difficult because access to {town} is restricted and mobile networks are "
    "often down.",
    "Many families around {town} depend on farming and cattle, and the violence has disrupted the planting season.",
    "The militants draw recruits from villages in {region} where the state has little presence and few public "
    "services.",
    "Opposition politicians in {capital} have complained about the slow pace of reforms in the security services.",
    "The border region near {town} is home to several armed groups that compete for control of trade routes and "
    "gold mines.",
    "Schools in {town} have been closed, and the only clinic in the area is running short of medicine.",
    "{person}, a trader in {town}, said shops had stayed shut and prices for fuel and flour had doubled.",
    "The {A} government says its operations are aimed at restoring order and protecting communities along the "
    "river.",
    "Human rights groups have documented abuses by all sides in the {region} conflict and want an independent "
    "inquiry.",
    "The {A} army took control of the area last year after weeks of heavy fighting with the rebels.",
    "Roads into {town} are often impassable during the rainy season, which begins in a few weeks.",
    "The attack on {town} began shortly before dawn.",
    "Markets in {town} reopened on {day}.",
    "The road to {town2} was closed to traffic.",
    "Mobile networks in {region} were cut for several hours.",
    "Fuel is scarce in {town}.",
    "Neither claim could be verified, {person2} said.",
    "The district around {town}, a patchwork of farms, forest and small mining settlements along the river, has "
    "changed hands several times since the insurgency began, and residents say armed men still collect taxes on "
    "the roads at night.",
]
# Cue-free tails that lengthen a sentence before its full stop, as wire copy adds place and attribution.
PLACE_TAILS = [
    ", in the latest violence to hit the {region} region",
    ", where the army has fought an insurgency for years",
    " as the rainy season made several roads in the area impassable",
    " in the {region} region, which borders {b}",
    ", a farming town on the main road north of the provincial capital",
]
SOURCE_TAILS = [
    ", according to a statement posted on the ministry's website late on {day}",
    ", the regional governor's office said in a brief statement to the {outlet_name}",
    ", residents reached by telephone from {capital} said",
    ", security sources said on condition of anonymity",
]
KINDS = {"casualty": CASUALTY, "contact": CONTACT, "figure": FIGURE, "background": BACKGROUND}
_CURRENCIES = ["shillings", "naira", "pesos", "rupees", "birr"]


@dataclass(frozen=True)
class WireArticle:
    """One synthetic story: its text (front matter included) and the kind of each of its sentences."""
    text: str
    kinds: tuple[str, ...]

    @property
    def body(self) -> str:
        return self.text.split("---\n", 2)[2]


def _name(rng: random.Random, syllables: int = 2) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + (rng.choice(_CODAS) if i == 0 else "")
                   for i in range(syllables)).capitalize()


def _town(rng: random.Random) -> str:
    return _name(rng, 1) + rng.choice(_TOWN_ENDS)


def _figure(rng: random.Random, low: int = 2, high: int = 60) -> str:
    n = rng.randint(low, high)
    return _WORDS[n] if n < 10 or (n in _WORDS and rng.random() < 0.3) else f"{n:,}"


def _slots(rng: random.Random, cast: dict) -> dict:
    """Fresh fillers for one sentence over the article's fixed cast (states, towns, people)."""
    who = rng.choice([f"{rng.choice(_TITLES)} {cast['person']}, an army spokesman",
                      f"{cast['person2']}, a local administrator", "a military source",
                      f"the {cast['A']} army", "a police official in the district"])
    when = rng.choice(["", "", f" on {cast['day']}", " overnight", f" early on {cast['day']}"])
    return {**cast, "n": _figure(rng), "m": _figure(rng, 1, 12), "big": f"{rng.randint(2, 90) * 1000:,}",
            "hedge": rng.choice(["", "", "At least ", "More than "]),
            "m_cap": _figure(rng, 2, 9).capitalize(), "who": who, "who_cap": who[0].upper() + who[1:],
            "when": when, "town": rng.choice(cast["towns"]), "town2": rng.choice(cast["towns"]),
            "currency": rng.choice(_CURRENCIES)}


def _cast(rng: random.Random) -> dict:
    """The article's parties, places and people, fixed for all its sentences."""
    (a, demonym_a), (b, demonym_b) = rng.sample(STATES, 2)
    mediator = rng.choice(MEDIATORS)
    return {"a": a, "A": demonym_a, "b": b, "B": demonym_b, "mediator": mediator,
            "mediator_city": _town(rng) if mediator.startswith("the ") else mediator.split()[-1] + "'s capital",
            "capital": _town(rng), "region": _name(rng), "towns": [_town(rng) for _ in range(3)],
            "person": f"{_name(rng)} {_name(rng, 3)}", "person2": f"{_name(rng)} {_name(rng)}",
            "day": rng.choice(_DAYS), "outlet_name": f"{_name(rng)} {rng.choice(['Post', 'Herald', 'Wire', 'Times'])}"}


def _lengthen(rng: random.Random, template: str) -> str:
    """The template with a place tail, a source tail (where it names no speaker yet), both or neither, before
    its full stop: sentence lengths spread like wire copy's."""
    tails = rng.sample(PLACE_TAILS, rng.choices([0, 1, 2], weights=[0.55, 0.3, 0.15])[0])
    if rng.random() < 0.25 and " said" not in template and "{who}" not in template:
        tails.append(rng.choice(SOURCE_TAILS))
    return template[:-1] + "".join(tails) + "." if tails and template.endswith(".") else template


def _kind(rng: random.Random, first: bool, p_cue: float) -> str:
    """Lede: a casualty or contact sentence; afterwards a cue sentence with probability p_cue."""
    if first:
        return "casualty" if rng.random() < 0.8 else "contact"
    if rng.random() >= p_cue:
        return "background"
    return rng.choices(["casualty", "contact", "figure"], weights=[0.62, 0.28, 0.10])[0]


def wire_article(rng: random.Random, index: int = 0) -> WireArticle:
    """One story of about TARGET_WORDS words: a lede with a cue, then sentences until the word budget is spent."""
    cast = _cast(rng)
    budget = max(120, int(rng.gauss(TARGET_WORDS - 12, 45)))  # the last sentence overshoots by ~12
    p_cue = (CUE_SHARE * 10 - 1) / 9  # a cue lede plus nine more sentences gives CUE_SHARE on average
    sentences, kinds, words = [], [], 0
    while words < budget:
        kind = _kind(rng, not sentences, p_cue)
        text = _lengthen(rng, rng.choice(KINDS[kind])).format(**_slots(rng, cast))
        sentences.append(text[0].upper() + text[1:])
        kinds.append(kind)
        words += len(text.split())
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.choice([1, 1, 2])
        paragraphs.append(" ".join(sentences[i:i + step]))
        i += step
    if rng.random() < 0.7:
        paragraphs[0] = f"{cast['towns'][0].upper()}, {cast['a']} (Bench Wire) - {paragraphs[0]}"
    published = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1200))
    head = (f"---\ntitle: Bench wire story {index}\noutlet: {cast['outlet_name']}\n"
            f"published: {published.isoformat()}\n---\n")
    return WireArticle(head + "\n\n".join(paragraphs) + "\n", tuple(kinds))


def wire_articles(n: int, seed: int = 7):
    """The first n stories of the corpus for this seed."""
    rng = random.Random(seed)
    return (wire_article(rng, i) for i in range(n))


def write_wire_corpus(n: int, folder: Path, seed: int = 7, prefix: str = "w") -> dict:
    """n stories as FOLDER/PREFIXnnnnnn.md; returns what was written (articles, words, sentences, cue sentences)."""
    folder.mkdir(parents=True, exist_ok=True)
    stats = {"articles": 0, "words": 0, "sentences": 0, "cue_sentences": 0}
    for i, art in enumerate(wire_articles(n, seed)):
        (folder / f"{prefix}{i:06d}.md").write_text(art.text, "utf-8")
        stats["articles"] += 1
        stats["words"] += len(art.body.split())
        stats["sentences"] += len(art.kinds)
        stats["cue_sentences"] += sum(k != "background" for k in art.kinds)
    return stats
