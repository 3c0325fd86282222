"""Who speaks each quotation, and to whom (``stages/speakers.py``: the speakers and addressees stages).

Every story here is written for these tests: third person past and present, and a first-person present-tense
narrator who speaks ("I say", "I tell him"), as fan fiction often does. Each story is analysed once per module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import ficlens
from ficlens import Document
from ficlens.model.records import Character, Quote
from ficlens.pipeline import Pipeline, literary_core
from ficlens.stages import linear, speakers
from ficlens.stages.base import Context
from ficlens.stages.quotes import is_speech_verb
from ficlens.stages.scorers import LinearSpeakerScorer, TracingSpeakerScorer, softmax
from ficlens.stages.speakers import FEATURES, HAND_WEIGHTS, SpeakerModel, load_speaker_model
from ficlens.stages.tokenview import TokenView

# --------------------------------------------------------------------------------------------------- helpers

WORD = re.compile(r"\w+(?:['’]\w+)*")  # a word as the characters stage counts them


def quote(doc: Document, fragment: str) -> Quote:
    """The one quotation whose text contains ``fragment``."""
    found = [q for q in doc.layer("quotes") if fragment in doc.span_text(q)]
    assert len(found) == 1, f"{len(found)} quotes contain {fragment!r}: {[doc.span_text(q) for q in found]}"
    return found[0]


def character(doc: Document, name: str) -> Character:
    found = [c for c in doc.layer("characters") if c.name == name]
    assert len(found) == 1, f"{len(found)} characters named {name!r}: {[c.name for c in doc.layer('characters')]}"
    return found[0]


def narrator(doc: Document) -> Character:
    found = [c for c in doc.layer("characters") if c.narrator]
    assert len(found) == 1, [c.name for c in doc.layer("characters")]
    return found[0]


def who(doc: Document, cid: int) -> str | None:
    """A character's name as these tests write it ("I" for the narrator); None for no one."""
    if cid < 0:
        return None
    c = doc.layer("characters")[cid]
    return "I" if c.narrator else c.name


def speaker(doc: Document, fragment: str) -> str | None:
    return who(doc, quote(doc, fragment).speaker)


def addressees(doc: Document, fragment: str) -> list[str | None]:
    return [who(doc, a) for a in quote(doc, fragment).addressees]


def method(doc: Document, fragment: str) -> str:
    """The evidence that decided a quotation's speaker (``Quote.method``); ``source`` is plain ``stage@version``."""
    q = quote(doc, fragment)
    assert q.method and ":" not in q.source, q
    return q.method


def speakers_in_order(doc: Document) -> list[str | None]:
    return [who(doc, q.speaker) for q in doc.layer("quotes")]


def mention_in(doc: Document, fragment: str, word: str) -> int:
    """The character of the mention ``word`` inside the quotation that contains ``fragment``."""
    q = quote(doc, fragment)
    start = doc.text.index(fragment, q.start)
    at = start + re.search(rf"\b{word}\b", fragment).start()  # type: ignore[union-attr]
    found = [m for m in doc.layer("mentions") if m.start == at]
    assert len(found) == 1 and found[0].in_quote, f"no mention {word!r} in {fragment!r}"
    return found[0].character


# --------------------------------------------------------------------------------------------------- stories

# third person, past tense: speech verbs with a name before and after the quote, a pronoun, then bare dialogue;
# Mr. Pell is mentioned but never speaks
KITCHEN = """Maria set the kettle on the stove. She was tired, and her feet hurt from the long shift at the \
bakery. Tom came in from the garden. He kicked off his muddy boots by the door.

"You're late," said Maria.

Tom asked, "Did you save me any soup?"

"There's bread," she said.

"Bread is not soup."

"It is today."

"Then bread it is."

Later that evening, old Mr. Pell walked his dog past the window. He waved at them, and he went on down the lane.
"""

# three people: Maria names Tom in her quote, so the bare reply is his, not Ellen's (the speaker before last)
DINNER = """Ellen sat at the head of the table. She had cooked all afternoon. Maria sat opposite Tom. He was \
reading the paper.

"The roast needs salt," said Ellen.

"Tom, pass the salt," said Maria.

"Get it yourself."

"Manners," Ellen said.
"""

