"""Figures of the lexical chapter (its concordance widget is :func:`analysis.display.widgets.concordance_browser`).

The statistics live in :mod:`analysis.core.keyness`; this module only draws them. Every figure
follows the book's conventions (:mod:`analysis.display.plotting`): a title that states the finding,
labelled axes with units, Okabe–Ito colours, an opaque white background, page width.
Colours: the first text of a comparison (a) is blue, the second (b) vermillion.
"""

from __future__ import annotations

import textwrap
import zlib
from collections.abc import Iterable, Mapping, Sequence

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from analysis.book.voices import THEMES
from analysis.core.distribution import term_positions
from analysis.core.tokens import LexicalError, Voice
from analysis.display.plotting import (
    OKABE_ITO,
    apply_style,
    legible,
    min_font_size,
    new_figure,
)

__all__ = [
    "measure_label",
    "keyness_chart",
    "frequency_scatter",
    "overlap_chart",
    "diversity_chart",
    "dispersion_chart",
    "most_even_themes",
    "dispersion_title",
]

COLOUR_A = OKABE_ITO["blue"]
COLOUR_B = OKABE_ITO["vermillion"]
GREY = "#8C8C8C"


def _check_keyness_table(table) -> None:
    needed = {"count_a", "count_b", "ll", "log_ratio", "p_bh", "log_odds_z", "low_expected"}
    missing = needed - set(getattr(table, "columns", ()))
    if missing:
        raise LexicalError(f"not a keyness table (from analysis.core.keyness.keyness): missing {sorted(missing)}")


def keyness_chart(table, label_a: str, label_b: str, n: int = 12, exclude: Iterable[str] = (),
                  alpha: float = 0.05, title: str | None = None):
    """Diverging bar chart of the ``n`` strongest key words of each side by log-likelihood.

    Bars are Hardie's Log Ratio (effect size, binary log of the ratio of relative frequencies);
    a bar is solid when the Benjamini–Hochberg corrected p is below ``alpha`` and hatched
    otherwise, and the raw counts ``a : b`` stand beside it; a dagger marks words whose
    smallest expected count is under 5. ``exclude`` drops words (e.g. stopwords) from the chart
    only, not from the multiple-testing correction. Returns ``(figure, chosen rows)``.
    """
    _check_keyness_table(table)
    shown = table[~table.index.isin(set(exclude))]
    side_a = shown[shown["log_ratio"] > 0].head(n)
    side_b = shown[shown["log_ratio"] < 0].head(n)

    rows = pd.concat([side_b.sort_values("log_ratio", ascending=False),
                      side_a.sort_values("log_ratio")])
    if rows.empty:
        raise LexicalError("no words to chart: the table is empty once the excluded words are removed")
    height = max(3.5, 0.28 * len(rows) + 1.6)
    fig, ax = new_figure(9.0, height)
    y = range(len(rows))
    significant = (rows["p_bh"] < alpha).to_numpy()
    colours = [COLOUR_A if lr > 0 else COLOUR_B for lr in rows["log_ratio"]]
    for yi, (word, row), colour, sig in zip(y, rows.iterrows(), colours, significant):
        ax.barh(yi, row["log_ratio"], color=colour if sig else "white", edgecolor=colour,
                hatch=None if sig else "///", linewidth=1.2, height=0.7)
        text = f"{row['count_a']} : {row['count_b']}" + (" †" if row["low_expected"] else "")
        ax.text(row["log_ratio"] + (0.08 if row["log_ratio"] > 0 else -0.08), yi, text,
                va="center", ha="left" if row["log_ratio"] > 0 else "right", fontsize=9, color="#333333")
    ax.set_yticks(list(y), rows.index.tolist(), fontsize=10)
    ax.axvline(0, color="black", linewidth=0.8)
    lim = max(abs(rows["log_ratio"]).max() + 1.6, 3)
    ax.set_xlim(-lim, lim)
    ax.set_xlabel(f"Log Ratio (log₂ of relative frequency, {label_a} / {label_b}; zero count as 0.5)")
    ax.text(0.99, 0.01, f"more in {label_a} →", transform=ax.transAxes, ha="right", va="bottom",
            color=COLOUR_A, fontsize=10, fontweight="bold")
    ax.text(0.01, 0.01, f"← more in {label_b}", transform=ax.transAxes, ha="left", va="bottom",
            color=COLOUR_B, fontsize=10, fontweight="bold")

    handles = [Patch(facecolor=GREY, edgecolor=GREY, label=f"key after correction (BH p < {alpha})"),
               Patch(facecolor="white", edgecolor=GREY, hatch="///", label="not key after correction"),
               Patch(facecolor="white", edgecolor="white", label="a : b raw counts; † smallest expected count < 5")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=9)
    if title is None:
        k = int((table["p_bh"] < alpha).sum())
        title = (f"{k} of {len(table)} word types {'stays' if k == 1 else 'stay'} key after correction" if k
                 else f"No word type of {len(table)} stays key after correction")
    ax.set_title(title, loc="left")
    legible(fig)
    fig.tight_layout()
    return fig, rows


