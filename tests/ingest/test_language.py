"""Language identification (``text/language.py``) and the English-only analysis skipped for other languages.

Every sample sentence was written for these tests."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.text.language import detect, is_english

SAMPLES = {
    "en": 'She walked into the room and saw that he was sitting by the window. "You came," he said. She did not '
    "answer, but she put the letter on the table. It had been raining since the morning.",
    "fr": "Elle entra dans la chambre et vit qu'il était assis près de la fenêtre. « Tu es venue », dit-il. Elle ne "
    "répondit pas, mais elle posa la lettre sur la table. Il pleuvait depuis le matin.",
    "de": "Sie kam in das Zimmer und sah, dass er am Fenster saß. „Du bist gekommen“, sagte er. Sie antwortete nicht, "
    "aber sie legte den Brief auf den Tisch. Es regnete schon seit dem Morgen und es war kalt.",
    "es": "Ella entró en la habitación y vio que él estaba sentado junto a la ventana. —Has venido —dijo él. Ella no "
    "contestó, pero dejó la carta sobre la mesa. Llovía desde la mañana y el jardín estaba mojado.",
    "it": "Lei entrò nella stanza e vide che lui era seduto vicino alla finestra. «Sei venuta» disse. Lei non "
    "rispose, ma mise la lettera sul tavolo. Pioveva dalla mattina e il giardino era bagnato.",
    "pt": "Ela entrou no quarto e viu que ele estava sentado perto da janela. — Você veio — disse ele. Ela não "
    "respondeu, mas colocou a carta na mesa. Chovia desde a manhã e o jardim estava molhado.",
    "zh": "她走进房间，看见他坐在窗边。“你来了，”他说。她没有回答，只是把信放在桌上。窗外的雨一直下着。",
    "ja": "彼女は部屋に入って、彼が窓のそばに座っているのを見た。「来たんだね」と彼は言った。彼女は答えなかった。",
    "ru": "Она вошла в комнату и увидела, что он сидит у окна. «Ты пришла», — сказал он. Она не ответила.",
    "ko": "그녀는 방에 들어가서 그가 창가에 앉아 있는 것을 보았다. 「왔구나」 그가 말했다. 그녀는 대답하지 않았다.",
}


@pytest.mark.parametrize("lang", list(SAMPLES))
def test_detects_the_language_of_a_paragraph(lang: str) -> None:
    assert detect(SAMPLES[lang]) == lang


@pytest.mark.parametrize("text", ["", "12 34 56", "Ok.", "* * *"])
def test_too_little_text_gives_no_language(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("value", "english"),
    [
        (None, True),
        ("en", True),
        ("en-GB", True),
        ("English", True),
        ("eng", True),
        ("zh", False),
        ("中文-普通话 國語", False),
        ("Français", False),
        ("fr", False),
    ],
)
def test_is_english(value: str | None, english: bool) -> None:
    assert is_english(value) is english


def test_language_is_detected_only_when_the_file_does_not_say() -> None:
    assert ficlens.read(SAMPLES["fr"].encode()).meta.language == "fr"
    said = ficlens.read(("Title: Pluie\nLanguage: Français\n\n" + SAMPLES["fr"]).encode())
    assert said.meta.language == "Français"
    assert ("language detected", "fr") not in said.meta.extra


def test_a_work_not_in_english_keeps_its_structure_and_skips_the_english_analysis() -> None:
    text = "第一章\n\n" + SAMPLES["zh"] + "\n\n第二章 归来\n\n" + SAMPLES["zh"] + "\n"
    doc = ficlens.analyze(text.encode())
    assert doc.meta.language == "zh"
    assert [c.number for c in doc.layer("chapters")] == [1, 2]
    assert len(doc.layer("paragraphs")) == 2
    assert not doc.has("tokens") and not doc.has("characters") and not doc.has("quotes")
    assert len(doc.meta.notices) == 1 and "'zh', not English" in doc.meta.notices[0]
    assert "syntax" in doc.meta.notices[0]


def test_an_english_work_has_no_notice() -> None:
    doc = ficlens.analyze(SAMPLES["en"] + "\n", syntax=False)
    assert doc.meta.language == "en" and doc.meta.notices == ()


def test_a_file_with_no_story_text_says_so() -> None:
    doc = ficlens.read(b"Title: Notes Only\nAuthor: Someone\nSummary: Nothing here yet.\n")
    assert len(doc.meta.notices) == 1 and doc.meta.notices[0].startswith("no story text was found")


def test_a_file_that_is_mostly_notes_says_so() -> None:
    note = "A/N: " + "I will explain everything about this story in this very long note. " * 60
    doc = ficlens.read(("The Short One by Pell\n\n" + note + "\n\nShe left.\n\n" + note + "\n").encode())
    assert any(n.startswith("only ") and "% of the words are story text" in n for n in doc.meta.notices)
    assert ficlens.read(("The Short One by Pell\n\n" + SAMPLES["en"] * 10 + "\n").encode()).meta.notices == ()
