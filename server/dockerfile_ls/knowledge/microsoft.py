"""Microsoft's images: .NET, .NET Framework, Windows and Azure Linux.

The rules follow the publishers' tag policies:

- .NET (mcr.microsoft.com/dotnet/*): github.com/dotnet/dotnet-docker, "Tag
  policies" and the README tag tables;
- .NET Framework (mcr.microsoft.com/dotnet/framework/*):
  github.com/microsoft/dotnet-framework-docker, "Image Tagging Guidelines" and
  the README "Full Tag Listing". Every image builds on Windows Server Core. A tag
  such as ``4.8.1-windowsservercore-ltsc2022`` names its release. A shared tag
  such as ``4.8.1`` or ``latest`` lists one image per supported release, and
  Docker pulls the one that matches the host;
- Windows (mcr.microsoft.com/windows/{servercore,nanoserver,server} and the
  images under them, such as windows/servercore/iis): the edition is in the
  repository path and the release in the tag. The repositories that Docker Hub
  carried before 2019 (microsoft/windowsservercore, microsoft/nanoserver,
  microsoft/iis, microsoft/aspnet, microsoft/dotnet-framework) follow the same
  scheme;
- Azure Linux and CBL-Mariner (mcr.microsoft.com/azurelinux, cbl-mariner): the
  release is the tag's version.
"""

from __future__ import annotations

import re

from dockerfile_ls.core.image_ref import ImageRef
from dockerfile_ls.knowledge.catalog import scheme_facts
from dockerfile_ls.knowledge.facts import ImageFacts
from dockerfile_ls.knowledge.official import load_table
from dockerfile_ls.knowledge.vocabulary import Release, read_words

# --- .NET ------------------------------------------------------------------------

_DOTNET_REPOSITORIES = (
    r"dotnet/(?:nightly/)?(runtime-deps|runtime|aspnet|sdk|monitor|aspire-dashboard)"
)
_DOTNET_VERSION = r"(?P<major>\d+)\.\d+(?:\.\d+)?(?:-(?:preview|rc)[.\d]*)?"
# The OS of .NET tags without an OS word (dotnet-docker "Tag policies": from .NET 10
# unsuffixed tags are Ubuntu, before that Debian), as of the official-images table.
_DOTNET_DEFAULTS = {
    "8": Release("linux", "debian", "12", "bookworm"),
    "9": Release("linux", "debian", "12", "bookworm"),
    "10": Release("linux", "ubuntu", "24.04", "noble"),
    "11": Release("linux", "ubuntu", "26.04", "resolute"),
}
_DOTNET_DEFAULT_VARIANTS = {"8": "slim", "9": "slim"}
_DOTNET_LATEST_MAJOR = "10"
# The Alpine release of dotnet's floating "-alpine" tags at the table's date.
_DOTNET_ALPINE = "3.24"


def describe_microsoft(ref: ImageRef, tag: str) -> ImageFacts | None:
    """Return the facts of an image on mcr.microsoft.com, or None when unknown."""
    path = ref.path
    edition = _windows_edition(path, _MCR_WINDOWS)
    if edition is not None:
        return _windows(ref, tag, edition)
    if re.fullmatch(_DOTNET_REPOSITORIES, path):
        return _dotnet(ref, tag)
    if path.startswith("azurelinux/") or path.startswith("cbl-mariner/"):
        return _azure_linux(ref, tag)
    return None


def describe_hub_windows(ref: ImageRef, tag: str) -> ImageFacts | None:
    """Return the facts of Microsoft's Windows repositories on Docker Hub."""
    edition = _windows_edition(ref.path, _HUB_WINDOWS)
    if edition is None:
        return None
    return _windows(ref, tag, edition)


def _dotnet(ref: ImageRef, tag: str) -> ImageFacts | None:
    version = re.match(_DOTNET_VERSION, tag)
    major = version["major"] if version else None
    rest = tag[version.end() :] if version else tag
    if tag == "latest" or rest == "" and major is None:
        major, rest = _DOTNET_LATEST_MAJOR, ""

    reading = read_words(rest)
    release = reading.release
    variant = reading.variant
    floating = False
    if release is None:
        if major not in _DOTNET_DEFAULTS:
            return None
        release = _DOTNET_DEFAULTS[major]
        variant = _DOTNET_DEFAULT_VARIANTS.get(major)
        floating = True
    elif release.distro == "alpine" and release.version is None:
        release = release._replace(version=_DOTNET_ALPINE)
        floating = True
    elif release.distro is None:
        return None
    if release.distro in ("azurelinux", "cbl-mariner") and variant == "distroless":
        return scheme_facts(
            ref, release, variant, has_shell=False, package_manager="none"
        )
    if variant == "chiseled":
        return scheme_facts(
            ref, release, variant, has_shell=False, package_manager="none"
        )
    data_date = load_table().date if floating else None
    return scheme_facts(ref, release, variant, floating=floating, data_date=data_date)


# --- Windows and .NET Framework --------------------------------------------------

