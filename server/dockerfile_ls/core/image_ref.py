"""Image reference parsing: registry, repository path, tag and digest, with spans.

The grammar is the one BuildKit applies to a FROM image through
``reference.ParseNormalizedNamed`` of github.com/distribution/reference (v0.6):

    reference  := name [ ":" tag ] [ "@" digest ]
    name       := [ domain "/" ] path-component { "/" path-component }
    domain     := host [ ":" port ]          host is a DNS name or "[" IPv6 "]"
    path-component := [a-z0-9]+ { ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ }
    tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
    digest     := algorithm ":" hex        sha256, sha384 or sha512, lowercase hex

The first component is a registry domain only when it contains "." or ":", is
"localhost", or has an uppercase letter. Without one the image lives on Docker Hub
("docker.io"), and a one-component path there is an official image under "library/".
"""

from __future__ import annotations

import re
from typing import NamedTuple

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPOSITORY_PREFIX = "library/"
NAME_TOTAL_LENGTH_MAX = 255

_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])"
_DOMAIN_RE = re.compile(rf"{_HOST}(?::[0-9]+)?")
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_PATH_RE = re.compile(rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*")
_TAG_RE = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)
_DIGEST_RE = re.compile(
    r"(?P<algorithm>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*)"
    r":(?P<hex>[0-9a-fA-F]{32,})"
)
# github.com/opencontainers/go-digest registers these algorithms; the encoded part
# must be lowercase hex of exactly this length.
_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_HEX_ID_RE = re.compile(r"[a-f0-9]{64}")

Range = tuple[int, int]


class ImageRef(NamedTuple):
    """An image reference split into its parts, with offsets into ``text``.

    ``domain`` and ``path`` are as written: ``alpine`` keeps ``domain`` None and
    ``path`` "alpine". The ranges are (start, end) character offsets into ``text``,
    None when the part is absent.
    """

    text: str
    domain: str | None
    path: str
    tag: str | None
    digest: str | None
    domain_range: Range | None
    path_range: Range
    tag_range: Range | None
    digest_range: Range | None

    @property
    def registry(self) -> str:
        """The registry host, with Docker Hub's legacy name folded to docker.io."""
        if self.domain is None or self.domain == LEGACY_DEFAULT_DOMAIN:
            return DEFAULT_DOMAIN
        return self.domain

    @property
    def repository(self) -> str:
        """The repository path on its registry, e.g. ``library/alpine``."""
        if self.registry == DEFAULT_DOMAIN and "/" not in self.path:
            return OFFICIAL_REPOSITORY_PREFIX + self.path
        return self.path

    @property
    def is_docker_hub(self) -> bool:
        return self.registry == DEFAULT_DOMAIN

    @property
    def official_image(self) -> str | None:
        """The Docker official image name (``alpine``), or None for other images."""
        if not self.is_docker_hub:
            return None
        repository = self.repository
        if not repository.startswith(OFFICIAL_REPOSITORY_PREFIX):
            return None
        name = repository[len(OFFICIAL_REPOSITORY_PREFIX) :]
        return None if "/" in name else name

    def normalized_name(self) -> str:
        """Return the fully qualified name, e.g. ``docker.io/library/alpine``."""
        return f"{self.registry}/{self.repository}"

    def familiar_name(self) -> str:
        """Return the short name Docker shows: ``alpine``, ``user/app``, ``a.io/x``."""
        if not self.is_docker_hub:
            return self.normalized_name()
        official = self.official_image
        return official if official is not None else self.repository

    def familiar(self) -> str:
        """Return the familiar form with tag and digest, e.g. ``alpine:3.20``."""
        text = self.familiar_name()
        if self.tag is not None:
            text += ":" + self.tag
        if self.digest is not None:
            text += "@" + self.digest
        return text


def parse_image_ref(text: str) -> ImageRef | None:
    """Parse an image reference as BuildKit does, or return None when it is invalid.

    ``text`` must already have its build arguments expanded: a ``$`` is invalid here.
    """
    if not text or _HEX_ID_RE.fullmatch(text):
        # A bare 64-hex string is rejected as ambiguous with an image ID.
        return None

    name_end, tag, tag_range, digest, digest_range = _split_tag_and_digest(text)
    if name_end is None:
        return None
    name = text[:name_end]

    domain: str | None = None
    domain_range: Range | None = None
    path_start = 0
    slash = name.find("/")
    if slash != -1 and _looks_like_domain(name[:slash]):
        domain = name[:slash]
        if _DOMAIN_RE.fullmatch(domain) is None:
            return None
        domain_range = (0, slash)
        path_start = slash + 1

    path = name[path_start:]
    if _PATH_RE.fullmatch(path) is None:
        return None

    registry = DEFAULT_DOMAIN if domain in (None, LEGACY_DEFAULT_DOMAIN) else domain
    repository = path
    if registry == DEFAULT_DOMAIN and "/" not in path:
        repository = OFFICIAL_REPOSITORY_PREFIX + path
    if len(registry) + 1 + len(repository) > NAME_TOTAL_LENGTH_MAX:
        return None

    return ImageRef(
        text=text,
        domain=domain,
        path=path,
        tag=tag,
        digest=digest,
        domain_range=domain_range,
        path_range=(path_start, name_end),
        tag_range=tag_range,
        digest_range=digest_range,
    )


def _looks_like_domain(component: str) -> bool:
    # distribution/reference splitDockerDomain: the rule that decides whether
    # "a/b" means registry "a" or Docker Hub user "a".
    if "." in component or ":" in component or component == "localhost":
        return True
    return component.lower() != component


def _split_tag_and_digest(
    text: str,
) -> tuple[int | None, str | None, Range | None, str | None, Range | None]:
    """Split off ``@digest`` and ``:tag``; the first value is where the name ends."""
    digest: str | None = None
    digest_range: Range | None = None
    rest_end = len(text)
    at = text.find("@")
    if at != -1:
        digest = text[at + 1 :]
        if not _is_valid_digest(digest):
            return None, None, None, None, None
        digest_range = (at + 1, len(text))
        rest_end = at

    tag: str | None = None
    tag_range: Range | None = None
    name_end = rest_end
    colon = text.rfind(":", 0, rest_end)
    if colon != -1 and "/" not in text[colon:rest_end]:
        tag = text[colon + 1 : rest_end]
        if _TAG_RE.fullmatch(tag) is None:
            return None, None, None, None, None
        tag_range = (colon + 1, rest_end)
        name_end = colon
    return name_end, tag, tag_range, digest, digest_range


def _is_valid_digest(digest: str) -> bool:
    match = _DIGEST_RE.fullmatch(digest)
    if match is None:
        return False
    length = _DIGEST_HEX_LENGTHS.get(match["algorithm"])
    if length is None:
        return False
    encoded = match["hex"]
    return len(encoded) == length and encoded == encoded.lower()
