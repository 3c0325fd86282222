"""Tokens as a compact column table.

A novel has hundreds of thousands of tokens; one Python object each would cost hundreds of megabytes.
The table keeps one ``array`` per column and a shared string vocabulary for the categorical ones, so a
2-million-character novel's tokens take a few megabytes and serialise as plain JSON lists.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

STRING_COLUMNS = ("pos", "tag", "dep", "lemma")
INT_COLUMNS = ("start", "end", "head")


@dataclass(frozen=True, slots=True)
class Token:
    """One token, materialised on demand from a :class:`TokenTable`."""

    index: int
    start: int
    end: int
    pos: str
    tag: str
    dep: str
    head: int
    lemma: str


@dataclass(frozen=True)
class TokenTable:
    """Columns of token attributes; row ``i`` is token ``i`` in document order.

    ``head`` holds absolute token indices (a root points at itself). String columns hold indices into
    ``vocab``.
    """

    source: str = ""
    vocab: tuple[str, ...] = ()
    start: array = field(default_factory=lambda: array("q"))
    end: array = field(default_factory=lambda: array("q"))
    head: array = field(default_factory=lambda: array("q"))
    pos: array = field(default_factory=lambda: array("l"))
    tag: array = field(default_factory=lambda: array("l"))
    dep: array = field(default_factory=lambda: array("l"))
    lemma: array = field(default_factory=lambda: array("l"))

    def __post_init__(self) -> None:
        n = len(self.start)
        for name in (*INT_COLUMNS, *STRING_COLUMNS):
            if len(getattr(self, name)) != n:
                raise ValueError(f"token column {name!r} has {len(getattr(self, name))} rows, expected {n}")

    def __len__(self) -> int:
        return len(self.start)

    def __getitem__(self, i: int) -> Token:
        v = self.vocab
        return Token(
            index=i,
            start=self.start[i],
            end=self.end[i],
            pos=v[self.pos[i]],
            tag=v[self.tag[i]],
            dep=v[self.dep[i]],
            head=self.head[i],
            lemma=v[self.lemma[i]],
        )

    def __iter__(self) -> Iterator[Token]:
        return (self[i] for i in range(len(self)))

    def column(self, name: str) -> list[str] | list[int]:
        """A column as a list: strings for categorical columns, ints for offsets and heads."""
        if name in STRING_COLUMNS:
            v = self.vocab
            return [v[i] for i in getattr(self, name)]
        return list(getattr(self, name))

    def ints(self, name: str) -> list[int]:
        """An integer column (``start``, ``end``, ``head``) as a list."""
        if name not in INT_COLUMNS:
            raise KeyError(f"{name!r} is not an integer token column")
        return list(getattr(self, name))

    def strings(self, name: str) -> list[str]:
        """A string column (``pos``, ``tag``, ``dep``, ``lemma``) as a list."""
        if name not in STRING_COLUMNS:
            raise KeyError(f"{name!r} is not a string token column")
        v = self.vocab
        return [v[i] for i in getattr(self, name)]

    def to_columns(self) -> dict[str, object]:
        out: dict[str, object] = {"source": self.source, "vocab": list(self.vocab)}
        for name in (*INT_COLUMNS, *STRING_COLUMNS):
            out[name] = getattr(self, name).tolist()
        return out

    @classmethod
    def from_columns(cls, data: dict[str, object]) -> TokenTable:
        def ints(name: str, code: str) -> array:
            values = data.get(name, [])
            if not isinstance(values, list):
                raise ValueError(f"token column {name!r} must be a list")
            return array(code, values)

        vocab = data.get("vocab", [])
        if not isinstance(vocab, list):
            raise ValueError("token vocab must be a list")
        return cls(
            source=str(data.get("source", "")),
            vocab=tuple(str(s) for s in vocab),
            **{name: ints(name, "q") for name in INT_COLUMNS},
            **{name: ints(name, "l") for name in STRING_COLUMNS},
        )


class TokenTableBuilder:
    """Appends tokens row by row (or chunk by chunk) and freezes them into a :class:`TokenTable`."""

    def __init__(self) -> None:
        self._vocab: dict[str, int] = {}
        self._cols: dict[str, array] = {name: array("q") for name in INT_COLUMNS}
        self._cols.update({name: array("l") for name in STRING_COLUMNS})

    def __len__(self) -> int:
        return len(self._cols["start"])

    def intern(self, s: str) -> int:
        i = self._vocab.get(s)
        if i is None:
            i = self._vocab[s] = len(self._vocab)
        return i

    def extend(
        self,
        starts: Sequence[int],
        ends: Sequence[int],
        heads: Sequence[int],
        strings: dict[str, Sequence[str]],
    ) -> None:
        """Append a chunk; ``heads`` are absolute indices already."""
        c = self._cols
        c["start"].extend(starts)
        c["end"].extend(ends)
        c["head"].extend(heads)
        intern = self.intern
        for name in STRING_COLUMNS:
            c[name].extend(intern(s) for s in strings[name])

    def build(self, source: str) -> TokenTable:
        return TokenTable(source=source, vocab=tuple(self._vocab), **self._cols)
