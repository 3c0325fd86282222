"""A spaCy ``Doc`` of an analysed work: ficlens's tokens (with their tags, lemmas and dependencies), its quotations
and mentions as span groups, and the characters, speakers and addressees as extensions (``docs/outputs.md``,
*spaCy*).

``doc.text`` is the work's text exactly (the Document's offsets are the Doc's character offsets): the text
between ficlens's tokens (whitespace, and the headers and notes that are not parsed) becomes tokens of their own,
tagged ``SPACE`` (or ``X`` when not whitespace) and attached to the token before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Extensions set on the Doc and its spans (registered once, with force=True so a reload does not fail).
SPAN_EXTENSIONS = (
    "speaker", "speaker_name", "addressees", "addressee_names", "method", "score", "quote_index",
    "character", "character_name",
)  # fmt: skip


def _register() -> None:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span

    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not SpacyDoc.has_extension("characters"):
        SpacyDoc.set_extension("characters", default=None)


def _tokens(doc: Document) -> dict[str, list[Any]]:
    """ficlens's tokens and the text between them as spaCy's constructor arguments (covering the whole text)."""
    text = doc.text
    cols: dict[str, list[Any]] = {k: [] for k in ("words", "spaces", "pos", "tags", "lemmas", "deps", "heads")}
    tokens = list(doc.tokens) if doc.has("tokens") else []
    index: list[int] = []  # ficlens token i -> spaCy token index

    def add(word: str, pos: str, tag: str, lemma: str, dep: str, head: int) -> None:
        cols["words"].append(word)
        cols["spaces"].append(False)
        for key, value in (("pos", pos), ("tags", tag), ("lemmas", lemma), ("deps", dep), ("heads", head)):
            cols[key].append(value)

    def gap(start: int, end: int) -> None:
        if start >= end:
            return
        piece = text[start:end]
        if piece == " " and cols["words"]:
            cols["spaces"][-1] = True
            return
        n = len(cols["words"])
        add(piece, "SPACE" if piece.isspace() else "X", "_SP" if piece.isspace() else "XX", piece, "dep", n - 1)

    cursor = 0
    for t in tokens:
        gap(cursor, t.start)
        index.append(len(cols["words"]))
        add(text[t.start : t.end], t.pos or "X", t.tag, t.lemma, t.dep or "dep", t.head)
        cursor = t.end
    gap(cursor, len(text))
    heads = cols["heads"]
    words = set(index)
    for i, head in enumerate(heads):
        if i in words:
            heads[i] = index[head] if 0 <= head < len(index) else i
        elif head < 0:  # text before the first token: attached to the token after it
            heads[i] = i + 1 if i + 1 < len(heads) else i
    return cols


def to_spacy(doc: Document, nlp: Language | None = None) -> Doc:
    """A spaCy Doc (in ``nlp``'s vocabulary; a blank English one by default) of the analysed ``doc``:

    * tokens with ``pos_``, ``tag_``, ``lemma_``, ``dep_`` and ``head`` from ficlens (nothing is re-parsed;
      ``nlp``'s components are not run);
    * ``doc.spans["quotes"]`` (label ``QUOTE``) with ``span._.speaker`` (character index or None),
      ``speaker_name``, ``addressees``, ``addressee_names``, ``method``, ``score``, ``quote_index`` (``quotes[N]``);
    * ``doc.spans["mentions"]`` (label ``name``, ``nominal`` or ``pronoun``) with ``span._.character`` and
      ``character_name``;
    * ``doc._.characters``: one dict per character (``id``, ``name``, ``gender``, ``mention_count``, ``quotes``).
    """
    import spacy
    from spacy.tokens import Doc as SpacyDoc

    _register()
    vocab = (nlp or spacy.blank("en")).vocab
    cols = _tokens(doc)
    if not cols["words"]:
        return SpacyDoc(vocab, words=[])
    sdoc = SpacyDoc(vocab, **cols)  # type: ignore[arg-type]
    chars = doc.layer("characters") if doc.has("characters") else ()

    def name(index: int) -> str | None:
        return (chars[index].name or None) if 0 <= index < len(chars) else None

    quotes = []
    for i, q in enumerate(doc.layer("quotes") if doc.has("quotes") else ()):
        span = sdoc.char_span(q.start, q.end, label="QUOTE", alignment_mode="expand")
        if span is None:
            continue
        span._.speaker = q.speaker if q.speaker >= 0 else None
        span._.speaker_name = name(q.speaker)
        span._.addressees = list(q.addressees)
        span._.addressee_names = [name(a) for a in q.addressees]
        span._.method = q.method or None
        span._.score = q.score
        span._.quote_index = i
        quotes.append(span)
    mentions = []
    for m in doc.layer("mentions") if doc.has("mentions") else ():
        span = sdoc.char_span(m.start, m.end, label=m.kind, alignment_mode="expand")
        if span is None:
            continue
        span._.character = m.character if m.character >= 0 else None
        span._.character_name = name(m.character)
        mentions.append(span)
    sdoc.spans["quotes"] = quotes
    sdoc.spans["mentions"] = mentions
    sdoc._.characters = [
        {"id": i, "name": c.name or None, "gender": c.gender, "mention_count": c.mention_count, "quotes": c.quotes}
        for i, c in enumerate(chars)
    ]
    return sdoc
