"""analysis.core.intervals: Wilson's interval and the bootstrap over clusters, on known input and bad input."""

import math

import pytest

from analysis.core.intervals import (
    IntervalError,
    bootstrap_share_difference,
    cluster_bootstrap_share,
    wilson_interval,
)


def _wilson_by_hand(k, n, z=1.959963984540054):
    # Wilson (1927), the score interval written out: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
    p = k / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


@pytest.mark.parametrize("k, n", [(10, 16), (11, 51), (0, 7), (7, 7), (1, 1)])
def test_wilson_interval_is_the_score_interval(k, n):
    low, high = wilson_interval(k, n)
    assert (low, high) == pytest.approx(_wilson_by_hand(k, n), abs=1e-9)
    assert 0 <= low <= k / n <= high <= 1


def test_wilson_interval_narrows_with_n_and_widens_with_the_level():
    assert wilson_interval(50, 100)[1] - wilson_interval(50, 100)[0] < wilson_interval(5, 10)[1] - wilson_interval(5, 10)[0]
    w90, w99 = wilson_interval(5, 10, 0.90), wilson_interval(5, 10, 0.99)
    assert w99[0] < w90[0] and w99[1] > w90[1]


@pytest.mark.parametrize("args, match", [((1, 0), "share of nothing"), ((5, 3), "larger than n"),
                                         ((1.5, 3), "k must be a whole number"), ((-1, 3), "k must be"),
                                         ((True, 3), "k must be"), ((1, 3, 1.0), "strictly between 0 and 1"),
                                         ((1, 3, "0.95"), "confidence level")])
def test_wilson_interval_refuses_bad_input(args, match):
    with pytest.raises(IntervalError, match=match):
        wilson_interval(*args)


def test_cluster_bootstrap_share_on_known_input():
    hits, part = [2, 2, 0, 4], [2, 0, 0, 4]
    r = cluster_bootstrap_share(hits, part, n_resamples=2000, seed=7)
    assert r["share"] == 6 / 8
    assert 0 <= r["low"] <= r["share"] <= r["high"] <= 1
    assert r["resamples"] + r["empty"] == 2000 and r["empty"] > 0  # some resamples draw only the empty cluster
    assert cluster_bootstrap_share(hits, part, n_resamples=2000, seed=7) == r  # the seed fixes it
    # every unit in the part, or none: the interval collapses on the share
    assert cluster_bootstrap_share([3, 1], [3, 1], n_resamples=200) | {"resamples": 0, "empty": 0} == \
        {"share": 1.0, "low": 1.0, "high": 1.0, "resamples": 0, "empty": 0}
    assert cluster_bootstrap_share([3, 1], [0, 0], n_resamples=200)["high"] == 0.0


def test_cluster_bootstrap_is_wider_than_wilson_when_clusters_are_all_or_nothing():
    # 16 units in 4 paragraphs, each paragraph dated as a whole: far less information than 16 coin tosses
    hits, part = [4, 4, 4, 4], [4, 4, 0, 0]
    boot = cluster_bootstrap_share(hits, part, n_resamples=5000)
    low, high = wilson_interval(8, 16)
    assert boot["high"] - boot["low"] > high - low


@pytest.mark.parametrize("hits, part, match", [
    ([], [], "no clusters"), ([1, 2], [1], "of one length"), ([0, 0], [0, 0], "no hits in any cluster"),
    ([1, 2], [2, 0], "cluster 0: 2 hits in the part, more than its 1"), ([1.5, 2], [0, 0], "whole numbers"),
    ([1, -2], [0, 0], "whole numbers >= 0"), (5, [1], "sequences of whole numbers"), ([[1, 2]], [[1, 2]], "flat")])
def test_cluster_bootstrap_refuses_bad_counts(hits, part, match):
    with pytest.raises(IntervalError, match=match):
        cluster_bootstrap_share(hits, part)


@pytest.mark.parametrize("kwargs, match", [({"n_resamples": 10}, "n_resamples must be a whole number >= 100"),
                                           ({"n_resamples": 1000.0}, "n_resamples"), ({"seed": "x"}, "seed must be"),
                                           ({"conf": 0}, "strictly between")])
def test_cluster_bootstrap_refuses_bad_settings(kwargs, match):
    with pytest.raises(IntervalError, match=match):
        cluster_bootstrap_share([1, 2], [1, 0], **kwargs)


def test_bootstrap_share_difference_on_known_input():
    a, b = ([4, 4, 4, 4], [4, 4, 4, 0]), ([4, 4, 4, 4], [4, 0, 0, 0])
    r = bootstrap_share_difference(a, b, n_resamples=3000, seed=3)
    assert r["difference"] == pytest.approx(0.75 - 0.25)
    assert -1 <= r["low"] <= r["difference"] <= r["high"] <= 1
    swapped = bootstrap_share_difference(b, a, n_resamples=3000, seed=3)
    assert swapped["difference"] == -r["difference"]
    same = bootstrap_share_difference(a, a, n_resamples=3000, seed=3)
    assert same["difference"] == 0 and same["low"] < 0 < same["high"]


def test_bootstrap_share_difference_refuses_bad_input():
    with pytest.raises(IntervalError, match=r"\(hits, hits_in\) pair"):
        bootstrap_share_difference([1, 2], ([1], [1]))
    with pytest.raises(IntervalError, match="no hits in any cluster"):
        bootstrap_share_difference(([1], [1]), ([0], [0]))
    with pytest.raises(IntervalError, match="n_resamples"):
        bootstrap_share_difference(([1], [1]), ([1], [0]), n_resamples=5)
