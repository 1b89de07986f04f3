"""analysis.display.plotting: the minimum readable type size and the pass that enforces it."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from analysis.display.plotting import legible, min_font_size


def test_min_font_size_scales_with_figure_width():
    wide, narrow = plt.figure(figsize=(9, 4), dpi=110), plt.figure(figsize=(5, 4), dpi=110)
    assert min_font_size(wide) == pytest.approx(11.30, abs=0.01)
    assert min_font_size(narrow) == pytest.approx(9 * 72 / 110 / 0.75)  # not scaled down: dpi only
    with pytest.raises(ValueError, match="positive"):
        min_font_size(wide, min_display_pt=0)
    plt.close("all")


def test_legible_raises_small_text_and_wraps_a_long_note():
    fig, ax = plt.subplots(figsize=(9, 4), dpi=110)
    ax.set_title("title", fontsize=14)
    small = ax.text(0, 0, "tiny", fontsize=6)
    note = fig.text(0.01, 0.01, "Source: " + "a long note " * 20, fontsize=8, ha="left", va="bottom")
    height = fig.get_figheight()
    legible(fig)
    floor = min_font_size(fig)
    assert small.get_fontsize() == pytest.approx(floor) and ax.title.get_fontsize() == 14
    assert "\n" in note.get_text() and fig.get_figheight() > height
    renderer = fig.canvas.get_renderer()
    assert note.get_window_extent(renderer).x1 <= fig.bbox.width
    with pytest.raises(TypeError, match="matplotlib figure"):
        legible("not a figure")
    plt.close("all")


def test_chapter_figures_meet_the_minimum():
    from matplotlib.text import Text

    from analysis import lexical as lx
    from analysis.book import voices as bv
    from analysis.display import lexical_figures as ld
    from analysis.display.history_figures import timeline_figure

    v = bv.voices()
    figs = [timeline_figure(), ld.dispersion_chart(v, bv.THEMES),
            ld.frequency_scatter(lx.keyness(v["article"].tokens, v["answers"].tokens), "a", "b")]
    for fig in figs:
        floor = min_font_size(fig)
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text()]
        assert min(sizes) >= floor - 1e-6
    plt.close("all")
