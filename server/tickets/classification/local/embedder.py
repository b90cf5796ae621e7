"""Sentence vectors from WordLlama's token embeddings, with the weights its package ships.

WordLlama is a static embedding model: a 32k x 256 table (16 MB, inside the PyPI wheel)
distilled from a large language model's token embeddings, and a sentence vector is the
mean of its tokens' rows.  That makes it fast (tens of microseconds a ticket) and
dependency-light (numpy + the `tokenizers` wheel), at the price of being a bag of tokens.

The pooling here differs from WordLlama's own in one way: function words ("the", "please",
"hello", "regards") are left out of the mean.  Customers wrap a ten-word problem in forty
words of courtesy, and an unweighted mean drifts towards "a polite letter" for all of them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

DIM = 256

# Words that say nothing about a ticket's topic or urgency (English; other languages are
# rarer and the tokenizer splits them into sub-words anyway).
_FILLER_WORDS = """
a an the and or but if then so of to in on at by for with from as is are was were be been
being am it its this that these those there here i me my we us our you your he she they them
their his her do does did have has had will would shall should can could may might must
hi hello hey dear team support thanks thank please regards kind best cheers sincerely
greetings hope well just also very really any some all about into over after before
""".split()

_BATCH = 64


class Embedder:
    """Turns text into unit vectors.  Immutable after construction, so threads share it."""

    def __init__(self, table: np.ndarray, tokenizer):
        self._table = np.ascontiguousarray(table, dtype=np.float32)
        self._tokenizer = tokenizer
        self._skip = np.zeros(self._table.shape[0], dtype=bool)
        for word in _FILLER_WORDS:
            for variant in (word, word.capitalize()):
                ids = tokenizer.encode(variant, add_special_tokens=False).ids
                if len(ids) == 1:
                    self._skip[ids[0]] = True

    @classmethod
    def load(cls) -> Embedder:
        """WordLlama's 256-dimensional l2_supercat model, from the installed package only."""
        import wordllama
        from wordllama import WordLlama

        package_dir = Path(wordllama.__file__).parent
        model = WordLlama.load(
            config="l2_supercat", dim=DIM, cache_dir=package_dir, disable_download=True
        )
        return cls(model.embedding, model.tokenizer)

    def embed(self, text: str) -> np.ndarray:
        ids = np.asarray(self._tokenizer.encode(text, add_special_tokens=False).ids, np.int64)
        return self._pool(ids)

    def embed_many(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(texts), _BATCH):
            chunk = texts[start : start + _BATCH]
            encodings = self._tokenizer.encode_batch(chunk, add_special_tokens=False)
            for offset, encoding in enumerate(encodings):
                # Batches are padded: keep the real tokens only.
                ids = np.asarray(encoding.ids, np.int64)[np.asarray(encoding.attention_mask) > 0]
                out[start + offset] = self._pool(ids)
        return out

    def _pool(self, ids: np.ndarray) -> np.ndarray:
        ids = ids[(ids >= 0) & (ids < self._table.shape[0])]
        content = ids[~self._skip[ids]]
        if content.size:
            ids = content
        if not ids.size:
            return np.zeros(DIM, dtype=np.float32)
        vector = self._table[ids].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector
