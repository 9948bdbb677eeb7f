"""Docker official images: lookups in the shipped table derived from their manifests.

``data/official_images.json`` is derived by ``tools/derive_image_table.py`` from the
docker-library/official-images manifests. A tag still in the manifests is answered
as of the table's date; a tag that left them is answered with the release of its
last build and marked as no longer maintained.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from typing import Any

from dockerfile_ls.knowledge.catalog import facts_for
from dockerfile_ls.knowledge.facts import ImageFacts, Source, TagStatus, unknown
from dockerfile_ls.knowledge.removed_tags import RemovedLines
from dockerfile_ls.knowledge.table_format import Table

log = logging.getLogger(__name__)

DATA = os.path.join(os.path.dirname(__file__), "data")
TABLE_FILE = os.path.join(DATA, "official_images.json")
REMOVED_FILE = os.path.join(DATA, "official_removed.tsv")


@lru_cache(maxsize=1)
def load_table() -> Table:
    """Load the shipped table once; its removed tags load on first need."""
    table = Table(_read_json(TABLE_FILE), _read_removed)
    log.debug("loaded official-images table of %s", table.date)
    return table


def _read_removed() -> RemovedLines:
    return RemovedLines(REMOVED_FILE)


def _read_json(path: str) -> dict[str, Any]:
    # os.path rather than pathlib: pathlib costs milliseconds to import.
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def describe_official(
    reference: str, image: str, tag: str, platform: str | None
) -> ImageFacts | None:
    """Return the facts of an official image's tag, or None for an unknown image."""
    table = load_table()
    current = table.current(image, tag)
    if current is not None:
        moved_from = moved_date = None
        moved = table.moved(image, tag)
        if moved is not None:
            old_release, old_variant = table.base(moved[0])
            moved_from = facts_for(
                reference, old_release, old_variant, source=Source.TAG
            )
            moved_date = moved[1]
        choices = []
        for index, evidence in zip(*current, strict=True):
            release, variant = table.base(index)
            source = Source.TAG if evidence == "t" else Source.IMAGE_DEFAULT
            choices.append(
                facts_for(
                    reference,
                    release,
                    variant,
                    source=source,
                    data_date=table.date,
                    floating=source is not Source.TAG or release.version is None,
                    status=TagStatus.CURRENT,
                )
            )
        facts = _pick_platform(choices, platform)
        if moved_from is not None and facts.os == "linux":
            facts = facts._replace(
                moved_from=moved_from.release_text(), moved_date=moved_date
            )
        return facts

    if not table.has_image(image):
        return None
    removed = table.removed(image, tag)
    if removed is not None:
        base, last_built = removed
        release, variant = table.base(base)
        return facts_for(
            reference,
            release,
            variant,
            source=Source.TAG
            if _names_release(tag, release.version)
            else Source.IMAGE_DEFAULT,
            data_date=table.date,
            status=TagStatus.REMOVED,
            last_built=last_built,
        )

    return unknown(
        reference, note=f"the official images do not list this tag as of {table.date}"
    )


def _pick_platform(choices: list[ImageFacts], platform: str | None) -> ImageFacts:
    """Return the platform's facts first, with the other platforms as alternatives.

    NOTE: only the OS part of ``platform`` is used, so an architecture with its own
    build (busybox's musl build for arm32v6) gets the tag's main facts.
    """
    requested_os = "linux"
    if platform is not None and platform.lower().startswith("windows"):
        requested_os = "windows"
    primary = next((c for c in choices if c.os == requested_os), choices[0])
    others = tuple(c for c in choices if c is not primary)
    if not others:
        return primary
    return _with_alternatives(primary, others)


def _with_alternatives(
    primary: ImageFacts, others: tuple[ImageFacts, ...]
) -> ImageFacts:
    return primary._replace(alternatives=others)


def _names_release(tag: str, version: str | None) -> bool:
    return version is not None and tag.split("-")[0] == version
