"""The removed-tags encoding and its file: round trips, lookups and their cost."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockerfile_ls.knowledge import removed_tags
from dockerfile_ls.knowledge.removed_tags import (
    BLOCK_SIZE,
    RemovedLines,
    RemovedTags,
    encode_removed,
    write_removed_lines,
)

# More tags than two blocks hold, with shared prefixes and several groups.
TAGS = {
    f"{major}.{minor}{suffix}": (major % 3, f"20{10 + major}-0{1 + minor % 9}-01")
    for major in range(10, 14)
    for minor in range(6)
    for suffix in ("", "-alpine", "-slim")
}


def test_round_trip() -> None:
    decoded = dict(RemovedTags(encode_removed(TAGS)).items())
    assert decoded == TAGS


@pytest.mark.parametrize("tag", sorted(TAGS))
def test_find_each_tag(tag: str) -> None:
    assert RemovedTags(encode_removed(TAGS)).find(tag) == TAGS[tag]


@pytest.mark.parametrize(
    "tag",
    [
        "0",  # sorts before every tag
        "zzz",  # sorts after every tag
        "11.2-bookworm",  # between two tags
        "11",  # a prefix of listed tags
        "11.2-alpine3",  # a listed tag plus more
    ],
)
def test_find_missing_tag(tag: str) -> None:
    assert RemovedTags(encode_removed(TAGS)).find(tag) is None


def test_empty_value_has_no_tags() -> None:
    assert RemovedTags("").find("1") is None
    assert list(RemovedTags("").items()) == []


def test_blocks_start_uncoded() -> None:
    _, _, blocks = encode_removed(TAGS).partition("#")
    firsts = [block.split(" ")[0] for block in blocks.split(";")]
    assert len(firsts) == math.ceil(len(TAGS) / BLOCK_SIZE)
    assert all(first.startswith("0") for first in firsts)


def test_find_decodes_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[str] = []
    original = removed_tags._decode_block

    def counting(block: str) -> Iterator[tuple[str, str]]:
        decoded.append(block)
        return original(block)

    monkeypatch.setattr(removed_tags, "_decode_block", counting)
    RemovedTags(encode_removed(TAGS)).find("13.5-slim")
    assert len(decoded) == 1


def test_long_shared_prefix() -> None:
    # One base-36 digit counts at most 35 shared characters.
    long = "a" * 40
    tags = {long + "1": (0, "2020-01-01"), long + "2": (1, "2021-01-01")}
    assert dict(RemovedTags(encode_removed(tags)).items()) == tags


def test_invalid_value_is_rejected() -> None:
    with pytest.raises(ValueError, match="no '#'"):
        RemovedTags("1|2020-01-01|01.0")


@pytest.fixture
def lines(tmp_path: Path) -> RemovedLines:
    values = {"app": encode_removed(TAGS), "tool": encode_removed({"1": (2, "x")})}
    path = tmp_path / "removed.tsv"
    text = write_removed_lines(2, "2026-01-02", values)
    path.write_text(text, encoding="ascii", newline="\n")
    return RemovedLines(str(path))


def test_lines_header(lines: RemovedLines) -> None:
    assert lines.format == 2
    assert lines.date == "2026-01-02"
    assert sorted(lines) == ["app", "tool"]


def test_lines_read_one_image(lines: RemovedLines) -> None:
    assert RemovedTags(lines["tool"]).find("1") == (2, "x")
    assert dict(RemovedTags(lines["app"]).items()) == TAGS


def test_lines_unknown_image(lines: RemovedLines) -> None:
    assert "other" not in lines
    assert lines.get("other") is None


def test_lines_offset_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "removed.tsv"
    text = write_removed_lines(2, "2026-01-02", {"app": encode_removed(TAGS)})
    header, _, body = text.partition("\n")
    path.write_text(header + "\n" + "x" + body, encoding="ascii", newline="\n")
    with pytest.raises(ValueError, match="offset"):
        RemovedLines(str(path)).get("app")


def test_writer_rejects_tab() -> None:
    with pytest.raises(ValueError, match="tab"):
        write_removed_lines(2, "2026-01-02", {"a\tb": "x"})