# third person, present tense, with an utterance interrupted by its speech verb
STUDIO = """Priya locks the studio at midnight. She is exhausted, and her hands are stiff with clay. Ollie waits \
for her on the steps outside. He has brought two coffees, and he holds one out to her.

"You didn't have to wait," Priya says.

"I know," he says, "but it's pouring, and the last bus has gone."

"I could have walked."

"I know you could. Humour me."
"""

# first person, present tense: the narrator speaks ("I say", "I tell him") and is spoken to
BOOKSHOP = """I push open the door of the bookshop and the bell rings above my head. Jonah is behind the \
counter. He looks up from his crossword and frowns at me.

"You're late again," Jonah says.

"The bus broke down," I say. I hang my coat on the hook.

"It always breaks down on Mondays."

"Then I will write to the bus company."

He laughs and goes back to his crossword. I sort the new stock and I price the paperbacks.

"Seven letters, a kind of owl," he mutters.

"Try tawny," I tell him.
"""

# one speech that runs over two paragraphs (the first has no closing mark): one utterance, one speaker
RIVER = """Maria set the kettle on the stove. She was tired, and her feet hurt. Tom came in from the garden. He \
kicked off his boots by the door.

"Where were you?" Maria asked.

"Out by the river," said Tom. "The water has come right up over the path, and the old bridge is gone.

"Someone will have to warn the farmer before the sheep go down there."

Maria frowned at him.
"""

# Tom is called by name and answers two turns later: addressed in the conversation, so a candidate
STAIRS = """Maria and Ellen were laying the table. Maria put out the plates, and Ellen folded the napkins into \
neat triangles.

"Tom, dinner's ready!" Maria shouted up the stairs.

"He never comes the first time," said Ellen.

"Coming!"
"""


@pytest.fixture(scope="module")
def kitchen() -> Document:
    return ficlens.analyze(KITCHEN)


@pytest.fixture(scope="module")
def dinner() -> Document:
    return ficlens.analyze(DINNER)


@pytest.fixture(scope="module")
def studio() -> Document:
    return ficlens.analyze(STUDIO)


@pytest.fixture(scope="module")
def bookshop() -> Document:
    return ficlens.analyze(BOOKSHOP)


# --------------------------------------------------------------------------------------------------- who speaks


def test_a_speech_verb_with_a_name_after_the_quote(kitchen: Document) -> None:
    assert speaker(kitchen, "You're late") == "Maria"
    assert method(kitchen, "You're late") == "explicit"


def test_a_speech_verb_with_a_name_before_the_quote(kitchen: Document) -> None:
    assert speaker(kitchen, "save me any soup") == "Tom"
    assert method(kitchen, "save me any soup") == "explicit"


def test_a_speech_verb_with_a_pronoun_resolves_to_the_character(kitchen: Document) -> None:
    assert speaker(kitchen, "There's bread") == "Maria"
    assert method(kitchen, "There's bread") == "explicit"


def test_bare_dialogue_after_explicit_turns_alternates(kitchen: Document) -> None:
    assert speakers_in_order(kitchen) == ["Maria", "Tom", "Maria", "Tom", "Maria", "Tom"]
    for fragment in ("Bread is not soup", "It is today", "Then bread it is"):
        assert method(kitchen, fragment) == "turn-taking"


def test_every_attributed_quote_has_a_score(kitchen: Document) -> None:
    for q in kitchen.layer("quotes"):
        assert q.speaker >= 0 and isinstance(q.score, float)


def test_a_vocative_makes_an_addressee_not_a_speaker(dinner: Document) -> None:
    assert speaker(dinner, "Tom, pass the salt") == "Maria"
    assert method(dinner, "Tom, pass the salt") == "explicit"
    # the one named comes first; the others in the conversation are addressed too (PDNC's group convention)
    assert addressees(dinner, "Tom, pass the salt")[0] == "Tom"


