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
# # 02 · Who says how many?
#
# For the most reported incident: every claimant's figure side by side, like with like (one outcome,
# one party's victims, one victim type: civilians are never pooled with combatants), what each party
# said about its own dead and the enemy's, and how the figures moved in the days after.

# %% tags=["parameters"]
DATA_DIR = "../data/processed"
INCIDENT = None  # an incident_id from incidents.csv; None = the most reported

# %%
from pipeline import io
from pipeline.notebook import setup, table, with_articles
from pipeline.report import charts
from pipeline.report.render import pick_incident

setup()  # charts drawn in the kernel (SVG by vl-convert): no network needed

articles = io.read_table(DATA_DIR, "articles")
claims = io.read_table(DATA_DIR, "casualty_claims")
incidents = io.read_table(DATA_DIR, "incidents")
incident = pick_incident(incidents, INCIDENT)
originals = articles.loc[articles["duplicate_of"].isna(), "article_id"]
these = claims[(claims["incident_id"] == incident["incident_id"]) & claims["article_id"].isin(originals)]
colours = charts.party_colours(claims)  # one colour per party in every chart below
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
# A panel per outcome and victims (party and type); bars span the low–high bounds of each figure;
# hollow diamonds are hedged claims. Each claim's sentence is in the ledger at the end.

# %%
charts.claims_by_source(these, incident["label"], colours, interactive=False)

# %% [markdown]
# ## Own dead and enemy dead

# %%
charts.own_vs_enemy(these, incident["label"])

# %% [markdown]
# ## Revisions
# Each claimant's figure of killed, by publication date: one panel per victims, each article's own
# figure (a breakdown beside it or an earlier toll it restates is not drawn).

# %%
from pipeline.link.compare import article_figures

charts.revisions(these[these["claim_id"].isin(article_figures(these, articles))], incident["label"], colours)

# %% [markdown]
# ## The comparison table
# One group per outcome, victim party and victim type. `conservative` is ACLED's rule on each
# claimant's latest firm figure (the lowest of them; superseded early reports do not count);
# `median_latest` is the median of the claimants' latest figures; `group_low`–`group_high` their range.

# %%
comparison = io.read_table(DATA_DIR, "incident_comparison")
table(comparison[comparison["incident_id"] == incident["incident_id"]][
    ["outcome", "victim_party", "victim_type", "claimant_key", "claimant_party", "n_reports", "n_revisions",
     "latest_published", "latest_low", "latest_high", "latest_hedged", "conservative", "median_latest",
     "group_low", "group_high", "spread_ratio"]])

# %% [markdown]
# ## The ledger: every claim with its article
# `supersedes` names the same claimant's earlier figure that a claim replaces.

# %%
table(with_articles(these, articles)[
    ["claimant", "claimant_party", "outcome", "victim_party", "victim_type", "count_text", "count_low", "count_high",
     "hedged", "published", "outlet", "title", "url", "supersedes", "evidence"]])

# %% [markdown]
# *Caveat:* these are claims, not counts. A side that reports casualties without saying
# whose is taken to report its own; check the evidence sentence in the ledger.
