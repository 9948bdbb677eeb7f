"""Position conversion between code points and the client's units."""

from __future__ import annotations

import pytest
from lsprotocol import types

from dockerfile_ls.lsp.convert import PositionConverter

LINE = 'RUN echo "日本 🐳" && apt-get'
APT = LINE.index("apt-get")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        (types.PositionEncodingKind.Utf16, 20),
        (types.PositionEncodingKind.Utf8, 26),
        (types.PositionEncodingKind.Utf32, 19),
        ("utf-16", 20),
    ],
)
def test_column_in_client_units(encoding: str, expected: int) -> None:
    converter = PositionConverter(encoding)
    assert converter.to_client_column(LINE, APT) == expected
    assert converter.from_client_column(LINE, expected) == APT


def test_unknown_encoding_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown position encoding"):
        PositionConverter("utf-7")


def test_client_column_inside_surrogate_pair_rounds_up() -> None:
    converter = PositionConverter("utf-16")
    emoji = LINE.index("🐳")
    assert converter.from_client_column(LINE, 15) == emoji + 1


def test_position_past_end_is_clamped() -> None:
    converter = PositionConverter("utf-16")
    position = types.Position(line=0, character=99)
    line, col = converter.from_position(["FROM a"], position)
    assert (line, col) == (0, 6)
