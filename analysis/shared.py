"""Shared wording: near-duplicate passages across organisations (MinHash + LSH).

Template text from consultants or umbrella organisations shows up as passages
whose word 5-shingles overlap strongly with another organisation's. Signatures
are computed once per passage (stored), so an incremental run only hashes new
passages; candidate pairs come from LSH banding and are confirmed on the
signature's Jaccard estimate.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_WORDS = 25
THRESHOLD = 0.6
_PRIME = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_rng = np.random.default_rng(20240331)  # fixed: signatures must be stable across runs
_A = _rng.integers(1, (1 << 31) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, size=NUM_PERM, dtype=np.uint64)
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """32-bit hashes of the word `size`-grams of a text (lower-cased, punctuation ignored)."""
    words = _TOKEN.findall(text.lower())
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (NUM_PERM uint32) of a passage, None when too short to compare."""
    if len(_TOKEN.findall(text)) < MIN_WORDS:
        return None
    hashes = np.fromiter(shingles(text), dtype=np.uint64)
    values = ((np.outer(hashes, _A) + _B) % _PRIME) & _MAX32
    return values.min(axis=0).astype(np.uint32)


def encode(sig: np.ndarray) -> str:
    return sig.astype("<u4").tobytes().hex()


def decode(blob: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(blob), dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimate from two signatures."""
    return float(np.mean(a == b))


def near_duplicate_pairs(
    ids: np.ndarray, orgs: np.ndarray, sigs: np.ndarray, threshold: float = THRESHOLD, max_bucket: int = 200
) -> list[tuple[int, int, float]]:
    """(passage a, passage b, similarity) for near-duplicate passages of DIFFERENT organisations.

    `ids` and `orgs` are int arrays (N,), `sigs` a uint32 array (N, NUM_PERM). LSH banding is done
    with one sort per band (memory stays linear in N); pairs are confirmed on the signature.
    Buckets larger than `max_bucket` (boilerplate such as "Inhoudsopgave") are compared on a bounded set.
    """
    n = len(ids)
    if n < 2:
        return []
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int, float]] = []
    for band in range(BANDS):
        keys = _band_keys(sigs[:, band * ROWS : (band + 1) * ROWS])
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], n]
        for lo, hi in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = order[lo : min(hi, lo + max_bucket)]
            _confirm(members, ids, orgs, sigs, threshold, seen, pairs)
    return sorted(pairs)


def _band_keys(rows: np.ndarray) -> np.ndarray:
    keys = np.zeros(len(rows), dtype=np.uint64)
    for col in range(rows.shape[1]):
        keys = keys * np.uint64(1_000_003) ^ rows[:, col].astype(np.uint64)
    return keys


def _confirm(
    members: np.ndarray, ids: np.ndarray, orgs: np.ndarray, sigs: np.ndarray, threshold: float,
    seen: set[tuple[int, int]], pairs: list[tuple[int, int, float]],
) -> None:
    for x in range(len(members)):
        i = int(members[x])
        for y in range(x + 1, len(members)):
            j = int(members[y])
            if orgs[i] == orgs[j]:
                continue
            a, b = (int(ids[i]), int(ids[j])) if ids[i] < ids[j] else (int(ids[j]), int(ids[i]))
            if (a, b) in seen:
                continue
            seen.add((a, b))
            sim = similarity(sigs[i], sigs[j])
            if sim >= threshold:
                pairs.append((a, b, round(sim, 3)))
