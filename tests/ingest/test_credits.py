"""Beta readers and gift recipients read from author's notes (as AO3 records them)."""

from __future__ import annotations

import pytest

from ficlens.ingest.credits import beta_readers, gift_recipients

BETA_CASES = [
    ("Thanks be to Gabrielle for the beta.", ("Gabrielle",)),
    ("Many thanks to Marisol for the beta.", ("Marisol",)),
    ("Huge thanks to Priya for betaing this mess.", ("Priya",)),
    ("Thanks to Ana and Bea for beta-reading.", ("Ana", "Bea")),
    ("Thank you to my wonderful beta Juniper for the beta work.", ("Juniper",)),
    ("Beta'd by Rosalind.", ("Rosalind",)),
    ("Betaed by Kit Marlowe, who caught every comma.", ("Kit Marlowe",)),
    ("Beta: Odile", ("Odile",)),
    ("Beta readers: Hana, Ines & Yuki", ("Hana", "Ines", "Yuki")),
    ("Clementine was my beta.", ("Clementine",)),
    ("Thanks to tea_and_ink42 for the beta!", ("tea_and_ink42",)),
    ("Beta read by Gabrielle and Tonya.", ("Gabrielle", "Tonya")),
    ("Beta: Gabrielle. Written for Tonya.", ("Gabrielle",)),
    # negatives
    ("Thanks to everyone who reviewed!", ()),
    ("Thanks to everyone for the beta feedback.", ()),
    ("Unbeta'd; all mistakes are mine.", ()),
    ("Not beta read.", ()),
    ("Thanks to Mum for the tea.", ()),
    ("Written for Tonya.", ()),
]

GIFT_CASES = [
    ("This was written for Tonya.", ("Tonya",)),
    ("Written for Priya, who asked for lighthouses.", ("Priya",)),
    ("Dedicated to Hazel.", ("Hazel",)),
    ("Happy birthday, Rowan!", ("Rowan",)),
    ("It's for Bea.", ("Bea",)),
    ("Written for Tonya & Sam.", ("Tonya", "Sam")),
    ("A gift for Lior and Mei.", ("Lior", "Mei")),
    ("Written for Tonya, Sam and Ada.", ("Tonya", "Sam", "Ada")),
    ("Dedicated to Hazel and Iris, with love.", ("Hazel", "Iris")),
    ("Written for Tonya because she asked nicely.", ("Tonya",)),
    ("Written for Tonya. Thanks to Ana for the beta.", ("Tonya",)),
    ("Written for Mary Sue.", ("Mary Sue",)),
    # negatives
    ("written for the Big Bang challenge", ()),
    ("Written for the Yuletide exchange.", ()),
    ("Written for fun.", ()),
    ("Written for Round 2.", ()),
    ("Written for a prompt on tumblr.", ()),
    ("This is for you, dear reader.", ()),
    ("Thanks to Gabrielle for the beta.", ()),
]


@pytest.mark.parametrize(("note", "expected"), BETA_CASES, ids=[c[0] for c in BETA_CASES])
def test_beta_readers(note: str, expected: tuple[str, ...]) -> None:
    assert beta_readers(note) == expected


@pytest.mark.parametrize(("note", "expected"), GIFT_CASES, ids=[c[0] for c in GIFT_CASES])
def test_gift_recipients(note: str, expected: tuple[str, ...]) -> None:
    assert gift_recipients(note) == expected


def test_both_credits_in_one_note() -> None:
    note = "Thanks be to Odile for the beta. This was written for Sunniva."
    assert beta_readers(note) == ("Odile",)
    assert gift_recipients(note) == ("Sunniva",)
