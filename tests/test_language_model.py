"""The batched language guess answers exactly as py3langid's own `classify`, on the installed model."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from extraction import language_model
from extraction.language_model import BatchIdentifier, ModelArrays

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
MIXED_AND_ODD = [
    "",
    "!!!",
    "Merci !",
    "TRÈS BON ARTICLE, MERCI BEAUCOUP POUR CE PARTAGE",
    "Great post, merci beaucoup pour ce billet sur la cuisine de ma grand-mère.",
    "Das ist ein sehr schöner Beitrag. Vielen Dank für die Rezepte!",
    "Questo è un bellissimo articolo, grazie mille per la condivisione.",
    "e\u0301te\u0301 a\u0300 la plage",  # decomposed accents: NFC first, as classify does
    "日本語のブログです。ありがとう。",
    "x" * 3000,
]


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def fixture_texts() -> list[str]:
    texts = []
    for path in sorted(FIXTURES.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        texts.append(expected.get("article_text") or "")
        texts += [comment.get("text") or "" for comment in expected.get("comments", [])]
    return [text for text in texts if text]


def test_the_window_covers_the_automaton_depth(identifier: LanguageIdentifier) -> None:
    """Breadth-first from the start state: the longest shortest path is the longest feature."""
    next_move = np.frombuffer(identifier.tk_nextmove, dtype=np.dtype(identifier.tk_nextmove.typecode))
    row_base = np.asarray(identifier._rowbase, dtype=np.int64)
    seen = np.zeros(len(row_base), dtype=bool)
    seen[0], frontier, depth = True, deque([np.array([0])]), 0
    while frontier:
        states = frontier.popleft()
        reached = np.unique(next_move[(row_base[states][:, None] + np.arange(256)).ravel()])
        new = reached[~seen[reached]]
        if new.size:
            seen[new] = True
            depth += 1
            frontier.append(new)
    assert seen.all()
    assert depth <= language_model.WINDOW


def test_every_fixture_text_gets_classify_s_answer(identifier: LanguageIdentifier) -> None:
    texts = fixture_texts() + MIXED_AND_ODD
    assert len(texts) > 100
    batched = BatchIdentifier(ModelArrays.of(identifier)).classify_all(texts)
    for text, (code, confidence) in zip(texts, batched, strict=True):
        expected_code, expected_confidence = identifier.classify(text)
        assert (code, round(confidence, 4)) == (expected_code, round(expected_confidence, 4)), text[:80]


def test_a_text_longer_than_one_chunk_is_walked_across_the_seam(
    identifier: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language_model, "_CHUNK", 7)
    texts = ["Le café était très bon ce matin.", "An English sentence about the weather today."]
    batched = BatchIdentifier(ModelArrays.of(identifier)).classify_all(texts)
    assert [code for code, _ in batched] == [identifier.classify(text)[0] for text in texts]
    assert [round(c, 4) for _, c in batched] == [round(identifier.classify(t)[1], 4) for t in texts]
