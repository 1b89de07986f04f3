"""Figure conventions shared by every chapter.

Okabe–Ito colours (colour-blind safe), an opaque white figure background so that figures stay
legible on the book's dark theme (no black text on a transparent background), and sizes that read
at page width. Chapter-specific figure functions live in the module of their chapter's analysis
and call :func:`apply_style` and :func:`new_figure`.
"""

from __future__ import annotations

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
    import matplotlib as mpl
    from cycler import cycler

    style = dict(_STYLE)
    style["axes.prop_cycle"] = cycler(color=list(OKABE_ITO.values()))
    mpl.rcParams.update(style)


def new_figure(width: float = 9.0, height: float = 4.5, **kwargs):
    """A styled ``(figure, axes)`` pair; ``width``/``height`` in inches (9 in ≈ page width)."""
    import matplotlib.pyplot as plt

    if width <= 0 or height <= 0:
        raise ValueError(f"figure size must be positive, got {width} × {height} inches")
    apply_style()
    return plt.subplots(figsize=(width, height), **kwargs)
