"""py3langid's guess for many texts in one pass: the same answers as `classify`, without its Python loop.

`classify` walks a text byte by byte in Python (~95 ns a byte) and scores it with a few small
numpy calls (~45 µs a text). A long article is guessed whole and then sentence by sentence
(the mixed-language check), so it paid both for every sentence. Here every text of one call is
walked at once with numpy and scored with one matrix sum.

Why the walk can be vectorised: the model's tokenizer is an Aho-Corasick automaton, so its state
after byte p is the longest suffix of the text so far that starts a feature, and that suffix is
never longer than the automaton is deep. Running the automaton from its start over the last
`WINDOW` bytes before p therefore lands on the same state as the full walk: `WINDOW` array
steps over all positions replace one Python step per byte. tests/test_language_model.py checks
the depth and the answers against `classify` on the installed model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from py3langid.langid import LanguageIdentifier

# The depth of py3langid 0.4's automaton (its longest feature is 6 bytes); a larger value would
# stay exact, only slower. The test measures the installed model's depth against it.
WINDOW = 6
# Positions walked per array step: bounds the walk's memory (~60 bytes a position) on huge texts.
_CHUNK = 1 << 18
# Bytes of text scored together: bounds the (text, feature) rows to ~37 MB; one text longer than
# this is scored alone, its rows bounded by the model's 100k features.
_BATCH_BYTES = 1 << 16


def _batches(encoded: list[bytes]) -> list[list[bytes]]:
    """Consecutive texts in groups of at most _BATCH_BYTES (a longer text alone): scoring holds a
    row of class weights per (text, feature) pair, 568 bytes each."""
    batches: list[list[bytes]] = [[]]
    size = 0
    for data in encoded:
        if batches[-1] and size + len(data) > _BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(data)
        size += len(data)
    return batches if batches[0] else []


class ModelArrays(NamedTuple):
    """What a guess reads of py3langid's model, as arrays (so they can be kept and mapped from disk)."""

    weights: np.ndarray  # float32, feature × class
    priors: np.ndarray  # float32, one per class
    classes: np.ndarray  # the class labels (str)
    next_move: np.ndarray  # the automaton's distinct 256-byte rows, flattened
    row_base: np.ndarray  # int64, state → offset of its row in next_move
    output: np.ndarray  # int64, state → the feature it emits, or -1

    @classmethod
    def of(cls, identifier: LanguageIdentifier) -> ModelArrays:
        """The arrays of a loaded identifier. The weights become float32 (57 MB, 40 ms): numpy
        converts float16 in software, ~4 ns a value, and each scoring would convert its rows anew."""
        return cls(
            np.asarray(identifier.nb_ptc, dtype=np.float32),
            np.asarray(identifier.nb_pc, dtype=np.float32),
            np.asarray(identifier.nb_classes),
            np.frombuffer(identifier.tk_nextmove, dtype=np.dtype(identifier.tk_nextmove.typecode)),
            np.asarray(identifier._rowbase, dtype=np.int64),
            np.asarray(identifier.tk_output, dtype=np.int64),
        )


def _alias_pairs(classes: list[str]) -> list[tuple[int, int]]:
    """(first, dupe) columns of a label the model has twice (srl → sr), as py3langid pairs them."""
    first: dict[str, int] = {}
    pairs = []
    for column, label in enumerate(classes):
        if label in first:
            pairs.append((first[label], column))
        else:
            first[label] = column
    return pairs


class BatchIdentifier:
    """Guesses (code, confidence) for several texts in one pass, equal to the identifier's `classify`."""

    def __init__(self, model: ModelArrays) -> None:
        self._encode = LanguageIdentifier._encode
        self._weights, self._priors = model.weights, model.priors
        self._next_move, self._row_base, self._output = model.next_move, model.row_base, model.output
        self._classes = [str(label) for label in model.classes]
        self._aliases = _alias_pairs(self._classes)

    def classify_all(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """(code, normalised confidence) for each text, as `classify(text)` answers it."""
        answers = []
        for batch in _batches([self._encode(text) for text in texts]):
            for row in self._raw_scores(batch):
                best = int(row.argmax())
                answers.append((self._classes[best], float(row[best])))
        return answers

    def _raw_scores(self, encoded: list[bytes]) -> np.ndarray:
        """One row of normalised class probabilities per text (py3langid's `_decide` with norm_probs)."""
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        keys, counts = self._counts(b"".join(encoded), lengths)
        scores = np.zeros((len(encoded), len(self._classes)), dtype=np.float32)
        if keys.size:
            owner, feature = np.divmod(keys, self._weights.shape[0])
            contributions = self._weights[feature]
            contributions *= np.log1p(counts.astype(np.float32))[:, None]
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            scores[owner[starts]] = np.add.reduceat(contributions, starts, axis=0) + self._priors
        return self._normalised(scores, lengths)

    def _normalised(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Softmax at temperature sqrt(bytes), then alias columns folded: as py3langid does, row-wise."""
        scores *= (1.0 / np.sqrt(np.maximum(lengths, 1))).astype(np.float32)[:, None]
        np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for first, dupe in self._aliases:
            scores[:, first] += scores[:, dupe]
            scores[:, dupe] = 0.0
        return scores

    def _counts(self, data: bytes, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sorted keys (text index × features + feature id) of what the automaton emits, each text
        walked from its start, with their counts: counted chunk by chunk, so memory stays bounded."""
        text_ends = np.cumsum(lengths)
        text_starts = text_ends - lengths
        all_bytes = np.frombuffer(data, dtype=np.uint8)
        found_keys, found_counts = [], []
        for begin in range(0, len(all_bytes), _CHUNK):
            positions = np.arange(begin, min(begin + _CHUNK, len(all_bytes)))
            owners = np.searchsorted(text_ends, positions, side="right")
            emitted = self._output[self._states(all_bytes, positions, text_starts[owners])]
            kept = emitted >= 0
            keys, counts = np.unique(owners[kept] * self._weights.shape[0] + emitted[kept], return_counts=True)
            found_keys.append(keys)
            found_counts.append(counts)
        if not found_keys:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(found_keys) == 1:
            return found_keys[0], found_counts[0]
        keys, where = np.unique(np.concatenate(found_keys), return_inverse=True)
        return keys, np.bincount(where, weights=np.concatenate(found_counts)).astype(np.int64)

    def _states(self, all_bytes: np.ndarray, positions: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """The automaton's state after each position, run over the last WINDOW bytes of its own text."""
        state = np.zeros(len(positions), dtype=np.int64)
        for back in range(WINDOW - 1, -1, -1):
            source = positions - back
            inside = source >= starts
            moved = self._next_move[self._row_base[state] + all_bytes[np.maximum(source, 0)]]
            state = np.where(inside, moved, state)
        return state