def _jitter(word: str, scale: float) -> float:
    """A deterministic offset in [-scale, scale] from the word itself (same on every build)."""
    return (zlib.crc32(word.encode("utf-8")) % 2001 / 1000 - 1) * scale


def _place_labels(ax, fig, points, max_labels: int, fontsize: float = 9, obstacles=()):
    """Greedy label placement: try a few offsets per point, keep a label only where it
    overlaps no label placed before and no other point, and stays inside the axes.

    ``obstacles`` are ``(x, y)`` data positions of every plotted point; a label may touch only
    its own point. Call after the final layout: positions are measured with the renderer.
    """

    renderer = fig.canvas.get_renderer()
    placed = []
    axes_box = ax.get_window_extent(renderer)
    radius = 3.5 * fig.dpi / 72  # a point marker's half-width in pixels
    dots = [ax.transData.transform(xy) for xy in obstacles]
    dot_boxes = [Bbox.from_extents(x - radius, y - radius, x + radius, y + radius) for x, y in dots]
    offsets = [(5, 4, "left", "bottom"), (5, -4, "left", "top"), (-5, 4, "right", "bottom"),
               (-5, -4, "right", "top"), (0, 8, "center", "bottom"), (0, -8, "center", "top"),
               (9, 0, "left", "center"), (-9, 0, "right", "center")]
    count = 0
    for x, y, word, colour in points:
        if count >= max_labels:
            break
        own = ax.transData.transform((x, y))
        for dx, dy, ha, va in offsets:
            t = ax.annotate(word, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                            fontsize=fontsize, color=colour, fontweight="bold")
            box = t.get_window_extent(renderer).expanded(1.08, 1.2)
            inside = (box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1
                      and box.y0 >= axes_box.y0 and box.y1 <= axes_box.y1)
            hits_dot = any(box.overlaps(d) for d, c in zip(dot_boxes, dots)
                           if abs(c[0] - own[0]) > 0.5 or abs(c[1] - own[1]) > 0.5)
            if inside and not hits_dot and not any(box.overlaps(b) for b in placed):
                placed.append(box)
                count += 1
                break
            t.remove()
    return count


