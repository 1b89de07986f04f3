"""The conclusions' figure: where each voice's theme words fall across the periods."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from analysis.book.synthesis import SynthesisError
from analysis.display.plotting import apply_style, legible

__all__ = ["theme_period_figure"]


def theme_period_figure(tables: Mapping[str, object], title: str | None = None, width: float = 9.0):
    """One heat-map panel per voice: themes (rows) × periods and undated paragraphs (columns),
    each cell annotated with its count. A single sequential hue, so the counts read in grey
    scale and for colour-blind readers."""


    if not isinstance(tables, Mapping) or not tables:
        raise SynthesisError("theme_period_figure needs a mapping label → theme_period_table(...)")
    frames = list(tables.values())
    if any(getattr(t, "empty", True) for t in frames):
        raise SynthesisError("every table must be a non-empty DataFrame from theme_period_table()")
    apply_style()
    vmax = max(float(t.to_numpy().max()) for t in frames) or 1.0
    fig, axes = plt.subplots(1, len(frames), figsize=(width, 1.2 + 0.55 * len(frames[0]) + 1.6),
                             sharey=True, squeeze=False)
    for ax, (label, t) in zip(axes[0], tables.items()):
        data = t.to_numpy(dtype=float)
        ax.imshow(data, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
        for (i, j), n in np.ndenumerate(data):
            ax.text(j, i, f"{int(n)}", ha="center", va="center", fontsize=10,
                    color="white" if n > 0.6 * vmax else "black")
        # upright labels, two short lines each: slanted ones overlap their neighbours' boxes
        ax.set_xticks(range(len(t.columns)), [textwrap.fill(c.replace(" and ", " & "), 13) for c in t.columns],
                      rotation=90, ha="center", va="top", fontsize=8.5)
        ax.set_yticks(range(len(t.index)), list(t.index))
        ax.set_title(label, fontsize=11)
        ax.set_xlabel("period of the events the paragraph tells")
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
    axes[0][0].set_ylabel("theme (occurrences)")
    if title:
        fig.suptitle(title, fontsize=12.5, fontweight="bold")
    legible(fig)
    fig.tight_layout()
    return fig
