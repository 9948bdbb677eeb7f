"""The format of the official-images table, for its writer and its reader.

The table is one JSON object:

- ``date``, ``commit``, ``source``: what the table describes;
- ``bases``: release keys, ``"<os> <distro> <version> <codename> <variant>"`` with
  ``-`` for an absent part, referenced by index;
- ``current``: per image, groups ``"<base>,<base>|<evidence>|<tag> <tag>..."``
  joined by ``;``. A tag with several bases is a multi-platform tag (Linux first,
  then Windows releases). Evidence has one letter per base: ``t`` when the tag's
  own words name the release, ``d`` when it is the image's default for that tag;
- ``removed``: per image, the tags that left the manifests with the release of
  their last build, encoded as ``removed_tags`` describes;
- ``moved``: per image, groups ``"<base>|<date>|<tags>"`` for current tags whose
  release changed since the previous table: the release they had and that
  table's date. The sorted tags are front-coded: each starts with one base-36
  digit, the number of leading characters it shares with the previous tag
  (``20.11.0 2.1`` is 20.11.0, 20.11.1);
- ``codenames`` (``"stonking": "ubuntu 26.10"``) and Debian ``suites``
  (``"stable": "13 trixie"``): release names read from the distribution images.

The writer stores ``removed`` in a second file of lines (``split_removed``,
``removed_tags.write_removed_lines``) that the reader opens only when a tag is not
current. Images are decoded one at a time, on their first lookup, so loading costs
only the JSON parse of a few long strings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from dockerfile_ls.knowledge.removed_tags import (
    DIGITS,
    RemovedLines,
    RemovedTag,
    RemovedTags,
    encode_removed,
    shared_prefix,
)
from dockerfile_ls.knowledge.vocabulary import Release

FORMAT_VERSION = 2
# A tag as the image reference grammar allows it; the format separates tags with
# spaces, so anything else is rejected.
_TAG = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)

Base = tuple[Release, "str | None"]


# Plain tuples rather than NamedTuples: each NamedTuple class costs an exec at
# import, and this module is on the first lookup's path.
CurrentTag = tuple[tuple[int, ...], str]
"""A current tag: its base indices (Linux first) and one evidence letter each."""
RemovedRecord = tuple[Release, "str | None", str]
"""A removed tag decoded: release, variant, last-built date."""


def encode_base(release: Release, variant: str | None) -> str:
    """Return the key of a release with its variant."""
    parts = (
        release.os,
        release.distro,
        release.version,
        release.codename,
        variant,
    )
    return " ".join(part if part else "-" for part in parts)


def decode_base(key: str) -> tuple[Release, str | None]:
    """Return the release and variant of a key made by ``encode_base``."""
    parts = [None if part == "-" else part for part in key.split(" ")]
    if len(parts) != 5 or parts[0] is None:
        raise ValueError(
            f"invalid release key {key!r}: expected 5 space-separated parts"
        )
    release = Release(parts[0], parts[1], parts[2], parts[3])
    return release, parts[4]


class TableBuilder:
    """Collect tags and write the table's JSON object.

    Release keys are numbered only in ``build``, in sorted order, so the same input
    gives the same file whatever order the tags arrive in.
    """

    def __init__(self, meta: dict[str, str]) -> None:
        self._meta = meta
        self.commit = meta.get("commit", "")
        self._current: dict[str, dict[tuple[tuple[str, ...], str], list[str]]] = (
            defaultdict(lambda: defaultdict(list))
        )
        self._removed: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        self._moved: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        self._codenames: dict[str, str] = {}
        self._suites: dict[str, str] = {}

    def add_current(
        self, image: str, tag: str, bases: list[Base], evidence: str
    ) -> None:
        if not is_valid_tag(tag):
            raise ValueError(f"{image}: invalid tag {tag!r}")
        keys = tuple(encode_base(release, variant) for release, variant in bases)
        self._current[image][(keys, evidence)].append(tag)

    def add_removed(
        self,
        image: str,
        tag: str,
        last_built: str,
        release: Release | None,
        variant: str | None,
    ) -> None:
        """Record a removed tag; the latest last-built date wins.

        A tag without a release, or not valid as a tag, is left out.
        """
        if release is None or not is_valid_tag(tag):
            return
        key = encode_base(release, variant)
        known = self._removed[image].get(tag)
        if known is None or known[1] < last_built:
            self._removed[image][tag] = (key, last_built)

    def add_moved(
        self, image: str, tag: str, until: str, release: Release, variant: str | None
    ) -> None:
        """Record that a current tag had ``release`` in the table of ``until``."""
        self._moved[image][tag] = (encode_base(release, variant), until)

    def add_codename(self, name: str, release: Release) -> None:
        self._codenames[name] = f"{release.distro} {release.version}"

    def add_suite(self, suite: str, release: Release) -> None:
        self._suites[suite] = f"{release.version} {release.codename}"

    def build(self) -> dict[str, Any]:
        keys = {
            key for groups in self._current.values() for (k, _) in groups for key in k
        }
        for records in (self._removed, self._moved):
            keys.update(key for tags in records.values() for key, _ in tags.values())
        bases = sorted(keys)
        index = {key: str(number) for number, key in enumerate(bases)}

        current: dict[str, str] = {}
        for image, groups in sorted(self._current.items()):
            coded = sorted(
                (",".join(index[key] for key in base_keys), evidence, tags)
                for (base_keys, evidence), tags in groups.items()
            )
            current[image] = ";".join(
                f"{indices}|{evidence}|{' '.join(sorted(tags))}"
                for indices, evidence, tags in coded
            )
        return {
            "format": FORMAT_VERSION,
            **self._meta,
            "bases": bases,
            "current": current,
            "removed": {
                image: encode_removed(
                    {tag: (int(index[key]), date) for tag, (key, date) in tags.items()}
                )
                for image, tags in sorted(self._removed.items())
            },
            "moved": _dated_groups(self._moved, index),
            "codenames": self._codenames,
            "suites": self._suites,
        }


def _dated_groups(
    records: dict[str, dict[str, tuple[str, str]]], index: dict[str, str]
) -> dict[str, str]:
    groups: dict[str, str] = {}
    for image, tags in sorted(records.items()):
        by_build: dict[tuple[str, str], list[str]] = defaultdict(list)
        for tag, (key, date) in tags.items():
            by_build[(index[key], date)].append(tag)
        groups[image] = ";".join(
            f"{base}|{date}|{_front_code(sorted(names))}"
            for (base, date), names in sorted(by_build.items())
        )
    return groups


def is_valid_tag(tag: str) -> bool:
    return _TAG.fullmatch(tag) is not None


def split_removed(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a built table into its main part and its removed-tags part."""
    main = {key: value for key, value in data.items() if key != "removed"}
    removed = {
        "format": data["format"],
        "date": data["date"],
        "removed": data["removed"],
    }
    return main, removed


