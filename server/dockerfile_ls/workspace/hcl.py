"""A tolerant HCL native-syntax parser that keeps the offsets of values.

It covers what Bake files use, following the HCL native syntax specification
(hashicorp/hcl ``hclsyntax/spec.md``): bodies of attributes (``name = expr``) and
blocks (``type "label" { ... }``), comments (``#``, ``//``, ``/* */``), quoted
templates with escapes and ``${ }``/``%{ }`` sequences, heredocs (``<<EOT`` and the
indented ``<<-EOT``), tuples and objects. Any other expression (a variable, a
function call, an operator) is kept as its source range. Newlines end an attribute
except inside brackets.

Unlike a validating parser it never fails: an attribute whose value is still being
typed (``target = ``) is kept with no value, and an unterminated string ends at the
end of its line, so an editor gets results while the file is incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
HEX_ESCAPES = {"u": 4, "U": 8}
PUNCTUATION = (
    "==",
    "!=",
    "<=",
    ">=",
    "&&",
    "||",
    "=>",
    "...",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "=",
    ",",
    ".",
    ":",
    "?",
    "!",
    "*",
    "/",
    "%",
    "+",
    "-",
    "<",
    ">",
)
CLOSERS = {"{": "}", "[": "]", "(": ")"}


@dataclass(frozen=True, slots=True)
class Token:
    """A token: ``kind`` is ``ident``, ``number``, ``string``, ``heredoc``,
    ``punct``, ``newline`` or ``other``."""

    kind: str
    text: str
    start: int
    end: int
    template: Template | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A quoted string or heredoc: its literal value when it has no ``${ }`` or
    ``%{ }`` sequence, and the source offset of each value character."""

    value: str
    offsets: tuple[int, ...]
    dynamic: bool
    content_start: int
    content_end: int


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


def tokenize(text: str) -> list[Token]:
    """Split HCL text into tokens, skipping comments and blanks."""
    return _Tokenizer(text).run()


class _Tokenizer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            start = self.pos
            if ch in " \t\r\ufeff":
                self.pos += 1
            elif ch == "\n":
                self._add("newline", start + 1)
            elif ch == "#" or text.startswith("//", start):
                newline = text.find("\n", start)
                self.pos = len(text) if newline < 0 else newline
            elif text.startswith("/*", start):
                close = text.find("*/", start + 2)
                self.pos = len(text) if close < 0 else close + 2
            elif ch == '"':
                self._read_string()
            elif text.startswith("<<", start) and self._read_heredoc():
                continue
            elif ch.isalpha() or ch == "_":
                stop = start + 1
                while stop < len(text) and (text[stop].isalnum() or text[stop] in "_-"):
                    stop += 1
                self._add("ident", stop)
            elif ch.isdigit():
                stop = start + 1
                while stop < len(text) and (text[stop].isalnum() or text[stop] in "."):
                    stop += 1
                self._add("number", stop)
            else:
                punct = next((p for p in PUNCTUATION if text.startswith(p, start)), "")
                self._add("punct" if punct else "other", start + max(len(punct), 1))
        return self.tokens

    def _add(self, kind: str, stop: int, template: Template | None = None) -> None:
        self.tokens.append(
            Token(kind, self.text[self.pos : stop], self.pos, stop, template)
        )
        self.pos = stop

    def _read_string(self) -> None:
        start = self.pos
        newline = self.text.find("\n", start)
        limit = len(self.text) if newline < 0 else newline
        template, stop = _read_template(self.text, start + 1, limit, closing='"')
        self._add("string", stop, template)

    def _read_heredoc(self) -> bool:
        text = self.text
        start = self.pos
        indented = text.startswith("<<-", start)
        marker_start = start + (3 if indented else 2)
        marker_end = marker_start
        while marker_end < len(text) and (
            text[marker_end].isalnum() or text[marker_end] in "_-"
        ):
            marker_end += 1
        marker = text[marker_start:marker_end]
        line_end = text.find("\n", marker_end)
        if not marker or line_end < 0 or text[marker_end:line_end].strip():
            return False
        content_start = line_end + 1
        position = content_start
        lines: list[tuple[int, str]] = []
        stop = len(text)
        while position < len(text):
            newline = text.find("\n", position)
            end = len(text) if newline < 0 else newline
            line = text[position:end]
            if line.strip() == marker:
                stop = end
                break
            lines.append((position, line))
            position = end + 1
        template = _heredoc_template(text, lines, indented, content_start)
        self._add("heredoc", stop, template)
        return True


