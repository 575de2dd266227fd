"""Evaluation arithmetic: per-label report and the bootstrap interval of the macro-F1."""

from __future__ import annotations

from analysis.evaluate import bootstrap_macro_f1, label_report

IDS = ["a", "b"]


def test_label_report_counts_precision_recall_and_macro() -> None:
    gold = [{"a"}, {"a", "b"}, set(), {"b"}]
    pred = [{"a"}, {"a"}, {"b"}, {"b"}]
    rep = label_report(gold, pred, IDS)
    assert rep["labels"]["a"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert rep["labels"]["b"]["precision"] == 0.5 and rep["labels"]["b"]["recall"] == 0.5
    assert rep["macro_f1"] == 0.75


def test_bootstrap_interval_is_a_point_for_perfect_predictions() -> None:
    gold = [{"a"}, {"b"}, {"a", "b"}, set()] * 5
    assert bootstrap_macro_f1(gold, gold, IDS) == [1.0, 1.0]


def test_bootstrap_interval_brackets_the_score_and_narrows_with_more_passages() -> None:
    gold = [{"a"}, {"b"}, {"a"}, set(), {"b"}, {"a", "b"}, {"a"}, {"b"}]
    pred = [{"a"}, {"a"}, {"a"}, {"b"}, {"b"}, {"a"}, set(), {"b"}]
    point = label_report(gold, pred, IDS)["macro_f1"]
    lo, hi = bootstrap_macro_f1(gold, pred, IDS)
    assert lo < point < hi
    lo4, hi4 = bootstrap_macro_f1(gold * 16, pred * 16, IDS)
    assert lo <= lo4 < point < hi4 <= hi
    assert hi4 - lo4 < (hi - lo) / 2
    assert bootstrap_macro_f1(gold, pred, IDS) == [lo, hi]  # seeded: reproducible
