"""What every notebook imports first: charts drawn without a network, and tables an analyst can read.

Altair's default renderer loads Vega from a CDN, so in a JupyterLab without network every chart is
"Error loading script". `setup()` switches to the `svg` renderer: vl-convert (a dependency, pinned in
constraints.txt) draws each chart inside the kernel and the notebook stores the SVG itself, which also
shows in a saved .ipynb, on GitHub and in nbconvert exports. Tooltips need the interactive renderer;
the evidence of every figure is in the tables instead (`table()`).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

RENDERER = "svg"  # drawn in the kernel by vl-convert; "png" works offline too
WRAPPED = ("evidence", "title", "reason", "note")  # long text shown whole, wrapped in its cell


def setup(renderer: str = RENDERER) -> None:
    """Charts drawn offline; tables show whole text and every row up to 500."""
    alt.renderers.enable(renderer)
    alt.data_transformers.disable_max_rows()
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)


def with_articles(df: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """df with the outlet, title and address of each row's article (by article_id), to check a figure at its source."""
    extra = articles.set_index("article_id")[["title", "url"]]
    out = df.join(extra, on="article_id", rsuffix="_article")
    if "outlet" not in out.columns:
        out = out.join(articles.set_index("article_id")["outlet"], on="article_id")
    return out


def table(df: pd.DataFrame, wrap: tuple[str, ...] = WRAPPED):
    """A readable table: whole numbers as integers (not 13.0), empty cells for nulls, long text wrapped in full."""
    d = df.copy()
    for col in d.columns:
        s = d[col]
        if pd.api.types.is_float_dtype(s) and s.dropna().mod(1).eq(0).all():
            d[col] = s.astype("Int64")
    columns = [c for c in wrap if c in d.columns]
    return (d.style.hide(axis="index").format(na_rep="", precision=2, thousands=",")
            .set_properties(subset=columns, **{"white-space": "normal", "min-width": "28em", "text-align": "left"})
            .set_table_styles([{"selector": "td, th", "props": "text-align: left; vertical-align: top;"}]))
