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
# # 03 · What do the articles say about military budgets?

# %% tags=["parameters"]
DATA_DIR = "../data/processed"

# %%
from pipeline import io
from pipeline.notebook import setup; setup()  # noqa: E702 (charts drawn offline, by vl-convert)
from pipeline.report import charts

mentions = io.read_table(DATA_DIR, "budget_mentions")
mentions[["country", "year", "amount_text", "currency", "amount_usd", "usd_rate_source", "previous_amount", "direction", "change_pct", "claimant", "outlet"]]

# %% [markdown]
# ## Reported amounts in US dollars
# Dollar figures as given in the text, or converted at the rate named in `usd_rate_source`
# (README, "Exchange rates"); amounts without a known rate are left out.

# %%
charts.budgets(mentions)

# %% [markdown]
# *Caveat:* official budget lines leave out spending elsewhere (security services,
# military industry, arms bought on credit); compare with an independent series such as
# SIPRI's before drawing conclusions.
