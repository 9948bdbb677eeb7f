"""Positions and spans in Dockerfile text.

Lines are 0-based; columns count Unicode code points from the start of the physical
line, with a leading byte order mark counted as one character, so a client that sent
the BOM sees the columns it expects. Line endings (``\\n``, ``\\r\\n``) are never part
of a line. Conversion to the client's units (UTF-16 or UTF-8) happens only in
``dockerfile_ls.lsp.convert``.
"""

from __future__ import annotations

from typing import NamedTuple

BOM = "\ufeff"


class Span(NamedTuple):
    """A half-open range from (start_line, start_col) to (end_line, end_col)."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    def shifted(self, lines: int) -> Span:
        """Return the same span moved down by ``lines`` lines."""
        if lines == 0:
            return self
        return Span(
            self.start_line + lines, self.start_col, self.end_line + lines, self.end_col
        )

    def contains(self, line: int, col: int) -> bool:
        """Tell whether the position lies inside the span, both ends included."""
        if (line, col) < (self.start_line, self.start_col):
            return False
        return (line, col) <= (self.end_line, self.end_col)

    def is_empty(self) -> bool:
        return self.start_line == self.end_line and self.start_col == self.end_col


def split_lines(text: str) -> list[str]:
    """Split text into physical lines without their line endings.

    Only ``\\n`` ends a line, as in BuildKit's scanner, and every ``\\r`` at the end
    of a line is dropped, as BuildKit's ``trimNewline`` does. A final line without a
    newline is kept, and text ending in a newline yields a last empty line, matching
    how editors count lines.
    """
    lines = text.split("\n")
    if "\r" in text:
        lines = [line.rstrip("\r") for line in lines]
    return lines