def test_the_bare_reply_to_a_vocative_goes_to_the_person_named(dinner: Document) -> None:
    # turn-taking alone would give it to Ellen, who spoke before Maria
    assert speaker(dinner, "Get it yourself") == "Tom"
    assert method(dinner, "Get it yourself") == "vocative"
    assert speaker(dinner, "Manners") == "Ellen"


def test_an_interrupted_utterance_is_one_speaker_and_one_utterance(studio: Document) -> None:
    first, second = quote(studio, "I know,"), quote(studio, "but it's pouring")
    assert first.utterance == second.utterance >= 0
    assert first.speaker == second.speaker
    assert speaker(studio, "I know,") == "Ollie"
    assert method(studio, "I know,") == method(studio, "but it's pouring") == "explicit"
    assert first.addressees == second.addressees


def test_present_tense_speech_verbs(studio: Document) -> None:
    assert speaker(studio, "You didn't have to wait") == "Priya"
    assert method(studio, "You didn't have to wait") == "explicit"
    assert speakers_in_order(studio) == ["Priya", "Ollie", "Ollie", "Priya", "Ollie"]


def test_he_says_right_after_she_spoke_is_the_other_character() -> None:
    doc = ficlens.analyze(STUDIO.replace('"I know," he says', '"Of course," he says'))
    assert speaker(doc, "Of course") == "Ollie"
    assert method(doc, "Of course") == "explicit"
    assert "he" not in dict(character(doc, "Priya").pronouns)
    assert "he" in dict(character(doc, "Ollie").pronouns)


def test_the_third_person_jonah_says_in_a_first_person_story(bookshop: Document) -> None:
    assert speaker(bookshop, "You're late again") == "Jonah"
    assert method(bookshop, "You're late again") == "explicit"


def test_the_first_person_narrator_speaks(bookshop: Document) -> None:
    assert speaker(bookshop, "The bus broke down") == "I"
    assert method(bookshop, "The bus broke down") == "explicit"
    assert speaker(bookshop, "Try tawny") == "I"
    assert method(bookshop, "Try tawny") == "explicit"
    assert speakers_in_order(bookshop) == ["Jonah", "I", "Jonah", "I", "Jonah", "I"]
    me = narrator(bookshop)
    assert me.quotes == 3 and 0 < me.dialogue_share < 1


def test_a_speech_over_two_paragraphs_keeps_its_speaker() -> None:
    doc = ficlens.analyze(RIVER)
    parts = [quote(doc, "Out by the river"), quote(doc, "old bridge is gone"), quote(doc, "warn the farmer")]
    assert len({q.utterance for q in parts}) == 1
    assert [who(doc, q.speaker) for q in parts] == ["Tom", "Tom", "Tom"]


# --------------------------------------------------------------------------------------------------- addressees


def test_in_a_two_person_conversation_each_speaks_to_the_other(kitchen: Document, studio: Document) -> None:
    for doc, pair in ((kitchen, {"Maria", "Tom"}), (studio, {"Priya", "Ollie"})):
        for q in doc.layer("quotes"):
            name = who(doc, q.speaker)
            assert name in pair
            assert [who(doc, a) for a in q.addressees] == sorted(pair - {name}), doc.span_text(q)


def test_the_narrator_is_spoken_to(bookshop: Document) -> None:
    assert addressees(bookshop, "You're late again") == ["I"]
    assert addressees(bookshop, "Try tawny") == ["Jonah"]
    assert who(bookshop, mention_in(bookshop, "You're late again", "You")) == "I"


def test_i_in_the_narrators_own_quote_is_the_narrator(bookshop: Document) -> None:
    assert speaker(bookshop, "Then I will write") == "I"
    assert method(bookshop, "Then I will write") == "turn-taking"
    assert who(bookshop, mention_in(bookshop, "Then I will write", "I")) == "I"


def test_the_addressee_of_a_vocative_is_named_in_the_quote(dinner: Document) -> None:
    # "Manners," Ellen says to the last speaker (Tom)
    assert addressees(dinner, "Manners")[0] == "Tom"
    assert addressees(dinner, "Get it yourself")[0] == "Maria"


