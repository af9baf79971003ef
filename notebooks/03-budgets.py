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

# %% [markdown]
# ## Beside SIPRI's series
# Each reported figure in US dollars beside SIPRI's military expenditure for the same state and calendar
# year, from the table `claims reference sipri` writes (`dvc repro` does it from `reference.sipri` in
# `params.yaml`); the ratio is reported ÷ SIPRI. Without the table, one sentence says how to add it.

# %%
from pipeline.reference import compare, sipri
from pipeline.report import sipri_section

REFERENCE = "../data/reference/sipri_milex.parquet"
reference = sipri.load_sipri(REFERENCE)
beside = compare.budgets_vs_sipri(mentions, reference) if reference is not None else None
if beside is None:
    print(sipri.HINT)
else:
    display(beside[["country", "year", "amount_text", "amount_usd", "usd_rate_source", "sipri_usd", "ratio", "usd_flag", "status"]])

# %%
sipri_section.chart(beside) if beside is not None and len(beside) else None

# %% [markdown]
# Why they differ: a budget is what is allocated for a fiscal year, SIPRI's figure what was spent in the
# calendar year on everything it counts as military; SIPRI's own notes for each state say what it leaves out.

# %%
if beside is not None:
    print("\n\n".join(compare.why_they_differ(beside)))
    print(f"\nSource: {reference['release'].iloc[0]}, {sipri_section.SIPRI_URL}")
