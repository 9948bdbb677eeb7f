"""Offsets to (line, column) positions for the workspace readers.

Readers tokenize either a whole file (``LineIndex``) or a string taken out of a file,
such as a YAML block scalar holding a CI script (``PositionMap``). Both answer the
same question: where in the file is the character at a given offset of the text that
was tokenized. Lines are 0-based and columns count code points, as in ``core.text``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Protocol

from dockerfile_ls.core.text import Span


class OffsetMapper(Protocol):
    """Maps offsets of a tokenized text to positions in the file it came from."""

    def position(self, offset: int) -> tuple[int, int]:
        """Return the (line, col) of the character at ``offset``; ``len(text)``
        maps to the position just after the last character."""
        ...


class LineIndex:
    """Positions in a whole text, found by binary search over line starts."""

    def __init__(self, text: str) -> None:
        starts = [0]
        index = text.find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._starts = starts
        self._length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._length))
        line = bisect_right(self._starts, offset) - 1
        return line, offset - self._starts[line]

    def offset(self, line: int, col: int) -> int:
        """Return the offset of (line, col), clamped to the text."""
        if line >= len(self._starts):
            return self._length
        return min(self._starts[line] + col, self._length)


class PositionMap:
    """Positions of the characters of a value taken out of a file.

    ``positions[i]`` is where character ``i`` of the value sits in the file. The
    offset just past the end maps one column after the last character, or to
    ``end`` for an empty value.
    """

    def __init__(self, positions: list[tuple[int, int]], end: tuple[int, int]) -> None:
        self._positions = positions
        self._end = end

    def position(self, offset: int) -> tuple[int, int]:
        if 0 <= offset < len(self._positions):
            return self._positions[offset]
        if not self._positions:
            return self._end
        line, col = self._positions[-1]
        return line, col + 1


def span_of(mapper: OffsetMapper, start: int, end: int) -> Span:
    """Return the file span of the tokenized text ``[start, end)``.

    The end is one column after the last character, which stays right when the
    characters between are folded or escaped.
    """
    line, col = mapper.position(start)
    if end <= start:
        return Span(line, col, line, col)
    end_line, end_col = mapper.position(end - 1)
    return Span(line, col, end_line, end_col + 1)
