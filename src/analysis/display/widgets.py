"""Interactive controls for readers who run the notebooks (Binder or a local kernel).

Each function returns an ipywidgets container that works with a live kernel; the executed
notebook stores the widget's initial state, so the static book shows that state too. Every
widget has a static figure or table beside it in the book carrying the same finding.
"""

from __future__ import annotations

import io
from html import escape
from typing import Mapping

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.book.history import CATEGORIES, PERIODS, load_events
from analysis.book.sources import load_source
from analysis.book.trade import (
    AID_READINGS,
    QuantityError,
    aid_readings,
    implied_cagr,
    implied_path,
    implied_start_level,
)
from analysis.core.distribution import concordance
from analysis.core.errors import AnalysisError
from analysis.core.tokens import LexicalError
from analysis.display.history_figures import timeline_figure
from analysis.display.reader_tables import concordance_html, events_table, reader_table

# ipywidgets is imported inside each function: it loads only where a kernel shows the widget,
# so the package imports without it (the command line, the tests of the figures).

__all__ = ["paragraph_browser", "trade_explorer", "concordance_browser"]


def paragraph_browser(source_id: str = "interview", initial: str | None = None):
    """A dropdown of a source's paragraph ids that shows the chosen paragraph with its speaker.

    ``initial`` is the paragraph shown first (default: the first one). An unknown source or
    paragraph id raises :class:`analysis.errors.SourceError`.
    """
    import ipywidgets as widgets


    src = load_source(source_id)
    first = src.paragraph(initial).id if initial is not None else src.paragraphs[0].id
    options = [(f"{p.id} · {p.speaker or p.kind}", p.id) for p in src.paragraphs]
    choice = widgets.Dropdown(options=options, value=first, description="Paragraph",
                              layout=widgets.Layout(width="22em"))
    shown = widgets.HTML()

    def _show(change=None):
        p = src.paragraph(choice.value)
        shown.value = (f"<p><strong>{escape(p.id)}</strong> <em>[{escape(p.speaker or p.kind)}]</em> "
                       f"{escape(p.text)}</p>")

    choice.observe(_show, names="value")
    _show()
    return widgets.VBox([choice, shown])


def _png(fig) -> bytes:
    """``fig`` drawn to PNG bytes by matplotlib's Agg canvas, then closed.

    The widgets below show their charts in an ``ipywidgets.Image`` instead of an ``Output``
    widget: when a notebook runs under nbclient (the book build), every display captured by an
    Output widget makes nbclient send a ``comm_msg`` to the kernel on the shell channel while it
    is waiting on that channel for the cell's ``execute_reply``, and under load that reply was
    then only picked up when the cell timeout ran out (jupyter/nbclient#312). An Image and an
    HTML widget change only by comm state, which nbclient records without answering.
    """


    buf = io.BytesIO()
    FigureCanvasAgg(fig)  # draw with Agg whatever backend pyplot uses
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})  # no version stamp
    plt.close(fig)
    return buf.getvalue()


def _chart(widgets):
    """An empty Image widget for a chart, scaled to the column."""
    return widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))


def trade_explorer(end_value: float = 246.0, end_year: int = 2019,
                   reported: Mapping[int, tuple[float, str]] | None = None):
    """An ipywidgets explorer: vary the multiple, the span and the aid reading; see what they imply.

    Returns a ``VBox`` of the four controls, a chart (``ipywidgets.Image``) and a text of what
    the choice implies (``ipywidgets.HTML``), redrawn by ``observe`` callbacks when a control
    changes; display it in a notebook. The static book shows the default state;
    :func:`growth_range_figure` carries the same finding as a static figure.
    """
    import ipywidgets as w

    if isinstance(end_value, bool) or not isinstance(end_value, (int, float)) or not end_value > 0:
        raise QuantityError(f"end value must be a positive number (USD million), got {end_value!r}")
    reported = dict(reported or {})
    multiple = w.FloatSlider(value=7, min=5, max=9, step=0.5, description="multiple",
                             continuous_update=False, readout_format=".1f")
    span = w.IntSlider(value=10, min=8, max=12, step=1, description="span (years)", continuous_update=False)
    reading = w.Dropdown(options=[(f"{k}: {v}", k) for k, v in AID_READINGS.items()], value="A",
                         description="aid reading", layout=w.Layout(width="95%"))
    aid_span = w.IntSlider(value=12, min=11, max=12, step=1, description="aid years", continuous_update=False)
    for c in (multiple, span, aid_span):
        c.style.description_width = "110px"
        c.layout = w.Layout(width="420px")
    reading.style.description_width = "110px"
    chart = _chart(w)
    summary = w.HTML()

    def show(change=None):
        m, s, r, a = multiple.value, span.value, reading.value, aid_span.value
        g = implied_cagr(m, s)
        start = implied_start_level(end_value, m)
        path = implied_path(end_value, end_year, m, s)
        lines = [f"{end_year - s}: USD {start:,.1f} million; growth {g:.1%} a year."]
        for yr, (val, lab) in sorted(reported.items()):
            if yr in path.index:
                lines.append(f"{yr}: path {path[yr]:,.1f} vs reported {val:,.1f} ({lab}).")
        aid = aid_readings(a).set_index("reading").loc[r]
        lines.append(f"Aid reading {r} over {a} years:")
        lines.append(f"  all donors up to USD {aid['all_period']:,.1f} million,")
        lines.append(f"  USSR more than USD {aid['ussr_period']:,.1f} million"
                     + ("" if aid["coherent"] else " (the part exceeds the whole: incoherent)") + ".")
        fig, ax = plt.subplots(figsize=(8, 3.2))
        ax.plot(path.index, path.values, color="#0072B2", lw=2)
        for yr, (val, _lab) in sorted(reported.items()):
            ax.scatter([yr], [val], color="#D55E00", zorder=5)
        ax.set_ylabel("bilateral trade, USD million")
        ax.set_xlabel("year")
        ax.set_title(f"{m:g} times over {s} years: {g:.1%} a year")
        fig.set_facecolor("white")
        chart.value = _png(fig)
        summary.value = f"<pre style=\"white-space: pre-wrap\">{escape(chr(10).join(lines))}</pre>"

    for control in (multiple, span, reading, aid_span):
        control.observe(show, names="value")
    show()
    return w.VBox([multiple, span, aid_span, reading, chart, summary])


