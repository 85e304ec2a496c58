"""The posts-per-month bar chart beside the dataset card.

Drawn with matplotlib's object API on the Agg canvas: no pyplot global state and no display,
so it works in a headless crawl and never changes a backend someone else chose.
"""

from __future__ import annotations

from pathlib import Path

_MAX_LABELS = 24  # month labels on the x axis; every n-th month beyond that


def write_posts_per_month(per_month: list[tuple[str, int]], path: Path) -> bool:
    """Write the chart as PNG (atomically); False, writing nothing, when no post is dated."""
    if not per_month:
        return False
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # only crawls that write a card pay the import
    from matplotlib.figure import Figure

    months = [month for month, _count in per_month]
    counts = [count for _month, count in per_month]
    figure = Figure(figsize=(min(14.0, 4.0 + 0.15 * len(months)), 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.bar(range(len(months)), counts, color="#3b6ea8", width=0.85)
    step = max(1, -(-len(months) // _MAX_LABELS))
    axes.set_xticks(range(0, len(months), step), months[::step], rotation=60, ha="right", fontsize=8)
    axes.set_ylabel("posts")
    axes.set_title(f"Posts per month of publication, {months[0]} to {months[-1]}", fontsize=10)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    temp = path.with_name(f".{path.name}.tmp")
    figure.savefig(temp, format="png")
    temp.replace(path)
    return True
