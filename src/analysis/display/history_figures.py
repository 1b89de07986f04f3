"""The history chapter's figure: the timeline of events by category, periods shaded."""

from __future__ import annotations

import textwrap
from datetime import date

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from analysis.book import history
from analysis.book.history import PERIODS, load_events
from analysis.core.errors import AnalysisError
from analysis.display.plotting import apply_style, legible, min_font_size

__all__ = ["event_number", "timeline_figure"]


#: Okabe–Ito colours of the categories, in the descriptor's order of events.category.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                          "#56B4E9", "#000000", "#F0E442"]



_TEXT_MARKERS = {"article": "s", "interview": "o", "both": "D"}



_PERIOD_SHADES = ("#efefef", "#ffffff")



_EDGES = {"#F0E442": "#8c8300"}  # yellow markers need a darker edge on white



def _year_float(d: date) -> float:
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days



def event_number(event_id: str) -> str:
    """The number a timeline marker carries for an event: its id without the ``E`` (``"E07"`` → ``"7"``).

    >>> event_number("E07")
    '7'
    """
    if not isinstance(event_id, str) or not event_id[1:].isdigit() or event_id[:1] != "E":
        raise AnalysisError(f"an event id is 'E' and digits, such as 'E07'; got {event_id!r}")
    return str(int(event_id[1:]))


def _number_events(ax, events, cats, lo, hi, size, panel_in):
    """Write each event's number beside its marker, keyed to the events table. Events of one row
    closer than a two-digit label share one label ("21,27"); a label that would touch the one
    before it in its row goes below the row instead of above."""
    per_char = (hi - lo) * (0.62 * size / 72) / panel_in  # the width of one character, in years
    for row, cat in enumerate(cats):
        here = events[events["category"] == cat]
        xs = sorted((_year_float(s), event_number(i)) for s, i in zip(here["start"], here["event_id"])
                    if lo <= _year_float(s) < hi)
        clusters: list[list] = []
        for x, n in xs:
            if clusters and x - clusters[-1][-1][0] < 2 * per_char:
                clusters[-1].append((x, n))
            else:
                clusters.append([(x, n)])
        right_end = {True: -1e9, False: -1e9}  # where the last label above / below the row ends
        for cl in clusters:
            text = ",".join(n for _, n in cl)
            x, half = cl[0][0], (len(text) / 2 + 0.5) * per_char
            above = x - half > right_end[True] or x - half <= right_end[False]
            right_end[above] = x + half
            ax.text(x, row + (0.28 if above else -0.28), text, ha="center", va="bottom" if above else "top",
                    fontsize=size, color="#222222", zorder=4, gid="event-number")


def timeline_figure(events=None, title: str | None = None, width: float = 9.0):
    """The timeline: one row per category, events by date, periods shaded.

    Two panels share the rows: 1955–2014 on the left and, stretched, 2015–2021 on the right,
    where the texts' dated events crowd. Marker shape says which text tells the event (square
    article, circle interview, diamond both); a hollow marker means the texts give no date and
    the date comes from inference or the external record; a bar shows an interval longer than
    a year. Each marker carries the event's number (its id in the events table without the
    ``E``). Returns the matplotlib figure; an empty table raises :class:`AnalysisError`.
    """


    events = load_events() if events is None else events
    if len(events) == 0:
        raise AnalysisError("timeline_figure() needs at least one event")
    apply_style()
    colours = dict(zip(history.CATEGORIES, _PALETTE))
    cats = [c for c in colours if c in set(events["category"])]
    fig, axes = plt.subplots(1, 2, figsize=(width, 0.5 * len(cats) + 3.0), sharey=True,
                             gridspec_kw={"width_ratios": [3, 2], "wspace": 0.04})
    spans = [(1955.0, 2015.0), (2015.0, 2022.3)]
    label_pt = min_font_size(fig)
    # the panels' share of the figure's width (see subplots_adjust and width_ratios below)
    panel_in = [width * 0.76 * 3 / 5, width * 0.76 * 2 / 5]
    labels = []
    for k, (ax, (lo, hi)) in enumerate(zip(axes, spans)):
        for i, p in enumerate(PERIODS):
            x0, x1 = _year_float(p.start), _year_float(p.end) + 1 / 365
            if x1 <= lo or x0 >= hi:
                continue
            ax.axvspan(x0, x1, color=_PERIOD_SHADES[i % 2], zorder=0, lw=0)
            # wrap the period's name to the width of its band (a character is about 0.6 em)
            band_pt = (min(x1, hi) - max(x0, lo)) / (hi - lo) * panel_in[k] * 72
            name = textwrap.fill(p.name, width=max(5, int(band_pt / (0.6 * label_pt))), break_long_words=False)
            labels.append((ax, (max(x0, lo) + min(x1, hi)) / 2, name))
    lines = max(name.count("\n") + 1 for _, _, name in labels)
    top = len(cats) - 0.45 + 0.45 * lines
    for ax, x, name in labels:
        ax.text(x, top - 0.05, name, ha="center", va="top", fontsize=label_pt, color="#333333",
                linespacing=1.1)
    for ax, (lo, hi) in zip(axes, spans):
        for _, e in events.iterrows():
            y = cats.index(e["category"])
            x0, x1 = _year_float(e["start"]), _year_float(e["end"])
            colour = colours[e["category"]]
            edge = _EDGES.get(colour, colour)
            if x1 - x0 > 1:
                ax.plot([x0, x1], [y, y], color=colour, lw=3, alpha=0.45, solid_capstyle="butt", zorder=2)
            if not lo <= x0 < hi:
                continue  # the marker belongs to the other panel; the bar is clipped here
            hollow = e["dating"] in ("inferred", "external")
            ax.scatter([x0], [y], marker=_TEXT_MARKERS[e["texts"]], s=64, zorder=3, clip_on=True,
                       facecolors="white" if hollow else colour, edgecolors=edge, linewidths=1.6)
        _number_events(ax, events, cats, lo, hi, label_pt, panel_in[axes.tolist().index(ax)])
        ax.set_xlim(lo, hi)
        ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=1)
    axes[1].spines["left"].set_visible(False)
    axes[1].tick_params(axis="y", length=0)
    axes[1].set_xticks(range(2015, 2023))
    axes[1].set_xticklabels([str(y) if y % 2 == 1 else "" for y in range(2015, 2023)])
    axes[0].set_yticks(range(len(cats)), cats)
    axes[0].set_ylim(-0.7, top)
    fig.supxlabel("year (marker at an event's start; bars span multi-year events; right panel stretched)",
                  fontsize=10, y=0.13)
    handles = [Line2D([], [], marker=_TEXT_MARKERS[k], ls="", color="#555555", markersize=7, label=lab)
               for k, lab in (("article", "article only"), ("interview", "interview only"), ("both", "both texts"))]
    handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#555555",
                          markersize=7, label="undated in the texts"))
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle(title or "Events the two texts date, 1956–2021, by category", fontweight="bold")
    legible(fig)
    fig.subplots_adjust(left=0.22, right=0.98, top=0.9, bottom=0.24)
    return fig
