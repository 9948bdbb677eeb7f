"""Offline knowledge of the operating system an image reference runs.

``describe_image`` consults, in this order: the reserved name ``scratch``; the
table of Docker official images derived from their manifests (also reached through
``public.ecr.aws/docker/library/``); the naming schemes of known registries
(distroless, Chainguard, Red Hat, Microsoft, AWS Lambda, quay.io); and last the
release words in the tag, as a hint. Anything else is unknown, never guessed.

Importing this package loads no data; the tables load on the first call.
"""

from __future__ import annotations

from dockerfile_ls.knowledge.facts import ImageFacts, Source, TagStatus

__all__ = [
    "ImageFacts",
    "Source",
    "TagStatus",
    "data_date",
    "describe_image",
    "official_image_names",
]


def describe_image(ref: str, platform: str | None = None) -> ImageFacts:
    """Return what OS ``ref`` runs; ``platform`` is a ``--platform`` value.

    ``ref`` must have its build arguments expanded. Results are cached.
    """
    from dockerfile_ls.knowledge.lookup import describe_cached

    return describe_cached(ref, platform)


def data_date() -> str:
    """Return the date the shipped official-images table describes."""
    from dockerfile_ls.knowledge.official import load_table

    return load_table().date


def official_image_names() -> list[str]:
    """Return the names of the Docker official images the shipped table lists now."""
    from dockerfile_ls.knowledge.official import load_table

    return load_table().current_image_names()
