"""Tests of analysis.display.lexical_figures: each figure draws what it is given; bad input is refused."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis import lexical as lx  # noqa: E402
from analysis.book import voices as bv  # noqa: E402
from analysis.core.keyness import LexicalError  # noqa: E402
from analysis.display import lexical_figures as ld  # noqa: E402

A = "we build friendship and cooperation we trade we trade again".split()
B = "i think trade and cooperation grow i hope i trade".split()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_keyness_chart_marks_significance_and_sides():
    key = lx.keyness(A * 20, B * 20)
    fig, rows = ld.keyness_chart(key, "a", "b", n=3)
    assert len(rows) <= 6 and (rows["log_ratio"] > 0).any() and (rows["log_ratio"] < 0).any()
    ax = fig.axes[0]
    assert "after correction" in ax.get_title(loc="left")
    solid = [p for p in ax.patches if p.get_hatch() is None]
    assert len(solid) == int((rows["p_bh"] < 0.05).sum())
    with pytest.raises(LexicalError, match="not a keyness table"):
        ld.keyness_chart(key[["count_a"]], "a", "b")
    with pytest.raises(LexicalError, match="no words to chart"):
        ld.keyness_chart(key, "a", "b", exclude=set(key.index))


def test_frequency_scatter_labels_without_overlap():
    key = lx.keyness(A, B)
    fig = ld.frequency_scatter(key, "a", "b", n_labels=5)
    ax = fig.axes[0]
    labels = [t for t in ax.texts]
    assert labels
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(b1.overlaps(b2) for i, b1 in enumerate(boxes) for b2 in boxes[i + 1:])
    assert ax.collections[0].get_offsets().shape[0] == len(key)


def test_overlap_and_diversity_and_dispersion_charts():
    fig = ld.overlap_chart({"a | b": lx.vocabulary_overlap(A, B)})
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a | b"]
    div = lx.compare_diversity({"a": A * 3, "b": B * 3}, segment_length=10, mattr_window=5, hdd_draws=5)
    fig = ld.diversity_chart(div, {"a": "Text A"})
    assert len(fig.axes) == 4 and fig.axes[0].get_yticklabels()[0].get_text() == "Text A"
    v = bv.voices(["article"])
    fig = ld.dispersion_chart(v, dp={"article": lx.dispersion(v["article"].paragraph_tokens, bv.THEMES)})
    assert "Article" in fig.axes[0].get_title(loc="left")
    with pytest.raises(LexicalError, match="at least one comparison"):
        ld.overlap_chart({})
    with pytest.raises(LexicalError, match="at least one voice"):
        ld.dispersion_chart({})


def test_concordance_browser_shows_lines_and_escapes():
    from analysis.display.widgets import concordance_browser

    v = bv.voices(["article", "answers"])
    w = concordance_browser(v, ["dialogue", "friend*"])
    (pick, box, which), shown = w.children[0].children, w.children[1]
    assert box.value == "dialogue" and which.value == "*"
    assert "Article (Borovik): 5 lines" in shown.value and "<strong>dialogue</strong>" in shown.value
    pick.value = "friend*"
    assert box.value == "friend*" and "friendship" in shown.value.lower()
    which.value = "answers"
    assert "Article" not in shown.value
    box.value = "two words"
    assert "must be one word" in shown.value
    v_html = lx.Voice("x", "X", "article", "Borovik", ("A3",), ("a <script>x</script> b",), (0,))
    one = concordance_browser({"x": v_html}, ["x"]).children[1].value
    assert "<script>" not in one and "X: 1 line<" in one  # singular for one line
    with pytest.raises(LexicalError, match="suggested word"):
        concordance_browser(v, [])
    with pytest.raises(LexicalError, match="at least one voice"):
        concordance_browser({}, ["x"])


def test_most_even_themes_and_title_follow_the_dp_values():
    import pandas as pd

    tied = pd.DataFrame({"frequency": [5, 7, 0], "dp": [0.6411, 0.6366, float("nan")]},
                        index=["cooperation", "pandemic", "sovereignty"])
    assert ld.most_even_themes(tied) == ("cooperation", "pandemic")
    assert ld.most_even_themes(tied, decimals=3) == ("pandemic",)
    single = pd.DataFrame({"frequency": [17, 14], "dp": [0.59, 0.70]}, index=["cooperation", "pandemic"])
    assert ld.dispersion_title({"the article": tied, "the answers": single}) == (
        "Most evenly spread: cooperation and pandemic (tied DP) in the article, cooperation in the answers")
    assert ld.dispersion_title({"A": single, "B": single}) == "Cooperation is the most evenly spread theme in A and B"
    with pytest.raises(LexicalError, match="not a dispersion table"):
        ld.most_even_themes(pd.DataFrame({"dp": [0.5]}))
    with pytest.raises(LexicalError, match="no theme occurs"):
        ld.most_even_themes(tied.loc[["sovereignty"]])
    with pytest.raises(LexicalError, match="needs a mapping"):
        ld.dispersion_title({})
