"""Interactive controls for readers who run the notebooks (Binder or a local kernel).

Each function returns an ipywidgets container that works with a live kernel; the executed
notebook stores the widget's initial state, so the static book shows that state too. Every
widget has a static figure or table beside it in the book carrying the same finding.
"""

from __future__ import annotations

from html import escape

__all__ = ["paragraph_browser", "concordance_browser"]


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

    from .lexical import LexicalError, concordance, concordance_html

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
            parts.append(concordance_html(table, caption=f"{v.label}: {len(table)} lines"))
        shown.value = "".join(parts)

    def _copy(change):
        box.value = change["new"]

    pick.observe(_copy, names="value")
    box.observe(_show, names="value")
    which.observe(_show, names="value")
    _show()
    return widgets.VBox([widgets.HBox([pick, box, which]), shown])
