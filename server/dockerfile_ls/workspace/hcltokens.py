"""Tokens of the HCL native syntax, with the decoded value of each string.

Follows the HCL native syntax specification (hashicorp/hcl ``hclsyntax/spec.md``):
comments (``#``, ``//``, ``/* */``), quoted templates with escapes and ``${ }`` or
``%{ }`` sequences (``$${`` and ``%%{`` are literal), and heredocs (``<<EOT`` and
the indented ``<<-EOT``). A string that is not closed ends at the end of its line.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """Return the offset after the ``}`` that closes a ``${`` or ``%{``.

    Strings inside the sequence may hold sequences of their own, so a stack tracks
    whether each level is an expression (``{``) or a string (``"``).
    """
    stack = ["{"]
    while position < limit and stack:
        ch = text[position]
        if stack[-1] == '"':
            if ch == "\\":
                position += 2
                continue
            if text.startswith(("$${", "%%{"), position):
                position += 3
                continue
            if text.startswith(("${", "%{"), position):
                stack.append("{")
                position += 2
                continue
            if ch == '"':
                stack.pop()
        elif ch == '"' or ch == "{":
            stack.append(ch)
        elif ch == "}":
            stack.pop()
        position += 1
    return min(position, limit)


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