# --------------------------------------------------------------------------------------------------- profiles


def test_dialogue_profiles_add_up(kitchen: Document, studio: Document, dinner: Document) -> None:
    for doc in (kitchen, studio, dinner):
        chars = doc.layer("characters")
        quotes = doc.layer("quotes")
        for c in chars:
            mine = [q for q in quotes if q.speaker == c.id]
            assert c.quotes == len(mine)
            assert c.quote_words == sum(len(WORD.findall(doc.span_text(q))) for q in mine)
        total = sum(c.quote_words for c in chars)
        assert total == sum(len(WORD.findall(doc.span_text(q))) for q in quotes if q.speaker >= 0)
        speaking = [c for c in chars if c.quotes]
        assert sum(c.dialogue_share for c in speaking) == pytest.approx(1.0, abs=1e-3)
        for c in speaking:
            assert c.dialogue_share == pytest.approx(c.quote_words / total, abs=1e-4)


def test_dialogue_profiles_in_the_kitchen(kitchen: Document) -> None:
    maria, tom = character(kitchen, "Maria"), character(kitchen, "Tom")
    # Maria: You're late (2) / There's bread (2) / It is today (3); Tom: Did you save me any soup (6) / Bread is not
    # soup (4) / Then bread it is (4): "You're" and "There's" are one word each
    assert (maria.quotes, maria.quote_words) == (3, 7)
    assert (tom.quotes, tom.quote_words) == (3, 14)
    assert maria.dialogue_share == pytest.approx(7 / 21, abs=1e-4)
    assert tom.dialogue_share == pytest.approx(14 / 21, abs=1e-4)


def test_a_character_who_never_speaks_has_no_dialogue(kitchen: Document) -> None:
    pell = character(kitchen, "Mr. Pell")
    assert (pell.quotes, pell.quote_words, pell.dialogue_share) == (0, 0, 0.0)
    assert all(q.speaker != pell.id for q in kitchen.layer("quotes"))


def test_a_story_without_people_leaves_its_quotes_unattributed() -> None:
    doc = ficlens.analyze('The kitchen was empty. The radio was still on.\n\n"Hello?"\n\n"Is anybody there?"\n')
    quotes = doc.layer("quotes")
    assert len(quotes) == 2
    for q in quotes:
        assert (q.speaker, q.addressees, q.score, q.method) == (-1, (), None, "")
        assert q.source.startswith("speakers@")


# --------------------------------------------------------------------------------------------------- I and you


def test_i_and_me_in_a_quote_are_its_speaker_and_you_its_addressee(kitchen: Document, studio: Document) -> None:
    assert who(kitchen, mention_in(kitchen, "Did you save me any soup", "me")) == "Tom"
    assert who(kitchen, mention_in(kitchen, "Did you save me any soup", "you")) == "Maria"
    assert who(kitchen, mention_in(kitchen, "You're late", "You")) == "Tom"
    assert who(studio, mention_in(studio, "I know,", "I")) == "Ollie"
    assert who(studio, mention_in(studio, "I could have walked", "I")) == "Priya"
    assert who(studio, mention_in(studio, "I know you could", "you")) == "Priya"
    assert who(studio, mention_in(studio, "Humour me", "me")) == "Ollie"


def test_every_first_and_second_person_pronoun_in_a_quote_follows_the_quote(
    kitchen: Document, studio: Document
) -> None:
    for doc in (kitchen, studio):
        quotes = doc.layer("quotes")
        for m in doc.layer("mentions"):
            if m.kind != "pronoun" or not m.in_quote or m.plural or m.person == 3:
                continue
            q = next(q for q in quotes if q.start <= m.start < q.end)
            expected = q.speaker if m.person == 1 else q.addressees[0]
            assert m.character == expected, (doc.span_text(m), doc.span_text(q))


# --------------------------------------------------------------------------------------------------- the model