def _read_template(
    text: str, position: int, limit: int, closing: str
) -> tuple[Template, int]:
    """Read a template body from ``position``; return it and the offset after the
    closing quote (or ``limit`` when the string is not closed)."""
    chars: list[str] = []
    offsets: list[int] = []
    dynamic = False
    start = position
    while position < limit:
        ch = text[position]
        if ch == closing:
            template = Template(
                "".join(chars), tuple(offsets), dynamic, start, position
            )
            return template, position + 1
        if ch == "\\" and position + 1 < limit:
            position = _escape(text, position, chars, offsets)
        elif text.startswith(("$${", "%%{"), position):
            chars.extend(text[position + 1 : position + 3])
            offsets.extend((position + 1, position + 2))
            position += 3
        elif text.startswith(("${", "%{"), position):
            dynamic = True
            stop = _template_sequence_end(text, position + 2, limit)
            chars.extend(text[position:stop])
            offsets.extend(range(position, stop))
            position = stop
        else:
            chars.append(ch)
            offsets.append(position)
            position += 1
    return Template("".join(chars), tuple(offsets), dynamic, start, limit), limit


def _escape(text: str, position: int, chars: list[str], offsets: list[int]) -> int:
    following = text[position + 1]
    if following in ESCAPES:
        chars.append(ESCAPES[following])
        offsets.append(position)
        return position + 2
    width = HEX_ESCAPES.get(following, 0)
    digits = text[position + 2 : position + 2 + width]
    if width and len(digits) == width:
        try:
            chars.append(chr(int(digits, 16)))
            offsets.append(position)
            return position + 2 + width
        except ValueError:
            pass
    chars.append("\\")
    offsets.append(position)
    return position + 1


def _template_sequence_end(text: str, position: int, limit: int) -> int:
    """Return the offset after the ``}`` that closes a ``${`` or ``%{``."""
    depth = 1
    while position < limit:
        ch = text[position]
        if ch == '"':
            _, position = _read_template(text, position + 1, limit, closing='"')
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return limit


def _heredoc_template(
    text: str, lines: list[tuple[int, str]], indented: bool, content_start: int
) -> Template:
    """Build a heredoc's value: every line with its newline, and for ``<<-`` the
    spaces common to all non-blank lines removed."""
    strip = 0
    if indented:
        widths = [
            len(line) - len(line.lstrip(" ")) for _, line in lines if line.strip()
        ]
        strip = min(widths, default=0)
    chars: list[str] = []
    offsets: list[int] = []
    dynamic = False
    for line_start, line in lines:
        body_start = line_start + min(strip, len(line) - len(line.lstrip(" ")))
        line_end = line_start + len(line)
        template, _ = _read_template(text, body_start, line_end, closing="\n")
        dynamic = dynamic or template.dynamic
        chars.extend(template.value)
        offsets.extend(template.offsets)
        chars.append("\n")
        offsets.append(line_end)
    end = lines[-1][0] + len(lines[-1][1]) if lines else content_start
    return Template("".join(chars), tuple(offsets), dynamic, content_start, end)


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

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
        block.body = self.body(closing="}")
        self.index += 1
        return block

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
        elif token.text == "[":
            primary = self._collection(token, "]")
        elif token.text == "{":
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