# Path prefixes of Windows repositories and the edition their images run, longest
# prefix first. The .NET Framework images all build FROM windows/servercore.
_MCR_WINDOWS = (
    ("windows/servercore", "windowsservercore"),
    ("windows/nanoserver", "nanoserver"),
    ("windows/server", "windowsserver"),
    ("windows", "windowsserver"),
    ("dotnet/framework", "windowsservercore"),
)
_HUB_WINDOWS = (
    ("microsoft/windowsservercore", "windowsservercore"),
    ("microsoft/nanoserver", "nanoserver"),
    ("microsoft/iis", "windowsservercore"),
    ("microsoft/aspnet", "windowsservercore"),
    ("microsoft/dotnet-framework", "windowsservercore"),
    ("microsoft/dotnet-framework-build", "windowsservercore"),
    ("microsoft/wcf", "windowsservercore"),
)
# The word that lets the vocabulary read a bare release number such as "1809".
_EDITION_WORDS = {
    "windowsservercore": "servercore",
    "nanoserver": "nanoserver",
    "windowsserver": "servercore",
}
# Windows builds in tags such as 10.0.20348.2700, by the release they belong to.
_WINDOWS_BUILDS = {
    "14393": "2016",
    "16299": "1709",
    "17134": "1803",
    "17763": "2019",
    "18362": "1903",
    "18363": "1909",
    "19041": "2004",
    "19042": "20H2",
    "20348": "2022",
    "26100": "2025",
}
# The Windows Server Core releases behind each .NET Framework version's shared tag
# (``latest`` is 4.8), newest first. They come from the "Full Tag Listing" of
# dotnet-framework-docker's READMEs of 2024-11. The 4.8.1 row and the 2019 and
# 2016 builds of 4.8 match the repository's Dockerfiles of 2026-07.
# NOTE: shared tags gain and lose releases as Windows versions come and go.
_FRAMEWORK_RELEASES = {
    "4.8.1": ("2025", "2022"),
    "4.8": ("2022", "2019", "2016"),
    "4.7.2": ("2019", "2016"),
    "4.7.1": ("2016",),
    "4.7": ("2016",),
    "4.6.2": ("2016",),
}
_FRAMEWORK_DATE = "2024-11"
_FRAMEWORK_SHARED = re.compile(r"(\d+\.\d+(?:\.\d+)?)(?:-windowsservercore)?|latest")
_HOST_NOTE = (
    "the tag does not name the Windows release; a multi-release tag pulls the"
    " release that matches the host"
)


def _windows_edition(path: str, prefixes: tuple[tuple[str, str], ...]) -> str | None:
    for prefix, edition in prefixes:
        if path == prefix or path.startswith(prefix + "/"):
            return edition
    return None


def _windows(ref: ImageRef, tag: str, edition: str) -> ImageFacts:
    release = _windows_release(tag, edition)
    if release is not None:
        return scheme_facts(ref, release)

    framework = ref.path.startswith("dotnet/framework/")
    framework = framework or ref.path.startswith("microsoft/dotnet-framework")
    if framework:
        shared = _framework_shared(ref, tag)
        if shared is not None:
            return shared
    return scheme_facts(ref, Release("windows", edition), note=_HOST_NOTE)


def _windows_release(tag: str, edition: str) -> Release | None:
    """Return the Windows release a tag names, with its edition, or None.

    An edition word in the tag (``nanoserver-sac2016`` on microsoft/iis) wins over
    the repository's edition.
    """
    release = read_words(tag).release
    if release is None or release.os != "windows" or release.version is None:
        context = _EDITION_WORDS[edition]
        release = read_words(f"{context}-{tag}").release
        if release is not None and release.version is not None:
            release = release._replace(distro=edition)
    if release is None or release.os != "windows" or release.version is None:
        release = _windows_build(tag)
    if release is None or release.os != "windows" or release.version is None:
        return None
    if release.distro is None:
        release = release._replace(distro=edition)
    return release


def _windows_build(tag: str) -> Release | None:
    match = re.match(r"10\.0\.(\d+)", tag)
    if match is None or match[1] not in _WINDOWS_BUILDS:
        return None
    return Release("windows", None, _WINDOWS_BUILDS[match[1]], None)


def _framework_shared(ref: ImageRef, tag: str) -> ImageFacts | None:
    """Return a .NET Framework shared tag's releases: the newest, then the others."""
    match = _FRAMEWORK_SHARED.fullmatch(tag)
    if match is None:
        return None
    version = match[1] or "4.8"
    releases = _FRAMEWORK_RELEASES.get(version)
    if releases is None:
        return None
    choices = [
        scheme_facts(
            ref,
            Release("windows", "windowsservercore", release),
            floating=True,
            data_date=_FRAMEWORK_DATE,
        )
        for release in releases
    ]
    return choices[0]._replace(alternatives=tuple(choices[1:]))


# --- Azure Linux -----------------------------------------------------------------


def _azure_linux(ref: ImageRef, tag: str) -> ImageFacts | None:
    distro = "azurelinux" if ref.path.startswith("azurelinux/") else "cbl-mariner"
    match = re.match(r"(\d+\.\d+)", tag)
    if match is None:
        return None
    distroless = "/distroless/" in f"/{ref.path}/"
    if distroless:
        return scheme_facts(
            ref,
            Release("linux", distro, match[1]),
            "distroless",
            has_shell=False,
            package_manager="none",
        )
    return scheme_facts(ref, Release("linux", distro, match[1]))
