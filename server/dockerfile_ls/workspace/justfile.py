"""Reader for Justfiles: build commands in recipe bodies.

A recipe is a header line at column 0 (``name params: dependencies``) followed by
indented body lines (just manual, "Recipes"). Each body line runs in its own shell
in the Justfile's directory, after ``{{ ... }}`` interpolation, which the reader
treats as unknown text; ``@`` and ``-`` line prefixes are dropped and a trailing
backslash continues a line. A body that starts with a ``#!`` line naming a POSIX
shell is one script; bodies for other interpreters are skipped.
"""

from __future__ import annotations

import os

from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.script import sites_from_script
from dockerfile_ls.workspace.sites import KIND_JUSTFILE, BuildSite

TEMPLATES = (("{{", "}}"),)
SHELLS = ("sh", "bash", "dash", "zsh", "ksh", "ash")


def read_justfile(path: str, text: str) -> list[BuildSite]:
    """Return the build sites in the recipes of the Justfile ``path``."""
    index = LineIndex(text)
    lines = text.split("\n")
    sites: list[BuildSite] = []
    recipe: str | None = None
    body: list[int] = []
    for number, line in enumerate(lines + [""]):
        if line[:1] in (" ", "\t") and recipe is not None:
            body.append(number)
            continue
        if line.strip() == "" and number < len(lines):
            continue
        if recipe is not None and body:
            sites += _body_sites(path, text, index, lines, body, recipe)
        body = []
        recipe = _recipe_name(line)
    return sites


def _recipe_name(line: str) -> str | None:
    """Return the recipe name if ``line`` is a recipe header."""
    if not line or line[0] in "#[ \t":
        return None
    colon = line.find(":")
    if colon <= 0 or line.startswith(":=", colon):
        return None
    words = line[:colon].split()
    if not words or words[0] in ("set", "alias", "export", "import", "mod"):
        return None
    return words[0].lstrip("@")


def _body_sites(
    path: str,
    text: str,
    index: LineIndex,
    lines: list[str],
    body: list[int],
    recipe: str,
) -> list[BuildSite]:
    cwd = os.path.dirname(path)
    first = lines[body[0]].strip()
    if first.startswith("#!"):
        if _shebang_program(first) not in SHELLS:
            return []
        start = index.offset(body[0] + 1, 0)
        end = index.offset(body[-1], len(lines[body[-1]]))
        script_sites, _ = sites_from_script(
            text,
            file=path,
            kind=KIND_JUSTFILE,
            mapper=index,
            cwd=cwd,
            start=start,
            end=end,
            templates=TEMPLATES,
            name=recipe,
        )
        return script_sites
    sites: list[BuildSite] = []
    for number in body:
        line = lines[number]
        if number > body[0] and lines[number - 1].rstrip("\r").endswith("\\"):
            continue
        last = number
        while last in body and lines[last].rstrip("\r").endswith("\\"):
            last += 1
        start = index.offset(number, 0)
        end = index.offset(last, len(lines[last])) if last < len(lines) else len(text)
        indent = len(line) - len(line.lstrip(" \t"))
        start += indent
        while start < end and text[start] in "@-":
            start += 1
        found, _ = sites_from_script(
            text,
            file=path,
            kind=KIND_JUSTFILE,
            mapper=index,
            cwd=cwd,
            start=start,
            end=end,
            templates=TEMPLATES,
            name=recipe,
        )
        sites += found
    return sites


def _shebang_program(line: str) -> str:
    """Return the interpreter named by a ``#!`` line, looking through ``env``."""
    words = line[2:].split()
    if not words:
        return ""
    program = os.path.basename(words[0])
    if program == "env":
        operands = [word for word in words[1:] if not word.startswith("-")]
        return os.path.basename(operands[0]) if operands else ""
    return program
