"""Derive the official-images table that dockerfile-ls ships for offline OS lookups.

Input is the ``library/`` folder of a clone of docker-library/official-images (one
manifest per image, each entry listing tags, shared tags, architectures and the
directory it is built from) plus the curated base facts in
``dockerfile_ls/knowledge/data/official_bases.tsv``. The output is
``dockerfile_ls/knowledge/data/official_images.json`` and, beside it, the removed
tags in ``official_removed.tsv``.

For each manifest entry the release comes from, in this order:

1. the words of its tags, directory, Dockerfile name and Windows constraints
   (``26-trixie``, ``3.14/alpine3.24``, ``Dockerfile.ubuntu.openjdk17``,
   ``windowsservercore-ltsc2022``). Every tag of the entry shares that
   release, so ``node:26`` learns Debian 13 from ``26-trixie``;
2. for the distribution images themselves (``alpine``, ``debian``, ``ubuntu``...),
   the version in their tags;
3. a curated base (the FROM line of the entry's Dockerfile), resolved through the
   table itself, so ``adminer`` follows ``php:8.4-alpine``.

Tags that a previous table listed and the manifests no longer do are kept as
removed, with the previous table's date as their last build. A tab-separated file
of older removed tags can seed that list (``--removed``).

Usage:
    python tools/derive_image_table.py --library ~/src/official-images/library
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import gzip
import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
try:
    from dockerfile_ls.knowledge import removed_tags, table_format
    from dockerfile_ls.knowledge.vocabulary import Release, read_words
except ImportError:  # running from a source checkout without an install
    sys.path.insert(0, str(ROOT / "server"))
    from dockerfile_ls.knowledge import removed_tags, table_format
    from dockerfile_ls.knowledge.vocabulary import Release, read_words

DATA = ROOT / "server" / "dockerfile_ls" / "knowledge" / "data"
REMOVED_NAME = "official_removed.tsv"  # written beside --out
log = logging.getLogger("derive_image_table")

# Images that are a distribution: their version tags name the release.
DISTRO_IMAGES = {
    "almalinux": "almalinux",
    "alpine": "alpine",
    "alt": "alt",
    "amazonlinux": "amazonlinux",
    "archlinux": "archlinux",
    "busybox": "busybox",
    "centos": "centos",
    "cirros": "cirros",
    "clearlinux": "clearlinux",
    "debian": "debian",
    "fedora": "fedora",
    "mageia": "mageia",
    "opensuse": "opensuse-leap",
    "oraclelinux": "oraclelinux",
    "photon": "photon",
    "rockylinux": "rockylinux",
    "sourcemage": "sourcemage",
    "ubuntu": "ubuntu",
}
# Images whose tags use Debian's suite names (stable, testing...).
DEBIAN_SUITE_IMAGES = {"debian", "buildpack-deps", "neurodebian"}
# Variant words that mean something for a distribution (nginx's "alpine-slim" is
# an nginx variant, not an Alpine one).
DISTRO_VARIANTS = {
    "debian": {"slim"},
    "oraclelinux": {"slim", "fips"},
    "rhel-ubi": {"minimal", "micro", "init"},
    "almalinux": {"minimal", "kitten"},
    "rockylinux": {"minimal"},
    "ubuntu": {"chiseled"},
    "azurelinux": {"distroless"},
    "cbl-mariner": {"distroless"},
}
_VERSION_FORMS = {
    # distribution -> how many dot-separated parts of a tag's version name a release
    "alpine": 2,
    "ubuntu": 2,
    "photon": 2,
}
_NUMBER = re.compile(r"\d+(?:\.\d+)*")


@dataclass
class Entry:
    """One manifest entry: the tags built from one directory."""

    tags: list[str]
    shared_tags: list[str]
    directories: list[str]
    constraints: list[str]
    comment: str
    files: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """The release derived for one entry, and how it was derived."""

    release: Release
    variant: str | None
    evidence: str  # "words" (tags or directory) or "base" (curated FROM)


@dataclass
class Image:
    name: str
    entries: list[Entry]
    answers: list[Answer | None] = field(default_factory=list)


def parse_manifest(text: str) -> list[Entry]:
    """Parse a library manifest into its entries, with the header's defaults applied.

    The header paragraph (the one without ``Tags``) sets defaults such as
    ``Directory`` for every entry; an entry without one builds from the root (".").
    """
    entries: list[Entry] = []
    defaults: dict[str, str] = {}
    for paragraph, comment in _paragraphs(text):
        fields = _fields(paragraph)
        if "tags" not in fields and "sharedtags" not in fields:
            defaults.update(fields)
            continue
        fields = {**defaults, **fields}
        directories = [
            value for key, value in fields.items() if key.endswith("directory")
        ] or ["."]
        entries.append(
            Entry(
                tags=_split_list(fields.get("tags", "")),
                shared_tags=_split_list(fields.get("sharedtags", "")),
                directories=directories,
                constraints=_split_list(fields.get("constraints", "")),
                comment=comment,
                files=[
                    value
                    for key, value in fields.items()
                    if key == "file" or key.endswith("-file")
                ],
            )
        )
    return entries


def _paragraphs(text: str) -> Iterator[tuple[list[str], str]]:
    lines: list[str] = []
    comments: list[str] = []
    for raw in text.splitlines() + [""]:
        if raw.startswith("#"):
            comments.append(raw.lstrip("# ").strip())
            continue
        if raw.strip():
            lines.append(raw)
            continue
        if lines:
            yield lines, " ".join(comments)
            comments = []
        lines = []


def _fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = None
    for line in lines:
        if line[0].isspace() and key is not None:
            fields[key] += " " + line.strip()
            continue
        name, _, value = line.partition(":")
        key = name.strip().lower()
        fields[key] = value.strip()
    return fields


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(frozen=True)
class CuratedBase:
    image: str
    match: str
    base: str
    source: str


def _match_entry(match: str, entry: Entry) -> re.Match[str] | bool:
    """Match a curated row against an entry: a tag regex, or a directory glob."""
    if match.startswith("tag:"):
        pattern = re.compile(match[4:])
        for tag in entry.tags + entry.shared_tags:
            found = pattern.fullmatch(tag)
            if found:
                return found
        return False
    return any(fnmatch.fnmatchcase(d, match) for d in entry.directories)


def load_curated(path: Path) -> list[CuratedBase]:
    """Read the curated bases: image, directory glob, base, source; ``#`` comments."""
    rows: list[CuratedBase] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                raise ValueError(
                    f"{path}: expected 3 or 4 tab-separated columns: {line!r}"
                )
            source = parts[3] if len(parts) > 3 else ""
            rows.append(CuratedBase(parts[0], parts[1], parts[2], source))
    return rows


