"""YAML with positions: PyYAML's node graph and where each value sits in the file.

``yaml.compose`` keeps a start and end mark on every node, which gives the span of a
value as written. For a script inside a block scalar the reader needs more: where
each character of the *value* sits, after indentation is removed and lines are
folded. ``scalar_positions`` rebuilds the value from the source text following the
YAML 1.1 rules that PyYAML implements, and returns positions only when the rebuilt
value equals PyYAML's, so a span is never placed on the wrong text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import yaml

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.positions import LineIndex, PositionMap
from dockerfile_ls.workspace.sites import InsertSlot

logger = logging.getLogger(__name__)

# libyaml's loader is about ten times faster and gives the same marks (code point
# offsets); its plain scalars have style "" where PyYAML's have None.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NULL_TAG = "tag:yaml.org,2002:null"
MERGE_KEY = "<<"
DOUBLE_QUOTED_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def compose_documents(text: str, path: str) -> list[yaml.Node]:
    """Return the node graph of each document in ``text``; none if it is invalid."""
    try:
        return [node for node in yaml.compose_all(text, Loader=LOADER) if node]
    except yaml.YAMLError as error:
        logger.debug("skipping %s: invalid YAML: %s", path, error)
        return []
    except RecursionError:
        logger.warning("skipping %s: YAML nested too deeply to read", path)
        return []


def mapping_items(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """Yield (key, key node, value node) of a mapping with ``<<`` merge keys
    expanded. A key written in the mapping itself wins over a merged one."""
    if not isinstance(node, yaml.MappingNode):
        return
    own = {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value == MERGE_KEY and key.tag != "tag:yaml.org,2002:str":
            yield from _merged_items(value, own)
        else:
            yield key.value, key, value


def _merged_items(
    value: yaml.Node, own: set[str]
) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
    seen = set(own)
    for source in sources:
        for key, key_node, item in mapping_items(source):
            if key not in seen:
                seen.add(key)
                yield key, key_node, item


def mapping_get(
    node: yaml.Node | None, name: str
) -> tuple[yaml.Node, yaml.Node] | None:
    """Return the key and value nodes of ``name`` in a mapping."""
    for key, key_node, value in mapping_items(node):
        if key == name:
            return key_node, value
    return None


def scalar_value(node: yaml.Node | None) -> str | None:
    """Return the text of a scalar; ``""`` for an empty value, ``None`` for an
    explicit ``null``/``~`` or a node that is not a scalar."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == NULL_TAG:
        return "" if node.value == "" else None
    return str(node.value)


def is_empty(node: yaml.Node) -> bool:
    """Tell whether a key has nothing written after it (``target:``)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == NULL_TAG
        and node.start_mark.index == node.end_mark.index
    )


def value_span(node: yaml.Node) -> Span:
    """Return the span of a scalar as written: inside its quotes if quoted, and
    from the line after the ``|`` or ``>`` header for a block scalar."""
    start = node.start_mark
    end = node.end_mark
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    if style in ("'", '"'):
        return Span(start.line, start.column + 1, end.line, max(end.column - 1, 0))
    if style in ("|", ">"):
        return Span(start.line + 1, 0, end.line, end.column)
    return Span(start.line, start.column, end.line, end.column)


def empty_value_slot(node: yaml.Node, text: str) -> InsertSlot:
    """Return where a value goes after a bare ``key:``: the blanks after the colon,
    replaced by a space and the value, and a space before a following comment."""
    mark = node.start_mark
    start = mark.index
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    stop = mark.index
    while stop < len(text) and text[stop] in " \t":
        stop += 1
    column = mark.column - (mark.index - start)
    span = Span(mark.line, column, mark.line, column + stop - start)
    suffix = " " if text.startswith("#", stop) else ""
    return InsertSlot(span, " ", suffix)


def line_starts(
    node: yaml.Node, text: str, index: LineIndex
) -> tuple[tuple[int, int], ...] | None:
    """Return where each line of a scalar's value starts in the file, when the
    value's lines are the source lines (a ``|`` scalar or one unescaped line)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = str(node.value)
    if node.style == "|":
        positions = scalar_positions(node, text, index)
        if positions is None:
            return None
        starts = [positions.position(0)]
        for offset, ch in enumerate(value[:-1]):
            if ch == "\n":
                starts.append(positions.position(offset + 1))
        return tuple(starts)
    if "\n" in value or node.style in (">",):
        return None
    span = value_span(node)
    start = node.start_mark.index + (1 if node.style in ("'", '"') else 0)
    if text[start : start + len(value)] != value:
        return None
    return ((span.start_line, span.start_col),)


