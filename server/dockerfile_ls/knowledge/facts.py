"""The facts returned for an image reference: ``ImageFacts`` and its texts."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import datetime


class Source(str, Enum):
    """Source of the facts. The value is the wording used in texts."""

    TAG = "named by the tag"
    IMAGE_DEFAULT = "image default for this tag"
    REGISTRY_SCHEME = "registry naming scheme"
    TAG_HINT = "tag suggests"
    RESERVED = "reserved image name"


class TagStatus(str, Enum):
    """Whether a Docker official image still publishes the tag."""

    CURRENT = "current"
    REMOVED = "removed"
    NOT_LISTED = "not listed"


class ImageFacts(NamedTuple):
    """The operating system an image reference runs, and how that is known.

    ``known`` is False when the knowledge cannot tell (private and unknown images,
    digest-only references); the other fields are then empty. A hint
    (``source`` is ``Source.TAG_HINT``) is known but not ``confident``: rules that
    report problems should act only on confident facts.

    ``alternatives`` lists the other platforms of a multi-platform tag, such as the
    Windows Server Core builds behind ``python:3.14``. ``os`` is the OS of these
    facts, and ``os_names`` lists every OS the tag has a build for.
    ``architecture`` names the Docker Hub architecture namespace (``arm64v8``) of a
    reference such as ``arm64v8/ubuntu``. ``floating`` is True when the
    tag does not pin the release, so the facts are true as of ``data_date``; when a
    refresh saw the tag move, ``moved_from`` is the release it had at
    ``moved_date``. A removed tag keeps the release of its last build, on
    ``last_built``.
    """

    reference: str
    known: bool
    os: str | None = None
    distro: str | None = None
    distro_name: str | None = None
    version: str | None = None
    codename: str | None = None
    variant: str | None = None
    libc: str | None = None
    package_manager: str | None = None
    package_commands: tuple[str, ...] = ()
    has_shell: bool | None = None
    eol: str | None = None
    source: Source | None = None
    data_date: str | None = None
    floating: bool = False
    status: TagStatus | None = None
    last_built: str | None = None
    moved_from: str | None = None
    moved_date: str | None = None
    scratch: bool = False
    alternatives: tuple[ImageFacts, ...] = ()
    note: str | None = None
    architecture: str | None = None

    @property
    def is_hint(self) -> bool:
        return self.source is Source.TAG_HINT

    @property
    def confident(self) -> bool:
        """Tell whether the facts are known and not a mere hint."""
        return self.known and not self.is_hint

    @property
    def removed(self) -> bool:
        return self.status is TagStatus.REMOVED

    @property
    def os_names(self) -> tuple[str, ...]:
        """Every OS the tag has a build for, starting with ``os``."""
        names: list[str] = []
        for facts in (self, *self.alternatives):
            if facts.os is not None and facts.os not in names:
                names.append(facts.os)
        return tuple(names)

    def is_eol(self, today: datetime.date) -> bool:
        """Tell whether the release's end of life is before ``today``.

        A date published as year and month counts until the end of that month.
        """
        if self.eol is None:
            return False
        return _eol_day(self.eol) < today

    def release_text(self) -> str:
        """Return the release alone: ``Debian 13 slim``, ``no OS (scratch)``."""
        if self.scratch:
            return "no OS (scratch)"
        if not self.known or self.distro_name is None:
            return "unknown OS"
        words = [self.distro_name]
        if self.version:
            words.append(self.version)
        if self.variant and self.variant != "chainguard":
            words.append(_short_variant(self.variant))
        return " ".join(words)

    def short(self) -> str:
        """Return the short text for an inlay hint, e.g. ``Alpine 3.24``.

        A tag with builds for several releases of one OS lists them
        (``Windows Server Core 2025/2022``); a tag with Linux and Windows builds
        names both: ``Debian 13 on Linux; Windows Server Core 2025/2022``.
        """
        if not self.known:
            return self.release_text()
        groups = [
            [facts for facts in (self, *self.alternatives) if facts.os == name]
            for name in self.os_names
        ] or [[self]]
        texts = [_group_text(group) for group in groups]
        if self.is_hint:
            texts[0] += "?"
        if len(groups) > 1:
            texts = [
                _on_os(text, group[0].os)
                for text, group in zip(texts, groups, strict=True)
            ]
        text = "; ".join(texts)
        if self.removed:
            text += " (unmaintained tag)"
        return text

    def describe(self) -> str:
        """Return a one-line plain-text description with how it is known."""
        if not self.known:
            return self._describe_unknown()
        parts = [self._release_long()]
        details = self._details()
        if details:
            parts.append(details)
        parts.append(self._provenance())
        if self.architecture:
            parts.append(f"the {self.architecture} build of the official image")
        same = [alt for alt in self.alternatives if alt.os == self.os]
        if same:
            releases = " or ".join(alt._release_long() for alt in same)
            parts.append(f"or {releases}, whichever matches the host")
        for os_name in ("linux", "windows"):
            others = [alt for alt in self.alternatives if alt.os == os_name]
            if others and os_name != self.os:
                releases = " or ".join(alt._release_long() for alt in others)
                parts.append(f"on {os_name.capitalize()} hosts: {releases}")
        if self.moved_from:
            parts.append(f"was {self.moved_from} as of {self.moved_date}")
        if self.eol:
            parts.append(f"end of life {self.eol}")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)

    def _release_long(self) -> str:
        if self.scratch:
            return "no OS (scratch)"
        words = [self.distro_name or "unknown OS"]
        if self.version:
            words.append(self.version)
        # "ltsc2022" repeats the Windows version; "1809" or "bookworm" does not.
        version = self.version or ""
        redundant = self.codename is not None and self.codename.endswith(version)
        if self.codename and self.codename != self.version and not redundant:
            words.append(self.codename)
        text = " ".join(words)
        if self.variant:
            text += f" ({self.variant})"
        if self.version is None and self.codename is None:
            text += ", release not named"
        return text

    def _details(self) -> str:
        if self.scratch:
            return "no shell, no package manager"
        details = []
        if self.libc:
            details.append(self.libc)
        if self.package_manager and self.package_manager != "none":
            details.append(self.package_manager)
        elif self.package_manager == "none":
            details.append("no package manager")
        if self.has_shell is False:
            details.append("no shell")
        return ", ".join(details)

    def _provenance(self) -> str:
        if self.source is Source.TAG_HINT:
            return "the tag suggests this, not verified"
        if self.removed:
            return f"tag no longer maintained; last built on {self.last_built}"
        text = self.source.value if self.source else "known"
        if self.data_date:
            text += f" as of {self.data_date}"
        if self.floating:
            text += ", the tag may move to a newer release"
        return text

    def _describe_unknown(self) -> str:
        if self.removed and self.last_built:
            return (
                f"{self.reference}: OS not recorded; tag no longer maintained, "
                f"last built on {self.last_built}"
            )
        if self.note:
            return f"{self.reference}: OS unknown ({self.note})"
        return f"{self.reference}: OS unknown offline"


def unknown(reference: str, note: str | None = None) -> ImageFacts:
    """Return the facts of a reference whose OS is not known offline."""
    return ImageFacts(reference=reference, known=False, note=note)


def _group_text(group: list[ImageFacts]) -> str:
    """Return the short text of one OS's builds: ``Nano Server 2025/2022``."""
    first = group[0]
    if len(group) == 1:
        return first.release_text()
    same_distro = all(facts.distro == first.distro for facts in group)
    versions = [facts.version for facts in group]
    if same_distro and all(versions) and first.variant is None:
        ordered = sorted((v for v in versions if v), key=_version_key, reverse=True)
        return f"{first.distro_name} " + "/".join(ordered)
    return " or ".join(facts.release_text() for facts in group)


def _on_os(text: str, os_name: str | None) -> str:
    name = (os_name or "").capitalize()
    if not name or text.startswith(name):
        return text
    return f"{text} on {name}"


def _version_key(version: str) -> tuple[int, str]:
    # Windows versions: years (2025) and Semi-Annual Channel names (20H2, 1909).
    digits = "".join(ch for ch in version if ch.isdigit())
    return (int(digits) if digits else 0, version)


def _short_variant(variant: str) -> str:
    # "distroless-java" reads as "distroless" in a short text.
    return variant.split("-")[0] if variant.startswith("distroless") else variant


def _eol_day(eol: str) -> datetime.date:
    import calendar
    import datetime

    parts = [int(part) for part in eol.split("-")]
    if len(parts) == 2:
        year, month = parts
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    return datetime.date(parts[0], parts[1], parts[2])