class Deriver:
    """Derive every tag's release from manifests and curated bases."""

    def __init__(self, images: dict[str, Image], curated: list[CuratedBase]) -> None:
        self.images = images
        self.curated = curated
        self.debian_suites: dict[str, Release] = {}
        self.codenames: dict[str, Release] = {}
        self._tag_answers: dict[str, dict[str, list[Answer]]] = {}
        self._resolving: set[tuple[str, int]] = set()
        self.unresolved: list[tuple[str, Entry]] = []

    def run(self) -> None:
        self._read_distro_names()
        for image in self.images.values():
            image.answers = [None] * len(image.entries)
        for image in self.images.values():
            self._derive_image(image)

    def _read_distro_names(self) -> None:
        # Debian's manifest comments describe each entry ("# stable -- Debian 13.6
        # Released ...", "# testing -- Debian x.y Testing distribution"); a suite
        # is the codename whose entry carries the same description. Ubuntu's
        # entries pair a version with its codename ("26.10, stonking").
        debian = self.images.get("debian")
        descriptions: dict[str, str] = {}
        for entry in debian.entries if debian else []:
            match = re.match(r"([a-z][a-z-]*) -- (.*)", entry.comment)
            if match:
                descriptions[match[1]] = match[2]
        experimental = Release("linux", "debian", "experimental", "experimental")
        self.debian_suites["experimental"] = experimental
        codenames = {
            name: description
            for name, description in descriptions.items()
            if read_words(name).release is not None or name == "experimental"
        }
        for suite, description in descriptions.items():
            if suite in codenames:
                continue
            for codename, other in codenames.items():
                if other != description:
                    continue
                release = read_words(codename).release or experimental
                if release.version == "experimental":
                    release = release._replace(codename=suite)
                self.debian_suites[suite] = release
        ubuntu = self.images.get("ubuntu")
        for entry in ubuntu.entries if ubuntu else []:
            versions = [tag for tag in entry.tags if re.fullmatch(r"\d\d\.\d\d", tag)]
            names = [tag for tag in entry.tags if re.fullmatch(r"[a-z]+", tag)]
            for name in names:
                if versions and name not in ("latest", "rolling", "devel"):
                    self.codenames[name] = Release("linux", "ubuntu", versions[0], name)

    def _derive_image(self, image: Image) -> None:
        for index in range(len(image.entries)):
            self._answer(image, index)

    def _answer(self, image: Image, index: int) -> Answer | None:
        if image.answers[index] is not None:
            return image.answers[index]
        key = (image.name, index)
        if key in self._resolving:
            log.warning(
                "%s: base of %s refers back to itself",
                image.name,
                image.entries[index].tags[:1],
            )
            return None
        self._resolving.add(key)
        answer = self._derive_entry(image, image.entries[index])
        self._resolving.discard(key)
        image.answers[index] = answer
        return answer

    def _derive_entry(self, image: Image, entry: Entry) -> Answer | None:
        reading = self._read_entry(image.name, entry)
        if image.name in DISTRO_IMAGES:
            release = self._distro_image_release(image.name, entry, reading)
            if release is not None:
                variant = self._distro_image_variant(image.name, entry)
                return Answer(release, variant, "words")

        if reading is not None and reading.release is not None:
            release = reading.release
            variant = _distro_variant(release, reading.variants)
            if release.os == "windows":
                return Answer(release, variant, "words")
            based = self._curated_answer(image.name, entry, release)
            if based is None:
                return Answer(release, variant, "words")
            if release.is_exact or release.distro == "scratch":
                # The tags name the release; the base only adds its variant.
                return Answer(release, variant or based.variant, "words")
            return based

        based = self._curated_answer(image.name, entry, None)
        if based is None:
            self.unresolved.append((image.name, entry))
        return based

    def _read_entry(self, image: str, entry: Entry) -> _EntryReading | None:
        suites = self.debian_suites if image in DEBIAN_SUITE_IMAGES else None
        texts = [
            *entry.tags,
            *entry.shared_tags,
            *entry.directories,
            *entry.files,
            *entry.constraints,
        ]
        best: Release | None = None
        variants: list[str] = []
        for text in texts:
            reading = read_words(
                text,
                debian_suites=suites,
                alpine_edge=image == "alpine",
                extra_codenames=self.codenames,
            )
            for variant in reading.variants:
                if variant not in variants and text not in entry.constraints:
                    variants.append(variant)
            if reading.release is None:
                continue
            if best is None or _rank(reading.release) > _rank(best):
                best = reading.release
        if best is None and not variants:
            return None
        return _EntryReading(best, tuple(variants))

    def _distro_image_release(
        self, image: str, entry: Entry, reading: _EntryReading | None
    ) -> Release | None:
        distro = DISTRO_IMAGES[image]
        if reading is not None and reading.release is not None:
            if reading.release.distro == distro and reading.release.is_exact:
                return reading.release
        if distro == "busybox":
            # BusyBox's own version is not a distribution release.
            return Release("linux", distro)
        parts = _VERSION_FORMS.get(distro, 1)
        for tag in entry.tags:
            if distro == "alt" and re.fullmatch(r"p\d+", tag):
                return Release("linux", distro, tag)
            match = _NUMBER.match(tag)
            if match is None or len(match[0]) >= 8:  # skip date stamps
                continue
            numbers = match[0].split(".")
            if distro == "amazonlinux" and len(numbers) > 1 and numbers[0] == "2":
                return Release("linux", distro, "2")
            version = ".".join(numbers[:parts])
            if parts == 2 and len(numbers) < 2:
                continue
            if distro == "photon" and len(numbers) >= 2:
                version = f"{numbers[0]}.{numbers[1]}"
            return Release("linux", distro, version, self._codename(distro, version))
        if distro in ("archlinux", "busybox", "clearlinux", "sourcemage"):
            codename = "rolling" if distro == "archlinux" else None
            return Release("linux", distro, None, codename)
        return None

    def _codename(self, distro: str, version: str) -> str | None:
        if distro == "debian":
            return read_words(f"debian{version}").release.codename  # type: ignore[union-attr]
        if distro == "ubuntu":
            for release in self.codenames.values():
                if release.version == version:
                    return release.codename
            reading = read_words(f"ubuntu{version}")
            return reading.release.codename if reading.release else None
        return None

    def _distro_image_variant(self, image: str, entry: Entry) -> str | None:
        words = set()
        for tag in entry.tags:
            words.update(re.split(r"[-.]", tag))
        if image == "busybox":
            for libc in ("glibc", "musl", "uclibc"):
                if libc in words:
                    return libc
            return "glibc"  # the unsuffixed busybox tags are the glibc build
        if image == "archlinux":
            for name in ("multilib-devel", "base-devel", "base"):
                if any(tag.startswith(name) for tag in entry.tags):
                    return name
            return None
        if image == "almalinux":
            kitten = "kitten" in words
            minimal = "minimal" in words
            if kitten and minimal:
                return "kitten-minimal"
            return "kitten" if kitten else ("minimal" if minimal else None)
        if image == "oraclelinux":
            if "slim" in words:
                return "slim-fips" if "fips" in words else "slim"
            return None
        for variant in ("slim", "minimal", "micro"):
            if variant in words:
                return variant
        return None

    def _curated_answer(
        self, image: str, entry: Entry, release: Release | None
    ) -> Answer | None:
        """Return the first curated base that fits the release the entry's words name.

        With an exact release only a base of the same release fits (it adds the
        variant). With a distribution but no version, the base must be of that
        distribution unless the row matches the entry by tag.
        """
        for row in self.curated:
            if row.image != image:
                continue
            matched = _match_entry(row.match, entry)
            if not matched:
                continue
            base = row.base
            if isinstance(matched, re.Match):
                # "{1}" in the base is the first group of the tag pattern.
                for number, group in enumerate(matched.groups(), start=1):
                    base = base.replace(f"{{{number}}}", group or "")
            if "*" in base:
                # "debian:*-slim": the release the entry's tags name (codename, or
                # version when it has none), on that image's slim base.
                if release is None or not release.is_exact:
                    continue
                if not base.startswith(f"{release.distro}:"):
                    continue
                base = base.replace("*", release.codename or release.version or "")
            answer = self.resolve(base)
            if answer is None:
                log.warning("%s: curated base %s did not resolve", image, base)
                continue
            if release is not None and release.is_exact:
                if not _same_release(answer.release, release):
                    continue
            elif release is not None and not row.match.startswith("tag:"):
                # Only a row for these very tags may overrule the distribution
                # they name.
                if answer.release.distro != release.distro:
                    continue
            return Answer(answer.release, answer.variant, "base")
        return None

    def resolve(self, reference: str) -> Answer | None:
        """Resolve an official image reference or a literal release to its release."""
        if reference == "scratch":
            return Answer(Release("linux", "scratch"), None, "base")
        if reference.startswith("="):
            release, variant = table_format.decode_base(reference[1:])
            return Answer(release, variant, "base")
        name, _, tag = reference.partition(":")
        image = self.images.get(name)
        if image is None:
            return None
        tag = tag or "latest"
        answers = []
        for index, entry in enumerate(image.entries):
            if tag in entry.tags or tag in entry.shared_tags:
                answer = self._answer(image, index)
                if answer is not None:
                    answers.append(answer)
        linux = [answer for answer in answers if answer.release.os == "linux"]
        if linux:
            return linux[0]
        return answers[0] if answers else None

    def tag_answers(self, name: str) -> dict[str, list[Answer]]:
        """Return each tag of an image with its derived releases, Linux first."""
        cached = self._tag_answers.get(name)
        if cached is not None:
            return cached
        image = self.images.get(name)
        if image is None:
            return {}
        self._derive_image(image)
        tags: dict[str, list[Answer]] = {}
        for entry, answer in zip(image.entries, image.answers, strict=True):
            if answer is None:
                continue
            for tag in entry.tags + entry.shared_tags:
                answers = tags.setdefault(tag, [])
                if answer not in answers:
                    answers.append(answer)
        for answers in tags.values():
            answers.sort(key=lambda answer: answer.release.os != "linux")
        self._tag_answers[name] = tags
        return tags


