"""The body fingerprint: a MinHash over word shingles of the clean body (issue 8, item 4).

Reads the record's ``body`` (already without dateline, tags, credit, sign-off and
boilerplate); adds nothing to the record: the stream edge keeps fingerprints in its state
and compares a new story's with those of the stories it saw (pure here: a fingerprint
depends on one body only).

* **Shingles**: the body folded (accents and case, :func:`wiredesk.normalize.fold.fold`),
  split into paragraphs, each paragraph into words (runs of letters and digits);
  every :data:`SHINGLE_WORDS` consecutive words of one paragraph are a shingle (a shorter
  paragraph is one shingle). Shingles never cross a paragraph break, so copy whose
  paragraphs were reordered keeps every shingle.
* **MinHash**: datasketch's ``MinHash`` (``affine32`` scheme, :data:`NUM_PERM`
  permutations drawn from the fixed :data:`SEED`), each shingle hashed with CRC-32 of its
  UTF-8 bytes (``zlib.crc32``: stable across processes and machines, unlike ``hash()``,
  and about six times cheaper than datasketch's default SHA-1; the scheme mixes every input
  hash with MurmurHash3's finaliser before permuting it), so the same body gives the same
  fingerprint in every process and on every machine.
* **Similarity**: the estimated share of the shorter body's shingles found in the other
  (the overlap coefficient ``|A∩B| / min(|A|, |B|)``, from the MinHash Jaccard estimate
  ``J`` and the exact shingle counts: ``|A∩B| = J (|A| + |B|) / (1 + J)``). Containment,
  not Jaccard, because republishers trim: a copy cut to its first half shares half the
  shingles of the whole but nearly all of its own.
* **Threshold**: :data:`DUPLICATE_THRESHOLD` = 0.45, chosen on the evaluation set of
  ``tests/eval/duplicates.py`` (``make eval-duplicates`` prints precision, recall, a
  sweep and the cost): the highest F1 there (precision 1.000, recall 0.996); every pair of
  different stories on one topic scored at most 0.42 (a trimmed copy sharing one
  background paragraph in three), the one duplicate missed is a copy with a new lead,
  trimmed, respelt, re-credited and reordered at once. Four-word shingles beat three
  (precision 0.989 at 0.45) and equal five. A body of fewer than :data:`MIN_SHINGLES`
  shingles (a kill notice, a one-line bulletin) has no fingerprint: too little text to
  call two stories the same.

Time is linear in the body's length: one pass to fold and split, one hash per shingle,
``NUM_PERM`` integer operations per shingle; the shingles are hashed in chunks, so the
working memory beyond the shingle set is bounded (about 2 MB) even for the largest story.
"""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass
from typing import Final

import numpy as np
from datasketch import MinHash

from wiredesk.normalize.fold import fold

SHINGLE_WORDS: Final = 4
NUM_PERM: Final = 128
SEED: Final = 1
MIN_SHINGLES: Final = 8
DUPLICATE_THRESHOLD: Final = 0.45
"""Bodies at least this similar (:func:`similarity`) are the same story."""
BANDS: Final = 64  # LSH bands of NUM_PERM // BANDS rows each, for the edge's candidate lookup

_SCHEME: Final = "affine32"
_CHUNK: Final = 2048  # shingles hashed per batch (a 512 kB body has about 90,000)
_WORD: Final = re.compile(r"\w+")
_TEMPLATE: Final = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=_SCHEME, hashfunc=zlib.crc32)
_PERMUTATIONS: Final = tuple(np.asarray(p, dtype=np.uint32) for p in _TEMPLATE.permutations)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A body's MinHash: ``NUM_PERM`` unsigned 32-bit minimums, and its shingle count."""

    hashvalues: bytes  # NUM_PERM little-endian uint32
    shingles: int  # distinct shingles of the body

    def values(self) -> np.ndarray:
        return np.frombuffer(self.hashvalues, dtype="<u4")


def shingles(body: str) -> set[str]:
    """The body's distinct word shingles (see the module docstring)."""
    return {s.decode("utf-8") for s in _shingle_bytes(body)}