def frequency_scatter(table, label_a: str, label_b: str, exclude: Iterable[str] = (),
                      n_labels: int = 14, title: str | None = None):
    """Frequency–frequency scatter in the spirit of Scattertext (Kessler 2017), with matplotlib.

    Each word type is a point at its raw count in a (x) and in b (y), both axes on a log scale
    of ``count + 1`` so that words absent from one text sit on the axis line; a small,
    deterministic jitter separates words with equal counts. Colour is Monroe et al.'s z
    (blue: leans to a, vermillion: leans to b, grey: neither). The dashed line marks equal
    relative frequency. The words with the largest |z| on each side and the most frequent
    shared words are labelled where their labels fit without overlap; ``exclude`` (e.g.
    stopwords) and one-letter tokens stay out of the labels, not out of the plot.
    Returns the figure.
    """

    _check_keyness_table(table)
    excl = set(exclude)
    fig, ax = new_figure(9.0, 7.0)
    cmap = mcolors.LinearSegmentedColormap.from_list("lean", [COLOUR_B, "#BBBBBB", COLOUR_A])
    z = table["log_odds_z"].fillna(0).to_numpy()
    zlim = max(2.0, float(np.nanmax(np.abs(z))) if len(z) else 2.0)
    xs = np.log10(table["count_a"].to_numpy() + 1) + [_jitter(w, 0.035) for w in table.index]
    ys = np.log10(table["count_b"].to_numpy() + 1) + [_jitter(w[::-1], 0.035) for w in table.index]
    sc = ax.scatter(xs, ys, c=z, cmap=cmap, vmin=-zlim, vmax=zlim, s=20, alpha=0.9, linewidths=0)
    n_a, n_b = table.attrs.get("total_a"), table.attrs.get("total_b")
    top = max(table["count_a"].max(), table["count_b"].max()) + 1
    if n_a and n_b:
        grid = np.linspace(0, top * 1.2, 400)
        ax.plot(np.log10(grid + 1), np.log10(grid * n_b / n_a + 1), ls="--", color="#555555", lw=1,
                label="equal relative frequency")
        ax.legend(loc="lower right", fontsize=9)
    ticks = [t for t in (0, 1, 2, 5, 10, 20, 50, 100, 200) if t <= top * 1.5]
    ax.set_xticks(np.log10(np.array(ticks) + 1), [str(t) for t in ticks])
    ax.set_yticks(np.log10(np.array(ticks) + 1), [str(t) for t in ticks])
    ax.set_xlim(-0.08, np.log10(top * 1.5 + 1))
    ax.set_ylim(-0.08, np.log10(top * 1.5 + 1))
    ax.set_xlabel(f"occurrences in {label_a} (log scale of count + 1)")
    ax.set_ylabel(f"occurrences in {label_b} (log scale of count + 1)")
    cbar = fig.colorbar(sc, ax=ax, shrink=0.8, pad=0.02)
    cbar.set_label(f"log-odds z (Monroe et al.): + leans to {label_a}, − to {label_b}")
    content = table[~table.index.isin(excl) & (table.index.str.len() > 1)]
    pos = {w: (x, y) for w, x, y in zip(table.index, xs, ys)}
    lean_a = content.sort_values("log_odds_z", ascending=False).head(n_labels)
    lean_b = content.sort_values("log_odds_z").head(n_labels)
    shared = content[(content["count_a"] > 0) & (content["count_b"] > 0)]
    shared = shared.assign(m=np.minimum(shared["per_1000_a"], shared["per_1000_b"])).sort_values(
        "m", ascending=False, kind="mergesort").head(n_labels)
    points = []
    for i in range(n_labels):  # interleave so each group gets room before the next word
        for group, colour in ((lean_a, COLOUR_A), (lean_b, COLOUR_B), (shared, "#333333")):
            if i < len(group):
                w = group.index[i]
                if all(p[2] != w for p in points):
                    points.append((*pos[w], w, colour))
    ax.set_title(title or f"Where the vocabularies of {label_a.lower()} and {label_b.lower()} part", loc="left")
    # final size and layout first: labels are placed in pixels and would drift if the axes moved
    legible(fig)
    fig.tight_layout()
    fig.canvas.draw()
    _place_labels(ax, fig, points, max_labels=3 * n_labels, fontsize=min_font_size(fig),
                  obstacles=list(zip(xs, ys)))
    return fig


def overlap_chart(overlaps: Mapping[str, Mapping[str, float]], title: str | None = None):
    """Stacked bars of word types only in a, shared, only in b, one bar per comparison.

    ``overlaps`` maps a comparison label ("article | answers") to the result of
    :func:`analysis.core.keyness.vocabulary_overlap`. Returns the figure.
    """
    if not overlaps:
        raise LexicalError("overlap_chart needs at least one comparison")
    fig, ax = new_figure(9.0, 1.1 * len(overlaps) + 1.6)
    labels = list(overlaps)
    for i, label in enumerate(labels):
        d = overlaps[label]
        left = 0
        for key, colour in (("only_a", COLOUR_A), ("shared", GREY), ("only_b", COLOUR_B)):
            ax.barh(i, d[key], left=left, color=colour, height=0.6)
            ax.text(left + d[key] / 2, i, str(d[key]), ha="center", va="center", color="white",
                    fontsize=10, fontweight="bold")
            left += d[key]
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("word types (stopwords excluded)")

    ax.legend(handles=[Patch(color=COLOUR_A, label="only in the first"),
                       Patch(color=GREY, label="in both"),
                       Patch(color=COLOUR_B, label="only in the second")],
              loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, fontsize=9)
    ax.set_title(title or "Most word types occur in only one of two texts", loc="left")
    legible(fig)
    fig.tight_layout()
    return fig