@dataclass(frozen=True)
class _EntryReading:
    release: Release | None
    variants: tuple[str, ...]


def _rank(release: Release) -> int:
    if release.os == "windows":
        return 4 if release.version and release.distro else 3
    if release.distro == "scratch":
        return 1
    return 2 if release.is_exact else 1


def _same_release(left: Release, right: Release) -> bool:
    return left.distro == right.distro and left.version == right.version


def _distro_variant(release: Release, variants: tuple[str, ...]) -> str | None:
    allowed = DISTRO_VARIANTS.get(release.distro or "", set())
    kept = [variant for variant in variants if variant in allowed]
    return "-".join(kept) if kept else None


def tag_evidence(tag: str, answer: Answer, image: str, deriver: Deriver) -> str:
    """Return "t" when the tag's own words name the release, else "d" (default)."""
    if answer.evidence == "base":
        return "d"
    if image in DISTRO_IMAGES:
        return "d" if tag in ("latest", "rolling", "devel") else "t"
    suites = deriver.debian_suites if image in DEBIAN_SUITE_IMAGES else None
    reading = read_words(tag, debian_suites=suites, extra_codenames=deriver.codenames)
    if reading.release is not None and _same_release(reading.release, answer.release):
        return "t"
    if reading.release is not None and answer.release.os == "windows":
        if reading.release.version == answer.release.version:
            return "t"
    return "d"


