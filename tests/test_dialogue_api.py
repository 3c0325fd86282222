"""Dialogue through the front door: ``analyze(text, quotes=[...])`` with the caller's quotation spans, caller
hints that name the speakers, and the JSON form of quotes and dialogue profiles.

Every story here is written for these tests.
"""

from __future__ import annotations

import pytest

import ficlens
from ficlens import Document
from ficlens.model import CharacterHint
from ficlens.model.records import Character, Quote
from ficlens.model.serialize import from_json, to_json

STUDIO = """Priya locks the studio at midnight. She is exhausted, and her hands are stiff with clay. Ollie waits \
for her on the steps outside. He has brought two coffees, and he holds one out to her.

"You didn't have to wait," Priya says.

"I know," he says, "but it's pouring, and the last bus has gone."

"The night bus is safe, Ollie."

"Humour me, Priya."
"""


def span(text: str, quotation: str) -> tuple[int, int]:
    start = text.index(quotation)
    return start, start + len(quotation)


WAIT = span(STUDIO, '"You didn\'t have to wait,"')
I_KNOW = span(STUDIO, '"I know,"')
POURING = span(STUDIO, '"but it\'s pouring, and the last bus has gone."')
SAFE = span(STUDIO, '"The night bus is safe, Ollie."')
HUMOUR = span(STUDIO, '"Humour me, Priya."')

# the caller's spans, out of order, with their own utterance numbers; the "night bus" quote is left out
GIVEN = [(HUMOUR[0], HUMOUR[1], 12), (WAIT[0], WAIT[1], 3), (I_KNOW[0], I_KNOW[1], 7), (*POURING, 7)]


def name(doc: Document, cid: int) -> str | None:
    return doc.layer("characters")[cid].name if cid >= 0 else None


def character(doc: Document, who: str) -> Character:
    found = [c for c in doc.layer("characters") if c.name == who]
    assert len(found) == 1, [c.name for c in doc.layer("characters")]
    return found[0]


@pytest.fixture(scope="module")
def detected() -> Document:
    return ficlens.analyze(STUDIO)


@pytest.fixture(scope="module")
def given() -> Document:
    return ficlens.analyze(STUDIO, quotes=GIVEN)


# --------------------------------------------------------------------------------------------------- given quotes


def test_detection_finds_all_five_quotations(detected: Document) -> None:
    spans = [(q.start, q.end) for q in detected.layer("quotes")]
    assert spans == [WAIT, I_KNOW, POURING, SAFE, HUMOUR]


def test_given_spans_are_the_quotes_layer(given: Document) -> None:
    quotes = given.layer("quotes")
    assert [(q.start, q.end, q.utterance) for q in quotes] == sorted(GIVEN)
    assert all(isinstance(q, Quote) for q in quotes)


def test_a_quotation_left_out_of_the_given_spans_is_not_a_quote(given: Document) -> None:
    assert not [q for q in given.layer("quotes") if q.start < SAFE[1] and SAFE[0] < q.end]


def test_given_quotes_are_attributed(given: Document) -> None:
    by_span = {(q.start, q.end): q for q in given.layer("quotes")}
    assert name(given, by_span[WAIT].speaker) == "Priya"
    assert by_span[WAIT].method == "explicit"
    for part in (I_KNOW, POURING):
        assert name(given, by_span[part].speaker) == "Ollie"
        assert by_span[part].method == "explicit"
        assert [name(given, a) for a in by_span[part].addressees] == ["Priya"]
    assert [name(given, a) for a in by_span[HUMOUR].addressees] == ["Priya"]
    assert all(q.score is not None for q in by_span.values())


def test_given_quotes_decide_what_is_dialogue(given: Document, detected: Document) -> None:
    # "Priya" inside a given quote is a mention in a quote; "Ollie" in the quotation left out is narration now
    inside = [m for m in given.layer("mentions") if HUMOUR[0] <= m.start < HUMOUR[1]]
    assert inside and all(m.in_quote for m in inside)
    ollie = SAFE[0] + STUDIO[SAFE[0] : SAFE[1]].index("Ollie")
    assert [m.in_quote for m in detected.layer("mentions") if m.start == ollie] == [True]
    assert [m.in_quote for m in given.layer("mentions") if m.start == ollie] == [False]