def test_the_packaged_weights_cover_the_features() -> None:
    model = load_speaker_model()
    assert set(model.weights) <= set(FEATURES), set(model.weights) - set(FEATURES)
    assert set(FEATURES) <= set(model.weights), set(FEATURES) - set(model.weights)
    assert model.weights != HAND_WEIGHTS
    assert set(HAND_WEIGHTS) <= set(FEATURES)
    assert len(set(FEATURES)) == len(FEATURES)


def test_a_missing_weight_file_falls_back_to_the_hand_set_weights() -> None:
    model = load_speaker_model("does-not-exist")
    assert model.weights == HAND_WEIGHTS


def test_the_weight_file_is_read_through_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    class Missing:
        def joinpath(self, *_: str) -> Missing:
            return self

        def read_text(self, encoding: str = "utf-8") -> str:
            raise FileNotFoundError("resources/speakers/all.json")

    load_speaker_model.cache_clear()
    monkeypatch.setattr(linear, "resources", SimpleNamespace(files=lambda _package: Missing()))
    try:
        assert load_speaker_model().weights == HAND_WEIGHTS
    finally:
        load_speaker_model.cache_clear()
    monkeypatch.undo()
    assert load_speaker_model().weights != HAND_WEIGHTS


def test_the_score_is_a_dot_product() -> None:
    model = SpeakerModel({FEATURES[0]: 2.0, FEATURES[3]: -0.5, FEATURES[-1]: 4.0})
    feats = [0.0] * len(FEATURES)
    feats[0], feats[3], feats[5], feats[-1] = 1.0, 3.0, 7.0, 0.25
    assert model.score(feats) == pytest.approx(2.0 - 1.5 + 1.0)
    assert SpeakerModel({}).score(feats) == 0.0
    with pytest.raises(ValueError):
        model.score(feats[:-1])  # one value per feature, no fewer


# the stage run on an already parsed story, with its attribute() traced


@pytest.fixture(scope="module")
def parsed_kitchen() -> Document:
    return ficlens.analyze(KITCHEN, characters=False)


@pytest.fixture(scope="module")
def parsed_stairs() -> Document:
    return ficlens.analyze(STAIRS, characters=False)


Row = tuple[int, int, list[float]]


def paragraph_of(doc: Document, q: Quote) -> int:
    return next(i for i, p in enumerate(doc.layer("paragraphs")) if p.start <= q.start < p.end)


@pytest.fixture
def traced() -> Callable[..., tuple[Document, list[Row], Any]]:
    """Run the literary core with a tracing speaker scorer; returns the result, the trace (turn, character,
    features) and the ``characters`` layer the speakers stage saw (the ids the trace uses)."""

    def run(doc: Document, model: SpeakerModel | None = None) -> tuple[Document, list[Row], Any]:
        tracing = TracingSpeakerScorer(LinearSpeakerScorer(model or load_speaker_model(), "test", "test"))
        seen: dict[str, Document] = {}
        for stage in Pipeline.build(literary_core(speaker_scorer=tracing), provided=doc.layers).stages:
            if stage.name == "speakers":
                seen["before"] = doc
            doc = stage(doc, Context())
        return doc, tracing.trace, seen["before"].layer("characters")

    return run


def test_the_trace_has_one_row_per_turn_and_candidate(parsed_kitchen: Document, traced: Any) -> None:
    doc, rows, cl = traced(parsed_kitchen)
    quotes = doc.layer("quotes")
    n_turns = len({paragraph_of(doc, q) for q in quotes})
    assert n_turns == 6
    assert all(len(f) == len(FEATURES) for _, _, f in rows)
    pairs = [(ti, eid) for ti, eid, _ in rows]
    assert len(pairs) == len(set(pairs))
    assert {ti for ti, _ in pairs} == set(range(n_turns))
    # both speakers are candidates in every turn, and each turn's score is its best candidate's softmax probability
    model = load_speaker_model()
    names = {eid: dict(cl[eid].names) for _, eid, _ in rows}
    for ti in range(n_turns):
        here = [(eid, f) for t, eid, f in rows if t == ti]
        assert {"Maria", "Tom"} <= {n for eid, _ in here for n in names[eid]}
        assert quotes[ti].score == pytest.approx(round(max(softmax([model.score(f) for _, f in here])), 3))


