"""Interactive controls for readers who run the notebooks (Binder or a local kernel).

Each function returns an ipywidgets container that works with a live kernel; the executed
notebook stores the widget's initial state, so the static book shows that state too. Every
widget has a static figure or table beside it in the book carrying the same finding.
"""

from __future__ import annotations

from html import escape

__all__ = ["paragraph_browser"]


def paragraph_browser(source_id: str = "interview", initial: str | None = None):
    """A dropdown of a source's paragraph ids that shows the chosen paragraph with its speaker.

    ``initial`` is the paragraph shown first (default: the first one). An unknown source or
    paragraph id raises :class:`analysis.errors.SourceError`.
    """
    import ipywidgets as widgets

    from .sources import load_source

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


def timeline_explorer(period: str = "all", category: str = "all", text: str = "all"):
    """Filter the history chapter's timeline by period, category and telling text.

    Three dropdowns (``"all"`` or a value of :data:`analysis.timeline.PERIODS` names,
    :data:`analysis.timeline.CATEGORIES`, or ``"article"``/``"interview"``/``"both"``)
    redraw :func:`analysis.timeline.timeline_figure` for the matching events and list them.
    The arguments set the initial choice; an unknown value raises
    :class:`analysis.errors.AnalysisError` naming the valid ones.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .errors import AnalysisError
    from .timeline import CATEGORIES, PERIODS, events_table, load_events, timeline_figure

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

    def _draw(period, category, text):
        rows = events
        if period != "all":
            rows = rows[rows["period"] == period]
        if category != "all":
            rows = rows[rows["category"] == category]
        if text != "all":
            rows = rows[rows["texts"] == text]
        if len(rows) == 0:
            print("No event matches this choice.")
            return
        fig = timeline_figure(rows, title=f"{len(rows)} of {len(events)} events match the filter")
        display(fig)
        plt.close(fig)  # displayed once, as the output's image; no second copy from the backend
        display(events_table(rows).style.hide(axis="index").set_uuid("timeline-explorer"))

    out = widgets.interactive_output(_draw, {"period": pick_period, "category": pick_category, "text": pick_text})
    return widgets.VBox([widgets.HBox([pick_period, pick_category, pick_text]), out])


__all__ += ["timeline_explorer"]
