"""Passages: 40-300 words, never across a heading, exact offsets."""

from __future__ import annotations

import pytest

from analysis.segment import MAX_WORDS, TextBlock, split_into_passages

SENTENCE = "De bewoners van de locatie waarderen de aandacht van de medewerkers zeer."  # 12 words


def _para(sentences: int) -> TextBlock:
    return TextBlock("text", " ".join([SENTENCE] * sentences), 1)


@pytest.mark.parametrize(
    ("blocks", "sizes"),
    [
        pytest.param([_para(2)] * 6, [144], id="short-paragraphs-grouped"),
        pytest.param([_para(10)] * 3, [120, 120, 120], id="target-size-reached"),
        pytest.param([_para(60)], [192, 192, 192, 144], id="long-paragraph-split-at-sentences"),
        pytest.param([_para(2), TextBlock("heading", "Kop", 1, 1), _para(2)], [24, 24], id="heading-splits"),
    ],
)
def test_passage_sizes(blocks: list[TextBlock], sizes: list[int]) -> None:
    seg = split_into_passages(blocks)
    assert [p.words for p in seg.passages] == sizes


def test_run_without_sentence_ends_is_cut_below_the_maximum() -> None:
    seg = split_into_passages([TextBlock("text", "zorg " * 1000, 1)])
    assert max(p.words for p in seg.passages) <= MAX_WORDS
    assert sum(p.words for p in seg.passages) == 1000


def test_offsets_and_heading_paths() -> None:
    blocks = [
        TextBlock("heading", "1 Zorg", 1, 1),
        _para(3),
        TextBlock("heading", "1.1 Wonen", 2, 2),
        TextBlock("table", "Locatie Score\nDe Linde 8,4", 2),
        TextBlock("heading", "2 Veiligheid", 3, 1),
        _para(3),
    ]
    seg = split_into_passages(blocks)
    assert [p.heading_path for p in seg.passages] == [("1 Zorg",), ("1 Zorg", "1.1 Wonen"), ("2 Veiligheid",)]
    assert [p.kind for p in seg.passages] == ["text", "table", "text"]
    assert all(seg.text[p.char_start : p.char_end] == p.text for p in seg.passages)
    assert [h[1] for h in seg.headings] == ["1 Zorg", "1.1 Wonen", "2 Veiligheid"]


@pytest.mark.parametrize("text", ["een twee drie", "een  twee", " een", "een\ntwee", "een\u00a0twee", "", "x"])
def test_word_count_is_the_number_of_split_words(text: str) -> None:
    from analysis.segment import word_count

    assert word_count(text) == len(text.split())
