"""What the knowledge returns for an image reference: ``ImageFacts`` and its texts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime


class Source(str, Enum):
    """How the facts were found; the value is the wording used in texts."""

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


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """The operating system an image reference runs, and how that is known.

    ``known`` is False when the knowledge cannot tell (private and unknown images,
    digest-only references); the other fields are then empty. A hint
    (``source`` is ``Source.TAG_HINT``) is known but not ``confident``: rules that
    report problems should act only on confident facts.

    ``alternatives`` lists the other platforms of a multi-platform tag, such as the
    Windows Server Core builds behind ``python:3.14``. ``floating`` is True when the
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
        """Return the short text for an inlay hint, e.g. ``Alpine 3.24``."""
        text = self.release_text()
        if not self.known or self.scratch:
            return text
        if self.is_hint:
            text += "?"
        windows = [alt for alt in self.alternatives if alt.os == "windows"]
        if self.os == "windows" and windows:
            versions = [self.version] + [alt.version for alt in windows]
            same_edition = all(alt.distro == self.distro for alt in windows)
            if same_edition and all(versions):
                text = f"{self.distro_name} " + "/".join(v for v in versions if v)
        elif windows:
            text += " + Windows"
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
        for os_name in ("linux", "windows"):
            others = [alt for alt in self.alternatives if alt.os == os_name]
            if others:
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
    """Return the facts of a reference whose OS cannot be told offline."""
    return ImageFacts(reference=reference, known=False, note=note)


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
