"""Tests for matching a target against stage names, as BuildKit does."""

from __future__ import annotations

import pytest

from dockerfile_ls.workspace.targets import levenshtein, match_target


# Standard edit distances (insertion, deletion, substitution cost 1).
@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("", "", 0),
        ("app", "app", 0),
        ("app3", "app", 1),
        ("app3", "app2", 1),
        ("kitten", "sitting", 3),
        ("tset", "test", 2),
        ("", "abc", 3),
        ("é", "e", 1),
    ],
)
def test_levenshtein(first: str, second: str, distance: int) -> None:
    assert levenshtein(first, second) == distance


def test_exact_match() -> None:
    match = match_target("build", ["deps", "build"])
    assert match.stage == "build"
    assert match.exact_case


# BuildKit lowercases both the target and the stage names before comparing.
def test_match_ignores_case() -> None:
    match = match_target("Builder", ["builder", "runtime"])
    assert match.stage == "builder"
    assert not match.exact_case
    assert match.suggestions == ()


def test_unknown_target_suggestions() -> None:
    match = match_target("app3", ["app", "app2"])
    assert match.stage is None
    assert match.suggestions == ("app", "app2")
    assert match.buildkit_suggestion == "app"


def test_suggestions_nearest_first() -> None:
    match = match_target("relase", ["rlease", "release"])
    assert match.suggestions == ("release", "rlease")


def test_no_suggestion_beyond_distance_two() -> None:
    match = match_target("xyz", ["release"])
    assert match.suggestions == ()
    assert match.buildkit_suggestion is None


# BuildKit's suggestion compares case-sensitively against lowercased stage names.
def test_buildkit_suggestion_is_case_sensitive() -> None:
    match = match_target("APP3", ["app"])
    assert match.buildkit_suggestion is None
    assert match.suggestions == ("app",)


# A stage index is never a target.
def test_index_is_not_a_target() -> None:
    assert match_target("0", ["deps"]).stage is None


def test_empty_target_matches_nothing() -> None:
    assert match_target("", ["a"]).stage is None
