# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Who says how many?
#
# For the most reported incident: every claimant's figure side by side, what each side
# said about its own dead and the enemy's, and how the figures moved in the days after.

# %% tags=["parameters"]
DATA_DIR = "../data/processed"
INCIDENT = None  # an incident_id from incidents.csv; None = the most reported

# %%
from pipeline import io
from pipeline.report import charts
from pipeline.report.render import pick_incident

articles = io.read_table(DATA_DIR, "articles")
claims = io.read_table(DATA_DIR, "casualty_claims")
incidents = io.read_table(DATA_DIR, "incidents")
incident = pick_incident(incidents, INCIDENT)
originals = articles.loc[articles["duplicate_of"].isna(), "article_id"]
these = claims[(claims["incident_id"] == incident["incident_id"]) & claims["article_id"].isin(originals)]
print(f"{incident['label']}: {len(these)} claims from {these['article_id'].nunique()} independent articles")

# %% [markdown]
# ## What the table holds
# Read straight from Parquet, the columns come typed: dates are dates, counts are nullable integers
# (`<NA>` where the wording gives no bound), vocabularies such as `outcome` and `qualifier` are categories.

# %%
import pandas as pd

pd.read_parquet(f"{DATA_DIR}/casualty_claims.parquet").dtypes

# %% [markdown]
# ## The claims side by side
# Bars span the low–high bounds of each figure; hollow marks are hedged claims.

# %%
charts.claims_by_source(these, incident["label"])

# %% [markdown]
# ## Own dead and enemy dead

# %%
charts.own_vs_enemy(these, incident["label"])

# %% [markdown]
# ## Revisions
# Each side's figure of killed, by publication date.

# %%
charts.revisions(these, incident["label"])

# %% [markdown]
# ## The comparison table
# `conservative` is the lowest non-hedged figure (ACLED's rule); low / best / high follow UCDP.

# %%
comparison = io.read_table(DATA_DIR, "incident_comparison")
comparison[comparison["incident_id"] == incident["incident_id"]]

# %% [markdown]
# *Caveat:* these are claims, not counts. A side that reports casualties without saying
# whose is taken to report its own; check the evidence sentence in the tooltip.
