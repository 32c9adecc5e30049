"""Near-duplicate detection for syndicated copies: 64-bit SimHash over word shingles.

The crawler only marks near-exact copies (the same ANTARA story re-published with a new
headline); grouping looser follow-ups into incidents is the review queue's job.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_DISTANCE = 6  # bits; syndicated copies with a trimmed paragraph stay within this


def _hash64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str, shingle: int = 3) -> int:
    """SimHash of the lower-cased word ``shingle``-grams of ``text``."""
    words = _WORD.findall(text.lower())
    if len(words) < shingle:
        words = words + [""] * (shingle - len(words))
    hashes = np.array(
        [_hash64(" ".join(words[i : i + shingle])) for i in range(len(words) - shingle + 1)],
        dtype=">u8",
    )
    # one row of 64 bits per shingle, most significant bit first
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1)
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(hashes)
    return int("".join("1" if v > 0 else "0" for v in votes), 2)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


class FingerprintIndex:
    """Fingerprints seen so far; ``nearest`` finds one within ``max_distance`` bits.

    Splits the 64 bits into ``max_distance + 1`` bands: two fingerprints within the distance
    share at least one band exactly (pigeonhole), so lookups touch few candidates.
    """

    def __init__(self, max_distance: int = MAX_DISTANCE) -> None:
        self.max_distance = max_distance
        bands = max_distance + 1
        self._widths = [64 // bands + (1 if i < 64 % bands else 0) for i in range(bands)]
        self._tables: list[dict[int, list[tuple[int, str]]]] = [{} for _ in range(bands)]

    def _bands(self, fp: int) -> list[int]:
        out, shift = [], 0
        for width in self._widths:
            out.append((fp >> shift) & ((1 << width) - 1))
            shift += width
        return out

    def add(self, fp: int, key: str) -> None:
        for table, band in zip(self._tables, self._bands(fp), strict=True):
            table.setdefault(band, []).append((fp, key))

    def nearest(self, fp: int) -> str | None:
        best: tuple[int, str] | None = None
        for table, band in zip(self._tables, self._bands(fp), strict=True):
            for other, key in table.get(band, ()):
                d = hamming(fp, other)
                if d <= self.max_distance and (best is None or d < best[0]):
                    best = (d, key)
        return best[1] if best else None
