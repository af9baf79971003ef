# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Review the weakest claims and record corrections
#
# The extractor gives each claim a `confidence`. Read the lowest first; when a row is
# wrong, add a line to `data/corrections.csv` — it is applied after every extraction,
# so the fix survives re-runs (claim ids are stable).

# %% tags=["parameters"]
DATA_DIR = "../data/processed"
CORRECTIONS = "../data/corrections.csv"
N = 10

# %%
from pipeline import io
from pipeline.notebook import setup, table, with_articles

setup()
claims = io.read_table(DATA_DIR, "casualty_claims")
articles = io.read_table(DATA_DIR, "articles")
weakest = with_articles(claims.nsmallest(N, "confidence"), articles)[
    ["claim_id", "confidence", "outcome", "victim_party", "victim_type", "count_text", "claimant", "claimant_party",
     "outlet", "title", "evidence"]]
table(weakest)

# %% [markdown]
# ## Writing a correction
# One line per fix: `reject` drops a row, `set` changes one column. For example:
#
# ```
# id,action,column,value,analyst,note
# c-0123456789ab,set,victim_side,AZE,your-name,"the soldiers were Azerbaijani (see sentence)"
# c-ba9876543210,reject,,,your-name,"not a casualty figure"
# ```
#
# Then `dvc repro`; `metrics/corrections.json` says how many were applied and lists
# any whose id no longer exists.

# %% [markdown]
# The corrections recorded so far:

# %%
from pipeline.link.corrections import read_corrections

table(read_corrections(CORRECTIONS))