_MEASURE_LABELS = {
    "ttr": "TTR", "mattr": "MATTR", "mtld": "MTLD (tokens)", "hdd": "HD-D",
    "maas": "Maas a² (lower: richer)", "yule_k": "Yule's K (lower: richer)",
}


def measure_label(measure: str) -> str:
    """A diversity measure's name as a reader sees it (``hdd`` → ``HD-D``); unknown names as they are."""
    return _MEASURE_LABELS.get(measure, measure)


def diversity_chart(compare, labels: Mapping[str, str] | None = None,
                    measures: Sequence[str] = ("mattr", "mtld", "hdd", "yule_k"), title: str | None = None):
    """Point-and-interval chart of :func:`analysis.core.diversity.compare_diversity`, one panel per measure.

    The dot is the mean over equal-length segments with its interval (the table's ``low``–
    ``high``); the open diamond is the value of the text cut to the common length (``cut``).
    Returns the figure.
    """


    texts = list(dict.fromkeys(compare.index.get_level_values(0)))
    if not texts:
        raise LexicalError("diversity_chart needs a non-empty compare_diversity table")
    labels = dict(labels or {})
    palette = [COLOUR_A, COLOUR_B, OKABE_ITO["bluish_green"], OKABE_ITO["orange"]]
    apply_style()
    fig, axes = plt.subplots(1, len(measures), figsize=(9.0, 3.4), sharey=True)
    axes = list(axes) if len(measures) > 1 else [axes]
    for ax, measure in zip(axes, measures):
        for i, text in enumerate(texts):
            row = compare.loc[(text, measure)]
            colour = palette[i % len(palette)]
            ax.errorbar(row["mean"], i, xerr=[[row["mean"] - row["low"]], [row["high"] - row["mean"]]],
                        fmt="o", color=colour, capsize=3, markersize=6)
            ax.plot(row["cut"], i, marker="D", mfc="white", mec=colour, ms=6, ls="none")
        ax.set_title(_MEASURE_LABELS.get(measure, measure), fontsize=10, loc="left")
        ax.tick_params(axis="x", labelsize=9)
        ax.grid(axis="x", color="#E5E5E5")
    axes[0].set_yticks(range(len(texts)), [labels.get(t, t) for t in texts])
    axes[0].set_ylim(len(texts) - 0.5, -0.5)
    seg = int(compare["segment_length"].iloc[0])
    cut = int(compare["cut_length"].iloc[0])
    handles = [Line2D([], [], marker="o", color=GREY, label=f"mean of {seg}-token segments, 95% t-interval"),
               Line2D([], [], marker="D", mfc="white", mec=GREY, ls="none", label=f"first {cut} tokens")]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=9, bbox_to_anchor=(0.5, -0.02))
    fig.suptitle(title or "Lexical diversity at equal length", x=0.01, ha="left", fontweight="bold")
    legible(fig)
    for ax in axes:  # at the legible size, three ticks a panel keep their labels apart ("0.750.800.85")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def most_even_themes(table, decimals: int = 2) -> tuple[str, ...]:
    """The themes with the lowest DP in one :func:`analysis.core.distribution.dispersion` table, compared
    at ``decimals`` places (the precision the chapter prints), so a tie gives several themes.
    Themes that never occur (DP undefined) are left out.

    >>> import pandas as pd
    >>> most_even_themes(pd.DataFrame({"frequency": [5, 7, 0], "dp": [0.641, 0.637, None]},
    ...                               index=["cooperation", "pandemic", "sovereignty"]))
    ('cooperation', 'pandemic')
    """
    missing = {"frequency", "dp"} - set(getattr(table, "columns", ()))
    if missing:
        raise LexicalError(f"not a dispersion table (from analysis.core.distribution.dispersion): missing {sorted(missing)}")
    dp = table.loc[table["frequency"] > 0, "dp"].dropna().round(decimals)
    if dp.empty:
        raise LexicalError("no theme occurs in this dispersion table, so none is most evenly spread")
    return tuple(dp.index[dp == dp.min()])


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def dispersion_title(tables: Mapping[str, object], decimals: int = 2) -> str:
    """A title for :func:`dispersion_chart` that states which themes are most evenly spread
    (lowest DP, ties at ``decimals`` places named together) in each voice.

    ``tables`` maps the voice as the title names it ("the article") to its dispersion table.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"frequency": [5, 7], "dp": [0.641, 0.637]}, index=["cooperation", "pandemic"])
    >>> u = pd.DataFrame({"frequency": [17, 14], "dp": [0.59, 0.70]}, index=["cooperation", "pandemic"])
    >>> dispersion_title({"the article": t, "the answers": u})
    'Most evenly spread: cooperation and pandemic (tied DP) in the article, cooperation in the answers'
    >>> dispersion_title({"the article": u, "the answers": u})
    'Cooperation is the most evenly spread theme in the article and the answers'
    """
    if not isinstance(tables, Mapping) or not tables:
        raise LexicalError("dispersion_title needs a mapping voice label → dispersion table")
    best = {label: most_even_themes(t, decimals) for label, t in tables.items()}
    firsts = set(best.values())
    if len(firsts) == 1:
        themes = next(iter(firsts))
        lead = _and(list(themes))
        verb = "is the most evenly spread theme" if len(themes) == 1 else "are the most evenly spread themes (tied DP)"
        return f"{lead[0].upper()}{lead[1:]} {verb} in {_and(list(best))}"
    parts = [f"{_and(list(themes))}{' (tied DP)' if len(themes) > 1 else ''} in {label}"
             for label, themes in best.items()]
    return "Most evenly spread: " + ", ".join(parts)


