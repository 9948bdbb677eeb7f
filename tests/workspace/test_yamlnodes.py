"""Tests for positions inside YAML scalars: every mapped character of PyYAML's value
must sit on the same character of the source."""

from __future__ import annotations

import pytest
import yaml

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.yamlnodes import (
    line_starts,
    mapping_get,
    scalar_positions,
    value_span,
)

SCALARS = [
    "k: |\n  line1\n    l2\n\n  l3\n",
    "k: |-\n  a\n  b\n\n",
    "k: |+\n  a\n\n\nz: 1\n",
    "k: >\n  a b\n  c\n\n  d\n    e\n  f\n",
    "k: >-\n  docker build\n  --target x\n  .\n",
    "k: plain\n  continued\n\n  para\n",
    "k: 'it''s\n  ok'\n",
    'k: "dq \\\n   joined\\tx"\n',
    "k: docker build --target t .\n",
    "a:\n  - run: |\n      echo a\n      echo b\n",
]


def value_node(text: str) -> yaml.Node:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        node = node.value[0][1] if isinstance(node, yaml.MappingNode) else node.value[0]
    return node


@pytest.mark.parametrize("text", SCALARS)
def test_positions_point_at_source_characters(text: str) -> None:
    node = value_node(text)
    positions = scalar_positions(node, text, LineIndex(text))
    assert positions is not None
    lines = text.split("\n")
    for offset, ch in enumerate(node.value):
        if ch in " \n\t":
            continue
        line, col = positions.position(offset)
        assert lines[line][col] == ch


def test_escape_sequences_map_to_backslash() -> None:
    text = 'k: "a\\u0041b"\n'
    node = value_node(text)
    positions = scalar_positions(node, text, LineIndex(text))
    assert positions is not None
    assert node.value == "aAb"
    assert positions.position(1) == (0, 5)


def test_explicit_indentation_indicator_gives_no_positions() -> None:
    text = "k: |2\n     x\n    y\n"
    assert scalar_positions(value_node(text), text, LineIndex(text)) is None


def test_value_span_of_quoted_scalar() -> None:
    assert value_span(value_node('k: "abc"\n')) == Span(0, 4, 0, 7)


def test_value_span_of_block_scalar_starts_after_header() -> None:
    assert value_span(value_node("k: |\n  a\n")) == Span(1, 0, 2, 0)


def test_line_starts_of_literal_scalar() -> None:
    text = "k: |\n  FROM a AS b\n  RUN x\n"
    assert line_starts(value_node(text), text, LineIndex(text)) == ((1, 2), (2, 2))


def test_no_line_starts_for_folded_scalar() -> None:
    text = "k: >\n  a\n  b\n"
    assert line_starts(value_node(text), text, LineIndex(text)) is None


def test_merge_key_values() -> None:
    root = yaml.compose(
        "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n", Loader=yaml.SafeLoader
    )
    mapping = mapping_get(root, "m")
    assert mapping is not None
    found = mapping_get(mapping[1], "y")
    assert found is not None and found[1].value == "3"
    merged = mapping_get(mapping[1], "x")
    assert merged is not None and merged[1].value == "1"
