"""Figure conventions shared by every chapter.

Okabe–Ito colours (colour-blind safe), an opaque white figure background so that figures stay
legible on the book's dark theme (no black text on a transparent background), and sizes that read
at page width. Chapter-specific figure functions live in the module of their chapter's analysis
and call :func:`apply_style` and :func:`new_figure`.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.text import Text

__all__ = ["OKABE_ITO", "apply_style", "new_figure"]

#: Okabe & Ito (2008) palette, in their order, black last.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

_STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "figure.dpi": 110,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "axes.prop_cycle": None,  # set in apply_style
    "svg.hashsalt": "borovik-book",
    "path.simplify": True,
}


def apply_style() -> None:
    """Set matplotlib's rcParams to the book's conventions (idempotent)."""

    style = dict(_STYLE)
    style["axes.prop_cycle"] = cycler(color=list(OKABE_ITO.values()))
    mpl.rcParams.update(style)


def new_figure(width: float = 9.0, height: float = 4.5, **kwargs):
    """A styled ``(figure, axes)`` pair; ``width``/``height`` in inches (9 in ≈ page width)."""

    if width <= 0 or height <= 0:
        raise ValueError(f"figure size must be positive, got {width} × {height} inches")
    apply_style()
    return plt.subplots(figsize=(width, height), **kwargs)


#: Width of the book's content column in CSS pixels (sphinx-book-theme at desktop width); a
#: figure wider than this is scaled down to it on the page.
COLUMN_PX = 688
#: Smallest text a reader should meet in a figure, in CSS points at its displayed size.
MIN_DISPLAY_PT = 9.0


def min_font_size(fig, min_display_pt: float = MIN_DISPLAY_PT, column_px: int = COLUMN_PX) -> float:
    """The font size (pt, in the figure's own units) that shows as ``min_display_pt`` on the page.

    A figure ``w`` inches wide is saved at ``fig.dpi`` and, when wider than the content column,
    scaled down to ``column_px`` CSS pixels (96 px = 72 pt); text shrinks with it. A 9-inch figure
    at 110 dpi is shown at about 0.7 of its size, so 9 pt on the page needs about 11.3 pt in it.

    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(figsize=(9, 4), dpi=110)
    >>> round(min_font_size(fig), 1)
    11.3
    >>> plt.close(fig)
    """
    if min_display_pt <= 0 or column_px <= 0:
        raise ValueError(f"sizes must be positive, got {min_display_pt} pt and {column_px} px")
    width_px = fig.get_figwidth() * fig.dpi
    scale = min(1.0, column_px / width_px)  # CSS px per image px
    # text of s pt is s * dpi / 72 image px, shown as that * scale CSS px = that * scale * 0.75 CSS pt
    return float(min_display_pt / (fig.dpi / 72 * scale * 0.75))


def legible(fig, min_display_pt: float = MIN_DISPLAY_PT, column_px: int = COLUMN_PX):
    """Raise every text of ``fig`` smaller than :func:`min_font_size` to that size; returns ``fig``.

    Titles, labels, tick labels, legends, annotations and colour-bar labels are all reached
    (through ``fig.findobj``). Layout is left to the caller: call it before ``tight_layout``
    or before placing labels that must not overlap.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(9, 4), dpi=110)
    >>> t = ax.text(0, 0, "note", fontsize=6)
    >>> round(legible(fig).axes[0].texts[0].get_fontsize(), 1)
    11.3
    >>> plt.close(fig)
    """

    if not hasattr(fig, "findobj"):
        raise TypeError(f"legible() needs a matplotlib figure, got {type(fig).__name__}")
    floor = min_font_size(fig, min_display_pt, column_px)
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < floor - 1e-9:
            text.set_fontsize(floor)
    # tick labels are made afresh when ticks change: set the axis' own label size too
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            ticks = axis.get_major_ticks()
            if ticks and ticks[0].label1.get_fontsize() < floor - 1e-9:
                ax.tick_params(axis=name, which="both", labelsize=floor)
    _wrap_notes(fig)
    return fig


def _wrap_notes(fig) -> None:
    """Wrap a source note (figure-level text near the bottom) that the larger type pushed past
    the figure's right edge, and make the figure taller by the added lines so the axes keep
    their size and the note does not run into them. (A note wider than the figure would widen
    the saved image and so shrink everything on the page.)"""

    renderer = fig.canvas.get_renderer()
    for note in list(fig.texts):
        x, y = note.get_position()
        if not note.get_text() or y > 0.1 or note.get_ha() != "left":
            continue
        before = note.get_window_extent(renderer)
        room = fig.bbox.width * (0.99 - x)
        if before.width <= room:
            continue
        lines = note.get_text().split("\n")
        chars = max(20, int(max(len(line) for line in lines) * room / before.width * 0.97))
        note.set_text("\n".join(textwrap.fill(line, chars) for line in lines))
        added = (note.get_window_extent(renderer).height - before.height) / fig.dpi
        if added <= 0:
            continue
        old_h = fig.get_figheight()
        new_h = old_h + added
        boxes = [(ax, ax.get_position()) for ax in fig.axes]
        fig.set_figheight(new_h)
        for ax, pos in boxes:
            ax.set_position([pos.x0, (pos.y0 * old_h + added) / new_h, pos.width, pos.height * old_h / new_h])
        for other in fig.texts:
            ox, oy = other.get_position()
            other.set_position((ox, oy * old_h / new_h if other is note else (oy * old_h + added) / new_h))


__all__ += ["COLUMN_PX", "MIN_DISPLAY_PT", "min_font_size", "legible"]
