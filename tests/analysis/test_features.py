"""The fast tokenizer gives exactly the tokens of the plain str.translate definition."""

from __future__ import annotations

import random

import pytest

from analysis.features import TOKEN_TABLE, tokens_of

TRICKY = [
    "In 2023 scoorde 87,5% van de cliënten een 8,4 (NPS +32).",
    "‘Mijn moeder’ zei: „Ik voel me hier thuis” – dochter… • punt · «x»",
    "ÀÉÎ ÏÖÜ ĲSSELMONDE İstanbul ǅ ß",
    "tab\there\u00a0nbsp\u2028line\u3000wide",
    "lone surrogate \ud800 stays a character",
    "",
    "%%%",
]


def reference(text: str) -> list[str]:
    return text.lower().translate(TOKEN_TABLE).split()


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_tokenise_as_the_reference(text: str) -> None:
    assert tokens_of(text) == reference(text)


def test_random_unicode_tokenises_as_the_reference() -> None:
    rng = random.Random(7)
    alphabet = "abcëéïü ABCËÉ019%.,;:!?'\"“”‘’„–—…•·«»()[]\t\n\u00a0€$&@#ĳß"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert tokens_of(text) == reference(text), text
