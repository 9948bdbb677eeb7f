"""The tag vocabulary: words in image tags that name a distribution release.

Image maintainers put the base distribution into tags (``3.12-slim-bookworm``,
``21-jdk-ubi9-minimal``, ``8.0-nanoserver-ltsc2022``). ``read_words`` finds those
words in a tag or a directory path and returns the release they name plus variant
words such as ``slim`` or ``minimal``. Release names come from the distributions'
own release pages (Debian and Ubuntu codenames, Windows Server LTSC builds).

Debian suite aliases (``stable``, ``testing``) and Alpine's ``edge`` mean a release
only on the Debian and Alpine images, so callers enable them explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

DEBIAN_CODENAMES = {
    "squeeze": "6",
    "wheezy": "7",
    "jessie": "8",
    "stretch": "9",
    "buster": "10",
    "bullseye": "11",
    "bookworm": "12",
    "trixie": "13",
    "forky": "14",
    "duke": "15",
    "sid": "unstable",
}
UBUNTU_CODENAMES = {
    "trusty": "14.04",
    "xenial": "16.04",
    "bionic": "18.04",
    "focal": "20.04",
    "jammy": "22.04",
    "kinetic": "22.10",
    "lunar": "23.04",
    "mantic": "23.10",
    "noble": "24.04",
    "oracular": "24.10",
    "plucky": "25.04",
    "questing": "25.10",
    "resolute": "26.04",
}
# Windows Server releases as container tags name them, with the version the
# catalog files them under. A Long-Term Servicing Channel release is filed under
# its year and a Semi-Annual Channel release under its version name
# (learn.microsoft.com, "Windows Server release information"). Microsoft's images
# also tagged 20H2 as "2009" and the Nano Server release of 2016 as "sac2016".
WINDOWS_RELEASES = {
    "ltsc2016": "2016",
    "sac2016": "2016",
    "1709": "1709",
    "1803": "1803",
    "1809": "2019",
    "ltsc2019": "2019",
    "1903": "1903",
    "1909": "1909",
    "2004": "2004",
    "2009": "20H2",
    "20h2": "20H2",
    "ltsc2022": "2022",
    "ltsc2025": "2025",
}
# Release words that mean Windows only next to an edition word ("servercore-1909"):
# numbers, which tags use for much else, and "sac2016", which only Nano Server used.
_NEEDS_EDITION = {"1709", "1803", "1809", "1903", "1909", "2004", "2009", "sac2016"}
# Semi-Annual Channel releases: the version is their name, so no codename.
_WINDOWS_SEMI_ANNUAL = {"1709", "1803", "1903", "1909", "2004", "2009", "20h2"}
VARIANT_WORDS = (
    "slim",
    "minimal",
    "micro",
    "init",
    "chiseled",
    "distroless",
    "fips",
    "kitten",
)


class Release(NamedTuple):
    """A distribution release: ``version`` and ``codename`` are None when unnamed."""

    os: str
    distro: str | None
    version: str | None = None
    codename: str | None = None

    @property
    def is_exact(self) -> bool:
        """Tell whether the release names a version, not only a distribution."""
        return self.distro is not None and self.version is not None


class Reading(NamedTuple):
    """The release and the variant words found in one tag or path."""

    release: Release | None
    variants: tuple[str, ...]

    @property
    def variant(self) -> str | None:
        return "-".join(self.variants) if self.variants else None


_B = r"(?<![a-z0-9])"  # word start: tags separate words with "-", "_", "." or "/"
_E = r"(?![a-z0-9]|\.\d)"


def _rule(pattern: str) -> str:
    # Patterns stay strings: the re module compiles and caches each on first use,
    # which keeps importing this module cheap.
    return _B + pattern + _E


_ALPINE_VERSION = _rule(r"alpine[-_/]?(\d+)[._](\d+)")
_UBUNTU_VERSION = _rule(r"ubuntu[-_/]?(\d\d)[._](04|10)")
_DEBIAN_VERSION = _rule(r"debian[-_]?([6-9]|1\d)")
_UBI = _rule(r"(?:rhel-)?ubi(\d+)")
_ORACLE_VERSION = _rule(r"oraclelinux(\d+)")
_AMAZON_2023 = _rule(r"(?:al|amazonlinux)2023")
_AMAZON_2 = _rule(r"(?:al|amazonlinux)2")
_AZURE = _rule(r"azurelinux-?(\d+\.\d+)")
_MARINER = _rule(r"cbl-mariner-?(\d+\.\d+)")
_CENTOS = _rule(r"centos(\d+)")
_STREAM = _rule(r"(?:centos-?)?stream(\d+)")
_NUMBERED = _rule(r"(rockylinux|almalinux|fedora|photon|leap)-?(\d+(?:\.\d+)?)")
_WINDOWS_EDITION = _rule(r"(windowsservercore|servercore|nanoserver)")
_WINDOWS_RELEASE = _rule(
    r"(ltsc20(?:16|19|22|25)|sac2016|1709|1803|1809|1903|1909|2004|2009|20h2)"
)
_BARE = _rule(
    r"(alpine|debian|ubuntu|oraclelinux|amazonlinux|centos|rockylinux|almalinux"
    r"|fedora|photon|wolfi|tumbleweed|scratch|kitten|rawhide)"
)
_WORD = r"[a-z0-9]+"

_BARE_DISTRO = {
    "tumbleweed": "opensuse-tumbleweed",
    "kitten": "almalinux",
    "rawhide": "fedora",
}
_NUMBERED_DISTRO = {"leap": "opensuse-leap"}


def read_words(
    text: str,
    *,
    debian_suites: Mapping[str, Release] | None = None,
    alpine_edge: bool = False,
    extra_codenames: Mapping[str, Release] | None = None,
) -> Reading:
    """Read the release and variant words in a tag or directory path.

    ``debian_suites`` maps suite aliases (``stable``) to Debian releases; pass it only
    for images whose tags use Debian's suite names. ``extra_codenames`` adds release
    names newer than this module, as read from the distribution images' manifests.
    """
    lowered = text.lower()
    release = _read_release(lowered, debian_suites, alpine_edge, extra_codenames)
    words = re.findall(_WORD, lowered)
    variants = tuple(word for word in words if word in VARIANT_WORDS)
    return Reading(release, variants)


def _read_release(
    text: str,
    debian_suites: Mapping[str, Release] | None,
    alpine_edge: bool,
    extra_codenames: Mapping[str, Release] | None,
) -> Release | None:
    # Exact forms first: a tag such as "3.12-alpine3.20" names both the bare word
    # and the version, and the version wins.
    match = re.search(_ALPINE_VERSION, text)
    if match:
        return Release("linux", "alpine", f"{match[1]}.{match[2]}")
    match = re.search(_UBUNTU_VERSION, text)
    if match:
        version = f"{match[1]}.{match[2]}"
        return Release("linux", "ubuntu", version, _ubuntu_codename(version))
    match = re.search(_DEBIAN_VERSION, text)
    if match:
        version = match[1]
        return Release("linux", "debian", version, _debian_codename(version))
    windows = _read_windows(text)
    if windows is not None:
        return windows
    match = re.search(_UBI, text)
    if match:
        return Release("linux", "rhel-ubi", match[1])
    match = re.search(_ORACLE_VERSION, text)
    if match:
        return Release("linux", "oraclelinux", match[1])
    if re.search(_AMAZON_2023, text):
        return Release("linux", "amazonlinux", "2023")
    if re.search(_AMAZON_2, text):
        return Release("linux", "amazonlinux", "2")
    match = re.search(_AZURE, text)
    if match:
        return Release("linux", "azurelinux", match[1])
    match = re.search(_MARINER, text)
    if match:
        return Release("linux", "cbl-mariner", match[1])
    match = re.search(_CENTOS, text)
    if match:
        return Release("linux", "centos", match[1])
    match = re.search(_STREAM, text)
    if match:
        return Release("linux", "centos-stream", match[1])
    match = re.search(_NUMBERED, text)
    if match:
        distro = _NUMBERED_DISTRO.get(match[1], match[1])
        version = match[2]
        if distro in ("rockylinux", "almalinux"):
            version = version.split(".")[0]
        return Release("linux", distro, version)

    for word in re.findall(_WORD, text):
        if word in DEBIAN_CODENAMES:
            return Release("linux", "debian", DEBIAN_CODENAMES[word], word)
        if word in UBUNTU_CODENAMES:
            return Release("linux", "ubuntu", UBUNTU_CODENAMES[word], word)
        if debian_suites is not None and word in debian_suites:
            return debian_suites[word]
        if extra_codenames is not None and word in extra_codenames:
            return extra_codenames[word]
        if alpine_edge and word == "edge":
            return Release("linux", "alpine", "edge")
    for names in (debian_suites, extra_codenames):
        # Names made of several words, such as Debian's "rc-buggy" suite.
        for name, named in (names or {}).items():
            if "-" in name and re.search(_rule(re.escape(name)), text):
                return named

    match = re.search(_BARE, text)
    if match:
        word = match[1]
        if word == "scratch":
            return Release("linux", "scratch")
        return Release("linux", _BARE_DISTRO.get(word, word))
    return None


def _read_windows(text: str) -> Release | None:
    edition = re.search(_WINDOWS_EDITION, text)
    release = re.search(_WINDOWS_RELEASE, text)
    if release is not None and edition is None and release[1] in _NEEDS_EDITION:
        release = None
    if edition is None and release is None:
        return None
    distro = None
    if edition is not None:
        distro = "nanoserver" if edition[1] == "nanoserver" else "windowsservercore"
    if release is None:
        return Release("windows", distro)
    word = release[1]
    codename = None if word in _WINDOWS_SEMI_ANNUAL else word
    return Release("windows", distro, WINDOWS_RELEASES[word], codename)


def _debian_codename(version: str) -> str | None:
    for codename, number in DEBIAN_CODENAMES.items():
        if number == version:
            return codename
    return None


def _ubuntu_codename(version: str) -> str | None:
    for codename, number in UBUNTU_CODENAMES.items():
        if number == version:
            return codename
    return None