def build_table(
    deriver: Deriver, previous: dict | None, removed_seed: Path | None, meta: dict
) -> dict:
    """Assemble the JSON table from the derived answers and the removed tags."""
    builder = table_format.TableBuilder(meta)
    current: dict[str, dict[str, list[table_format.Base]]] = {}
    for name in sorted(deriver.images):
        current[name] = {}
        for tag, answers in deriver.tag_answers(name).items():
            if not table_format.is_valid_tag(tag):
                log.warning("%s: skipped invalid tag %r", name, tag)
                continue
            bases = [(a.release, a.variant) for a in answers]
            evidence = "".join(tag_evidence(tag, a, name, deriver) for a in answers)
            builder.add_current(name, tag, bases, evidence)
            current[name][tag] = bases
    for name, release in sorted(deriver.codenames.items()):
        builder.add_codename(name, release)
    for suite, release in sorted(deriver.debian_suites.items()):
        builder.add_suite(suite, release)

    if removed_seed is not None:
        for image, tag, last_seen, seed, variant in _read_removed_seed(removed_seed):
            if tag not in current.get(image, ()):
                builder.add_removed(image, tag, last_seen, seed, variant)
    if previous is not None:
        _carry_previous(builder, previous, current)
    return builder.build()


def _carry_previous(
    builder: table_format.TableBuilder,
    previous: dict,
    current: dict[str, dict[str, list[table_format.Base]]],
) -> None:
    """Carry removed tags over, remove tags that left, and note tags that moved.

    A previous table of the same official-images commit describes the same
    manifests. A tag whose release differs there was derived differently (curated
    facts or rules changed) rather than moved or removed, so only that table's
    removed and moved records carry over.
    """
    old = table_format.Table(previous)
    same_snapshot = old.commit != "" and old.commit == builder.commit
    for image in old.image_names():
        for tag, (release, variant, last_built) in old.removed_tags(image):
            if tag not in current.get(image, ()):
                builder.add_removed(image, tag, last_built, release, variant)
        for tag, (release, variant, until) in old.moved_tags(image):
            if tag in current.get(image, ()):
                builder.add_moved(image, tag, until, release, variant)
        if same_snapshot:
            continue
        for tag, bases in old.current_tags(image):
            release, variant = _first_linux(bases)
            new = current.get(image, {}).get(tag)
            if new is None:
                builder.add_removed(image, tag, old.date, release, variant)
                continue
            new_release, _ = _first_linux(new)
            if (new_release.distro, new_release.version) != (
                release.distro,
                release.version,
            ):
                builder.add_moved(image, tag, old.date, release, variant)