def test_the_stage_runs_when_every_candidate_ties(parsed_kitchen: Document, traced: Any) -> None:
    doc, rows, _ = traced(parsed_kitchen, SpeakerModel({}))
    quotes = doc.layer("quotes")
    assert len(quotes) == 6 and rows
    for q in quotes:
        assert q.speaker >= 0 and q.score == pytest.approx(round(1 / len({e for t, e, _ in rows if t == q.turn}), 3))
        assert q.method in ("explicit", "beat", "vocative", "turn-taking", "context")
    chars = doc.layer("characters")
    assert sum(c.quotes for c in chars) == 6


def test_the_hand_set_weights_let_the_narrator_speak_too() -> None:
    parsed = ficlens.analyze(BOOKSHOP, characters=False)
    doc = Pipeline.build(literary_core(speaker_scorer="hand"), provided=parsed.layers)(parsed)
    assert speakers_in_order(doc) == ["Jonah", "I", "Jonah", "I", "Jonah", "I"]
    assert method(doc, "The bus broke down") == method(doc, "Try tawny") == "explicit"
    assert addressees(doc, "You're late again") == ["I"]


def test_the_explicit_features_need_a_speech_verb(traced: Any) -> None:
    parsed = ficlens.analyze(
        'Ollie waits on the steps. He is cold.\n\nOllie looks at the rain. "Fine."\n', characters=False
    )
    _, rows, _ = traced(parsed)
    (row,) = rows
    feats = dict(zip(FEATURES, row[2], strict=True))
    assert feats["beat_subject"] == 1.0  # the subject of other narration beside the quote
    assert feats["explicit_name"] == feats["explicit_pronoun"] == 0.0
    assert feats["explicit_after"] == feats["explicit_near"] == 0.0


def test_someone_addressed_earlier_in_the_conversation_is_a_candidate(parsed_stairs: Document, traced: Any) -> None:
    doc, rows, cl = traced(parsed_stairs)
    assert addressees(doc, "dinner's ready")[0] == "Tom"
    last = max(ti for ti, _, _ in rows)
    candidates = {n for ti, eid, _ in rows if ti == last for n in dict(cl[eid].names)}
    assert "Tom" in candidates


# --------------------------------------------------------------------------------------------------- the seed


@pytest.mark.shared
def test_seed_speakers_and_addressees(seed_path: Path) -> None:
    """The seed story (read in place, never copied): its eight quotations, in order, are Spike's (calling her
    "pet"), Willow's apology, Spike's two-part reply after he shakes his head, Spike's again as he jabs his thumb,
    Willow's question ("Willow spoke"), Spike's bare answer, and Willow's submission; each speaks to the other."""
    doc = ficlens.analyze(seed_path)
    chars = doc.layer("characters")
    quotes = doc.layer("quotes")
    assert len(quotes) == 8
    speakers = [chars[q.speaker].name if q.speaker >= 0 else None for q in quotes]
    assert speakers == ["Spike", "Willow", "Spike", "Spike", "Spike", "Willow", "Spike", "Willow"]
    other = {"Spike": "Willow", "Willow": "Spike"}
    for q, speaker in zip(quotes, speakers, strict=True):
        assert [chars[a].name for a in q.addressees][:1] == [other[speaker]]


# --------------------------------------------------------------------------------------------------- speech syntax

# each speaker is named by a construction the parser does not give as "subject of a speech verb"; alternation alone
# would get every one of them wrong
HALL = """Nell and Arthur waited in the hall with their aunt, Mrs. Hale. The clock struck nine.

"We shall miss the coach," said Nell.

"We shall not," said Arthur.

Mrs. Hale, who had been buttoning her gloves all this while, said, "Children, be quiet."

"Sorry, Aunt."

Arthur went to the window and said, "The coach is here already."

"Then fetch the bags," was Mrs. Hale's answer.

"Bags?" cried Nell. "I packed only one."
"""


