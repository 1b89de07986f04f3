"""Every figure of the book, made as its chapter makes it, read as a reader would see it at page
width: no two tick labels of an axis overlap (their drawn extents, after layout), and no text is
smaller than 9 pt once the figure is scaled to the content column
(:func:`analysis.display.plotting.min_font_size`). The last tests show both checks can fail."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from analysis.book import trade  # noqa: E402
from analysis.book.findings import (  # noqa: E402
    article_answers_keyness,
    diversity_comparison,
    theme_dispersion,
    timeline_title,
    vocabulary_overlaps,
)
from analysis.book.history import load_events  # noqa: E402
from analysis.book.synthesis import theme_period_table  # noqa: E402
from analysis.book.voices import THEMES, stopwords, voices  # noqa: E402
from analysis.display import lexical_figures as ld  # noqa: E402
from analysis.display import trade_figures  # noqa: E402
from analysis.display.history_figures import timeline_figure  # noqa: E402
from analysis.display.plotting import legible, min_font_size  # noqa: E402
from analysis.display.synthesis_figures import theme_period_figure  # noqa: E402


def _ind():
    return trade.trade_indicators(trade.load_trade_figures(), trade.load_trade_external())


def _timeline():
    events = load_events()
    return timeline_figure(events, title=timeline_title(events))


def _flows():
    ind = _ind()
    return legible(trade_figures.flows_figure(ind["imports"], ind["exports"], ind["total"], ind["year"]))


def _composition():
    ind = _ind()
    textile = (100 * ind["textile_share"], 100 * ind["textile_share_low"], 100 * ind["textile_share_high"])
    return legible(trade_figures.composition_figure(ind["imports"], textile, ind["exports"]))


def _growth():
    ind = _ind()
    reported = {ind["year_2015"]: (ind["reported_2015"], "Cambodia Daily"),
                ind["year_2018"]: (ind["reported_2018"], "TASS")}
    return legible(trade_figures.growth_path_figure(ind["total"], ind["year"], reported, ind["multiple"], ind["span"]))


def _range():
    return legible(trade_figures.growth_range_figure(_ind()["total"]))


def _mirror():
    return legible(trade_figures.mirror_figure(trade.mirror_table(trade.load_trade_external())))


def _keyness():
    return ld.keyness_chart(article_answers_keyness(), "article", "answers", n=12)[0]


def _scatter():
    return ld.frequency_scatter(article_answers_keyness(), "the article", "the answers", exclude=stopwords(),
                                n_labels=12)


def _overlap():
    overlaps = vocabulary_overlaps()
    return ld.overlap_chart({"article | answers": overlaps["article | answers"],
                             "answers | questions": overlaps["answers | questions"]}, title="Overlap")


def _diversity():
    return ld.diversity_chart(diversity_comparison(), {k: v.label for k, v in voices().items()},
                              title="At equal length, the article and the answers are about equally diverse")


def _dispersion():
    dp = theme_dispersion()
    title = ld.dispersion_title({"the article": dp["article"], "the answers": dp["answers"]})
    return ld.dispersion_chart(voices(), THEMES, dp=dp, title=title)


def _themes():
    v = voices()
    tables = {"Article": theme_period_table(v["article"]), "Interview answers": theme_period_table(v["answers"])}
    return theme_period_figure(tables, title="The article sets its themes in dated events")


#: Every figure the chapters glue, made by the same calls as their cells.
FIGURES = {"timeline": _timeline, "trade flows": _flows, "trade composition": _composition,
           "trade growth": _growth, "trade range": _range, "trade mirror": _mirror, "keyness": _keyness,
           "frequency scatter": _scatter, "vocabulary overlap": _overlap, "diversity": _diversity,
           "dispersion": _dispersion, "themes by period": _themes}


def tick_overlaps(fig) -> list[str]:
    """Pairs of visible tick labels of one axis whose drawn extents overlap, as text."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for n, ax in enumerate(fig.axes):
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
            for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
                if box_a.overlaps(box_b) and a != b:
                    found.append(f"axes {n} {name}: {a!r} overlaps {b!r}")
    return found


def small_texts(fig) -> list[str]:
    """Visible texts smaller than 9 pt at the figure's displayed size."""
    fig.canvas.draw()
    floor = min_font_size(fig)
    return [f"{t.get_text()[:30]!r} at {t.get_fontsize():.1f} pt (needs {floor:.1f})"
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < floor - 0.05]


@pytest.fixture(params=list(FIGURES), scope="module")
def figure(request):
    fig = FIGURES[request.param]()
    yield fig
    plt.close(fig)


def test_no_tick_labels_overlap(figure):
    assert tick_overlaps(figure) == []


def test_every_text_is_at_least_9pt_at_page_width(figure):
    assert small_texts(figure) == []


def test_the_checks_catch_crowded_ticks_and_small_text():
    fig, ax = plt.subplots(figsize=(2, 2), dpi=110)
    ax.set_xticks([0.75, 0.751, 0.752], ["0.750", "0.751", "0.752"])
    ax.set_xlim(0.74, 0.76)
    ax.text(0.75, 0.5, "tiny", fontsize=5)
    assert tick_overlaps(fig) and any("'tiny'" in s for s in small_texts(fig))
    plt.close(fig)
