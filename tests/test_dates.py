"""Every byline date form of the notes, read to a naive wall-clock time, raw string kept."""

from datetime import datetime

import pytest

from extraction.dates import find_date


@pytest.mark.parametrize(
    ("text", "expected", "raw"),
    [
        ("Rédigé par : Thierry | 16 juin 2010 à 10:56", datetime(2010, 6, 16, 10, 56), "16 juin 2010 à 10:56"),
        ("Par Claire le 16 juin 2010 10h56", datetime(2010, 6, 16, 10, 56), "16 juin 2010 10h56"),
        ("Posté par x le  6 juin 2010  9h05", datetime(2010, 6, 6, 9, 5), "6 juin 2010 9h05"),
        ("juin 16, 2010 10:56 AM", datetime(2010, 6, 16, 10, 56), "juin 16, 2010 10:56 AM"),
        ("June 16, 2010 at 10:56 PM", datetime(2010, 6, 16, 22, 56), "June 16, 2010 at 10:56 PM"),
        ("June 16, 2010 at 12:05 AM", datetime(2010, 6, 16, 0, 5), "June 16, 2010 at 12:05 AM"),
        ("mercredi 16 juin 2010", datetime(2010, 6, 16), "16 juin 2010"),
        ("1er février 2010", datetime(2010, 2, 1), "1er février 2010"),
        ("16 f\u00e9vrier 2010", datetime(2010, 2, 16), "16 février 2010"),
        ("16 fe\u0301vrier 2010", datetime(2010, 2, 16), "16 février 2010"),  # decomposed é
        ("Écrit par : Bob | 16/06/2010", datetime(2010, 6, 16), "16/06/2010"),
        ("le 16/06/2010 à 10:56", datetime(2010, 6, 16, 10, 56), "16/06/2010 à 10:56"),
        ("16\u00a0juin\u00a02010 à\u00a010:56", datetime(2010, 6, 16, 10, 56), "16 juin 2010 à 10:56"),
        ("2010-06-16T10:56:00+02:00", datetime(2010, 6, 16, 10, 56), "2010-06-16T10:56:00"),
    ],
)
def test_date_forms(text: str, expected: datetime, raw: str) -> None:
    found = find_date(text)
    assert found is not None
    assert (found.value, found.raw) == (expected, raw)


@pytest.mark.parametrize("text", ["", "Rédigé par : Thierry", "31 février 2010", "Commentaires (12)", "2010"])
def test_no_date_is_invented(text: str) -> None:
    assert find_date(text) is None
