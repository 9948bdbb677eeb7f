"""``describe_image`` against independently checked reference samples.

The samples live outside the repository, in the folder that ``OSDATA_DIR`` names
(default: ``shared/osdata`` beside the repository); each test skips without them.

- ``official_tags_sample.tsv``: official-image tags with the OS their image was
  built on (from the tag, the manifest's directory or the Dockerfile's FROM line).
- ``other_refs_sample.tsv``: other references, each with its expected behaviour:
  a fact, a hint, or "unknown".
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest

from dockerfile_ls.knowledge import ImageFacts, describe_image

ROOT = Path(__file__).resolve().parents[2]
OSDATA = Path(os.environ.get("OSDATA_DIR", ROOT.parent / "shared" / "osdata"))
OFFICIAL = OSDATA / "official_tags_sample.tsv"
OTHER = OSDATA / "other_refs_sample.tsv"

# Measured with the shipped table: every result that names a release is right.
# The others name the distribution but not its release, or are unknown. Most are
# Alpine variants whose Dockerfile pins an Alpine release that the tags do not
# name, and Liberty images whose Dockerfile name says only "ubuntu".
MIN_RIGHT = 0.96
MIN_RIGHT_OR_PARTIAL = 0.99


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _grade(facts: ImageFacts, row: dict[str, str], prefix: str = "") -> str:
    """Grade one result: right, partial (release not named), or wrong."""
    if not facts.known:
        return "unknown"
    if facts.os != row[f"{prefix}os"] or facts.distro != row[f"{prefix}distro"]:
        return "wrong"
    version = row[f"{prefix}version"] if prefix else row["distro_version"]
    if version and facts.version != version:
        return "partial" if facts.version is None else "wrong"
    codename = row[f"{prefix}codename"]
    if codename and facts.codename != codename:
        return "wrong"
    return "right"


def _grade_official(row: dict[str, str]) -> str:
    facts = describe_image(f"{row['image']}:{row['tag']}", row["os"])
    grades = [_grade(candidate, row) for candidate in (facts, *facts.alternatives)]
    for grade in ("right", "partial", "wrong"):
        if grade in grades:
            return grade
    return "unknown"


@pytest.fixture(scope="module")
def official_grades() -> Counter[str]:
    if not OFFICIAL.exists():
        pytest.skip(f"reference sample not found: {OFFICIAL}")
    return Counter(_grade_official(row) for row in _rows(OFFICIAL))


def test_official_sample_has_no_wrong_answer(official_grades: Counter[str]) -> None:
    assert official_grades["wrong"] == 0


def test_official_sample_right_share(official_grades: Counter[str]) -> None:
    total = sum(official_grades.values())
    assert official_grades["right"] / total >= MIN_RIGHT


def test_official_sample_distribution_share(official_grades: Counter[str]) -> None:
    total = sum(official_grades.values())
    named = official_grades["right"] + official_grades["partial"]
    assert named / total >= MIN_RIGHT_OR_PARTIAL


def _other_rows() -> list[dict[str, str]]:
    if not OTHER.exists():
        return []
    return [row for row in _rows(OTHER) if row["expected_behavior"] != "n/a"]


@pytest.mark.skipif(not OTHER.exists(), reason="reference sample not found")
@pytest.mark.parametrize("row", _other_rows(), ids=lambda row: row["ref"])
def test_other_reference(row: dict[str, str]) -> None:
    facts = describe_image(row["ref"])
    behaviour = row["expected_behavior"]
    if behaviour == "unknown":
        assert not facts.confident
        return
    assert _grade(facts, row, prefix="expected_") == "right"
    if row["expected_variant"]:
        assert facts.variant == row["expected_variant"]
    if behaviour == "hint":
        assert facts.is_hint
    else:
        assert facts.confident
