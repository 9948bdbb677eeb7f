"""Reader for Makefiles: build commands in rule recipes.

A recipe line starts with a tab after a rule line, or follows ``;`` on the rule line
itself (GNU make manual, "Recipe Syntax"). Each recipe line runs in its own shell in
the Makefile's directory, a trailing backslash continues it, and the ``@``, ``-``
and ``+`` prefixes are dropped. In recipes ``$$`` is the shell's ``$`` and other
``$`` references are make variables, whose values the reader treats as unknown.
``define``/``endef`` bodies are skipped.
"""

from __future__ import annotations

import os

from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.script import sites_from_script
from dockerfile_ls.workspace.sites import KIND_MAKEFILE, BuildSite

DIRECTIVES = (
    "ifeq",
    "ifneq",
    "ifdef",
    "ifndef",
    "else",
    "endif",
    "include",
    "-include",
    "sinclude",
    "vpath",
)


def read_makefile(path: str, text: str) -> list[BuildSite]:
    """Return the build sites in the recipes of the Makefile ``path``."""
    index = LineIndex(text)
    lines = text.split("\n")
    sites: list[BuildSite] = []
    in_rule = False
    in_define = False
    rule_name: str | None = None
    line_number = 0
    while line_number < len(lines):
        last = line_number
        while last + 1 < len(lines) and _continues(lines[last]):
            last += 1
        start = index.offset(line_number, 0)
        end = index.offset(last, len(lines[last]))
        line = lines[line_number]
        words = line.split()
        first = words[0] if words else ""
        line_number = last + 1

        if in_define:
            in_define = first != "endef"
        elif line.startswith("\t") and in_rule:
            sites += _recipe_sites(path, text, index, start + 1, end, rule_name)
        elif first in ("define", "override", "export") and "define" in words[:2]:
            in_define = True
        elif not first or first.startswith("#") or first in DIRECTIVES:
            continue
        else:
            colon = _rule_colon(line)
            in_rule = colon >= 0
            if in_rule:
                rule_name = line[:colon].strip() or None
                semicolon = line.find(";", colon)
                if semicolon >= 0:
                    sites += _recipe_sites(
                        path, text, index, start + semicolon + 1, end, rule_name
                    )
    return sites


def _continues(line: str) -> bool:
    stripped = line.rstrip("\r")
    backslashes = len(stripped) - len(stripped.rstrip("\\"))
    return backslashes % 2 == 1


def _rule_colon(line: str) -> int:
    """Return the offset of the colon that makes ``line`` a rule, or -1.

    Skips colons inside ``$(...)`` and ``${...}`` and rejects variable assignments
    (``=``, ``:=``, ``::=``, ``?=``, ``+=``, ``!=`` before any rule colon).
    """
    depth = 0
    for offset, ch in enumerate(line):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif ch == "=":
            return -1
        elif ch == ":":
            rest = line[offset:]
            if rest.startswith((":=", "::=", ":::=")):
                return -1
            return offset
        elif ch == "#":
            return -1
    return -1


def _recipe_sites(
    path: str,
    text: str,
    index: LineIndex,
    start: int,
    end: int,
    rule_name: str | None,
) -> list[BuildSite]:
    while start < end and text[start] in "@-+ \t":
        start += 1
    sites, _ = sites_from_script(
        text,
        file=path,
        kind=KIND_MAKEFILE,
        mapper=index,
        cwd=os.path.dirname(path),
        start=start,
        end=end,
        make_syntax=True,
        name=rule_name,
    )
    return sites
