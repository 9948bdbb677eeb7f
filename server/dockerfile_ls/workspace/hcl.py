"""A tolerant HCL native-syntax parser that keeps the offsets of values.

It covers what Bake files use, following the HCL native syntax specification
(hashicorp/hcl ``hclsyntax/spec.md``): bodies of attributes (``name = expr``) and
blocks (``type "label" { ... }``), with tuples, objects and the strings and heredocs
that ``hcltokens`` reads. Any other expression (a variable, a function call, an
operator) is kept as its source range. A newline ends an attribute and separates
object items, but is ignored inside tuples and parentheses.

Unlike a validating parser it never raises, so an editor gets results while the
file is incomplete. An attribute whose value is still being typed (``target = ``)
is kept with no value. Blocks and collections nested deeper than ``MAX_DEPTH`` are
not parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dockerfile_ls.workspace.hcltokens import Template, Token, tokenize

CLOSERS = {"{": "}", "[": "]", "(": ")"}
MAX_DEPTH = 64
"""Blocks, tuples and objects nested deeper than this are skipped or kept as
source ranges, which bounds the recursion of the parser."""


@dataclass(frozen=True, slots=True)
class StringExpr:
    template: Template
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expression, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    items: tuple[tuple[Expression, Expression], ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OtherExpr:
    """An expression whose value is only known when Bake evaluates it."""

    start: int
    end: int


Expression = StringExpr | TupleExpr | ObjectExpr | OtherExpr


@dataclass(frozen=True, slots=True)
class Attribute:
    """``name = value``; ``value`` is ``None`` while nothing is written after the
    equals sign, which ends at ``equals_end``."""

    name: str
    name_start: int
    value: Expression | None
    equals_end: int


@dataclass(slots=True)
class Block:
    type: str
    labels: list[str]
    start: int
    body: list[Attribute | Block] = field(default_factory=list)


def parse(text: str) -> list[Attribute | Block]:
    """Parse an HCL file into its top-level body."""
    return _Parser(tokenize(text)).body(closing=None)


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def _peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def body(self, closing: str | None) -> list[Attribute | Block]:
        items: list[Attribute | Block] = []
        while (token := self._peek()) is not None:
            if token.kind == "punct" and token.text == closing:
                return items
            self.index += 1
            if token.kind != "ident":
                continue
            item = self._item(token)
            if item is not None:
                items.append(item)
        return items

    def _item(self, name: Token) -> Attribute | Block | None:
        following = self._peek()
        if (
            following is not None
            and following.text == "="
            and following.kind == "punct"
        ):
            self.index += 1
            value = self._expression(stop_newline=True)
            return Attribute(name.text, name.start, value, following.end)
        labels: list[str] = []
        while (token := self._peek()) is not None and token.kind in ("string", "ident"):
            self.index += 1
            template = token.template
            labels.append(template.value if template is not None else token.text)
        token = self._peek()
        if token is None or token.text != "{":
            self._skip_line()
            return None
        self.index += 1
        block = Block(name.text, labels, name.start)
        if self.depth >= MAX_DEPTH:
            self._skip_block_body()
            return block
        self.depth += 1
        block.body = self.body(closing="}")
        self.depth -= 1
        self.index += 1
        return block

    def _skip_block_body(self) -> None:
        """Skip to the token after the ``}`` that closes the block just opened."""
        depth = 1
        while depth and (token := self._peek()) is not None:
            self.index += 1
            if token.kind == "punct" and token.text == "{":
                depth += 1
            elif token.kind == "punct" and token.text == "}":
                depth -= 1

    def _skip_line(self) -> None:
        while (token := self._peek()) is not None and token.kind != "newline":
            self.index += 1

    def _expression(
        self, stop_newline: bool, stops: tuple[str, ...] = ()
    ) -> Expression | None:
        """Parse one expression, up to a newline (when ``stop_newline``), a comma,
        a closing bracket of the enclosing construct or one of ``stops``."""
        while not stop_newline and (token := self._peek()) and token.kind == "newline":
            self.index += 1
        token = self._peek()
        if token is None or self._ends_expression(token, stop_newline, stops):
            return None
        first = self.index
        primary: Expression | None = None
        if token.kind in ("string", "heredoc") and token.template is not None:
            self.index += 1
            primary = StringExpr(token.template, token.start, token.end)
        elif token.text == "[" and self.depth < MAX_DEPTH:
            primary = self._collection(token, "]")
        elif token.text == "{" and self.depth < MAX_DEPTH:
            primary = self._collection(token, "}")
        following = self._peek()
        if primary is not None and (
            following is None or self._ends_expression(following, stop_newline, stops)
        ):
            return primary
        self.index = first
        return self._other(stop_newline, stops)

    def _ends_expression(
        self, token: Token, stop_newline: bool, stops: tuple[str, ...]
    ) -> bool:
        if token.kind == "newline":
            return stop_newline
        if token.kind != "punct":
            return False
        return token.text in (",", "]", "}", ")") or token.text in stops

    def _collection(self, opening: Token, closing: str) -> Expression:
        self.depth += 1
        try:
            return self._collection_items(opening, closing)
        finally:
            self.depth -= 1

    def _collection_items(self, opening: Token, closing: str) -> Expression:
        self.index += 1
        items: list[Expression] = []
        pairs: list[tuple[Expression, Expression]] = []
        while (token := self._peek()) is not None:
            if token.kind == "newline" or token.text == ",":
                self.index += 1
                continue
            if token.text == closing:
                self.index += 1
                break
            if token.text in ("]", "}", ")"):
                break
            if closing == "]":
                item = self._expression(stop_newline=False)
                if item is None:
                    self.index += 1
                else:
                    items.append(item)
                continue
            # Object items are separated by commas or newlines (HCL spec,
            # "Collection Values").
            key = self._expression(stop_newline=True, stops=("=", ":"))
            separator = self._peek()
            if key is None or separator is None or separator.text not in ("=", ":"):
                self.index += 1 if key is None else 0
                continue
            self.index += 1
            value = self._expression(stop_newline=True)
            if value is not None:
                pairs.append((key, value))
        end = self.tokens[self.index - 1].end
        if closing == "}":
            return ObjectExpr(tuple(pairs), opening.start, end)
        return TupleExpr(tuple(items), opening.start, end)

    def _other(self, stop_newline: bool, stops: tuple[str, ...]) -> OtherExpr:
        start = self.tokens[self.index].start
        end = start
        depth: list[str] = []
        while (token := self._peek()) is not None:
            if not depth and self._ends_expression(token, stop_newline, stops):
                break
            if token.kind == "punct" and token.text in CLOSERS:
                depth.append(CLOSERS[token.text])
            elif depth and token.text == depth[-1]:
                depth.pop()
            self.index += 1
            if token.kind != "newline":
                end = token.end
        return OtherExpr(start, end)
