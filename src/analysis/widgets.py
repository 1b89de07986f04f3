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
