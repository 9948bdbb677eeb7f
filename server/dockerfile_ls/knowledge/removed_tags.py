"""The removed-tags part of the official-images table: its encoding and its file.

A removed tag keeps the release of its last build and that build's date. Per image
the tags are stored as one string, ``"<groups>#<blocks>"``:

- ``groups``: the distinct ``"<base>|<last built>"`` pairs joined by ``;``, where
  ``base`` indexes the table's release keys;
- ``blocks``: the image's tags in sorted order, cut into blocks of ``BLOCK_SIZE``
  joined by ``;``. Each tag is written ``<shared><rest>:<group>``: ``shared`` is
  one base-36 digit, the number of leading characters the tag shares with the
  previous tag of its block, and ``group`` is the base-36 index of its group. The
  first tag of a block shares nothing, so it is written in full.

A lookup binary-searches the blocks by their first tag and decodes one block, so
finding one tag costs the same for an image with ten removed tags as for one with
ten thousand.

The file of removed tags has one line per image, ``image<TAB>value``, after a
JSON header line. The header gives the table's format and date, and per image the
byte offset (from the end of the header line) and length of its line. The reader
reads the header and then only the lines it needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

BLOCK_SIZE = 16
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

RemovedTag = tuple[int, str]
"""A removed tag: the base index of its last build, and that build's date."""


def shared_prefix(previous: str, name: str) -> int:
    """Return how many leading characters ``name`` shares with ``previous``.

    The count stops at 35, the largest number one base-36 digit can hold.
    """
    limit = min(len(name), len(previous), len(DIGITS) - 1)
    shared = 0
    while shared < limit and name[shared] == previous[shared]:
        shared += 1
    return shared


def encode_removed(tags: Mapping[str, tuple[int, str]]) -> str:
    """Encode the removed tags of one image: tag -> (base index, last built)."""
    groups = sorted(set(tags.values()))
    number = {group: index for index, group in enumerate(groups)}
    names = sorted(tags)
    blocks = []
    for start in range(0, len(names), BLOCK_SIZE):
        items = []
        previous = ""
        for name in names[start : start + BLOCK_SIZE]:
            shared = shared_prefix(previous, name)
            group = _base36(number[tags[name]])
            items.append(f"{DIGITS[shared]}{name[shared:]}:{group}")
            previous = name
        blocks.append(" ".join(items))
    coded_groups = ";".join(f"{base}|{date}" for base, date in groups)
    return coded_groups + "#" + ";".join(blocks)


class RemovedTags:
    """The removed tags of one image, decoded block by block on demand."""

    def __init__(self, value: str) -> None:
        groups, separator, blocks = value.partition("#")
        if value and not separator:
            raise ValueError(
                f"invalid removed-tags value {value[:40]!r}: no '#' between groups"
                " and tags; regenerate it with tools/derive_image_table.py"
            )
        self._groups = groups.split(";") if groups else []
        self._blocks = blocks.split(";") if blocks else []

    def find(self, tag: str) -> RemovedTag | None:
        """Return the last build of ``tag``, or None when it is not listed."""
        blocks = self._blocks
        low, high = 0, len(blocks)
        while low < high:
            middle = (low + high) // 2
            if _first_tag(blocks[middle]) <= tag:
                low = middle + 1
            else:
                high = middle
        if low == 0:
            return None
        for name, group in _decode_block(blocks[low - 1]):
            if name == tag:
                return self._group(group)
            if name > tag:
                return None
        return None

    def items(self) -> Iterator[tuple[str, RemovedTag]]:
        """Yield every removed tag with its last build, in sorted order."""
        for block in self._blocks:
            for name, group in _decode_block(block):
                yield name, self._group(group)

    def _group(self, code: str) -> RemovedTag:
        base, _, date = self._groups[int(code, 36)].partition("|")
        return int(base), date


def _first_tag(block: str) -> str:
    return block[1 : block.index(":")]


def _decode_block(block: str) -> Iterator[tuple[str, str]]:
    previous = ""
    for item in block.split(" "):
        rest, _, group = item.rpartition(":")
        name = previous[: DIGITS.index(rest[0])] + rest[1:]
        yield name, group
        previous = name


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = DIGITS[remainder] + digits
        if number == 0:
            return digits


def write_removed_lines(format_version: int, date: str, removed: dict[str, str]) -> str:
    """Write the removed-tags file: a JSON header line, then ``image<TAB>value``.

    The text is ASCII (tags and image names are), so character offsets are byte
    offsets. Write it without newline translation.
    """
    lines = []
    offsets: dict[str, list[int]] = {}
    position = 0
    for image, value in sorted(removed.items()):
        line = f"{image}\t{value}"
        if "\n" in line or line.count("\t") != 1 or not line.isascii():
            raise ValueError(
                f"removed-tags entry of {image!r} contains a tab, a newline or a"
                " non-ASCII character"
            )
        offsets[image] = [position, len(line)]
        lines.append(line)
        position += len(line) + 1
    header = {"format": format_version, "date": date, "offsets": offsets}
    text = json.dumps(header, separators=(",", ":"), sort_keys=True)
    return "\n".join([text, *lines]) + "\n"


class RemovedLines(Mapping[str, str]):
    """Read access to a removed-tags file, reading one image's line at a time."""

    def __init__(self, path: str) -> None:
        self._path = path
        with open(path, "rb") as handle:
            header: dict[str, Any] = json.loads(handle.readline())
            self._start = handle.tell()
        self.format = header.get("format")
        self.date = header.get("date")
        self._offsets: dict[str, list[int]] = header.get("offsets") or {}

    def get(self, image: str, default: Any = None) -> Any:
        span = self._offsets.get(image)
        if span is None:
            return default
        with open(self._path, "rb") as handle:
            handle.seek(self._start + span[0])
            line = handle.read(span[1]).decode("ascii")
        prefix = f"{image}\t"
        if not line.startswith(prefix):
            raise ValueError(
                f"{self._path}: the header's offset of {image!r} does not point at"
                " its line; regenerate the file with tools/derive_image_table.py"
            )
        return line[len(prefix) :]

    def __getitem__(self, image: str) -> str:
        value = self.get(image)
        if value is None:
            raise KeyError(image)
        return str(value)

    def __contains__(self, image: object) -> bool:
        return isinstance(image, str) and image in self._offsets

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)
