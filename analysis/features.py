"""Text features for the passage classifiers.

One fast analyzer (one ``str.translate`` and ``split`` per passage) yields:

- word unigrams and bigrams of normalised tokens (lower case; every digit becomes 0,
  so "in 2023 hebben we" and "in 2024 hebben we" are the same feature, ``0000``;
  ``%`` is a token of its own);
- affixes of long words (the first and last 4-7 letters): Dutch compounds such as
  "medewerkerstevredenheid" or "ziekteverzuimcijfers" share their parts with
  "medewerkers", "tevredenheid" and "ziekteverzuim". These play the role of character
  n-grams at a fraction of their cost (measured: character 3-5-grams run at about
  2,000 passages/s, this analyzer at well above 5,000; see docs/evaluation.md).

Feature names stay readable: affixes are written ``verzuim~`` (prefix) and ``~verzuim``
(suffix), so an explanation can map them back to the words of the passage.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import is_not
from typing import cast

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize

PUNCTUATION = string.punctuation.replace("%", "") + "“”‘’„–—…•·«»"
TOKEN_TABLE = str.maketrans(
    {**{ord(c): " " for c in PUNCTUATION}, **{ord(d): "0" for d in "123456789"}, ord("%"): " % "}
)
PUNCT_TABLE = str.maketrans({ord(c): " " for c in PUNCTUATION})
CACHE_LIMIT = 200_000
AFFIX_MIN_WORD = 8
AFFIX_LENGTHS = (4, 5, 7)
NOT_NONE = partial(is_not, None)
STOPWORDS = frozenset(
    "de het een en van in op te dat die is zijn voor met aan er als bij om ook of door"
    " naar over dan nog wel tot uit maar dit deze worden wordt kan zo".split()
)


EXPLAIN_SKIP = STOPWORDS | frozenset(
    "we wij ons onze ze zij hun hebben heeft had hadden was waren ik je u jij hij haar hem"
    " niet geen meer veel al nu wat waar hoe wie welke".split()
)


@dataclass(frozen=True)
class FeatureOptions:
    """What the analyzer emits; chosen by cross-validation (docs/evaluation.md)."""

    bigrams: bool = True
    affixes: bool = True
    min_df: int = 2
    max_features: int = 60000


_ASCII_PUNCT = "".join(c for c in PUNCTUATION if ord(c) < 128)
_WIDE_PUNCT = tuple(c for c in PUNCTUATION if ord(c) >= 128)
_BYTE_TABLE = bytes.maketrans((_ASCII_PUNCT + "123456789").encode(), (" " * len(_ASCII_PUNCT) + "0" * 9).encode())


def tokens_of(text: str) -> list[str]:
    """The normalised tokens of a text: lower case, punctuation gone, digits as 0.

    The same tokens as ``text.lower().translate(TOKEN_TABLE).split()``, 2-3x faster:
    ``str.translate`` with a dict table looks up every character, ``bytes.translate`` is a
    256-byte table (UTF-8 keeps ASCII bytes as they are; the few non-ASCII punctuation marks
    are replaced first).
    """
    lowered = text.lower()
    for mark in _WIDE_PUNCT:
        if mark in lowered:
            lowered = lowered.replace(mark, " ")
    if "%" in lowered:
        lowered = lowered.replace("%", " % ")
    return lowered.encode("utf-8", "surrogatepass").translate(_BYTE_TABLE).decode("utf-8", "surrogatepass").split()


class PassageFeaturizer(BaseEstimator, TransformerMixin):
    """TF-IDF over words, bigrams and compound affixes; a scikit-learn transformer.

    Fit counts document frequencies like TfidfVectorizer (smooth idf, sublinear tf,
    l2 norm). Transform is the fast path: whole-text regexes, then per word type a
    cached tuple of feature indices, so the per-token work is one dict lookup.
    """

    def __init__(self, bigrams: bool = True, affixes: bool = True, min_df: int = 2, max_features: int = 60000) -> None:
        self.bigrams = bigrams
        self.affixes = affixes
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, X: Iterable[str], y: object = None) -> PassageFeaturizer:
        df: Counter[str] = Counter()
        n_docs = 0
        for text in X:
            df.update(set(self.features_of(text)))
            n_docs += 1
        kept = [f for f, n in df.items() if n >= self.min_df]
        kept.sort(key=lambda f: (-df[f], f))
        kept = sorted(kept[: self.max_features])
        self.vocabulary_ = {f: i for i, f in enumerate(kept)}
        counts = np.array([df[f] for f in kept], dtype=np.float64)
        self.idf_ = (np.log((1 + n_docs) / (1 + counts)) + 1).astype(np.float32)
        self._cache: dict[str, tuple[int, ...]] = {}
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        return self.transform_tokens(tokens_of(text) for text in X)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        names = [""] * len(self.vocabulary_)
        for f, i in self.vocabulary_.items():
            names[i] = f
        return np.asarray(names, dtype=object)

    def features_of(self, text: str) -> list[str]:
        """The feature strings of a text (fit and explanations; not the fast path)."""
        toks = tokens_of(text)
        feats = [f for t in toks for f in self._word_features(t)]
        if self.bigrams:
            feats.extend(f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False))
        return feats

    def _word_features(self, tok: str) -> list[str]:
        feats = [] if tok in STOPWORDS else [tok]
        if self.affixes and len(tok) >= AFFIX_MIN_WORD:
            feats.extend(f"{tok[:n]}~" for n in AFFIX_LENGTHS)
            feats.extend(f"~{tok[-n:]}" for n in AFFIX_LENGTHS)
        return feats

    def transform_tokens(self, token_lists: Iterable[list[str]]) -> sp.csr_matrix:
        """Transform already tokenised texts (``tokens_of``), so callers tokenise once."""
        indptr = [0]
        indices: list[int] = []
        for toks in token_lists:
            indices.extend(self._token_indices(toks))  # repeated features stay repeated ...
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
            shape=(len(indptr) - 1, len(self.vocabulary_)),
        )
        matrix.sum_duplicates()  # ... and are counted here, in compiled code
        matrix.data = (np.log(matrix.data) + 1) * self.idf_[matrix.indices]
        return normalize(matrix, copy=False)

    def _token_indices(self, toks: list[str]) -> Iterable[int]:
        """Feature indices of a token list, as an iterator (map/chain run in C; no per-token Python loop
        once the words are cached)."""
        cache = self.__dict__.setdefault("_cache", {})
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        hits = list(map(cache.get, toks))
        if None in hits:  # words not seen yet: look them up once
            for i, hit in enumerate(hits):
                if hit is None:
                    tok = toks[i]
                    hit = cache.get(tok)
                    if hit is None:
                        hit = cache[tok] = self._lookup(self._word_features(tok))
                    hits[i] = hit
        words = chain.from_iterable(cast("list[tuple[int, ...]]", hits))
        if self.bigrams and len(toks) > 1:
            found = map(self.vocabulary_.get, map(" ".join, zip(toks, toks[1:], strict=False)))
            return chain(words, cast("Iterable[int]", filter(NOT_NONE, found)))  # index 0 is valid: no filter(None)
        return words

    def _lookup(self, feats: list[str]) -> tuple[int, ...]:
        return tuple(cast("Iterable[int]", filter(NOT_NONE, map(self.vocabulary_.get, feats))))

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_cache", None)  # rebuilt on use; keeps the model file small
        return state


def build_vectorizer(opts: FeatureOptions | None = None) -> PassageFeaturizer:
    """An unfitted featurizer with the chosen options."""
    o = opts or FeatureOptions()
    return PassageFeaturizer(bigrams=o.bigrams, affixes=o.affixes, min_df=o.min_df, max_features=o.max_features)


def feature_matches_word(feature: str, word: str) -> bool:
    """True when a feature (token or affix) is read from this normalised word."""
    if feature.endswith("~"):
        return word.startswith(feature[:-1])
    if feature.startswith("~"):
        return word.endswith(feature[1:])
    return word == feature


def readable_terms(
    features: list[tuple[str, float]], text: str, limit: int = 5, surface: dict[str, str] | None = None
) -> list[str]:
    """Map weighted features to words of the passage, strongest first, at most `limit`.

    Words and bigrams stay as written in the passage (numbers as written, not 0000);
    affixes become the passage word they were read from; function words are dropped.
    Pass `surface` (``surface_map(text)``) when explaining several labels of one text.
    """
    words = surface_map(text) if surface is None else surface
    weights: dict[str, float] = {}
    for feature, weight in features:
        term = _surface_term(feature, words)
        if term:
            weights[term] = weights.get(term, 0.0) + weight
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    return [term for term, w in ranked if w > 0][:limit]


def surface_map(text: str) -> dict[str, str]:
    """Normalised token or affix feature -> the word as written (first occurrence, lower case)."""
    lowered = text.lower()
    raw = lowered.translate(PUNCT_TABLE).replace("%", " % ").split()
    norm = lowered.translate(TOKEN_TABLE).split()  # same boundaries: only digits differ
    out = dict(zip(reversed(norm), reversed(raw), strict=False))
    for word, written in list(out.items()):
        if len(word) >= AFFIX_MIN_WORD:
            for n in AFFIX_LENGTHS:
                out.setdefault(f"{word[:n]}~", written)
                out.setdefault(f"~{word[-n:]}", written)
    return out


def _surface_term(feature: str, surface: dict[str, str]) -> str:
    if " " in feature:
        parts = feature.split(" ")
        if all(p in EXPLAIN_SKIP for p in parts):
            return ""
        return " ".join(surface.get(p, p) for p in parts)
    if feature in EXPLAIN_SKIP or (feature.isdigit() and len(feature) < 4):
        return ""
    return surface.get(feature, "")
