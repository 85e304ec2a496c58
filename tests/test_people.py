"""Names that name nobody (`comments.author_placeholder`), and the normal form names are compared in."""

from __future__ import annotations

import pytest

from extraction.people import is_placeholder, normalise_name


@pytest.mark.parametrize(
    "name",
    [None, "", "  ", "Anonyme", "anonyme", "ANONYMOUS", "Un visiteur", "Visiteur", "Invité", "invité !", "-", "?"],
)
def test_placeholders_name_nobody(name) -> None:
    assert is_placeholder(name)


@pytest.mark.parametrize("name", ["Claire Dubois", "Maëlle", "Jérôme B.", "Anonyme75", "Visiteur du soir"])
def test_names_are_people(name) -> None:
    assert not is_placeholder(name)


def test_one_person_whatever_the_spacing_and_case() -> None:
    assert normalise_name("  Claire\xa0 DUBOIS ") == normalise_name("claire dubois") == "claire dubois"