def scalar_positions(
    node: yaml.Node, text: str, index: LineIndex
) -> PositionMap | None:
    """Return where each character of a scalar's value sits in ``text``, or
    ``None`` when the value cannot be rebuilt exactly from the source."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    start = node.start_mark.index
    end = node.end_mark.index
    if node.style in ("|", ">"):
        rebuilt = _block_scalar(text, start, end, folded=node.style == ">")
    elif node.style in ("'", '"'):
        rebuilt = _flow_scalar(text, start + 1, end - 1, quote=node.style)
    else:
        rebuilt = _flow_scalar(text, start, end, quote="")
    chars = "".join(ch for ch, _ in rebuilt)
    if not chars.startswith(node.value) or chars[len(node.value) :].strip("\n"):
        logger.debug("no positions for scalar at %s", node.start_mark)
        return None
    value_chars = rebuilt[: len(node.value)]
    positions = [index.position(offset) for _, offset in value_chars]
    return PositionMap(positions, index.position(end))


def _flow_scalar(text: str, start: int, end: int, quote: str) -> list[tuple[str, int]]:
    """Rebuild a plain or quoted scalar: escapes, and line folding (a single line
    break becomes a space, each further empty line a newline)."""
    out: list[tuple[str, int]] = []
    protected = 0
    position = start
    while position < end:
        ch = text[position]
        if ch in "\r\n":
            while len(out) > protected and out[-1][0] in " \t":
                out.pop()
            position = _fold_breaks(text, position, end, out)
            protected = len(out)
            continue
        if quote == "'" and ch == "'" and text.startswith("'", position + 1):
            out.append(("'", position))
            position += 2
        elif quote == '"' and ch == "\\":
            position = _double_quoted_escape(text, position, end, out)
            protected = len(out)
        else:
            out.append((ch, position))
            position += 1
    return out


def _fold_breaks(text: str, position: int, end: int, out: list[tuple[str, int]]) -> int:
    breaks: list[int] = []
    while position < end:
        if text[position] == "\r":
            position += 1
        elif text[position] == "\n":
            breaks.append(position)
            position += 1
            while position < end and text[position] in " \t":
                position += 1
        else:
            break
    if len(breaks) == 1:
        out.append((" ", breaks[0]))
    else:
        out.extend(("\n", offset) for offset in breaks[1:])
    return position


def _double_quoted_escape(
    text: str, position: int, end: int, out: list[tuple[str, int]]
) -> int:
    following = text[position + 1] if position + 1 < end else ""
    if following in DOUBLE_QUOTED_ESCAPES:
        out.append((DOUBLE_QUOTED_ESCAPES[following], position))
        return position + 2
    if following in HEX_ESCAPES:
        width = HEX_ESCAPES[following]
        digits = text[position + 2 : position + 2 + width]
        try:
            out.append((chr(int(digits, 16)), position))
        except ValueError:
            out.append(("\\", position))
            return position + 1
        return position + 2 + width
    if following in ("\r", "\n"):
        # An escaped line break joins the lines without a space.
        position += 1
        if text[position] == "\r":
            position += 1
        position += 1
        while position < end and text[position] in " \t":
            position += 1
        return position
    out.append(("\\", position))
    return position + 1


def _block_scalar(
    text: str, start: int, end: int, folded: bool
) -> list[tuple[str, int]]:
    """Rebuild a ``|`` or ``>`` scalar with every trailing line break kept; the
    caller cuts it to the length PyYAML computed with the chomping indicator."""
    header_end = text.find("\n", start)
    if header_end < 0:
        return []

    lines: list[tuple[int, str]] = []
    position = header_end + 1
    while position < end:
        newline = text.find("\n", position)
        stop = len(text) if newline < 0 else newline
        lines.append((position, text[position:stop].rstrip("\r")))
        position = stop + 1
    indent = _indentation(text[start:header_end], lines)

    out: list[tuple[str, int]] = []
    pending: list[int] = []
    last_kind = ""
    for line_start, line in lines:
        content = line[indent:] if len(line) > indent else ""
        line_end = line_start + len(line)
        if not content:
            pending.append(line_end)
            continue
        kind = "more" if content[0] in " \t" else "text"
        if folded and last_kind == "text" and kind == "text" and pending:
            if len(pending) == 1:
                out.append((" ", pending[0]))
            else:
                out.extend(("\n", offset) for offset in pending[1:])
        else:
            out.extend(("\n", offset) for offset in pending)
        out.extend(
            (ch, line_start + indent + column) for column, ch in enumerate(content)
        )
        pending = [line_end]
        last_kind = kind

    out.extend(("\n", offset) for offset in pending)
    return out


def _indentation(header: str, lines: list[tuple[int, str]]) -> int:
    for ch in header[1:]:
        if ch.isdigit():
            # NOTE: an explicit indentation indicator is relative to the parent
            # node's indentation, which is not known here. The caller checks the
            # result against PyYAML's value and drops it when they differ.
            break
    leading = 0
    for _, line in lines:
        stripped = line.lstrip(" ")
        if stripped:
            return len(line) - len(stripped)
        leading = max(leading, len(line))
    return leading
