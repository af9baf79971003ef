"""US-dollar rates for budget amounts: which rate converts a currency in a year, and where it comes from.

Three files, tried in this order (after a dollar figure the text itself gives, which always wins):

1. `rules/exchange_rates.csv`, shipped with the rules: a few curated rates (the manat's fixed rate).
2. The SIPRI-implied rate (`extract.sipri_implied_fx` in params.yaml), first for the countries listed
   under `usd_rates.sipri_first` in rules/budgets.yaml (where official and market rates part: Lebanon,
   Iran), and for any listed country whose year the official table lacks.
3. The official annual averages (`extract.exchange_rates` in params.yaml; World Bank WDI PA.NUS.FCRF).

The reference files are third-party data and are not part of the repository: they are read from the
configured paths, and when a file is absent its rates are simply not known (amount_usd stays null).
No rate is ever borrowed from another year or another currency.

Layout of a rate file (the World Bank extract's, and the packaged one's):
`currency,year,lcu_per_usd,source` - ISO 4217 code, calendar year, local currency units per US dollar
(annual average), and the rate's origin as text. The SIPRI file: `country_code,...,year,
implied_lcu_per_usd,...` (ISO 3166 alpha-3 code, year, SIPRI's local-currency figure / its current US$).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

RATE_COLUMNS = ("currency", "year", "lcu_per_usd")
SIPRI_COLUMNS = ("country_code", "year", "implied_lcu_per_usd")


class RateFileInvalid(ValueError):
    """A configured rate file cannot be read; the message is one sentence saying what to fix."""


def file_digest(path: str | Path | None) -> str | None:
    """Content hash of a rate file (part of the extraction cache key), None when it is absent."""
    if not path or not Path(path).is_file():
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _number(value) -> float | None:
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x > 0 else None


def _year(value) -> int | None:
    try:
        y = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return y if 1900 <= y <= 2100 else None


def _rows(path: Path, needed: tuple[str, ...], what: str) -> list[dict]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in needed if c not in header]
            if missing:
                raise RateFileInvalid(f"{path} is not a {what} file: it lacks the column(s) {', '.join(missing)} "
                                      f"(expected {', '.join(needed)}).")
            return [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    except UnicodeDecodeError:
        raise RateFileInvalid(f"{path} is not a UTF-8 CSV {what} file.") from None
    except OSError as err:
        raise RateFileInvalid(f"{path} cannot be read ({err.strerror or err}).") from None


def _label(source: str, year: int) -> str:
    """'World Bank WDI PA.NUS.FCRF (IMF IFS), file ...' -> 'WDI PA.NUS.FCRF 2024 annual average'."""
    name = re.split(r"\s*[(,;]", source or "", maxsplit=1)[0].strip() or "rate file"
    name = re.sub(r"^World Bank\s+", "", name)
    name = re.sub(r"\s+annual average$", "", name)
    return f"{name} {year} annual average"


@dataclass
class RateTable:
    curated: dict = field(default_factory=dict)    # (currency, year) -> (rate, label)
    official: dict = field(default_factory=dict)   # (currency, year) -> (rate, label)
    sipri: dict = field(default_factory=dict)      # (country, year) -> rate
    sipri_first: frozenset = frozenset()           # countries whose SIPRI-implied rate comes first
    sipri_currency: dict = field(default_factory=dict)  # country -> the currency its SIPRI figures are in

    @classmethod
    def load(cls, curated: Path | None, official: Path | None, sipri: Path | None, prefs: dict | None = None):
        """Rates from the files that exist (a missing file contributes nothing; a malformed one is an error)."""
        prefs = prefs or {}
        table = cls(sipri_first=frozenset(prefs.get("sipri_first") or ()),
                    sipri_currency=dict(prefs.get("sipri_currency") or {}))
        for path, target in ((curated, table.curated), (official, table.official)):
            if path and Path(path).is_file():
                for row in _rows(Path(path), RATE_COLUMNS, "exchange-rate"):
                    rate, year = _number(row.get("lcu_per_usd")), _year(row.get("year"))
                    code = (row.get("currency") or "").strip().upper()
                    if rate and year and re.fullmatch(r"[A-Z]{3}", code):
                        target[(code, year)] = (rate, _label(row.get("source") or "", year)
                                                if target is table.official else (row.get("source") or "rules/exchange_rates.csv").strip())
        if sipri and Path(sipri).is_file():
            for row in _rows(Path(sipri), SIPRI_COLUMNS, "SIPRI implied-rate"):
                rate, year = _number(row.get("implied_lcu_per_usd")), _year(row.get("year"))
                code = (row.get("country_code") or "").strip().upper()
                if rate and year and code:
                    table.sipri[(code, year)] = rate
        return table

    def to_usd(self, amount: float | None, currency: str | None, country: str | None,
               year: int | None) -> tuple[float | None, str | None]:
        """(amount in US$, which rate was used), or (None, None) when no rate for that currency and year."""
        if amount is None or not currency:
            return None, None
        if currency == "USD":
            return amount, "stated in US dollars"
        if year is None:
            return None, None
        if (currency, year) in self.curated:
            rate, label = self.curated[(currency, year)]
            return amount / rate, label
        sipri_ok = country is not None and self.sipri_currency.get(country) == currency
        sipri = self.sipri.get((country, year)) if sipri_ok else None
        if sipri and country in self.sipri_first:
            return amount / sipri, f"SIPRI implied {year}"
        if (currency, year) in self.official:
            rate, label = self.official[(currency, year)]
            return amount / rate, label
        if sipri:
            return amount / sipri, f"SIPRI implied {year}"
        return None, None
