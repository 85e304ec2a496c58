"""Language and spam labels, on comments written the way 2010 readers and 2010 spammers wrote."""

from __future__ import annotations

import pytest

from extraction.language import language
from extraction.records import CommentRecord, PostRecord, ReadPost
from extraction.spam import spam_reasons
from pipelines.spam import RepeatedBodyPipeline


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


def test_french() -> None:
    assert language("Je découvre votre blog grâce à un ami, et je m’abonne tout de suite au flux.") == "fr"


def test_english() -> None:
    assert language("Great post, thanks for sharing this with us. I will come back soon to read more.") == "en"


@pytest.mark.parametrize(
    "text",
    ["Merci !", "+1", "Bravo Claire :-)", "http://www.exemple-blog.fr/2010/06/16/un-tres-long-lien-vers-ailleurs.html"],
)
def test_short_texts_are_undetermined(text) -> None:
    assert language(text) == "und"


def test_mixed_text_is_undetermined() -> None:
    assert language("I like this article very much, thank you. Je suis tout à fait d accord avec vous.") == "und"


def test_a_reader_is_no_spammer() -> None:
    text = "Ma banque m’a demandé un prévisionnel sur trois ans pour un prêt de 15 000 €, c’était kafkaïen."
    assert spam_reasons(text, "http://www.jerome-b.com/") == []


@pytest.mark.parametrize(
    "text",
    [
        "http://www.cheap-watches-online.biz/",
        "Nice site! <a href='http://pills.example.ru'>click</a>",
        "[url=http://casino.example.com]casino[/url]",
    ],
)
def test_link_only(text) -> None:
    assert "link_only" in spam_reasons(text, None)


@pytest.mark.parametrize(
    "text",
    [
        "Very interesting article. Buy cheap viagra and cialis online, no prescription needed, fast shipping.",
        "Super blog ! Découvrez le meilleur casino en ligne et les machines à sous gratuites.",
        "Besoin d'argent ? Rachat de crédits et prêt rapide sans justificatif, réponse en 24h.",
        "Get a payday loan today, cash advance in one hour.",
        "MEILLEUR CASINO EN LIGNE : MACHINES À SOUS ET PRÊTS RAPIDES",  # in capitals, accents too
    ],
)
def test_spam_vocabulary(text) -> None:
    assert "spam_vocabulary" in spam_reasons(text, None)


def test_spam_author_url() -> None:
    reasons = spam_reasons("Thanks for the great information, keep it up!", "http://www.best-online-pharma24.com/")
    assert reasons == ["spam_author_url"]


def _post(post_id: str, *texts: str) -> ReadPost:
    comments = [CommentRecord(position=i, text=t) for i, t in enumerate(texts, 1)]
    record = PostRecord(url=f"http://b.example/{post_id}", title=None, text="", platform="typepad", profile="x")
    record.comments = comments
    return ReadPost(post_id=post_id, record=record, pages=[])


def test_repeated_body_from_the_third_post_on() -> None:
    spam = "Hello, I found your blog on Google, very nice design. Visit my site for more tips and tricks!"
    stage = RepeatedBodyPipeline(_Stats())
    posts = [_post(f"p{n}", spam, "Merci pour ce billet !") for n in range(4)]
    posts.insert(1, _post("p0", spam))  # the same post again: one post, not two
    for post in posts:
        stage.process_item(post)
    labelled = [[c.spam_reasons for c in post.record.comments] for post in posts]
    assert [comments[0] for comments in labelled] == [[], [], [], ["repeated_body"], ["repeated_body"]]
    assert all(comments[1] == [] for comments in labelled if len(comments) > 1)  # too short to count
    assert stage.stats.values == {"spam/repeated_body": 2}
