"""Choices made on out-of-fold predictions: the top-bouwsteen bar and the element gate."""

from __future__ import annotations

import numpy as np

from analysis.classify import Head
from analysis.tuning import HeadFit, choose_element_gates, choose_top_bar
from kb.taxonomy import Label

IDS = ["x-b1", "x-b2", "x-e-b2"]


def fit_of(oof: list[list[float]], y: list[list[int]], thresholds: tuple[float, ...] = (0.5, 0.5, 0.5)) -> HeadFit:
    n = len(IDS)
    head = Head(list(IDS), np.zeros((n, 1), dtype=np.float32), np.zeros(n), np.tile([1.0, 0.0], (n, 1)), np.array(thresholds))
    return HeadFit(head, np.array(oof), np.array(y, dtype=np.int8), np.ones(len(oof), dtype=bool), {})


def test_top_bar_is_used_only_when_it_gains_enough() -> None:
    # four passages miss their only bouwsteen at 0.35; one negative also scores 0.35
    oof = [[0.35, 0.1, 0.0]] * 4 + [[0.35, 0.1, 0.0]] + [[0.9, 0.1, 0.0]] * 5 + [[0.1, 0.9, 0.0]] * 5
    y = [[1, 0, 0]] * 4 + [[0, 0, 0]] + [[1, 0, 0]] * 5 + [[0, 1, 0]] * 5
    assert choose_top_bar(fit_of(oof, y), ["x-b1", "x-b2"], (0.3, 0.4)) == 0.3
    big = fit_of(oof, y)
    assert choose_top_bar(big, ["x-b1", "x-b2"], (0.3, 0.4), min_gain=0.5) is None
    assert big.metrics["top_bar"] is None


def test_element_gate_follows_out_of_fold_f1() -> None:
    elements = [Label(id="x-e-b2", sector="x", name="E", bouwsteen="x-b2")]
    # the element only ever occurs with its bouwsteen: gating removes false positives
    oof = [[0.1, 0.9, 0.9]] * 4 + [[0.9, 0.1, 0.9]] * 2 + [[0.9, 0.1, 0.1]] * 4
    y = [[0, 1, 1]] * 4 + [[1, 0, 0]] * 2 + [[1, 0, 0]] * 4
    assert choose_element_gates(fit_of(oof, y), elements) == {"x-e-b2": True}
    # the element also occurs where its bouwsteen is not predicted: gating loses recall
    y = [[0, 1, 1]] * 4 + [[1, 0, 1]] * 2 + [[1, 0, 0]] * 4
    fit = fit_of(oof, y)
    assert choose_element_gates(fit, elements) == {"x-e-b2": False}
    assert fit.metrics["element_gate"]["x-e-b2"]["free"] > fit.metrics["element_gate"]["x-e-b2"]["gated"]


def test_threshold_is_the_middle_of_the_f1_plateau_with_a_tolerance() -> None:
    from analysis.tuning import GRID, best_threshold, f1

    # positives score 0.3-0.8, negatives 0.05-0.25: every threshold in (0.25, 0.3] separates them
    # perfectly, and F1 stays within 0.05 of the best a little further up and down
    pos = np.array([0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8] * 3)
    neg = np.array([0.05, 0.1, 0.15, 0.2, 0.25] * 3)
    probs, y = np.concatenate([pos, neg]), np.array([1] * len(pos) + [0] * len(neg))
    arg_max = best_threshold(probs, y, 0.0, 1.0)
    assert 0.25 < arg_max <= 0.3  # the first grid point of the perfect plateau
    plateau = best_threshold(probs, y, 0.0, 1.0, tolerance=0.05)
    within = [t for t in GRID if f1(probs >= t, y) >= 1.0 - 0.05]
    assert plateau == float(np.median(within)) and min(within) < plateau < max(within)
    assert plateau != arg_max
    assert best_threshold(probs, y, 0.0, 0.26, tolerance=0.05) == 0.26  # the ceiling still holds