def timeline_explorer(period: str = "all", category: str = "all", text: str = "all"):
    """Filter the history chapter's timeline by period, category and telling text.

    Three dropdowns (``"all"`` or a value of :data:`analysis.timeline.PERIODS` names,
    :data:`analysis.timeline.CATEGORIES`, or ``"article"``/``"interview"``/``"both"``)
    redraw :func:`analysis.timeline.timeline_figure` for the matching events (an
    ``ipywidgets.Image``) and list them (an ``ipywidgets.HTML`` table) when a filter is set.
    The arguments set the initial choice; an unknown value raises
    :class:`analysis.errors.AnalysisError` naming the valid ones.
    """
    import ipywidgets as widgets


    events = load_events()
    choices = {
        "period": ["all"] + [p.name for p in PERIODS],
        "category": ["all"] + list(CATEGORIES),
        "text": ["all", "article", "interview", "both"],
    }
    for name, value in (("period", period), ("category", category), ("text", text)):
        if value not in choices[name]:
            raise AnalysisError(f"unknown {name} {value!r}; choose one of {choices[name]}")
    style = {"description_width": "5em"}
    pick_period = widgets.Dropdown(options=choices["period"], value=period, description="Period", style=style)
    pick_category = widgets.Dropdown(options=choices["category"], value=category, description="Category", style=style)
    pick_text = widgets.Dropdown(options=choices["text"], value=text, description="Told by", style=style)
    chart = _chart(widgets)
    listing = widgets.HTML()

    def _draw(change=None):
        rows = events
        if pick_period.value != "all":
            rows = rows[rows["period"] == pick_period.value]
        if pick_category.value != "all":
            rows = rows[rows["category"] == pick_category.value]
        if pick_text.value != "all":
            rows = rows[rows["texts"] == pick_text.value]
        if len(rows) == 0:
            chart.layout.display = "none"
            listing.value = "<p>No event matches this choice.</p>"
            return
        fig = timeline_figure(rows, title=f"{len(rows)} of {len(events)} events match the filter")
        chart.value = _png(fig)
        chart.layout.display = None
        # the page lists all events already, beside the widget
        listing.value = ("" if len(rows) == len(events)
                         else reader_table(events_table(rows), table="timeline-explorer-events", csv="events.csv",
                                           kinds={"paragraphs": "paragraph"}).html)

    for pick in (pick_period, pick_category, pick_text):
        pick.observe(_draw, names="value")
    _draw()
    return widgets.VBox([widgets.HBox([pick_period, pick_category, pick_text]), chart, listing])


__all__ += ["timeline_explorer"]


def concordance_browser(voice_map, words, width: int = 40):
    """A key-word-in-context concordance a reader can drive (the lexical chapter).

    ``voice_map`` maps names to :class:`analysis.lexical.Voice` objects (from
    :func:`analysis.lexical.voices`); ``words`` are the suggestions of the dropdown, the first
    shown at start. A text box takes any word or ``friend*`` pattern; a second dropdown picks a
    voice or all of them. Lines come from :func:`analysis.lexical.concordance` and are rendered
    by :func:`analysis.lexical.concordance_html`, which escapes the text. A bad pattern shows
    its error message in place of the lines. No voice or no suggestion raises
    :class:`analysis.lexical.LexicalError`.
    """
    import ipywidgets as widgets


    if not voice_map:
        raise LexicalError("concordance_browser needs at least one voice")
    words = list(words)
    if not words:
        raise LexicalError("concordance_browser needs at least one suggested word")
    pick = widgets.Dropdown(options=words, value=words[0], description="Word")
    box = widgets.Text(value=words[0], description="or type", placeholder="e.g. friend*")
    which = widgets.Dropdown(options=[(v.label, k) for k, v in voice_map.items()] + [("all voices", "*")],
                             value="*", description="Voice")
    shown = widgets.HTML()

    def _show(change=None):
        chosen = voice_map if which.value == "*" else {which.value: voice_map[which.value]}
        parts = []
        for v in chosen.values():
            try:
                table = concordance(v, box.value.strip(), width=width)
            except LexicalError as exc:
                shown.value = f"<p><em>{escape(str(exc))}</em></p>"
                return
            n = len(table)
            parts.append(concordance_html(table, caption=f"{v.label}: {n} {'line' if n == 1 else 'lines'}"))
        shown.value = "".join(parts)

    def _copy(change):
        box.value = change["new"]

    pick.observe(_copy, names="value")
    box.observe(_show, names="value")
    which.observe(_show, names="value")
    _show()
    # the controls wrap onto a second row where three side by side would overflow the column
    controls = widgets.HBox([pick, box, which], layout=widgets.Layout(flex_flow="row wrap"))
    return widgets.VBox([controls, shown])
