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
# # 01 · What is in the corpus?
#
# Before reading any figure, know what was read: which outlets, which days, what was
# rejected and why, and which articles are syndicated copies that must not count twice.

# %% tags=["parameters"]
DATA_DIR = "../data/processed"

# %%
import altair as alt

from pipeline import io
from pipeline.notebook import setup, table

setup()  # charts drawn in the kernel (SVG by vl-convert): no network needed

articles = io.read_table(DATA_DIR, "articles")
rejected = io.read_table(DATA_DIR, "rejected_inputs")
print(f"{len(articles)} articles, {articles['duplicate_of'].notna().sum()} syndicated copies, "
      f"{len(rejected)} rejected inputs")

# %% [markdown]
# ## Articles per outlet and day
# Each square is one article; hollow squares are syndicated copies.

# %%
a = articles.assign(copy=articles["duplicate_of"].notna(), published=articles["published"].astype("string").fillna("undated"))
alt.Chart(a).mark_square(size=120).encode(
    x=alt.X("published:O", title="Published"), y=alt.Y("outlet:N", title=None),
    fill=alt.condition("datum.copy", alt.value("white"), alt.value("#0072B2")), stroke=alt.value("#0072B2"),
    tooltip=["title", "outlet", "published", "source_path", "n_chars"],
).properties(title="Articles by outlet and publication day")

# %% [markdown]
# ## Rejected inputs
# Every file that did not become an article, with the reason. An empty table is good news.

# %%
table(rejected)

# %% [markdown]
# *Caveat:* an article's date is its publication date as given in front matter, export
# columns or page metadata; undated articles cannot have "on Tuesday" resolved.
