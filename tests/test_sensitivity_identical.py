"""Which dating rules give identical results on these texts (the conclusions say so, computed)."""

import pandas as pd

from analysis.book import findings as F
from analysis.book.synthesis import DATING_LABELS




def test_identical_rules_groups_rows_with_equal_numbers_in_order():
    table = pd.DataFrame({"share": [50.0, 41.0, 41.0, 50.0000000001, 3.0], "rule": list("vwxyz")},
                         index=["a", "b", "c", "d", "e"])
    assert F._identical_rules(table) == [["a", "d"], ["b", "c"], ["e"]]
    assert F._identical_rules(table.iloc[[4]]) == [["e"]]


def test_sensitivity_findings_name_the_rules_that_coincide():
    s, table = F.sensitivity_findings(), F.dated_sensitivity()
    groups = F._identical_rules(table)
    assert s["s_n_distinct"] == len(groups) <= s["s_n_rules"] == len(table)
    tied = [g for g in groups if len(g) > 1]
    for group in tied:
        rows = table.loc[group].select_dtypes("number")
        assert (rows.nunique() == 1).all(), group
        assert all(DATING_LABELS[rule] in s["s_identical"] for rule in group)
    assert (s["s_identical"] == "no two rules") == (not tied)