def _shingle_bytes(body: str) -> set[bytes]:
    """The body's distinct shingles as UTF-8, each a slice of its paragraph's words joined
    by single spaces (what ``" ".join`` of the shingle's words gives, without a join per
    shingle)."""
    found: set[bytes] = set()
    add = found.add
    for paragraph in fold(body).split("\n"):
        words = _WORD.findall(paragraph)
        if not words:
            continue
        joined = " ".join(words).encode("utf-8")
        if len(words) <= SHINGLE_WORDS:
            add(joined)
            continue
        # Byte offsets of each word's start and end in ``joined``.
        sizes = [len(w) for w in words] if joined.isascii() else [len(w.encode()) for w in words]
        starts = []
        at = 0
        for size in sizes:
            starts.append(at)
            at += size + 1
        last = SHINGLE_WORDS - 1
        found.update(
            joined[starts[i] : starts[i + last] + sizes[i + last]] for i in range(len(words) - last)
        )
    return found


def fingerprint(body: str) -> Fingerprint | None:
    """The fingerprint of a clean body; None when it has fewer than ``MIN_SHINGLES``.

    The same values as datasketch's ``MinHash.update_batch`` (its ``affine32`` scheme:
    each CRC-32 mixed by MurmurHash3's finaliser, then ``a * h + b`` modulo 2**32 per
    permutation, the minimum kept), computed here without a ``MinHash`` object per body;
    a unit test holds the two equal."""
    found = _shingle_bytes(body)
    if len(found) < MIN_SHINGLES:
        return None
    crc = zlib.crc32
    hashes = np.fromiter((crc(s) for s in found), dtype=np.uint32, count=len(found))
    a, b = _PERMUTATIONS
    minimum = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(hashes), _CHUNK):  # bounded memory: _CHUNK x NUM_PERM words
        mixed = _fmix32(hashes[start : start + _CHUNK]).reshape(-1, 1)
        np.minimum(minimum, (mixed * a + b).min(axis=0), out=minimum)
    return Fingerprint(minimum.astype("<u4").tobytes(), len(found))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, element-wise (wrapping uint32 arithmetic)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = hv ^ (hv >> np.uint32(16))
    return mixed


def to_text(fp: Fingerprint | None) -> str:
    """A fingerprint as one line of ASCII (``-`` for none): the shingle count, ``:``, the
    hash values in base64. :func:`from_text` reads it back."""
    if fp is None:
        return "-"
    return f"{fp.shingles}:{base64.b64encode(fp.hashvalues).decode('ascii')}"


def from_text(text: str) -> Fingerprint | None:
    """The fingerprint :func:`to_text` wrote; ValueError for anything else."""
    if text == "-":
        return None
    count, _, values = text.partition(":")
    raw = base64.b64decode(values, validate=True)
    shingles = int(count)
    if len(raw) != 4 * NUM_PERM or shingles < MIN_SHINGLES:
        raise ValueError(f"not a fingerprint: {text[:40]!r}")
    return Fingerprint(raw, shingles)


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """The MinHash estimate of the two bodies' shingle Jaccard similarity."""
    return float(np.count_nonzero(a.values() == b.values())) / NUM_PERM


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the shorter body's shingles that the other body has, 0 to 1."""
    j = jaccard(a, b)
    common = j * (a.shingles + b.shingles) / (1.0 + j)
    return min(1.0, common / min(a.shingles, b.shingles))


def is_duplicate(a: Fingerprint | None, b: Fingerprint | None) -> bool:
    """Whether two bodies are the same story told again (``DUPLICATE_THRESHOLD``)."""
    if a is None or b is None:
        return False
    return similarity(a, b) >= DUPLICATE_THRESHOLD


def bands(fp: Fingerprint) -> tuple[str, ...]:
    """LSH band keys: two fingerprints that share one are worth comparing (the edge keeps
    the stories of its window by band key and computes :func:`similarity` on the
    candidates only). With 64 bands of 2 rows, a pair of Jaccard 0.2 (the lowest of a
    duplicate pair on the evaluation set) shares a band with probability 0.93, of 0.3
    with 0.998; unrelated copy (Jaccard near 0.01) with 0.006."""
    width = 4 * (NUM_PERM // BANDS)
    raw = fp.hashvalues
    return tuple(f"{i:02d}:{raw[i * width : (i + 1) * width].hex()}" for i in range(BANDS))