@pytest.fixture(scope="module")
def hall() -> Document:
    return ficlens.analyze(HALL)


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("Children, be quiet", "Mrs. Hale"),  # the noun a relative clause of speech hangs on
        ("The coach is here already", "Arthur"),  # a speech verb joined to the subject's own verb
        ("Then fetch the bags", "Mrs. Hale"),  # the owner of a speech noun
        ("Bags?", "Nell"),  # a quotation the parser took for the subject of "cried"
    ],
)
def test_speech_syntax_beyond_the_plain_subject(hall: Document, fragment: str, expected: str) -> None:
    assert speaker(hall, fragment) == expected
    assert method(hall, fragment) == "explicit"


def test_speech_verb_of_follows_the_parse() -> None:
    doc = ficlens.analyze(HALL)
    tv = TokenView.cached(doc)
    found = {}
    for i in range(len(tv)):
        if tv.in_quote[i]:
            continue
        v = speakers.speech_verb_of(tv, i, is_speech_verb)
        if v >= 0:
            found.setdefault(tv.text[i], set()).add(tv.lemma[v])
    assert {"say"} <= found.get("Hale", set()) | found.get("Mrs.", set())
    assert "answer" in found.get("Hale", set())
    assert "say" in found["Arthur"] and "cry" in found["Nell"]
    assert "Aunt" not in found  # a vocative inside a quotation is nobody's speech


# the gold-quote settings give each paragraph of a long speech as its own quotation
def test_given_quotes_over_several_paragraphs_keep_their_speaker() -> None:
    text = RIVER
    spans = []
    for m in re.finditer(r'"([^"\n]*)(?:"|\n)', text):
        spans.append((m.start(1), m.end(1), len(spans)))
    doc = ficlens.analyze(text, quotes=spans)
    parts = [quote(doc, "Out by the river"), quote(doc, "old bridge is gone"), quote(doc, "warn the farmer")]
    assert [who(doc, q.speaker) for q in parts] == ["Tom", "Tom", "Tom"]


def test_a_bare_surname_hint_is_the_surname_of_the_full_one() -> None:
    from ficlens.stages.characters import CharacterHint, dedupe_hints

    hints = [
        CharacterHint("Josiah Bounderby", ("Mr. Bounderby", "Josiah")),
        CharacterHint("Bounderby"),
        CharacterHint("Jonathan Small", ("Wooden-Legged Man",)),
        CharacterHint("Small", ("small",)),
        CharacterHint("Jane"),  # nobody's surname: a person of her own
        CharacterHint("Tom", ("Tom Gradgrind", "Tom")),  # several words among its names: kept
    ]
    assert [h.name for h in dedupe_hints(hints)] == ["Josiah Bounderby", "Jonathan Small", "Jane", "Tom"]


def test_said_i_before_a_name_is_the_narrator_not_an_initial() -> None:
    doc = ficlens.analyze(
        'I waited by the well until Marta came back with the rope.\n\n"Tie it twice," said I. Marta shook her head.\n\n'
        '"Once is plenty," she said. Marta knotted it once, and I said nothing more.\n'
    )
    names = {n for c in doc.layer("characters") for n, _ in c.names}
    assert "Marta" in names and not any(n.startswith("I") for n in names)
    assert speaker(doc, "Tie it twice") == "I"


def test_run_on_dialogue_in_one_paragraph_is_split_by_its_tags() -> None:
    doc = ficlens.analyze(
        "Mr. Crale sat by the fire with his sister, Mrs. Pym. The rain had not stopped since noon.\n\n"
        '"Is the coach late?" said Mr. Crale. "It is always late!" returned Mrs. Pym. "Then we shall dine '
        'without Edmund," said Mr. Crale, and rang the bell.\n'
    )
    assert speaker(doc, "Is the coach late") == "Mr. Crale"
    assert speaker(doc, "It is always late") == "Mrs. Pym"
    assert speaker(doc, "Then we shall dine") == "Mr. Crale"
    assert method(doc, "It is always late") == "explicit"