def _first_linux(bases: list[table_format.Base]) -> table_format.Base:
    linux = [base for base in bases if base[0].os == "linux"]
    return (linux or bases)[0]


def _read_removed_seed(
    path: Path,
) -> Iterator[tuple[str, str, str, Release | None, str | None]]:
    """Read removed tags from a TSV file (optionally gzip-compressed).

    Columns: image, tag, last_seen, os, distro, distro_version, codename, variant.
    """
    if path.suffix == ".gz":
        handle: TextIO = gzip.open(path, "rt", encoding="utf-8")
    else:
        handle = path.open(encoding="utf-8")
    with handle:
        reader = csv.DictReader(handle, delimiter="\t")
        for row in reader:
            distro = row.get("distro") or None
            release = None
            if distro:
                release = Release(
                    row.get("os") or "linux",
                    distro,
                    row.get("distro_version") or None,
                    row.get("codename") or None,
                )
            yield (
                row["image"],
                row["tag"],
                row["last_seen"],
                release,
                row.get("variant") or None,
            )


def read_library(library: Path) -> dict[str, Image]:
    images: dict[str, Image] = {}
    for path in sorted(library.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            entries = parse_manifest(path.read_text(encoding="utf-8"))
            images[path.name] = Image(path.name, entries)
    return images


def library_revision(library: Path) -> tuple[str | None, str | None]:
    """Return (commit, date) of the last commit touching ``library``, in a clone."""
    try:
        output = subprocess.run(
            ["git", "-C", str(library), "log", "-1", "--format=%H %cs", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None, None
    if len(output) != 2:
        return None, None
    return output[0], output[1]


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--library", type=Path, required=True, help="official-images library/ folder"
    )
    parser.add_argument(
        "--curated",
        type=Path,
        default=DATA / "official_bases.tsv",
        help="curated bases (TSV)",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        default=DATA / "official_images.json",
        help="table to carry removed tags from; 'none' to start afresh",
    )
    parser.add_argument(
        "--removed",
        type=Path,
        help="TSV of removed tags to seed; columns: image, tag, last_seen, os,"
        " distro, distro_version, codename, variant",
    )
    parser.add_argument(
        "--date",
        help="date the manifests describe (YYYY-MM-DD); default: the clone's"
        " last commit date",
    )
    parser.add_argument(
        "--commit", help="official-images commit; default: the clone's last commit"
    )
    parser.add_argument(
        "--out", type=Path, default=DATA / "official_images.json", help="output table"
    )
    parser.add_argument(
        "--report", action="store_true", help="list entries without an answer"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    commit, date = library_revision(args.library)
    commit = args.commit or commit
    date = args.date or date
    if date is None:
        parser.error("--library is not in a git clone: give --date (and --commit)")

    images = read_library(args.library)
    deriver = Deriver(images, load_curated(args.curated))
    deriver.run()

    previous = None
    if str(args.previous) != "none" and args.previous.exists():
        previous = json.loads(args.previous.read_text(encoding="utf-8"))
        removed_path = args.previous.with_name(REMOVED_NAME)
        if removed_path.exists():
            lines = removed_tags.RemovedLines(str(removed_path))
            previous["removed"] = dict(lines.items())
        if previous.get("date", "") >= date and previous.get("commit") != commit:
            log.warning(
                "previous table (%s) is not older than %s", previous.get("date"), date
            )
    meta = {
        "date": date,
        "commit": commit or "",
        "source": "docker-library/official-images library/",
    }
    table = build_table(deriver, previous, args.removed, meta)
    main_part, removed_part = table_format.split_removed(table)
    _write_json(args.out, main_part)
    removed_text = removed_tags.write_removed_lines(
        removed_part["format"], removed_part["date"], removed_part["removed"]
    )
    # No newline translation: the file's header gives byte offsets of its lines.
    args.out.with_name(REMOVED_NAME).write_text(
        removed_text, encoding="ascii", newline="\n"
    )

    entries = sum(len(image.entries) for image in images.values())
    log.info(
        "%d images, %d entries, %d without an answer",
        len(images),
        entries,
        len(deriver.unresolved),
    )
    if args.report:
        for name, entry in deriver.unresolved:
            log.info(
                "  %s: %s (%s)",
                name,
                ", ".join(entry.tags[:3]),
                ", ".join(entry.directories),
            )
    log.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