class Table:
    """Read access to a table object, decoding each image on first use.

    ``load_removed`` returns the removed-tags part when the table was split; it is
    called at most once, on the first lookup of a tag that is not current.
    """

    def __init__(
        self,
        data: dict[str, Any],
        load_removed: Callable[[], RemovedLines] | None = None,
    ) -> None:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(
                f"unsupported official-images table format {data.get('format')!r};"
                f" expected {FORMAT_VERSION}"
            )
        self.date: str = data["date"]
        self.commit: str = data.get("commit", "")
        self._base_keys: list[str] = data["bases"]
        self._bases: dict[int, tuple[Release, str | None]] = {}
        self._current_raw: dict[str, str] = data["current"]
        self._removed_raw: Mapping[str, str] | None = data.get("removed")
        self._load_removed = load_removed
        self._moved_raw: dict[str, str] = data.get("moved", {})
        self._current: dict[str, dict[str, CurrentTag]] = {}
        self._removed: dict[str, RemovedTags] = {}
        self._moved: dict[str, dict[str, RemovedTag]] = {}
        self.codenames: dict[str, str] = data.get("codenames", {})
        self.suites: dict[str, str] = data.get("suites", {})

    def base(self, index: int) -> tuple[Release, str | None]:
        """Return the release and variant stored at ``index``."""
        cached = self._bases.get(index)
        if cached is None:
            cached = decode_base(self._base_keys[index])
            self._bases[index] = cached
        return cached

    def _removed_images(self) -> Mapping[str, str]:
        if self._removed_raw is None:
            if self._load_removed is None:
                self._removed_raw = {}
                return self._removed_raw
            loaded = self._load_removed()
            if loaded.format != FORMAT_VERSION:
                raise ValueError(
                    f"unsupported removed-tags table format {loaded.format!r};"
                    f" expected {FORMAT_VERSION}"
                )
            if loaded.date != self.date:
                raise ValueError(
                    f"removed-tags table is of {loaded.date}, expected {self.date}"
                )
            self._removed_raw = loaded
        return self._removed_raw

    def has_image(self, image: str) -> bool:
        return image in self._current_raw or image in self._removed_images()

    def current_image_names(self) -> list[str]:
        """Return the images that still publish tags, without reading removed tags."""
        return sorted(self._current_raw)

    def image_names(self) -> list[str]:
        return sorted(set(self._current_raw) | set(self._removed_images()))

    def current(self, image: str, tag: str) -> CurrentTag | None:
        tags = self._current.get(image)
        if tags is None:
            tags = _decode_current(self._current_raw.get(image, ""))
            self._current[image] = tags
        return tags.get(tag)

    def removed(self, image: str, tag: str) -> RemovedTag | None:
        return self._removed_tags(image).find(tag)

    def _removed_tags(self, image: str) -> RemovedTags:
        tags = self._removed.get(image)
        if tags is None:
            tags = RemovedTags(self._removed_images().get(image, ""))
            self._removed[image] = tags
        return tags

    def moved(self, image: str, tag: str) -> RemovedTag | None:
        """Return the earlier release of a current tag that moved, and its date."""
        tags = self._moved.get(image)
        if tags is None:
            tags = _decode_moved(self._moved_raw.get(image, ""))
            self._moved[image] = tags
        return tags.get(tag)

    def moved_tags(self, image: str) -> Iterator[tuple[str, RemovedRecord]]:
        self.moved(image, "")
        for tag, (index, until) in self._moved[image].items():
            release, variant = self.base(index)
            yield tag, (release, variant, until)

    def current_tags(self, image: str) -> Iterator[tuple[str, list[Base]]]:
        """Yield each current tag of an image with its bases."""
        self.current(image, "")
        for tag, record in self._current[image].items():
            yield tag, [self.base(index) for index in record[0]]

    def removed_tags(self, image: str) -> Iterator[tuple[str, RemovedRecord]]:
        """Yield each removed tag of an image with its last release."""
        for tag, (index, last_built) in self._removed_tags(image).items():
            release, variant = self.base(index)
            yield tag, (release, variant, last_built)


def _decode_current(raw: str) -> dict[str, CurrentTag]:
    tags: dict[str, CurrentTag] = {}
    if not raw:
        return tags
    for group in raw.split(";"):
        indices, evidence, names = group.split("|")
        record = (tuple(int(i) for i in indices.split(",")), evidence)
        for name in names.split(" "):
            tags[name] = record
    return tags


def _decode_moved(raw: str) -> dict[str, RemovedTag]:
    tags: dict[str, RemovedTag] = {}
    if not raw:
        return tags
    for group in raw.split(";"):
        base, date, names = group.split("|")
        record = (int(base), date)
        for name in _front_decode(names):
            tags[name] = record
    return tags


def _front_code(names: list[str]) -> str:
    coded = []
    previous = ""
    for name in names:
        shared = shared_prefix(previous, name)
        coded.append(DIGITS[shared] + name[shared:])
        previous = name
    return " ".join(coded)


def _front_decode(coded: str) -> list[str]:
    names = []
    previous = ""
    for item in coded.split(" "):
        name = previous[: DIGITS.index(item[0])] + item[1:]
        names.append(name)
        previous = name
    return names