def dispersion_chart(voice_map: Mapping[str, Voice], themes: Mapping[str, Iterable[str]] = THEMES,
                     dp: Mapping[str, object] | None = None, title: str | None = None,
                     show_dp: bool = True):
    """Lexical dispersion plot: where each theme's words fall along each voice, one panel per voice.

    x is the position in the voice (0 = first token, 1 = last), faint lines mark paragraph
    breaks, and each tick is one occurrence. ``dp`` maps a voice to its
    :func:`analysis.core.distribution.dispersion` table, whose count (and DP, unless
    ``show_dp=False``) is written at the right. Returns the figure.
    """
    if not isinstance(show_dp, bool):
        raise LexicalError(f"show_dp must be True or False, got {show_dp!r}")

    if not voice_map:
        raise LexicalError("dispersion_chart needs at least one voice")
    apply_style()
    names = list(themes)
    # yellow is left out: thin ticks of it vanish on white
    palette = [OKABE_ITO[c] for c in ("orange", "sky_blue", "bluish_green", "reddish_purple", "blue", "vermillion")]
    fig, axes = plt.subplots(len(voice_map), 1, figsize=(9.0, 1.0 + 1.55 * len(voice_map)), sharex=True)
    axes = list(axes) if len(voice_map) > 1 else [axes]
    for ax, (key, voice) in zip(axes, voice_map.items()):
        pos = term_positions(voice, themes)
        total = max(len(voice.tokens), 1)
        edge = 0
        for toks in voice.paragraph_tokens[:-1]:
            edge += len(toks)
            ax.axvline(edge / total, color="#DDDDDD", lw=0.8, zorder=0)
        for i, theme in enumerate(names):
            hits = pos[pos["term"] == theme]["position"]
            ax.scatter(hits, [i] * len(hits), marker="|", s=140, linewidths=2,
                       color=palette[i % len(palette)])
            if dp is not None and theme in dp[key].index:
                row = dp[key].loc[theme]
                note = f"n={int(row['frequency'])}" + ("" if row["frequency"] == 0 or not show_dp
                                                       else f", DP={row['dp']:.2f}")
                ax.text(1.01, i, note, transform=ax.get_yaxis_transform(), va="center", fontsize=9)
        ax.set_yticks(range(len(names)), names, fontsize=9)
        ax.set_ylim(len(names) - 0.4, -0.6)
        ax.set_title(f"{voice.label}: {len(voice.paragraph_ids)} paragraphs, {total} tokens",
                     fontsize=10, loc="left", fontweight="normal")
        ax.spines["left"].set_visible(False)
    axes[-1].set_xlim(0, 1)
    axes[-1].set_xlabel("position in the voice (share of its tokens; grey lines: paragraph breaks)")
    # a title derived from the data (dispersion_title) can outrun the page width: wrap it
    fig.suptitle(textwrap.fill(title or "Where the themes fall", 80), x=0.01, ha="left", fontweight="bold")
    legible(fig)
    fig.tight_layout()
    return fig
