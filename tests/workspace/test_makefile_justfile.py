"""Table tests for build commands in Makefile and Justfile recipes."""

from __future__ import annotations

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.justfile import read_justfile
from dockerfile_ls.workspace.makefile import read_makefile

MAKEFILE = "/w/Makefile"
JUSTFILE = "/w/justfile"


def test_makefile_recipe_target_span() -> None:
    text = (
        ".PHONY: test\ntest:\n"
        "\tdocker build -t example.com/team/app:test --target test .\n"
    )
    (site,) = read_makefile(MAKEFILE, text)
    assert site.target == "test"
    assert site.target_span == Span(2, 52, 2, 56)
    assert site.dockerfile == "/w/Dockerfile"
    assert site.name == "test"


def test_makefile_prefixes_and_continuation() -> None:
    text = "img:\n\t@-cd sub && docker build \\\n\t  --target release \\\n\t  .\n"
    (site,) = read_makefile(MAKEFILE, text)
    assert site.target_span == Span(2, 12, 2, 19)
    assert site.context == "/w/sub"


def test_makefile_inline_recipe_after_semicolon() -> None:
    (site,) = read_makefile(MAKEFILE, "all: deps ; docker build --target all .\n")
    assert site.target == "all"


def test_makefile_variables_are_dynamic() -> None:
    (site,) = read_makefile(
        MAKEFILE, "x:\n\tdocker build --target $(TARGET) -f $$DF .\n"
    )
    assert site.target == "$(TARGET)"
    assert site.target_dynamic
    assert site.dockerfile is None


def test_makefile_tab_lines_outside_rules_ignored() -> None:
    text = (
        "define BUILD\n\tdocker build --target no .\nendef\nVAR = 1\n\tdocker build .\n"
    )
    assert read_makefile(MAKEFILE, text) == []


def test_makefile_recipe_ends_at_assignment() -> None:
    text = "a:\n\tdocker build --target one .\nX := 1\n\tdocker build --target two .\n"
    assert [site.target for site in read_makefile(MAKEFILE, text)] == ["one"]


def test_makefile_recipe_spans_conditionals() -> None:
    text = "a:\nifdef CI\n\tdocker build --target ci .\nendif\n"
    assert [site.target for site in read_makefile(MAKEFILE, text)] == ["ci"]


def test_justfile_recipe_lines() -> None:
    text = (
        'image := "example/app"\n\n'
        "test:\n    docker build --target test -t {{image}}:test .\n\n"
        "release:\n    @docker build \\\n      --target release \\\n"
        "      -t {{image}} .\n"
    )
    sites = read_justfile(JUSTFILE, text)
    assert [site.target for site in sites] == ["test", "release"]
    assert sites[0].target_span == Span(3, 26, 3, 30)
    assert sites[1].target_span == Span(7, 15, 7, 22)
    assert [site.name for site in sites] == ["test", "release"]


def test_justfile_interpolated_target_is_dynamic() -> None:
    (site,) = read_justfile(JUSTFILE, "b t:\n  docker build --target {{t}} .\n")
    assert site.target_dynamic


def test_justfile_shebang_recipe_is_one_script() -> None:
    text = "s:\n  #!/usr/bin/env bash\n  cd sub\n  docker build --target s .\n"
    (site,) = read_justfile(JUSTFILE, text)
    assert site.context == "/w/sub"


def test_justfile_other_interpreter_skipped() -> None:
    text = "p:\n  #!/usr/bin/env python3\n  print('docker build --target x .')\n"
    assert read_justfile(JUSTFILE, text) == []


def test_justfile_each_line_own_shell() -> None:
    text = "b:\n  cd sub\n  docker build .\n"
    (site,) = read_justfile(JUSTFILE, text)
    assert site.context == "/w"


def test_justfile_settings_are_not_recipes() -> None:
    text = 'set shell := ["bash", "-c"]\nalias b := build\nbuild:\n  docker build .\n'
    assert [site.name for site in read_justfile(JUSTFILE, text)] == ["build"]