def test_dialogue_profiles_count_only_the_given_quotes(given: Document, detected: Document) -> None:
    total = sum(c.quote_words for c in given.layer("characters"))
    # 5 + 2 + 9 + 3 words in the four given spans ("didn't", "it's" one word each)
    assert total == 19
    assert sum(c.quotes for c in given.layer("characters")) == 4
    assert sum(c.quotes for c in detected.layer("characters")) == 5


def test_no_given_quotes_means_no_quotes() -> None:
    doc = ficlens.analyze(STUDIO, quotes=[])
    assert doc.layer("quotes") == ()
    assert all(c.quotes == 0 and c.dialogue_share == 0.0 for c in doc.layer("characters"))


# --------------------------------------------------------------------------------------------------- hints

INN = """James Harthouse arrived in the town on the evening train. He took a room at the inn, where his cousin \
Walter Harthouse was already waiting for him.

"A dull place," Harthouse said to the landlord.

The landlord shrugged. Harthouse drank his wine and went up to bed, and in the morning James Harthouse was gone.
"""

HARTHOUSE = CharacterHint("Mr. James Harthouse", ("Harthouse", "James Harthouse"))


def test_without_hints_a_bare_surname_shared_by_two_full_names_stands_alone() -> None:
    doc = ficlens.analyze(INN)
    named = {c.name: dict(c.names) for c in doc.layer("characters")}
    assert named["Harthouse"] == {"Harthouse": 2}
    assert named["James Harthouse"] == {"James Harthouse": 2}


def test_a_hint_gathers_its_name_and_aliases_into_one_speaker() -> None:
    doc = ficlens.analyze(INN, hints=[HARTHOUSE])
    james = character(doc, "Mr. James Harthouse")
    assert dict(james.names) == {"James Harthouse": 2, "Harthouse": 2}
    assert not [c for c in doc.layer("characters") if c.name in ("Harthouse", "James Harthouse")]
    walter = character(doc, "Walter Harthouse")
    assert walter.id != james.id
    (q,) = doc.layer("quotes")
    assert q.speaker == james.id and q.method == "explicit" and ":" not in q.source
    assert (james.quotes, james.quote_words, james.dialogue_share) == (1, 3, 1.0)
    assert (walter.quotes, walter.dialogue_share) == (0, 0.0)


def test_hints_and_given_quotes_together() -> None:
    quotation = span(INN, '"A dull place,"')
    doc = ficlens.analyze(INN, hints=[HARTHOUSE], quotes=[(*quotation, 0)])
    (q,) = doc.layer("quotes")
    assert (q.start, q.end, q.utterance) == (*quotation, 0)
    assert name(doc, q.speaker) == "Mr. James Harthouse"


# --------------------------------------------------------------------------------------------------- JSON


def test_json_keeps_quotes_and_dialogue_profiles(detected: Document, given: Document) -> None:
    for doc in (detected, given):
        back = from_json(to_json(doc))
        assert back == doc
        assert back.layer("quotes") == doc.layer("quotes")
        assert [(q.utterance, q.score, q.speaker, q.addressees, q.source) for q in back.layer("quotes")] == [
            (q.utterance, q.score, q.speaker, q.addressees, q.source) for q in doc.layer("quotes")
        ]
        assert [(c.quotes, c.quote_words, c.dialogue_share) for c in back.layer("characters")] == [
            (c.quotes, c.quote_words, c.dialogue_share) for c in doc.layer("characters")
        ]
    # the given utterance numbers survive the round trip
    assert [q.utterance for q in from_json(to_json(given)).layer("quotes")] == [3, 7, 7, 12]
    assert any(c.dialogue_share > 0 for c in from_json(to_json(detected)).layer("characters"))
