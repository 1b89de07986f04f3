"""The keyness chart's title agrees in number with the count it gives (an auditor found '1 ... stay')."""

import matplotlib.pyplot as plt
import pytest

from analysis.book.findings import article_answers_keyness
from analysis.display import lexical_figures as ld


def _title(table):
    fig, _rows = ld.keyness_chart(table, "article", "answers", n=3)
    title = fig.axes[0].get_title(loc="left")
    plt.close(fig)
    return title


@pytest.mark.parametrize("k, verb", [(0, None), (1, "stays"), (2, "stay")])
def test_keyness_title_counts_the_survivors_in_number(k, verb):
    table = article_answers_keyness().copy()
    table["p_bh"] = 1.0
    table.iloc[:k, table.columns.get_loc("p_bh")] = 0.001
    expected = (f"No word type of {len(table)} stays key after correction" if k == 0
                else f"{k} of {len(table)} word types {verb} key after correction")
    assert _title(table) == expected
