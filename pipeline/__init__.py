"""conflict-claims: attributed casualty, budget and diplomacy tables from news articles."""

__version__ = "0.1.0"
