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
# # 04 · Who talked to whom?
# Contacts between the parties and third states, typed after the PLOVER ontology.

# %% tags=["parameters"]
DATA_DIR = "../data/processed"

# %%
from pipeline import io
from pipeline.notebook import setup
from pipeline.report import charts

setup()  # charts drawn in the kernel (SVG by vl-convert): no network needed

contacts = io.read_table(DATA_DIR, "diplomatic_contacts")
contacts.groupby(["contact_type"]).size().rename("contacts")

# %%
charts.diplomacy(contacts)

# %% [markdown]
# ## Who talks to whom
# Each circle is a pair of actors; its size is the number of contacts, its colour their kind.

# %%
charts.who_talks_to_whom(contacts)

# %% [markdown]
# *Caveat:* contact extraction is the weakest of the three extractors (see
# `dvc metrics show`); read the evidence sentence before relying on a single contact.
