"""The parser against BuildKit's own parser (PyPI ``dockerfile``, BuildKit v0.12.5).

Every Dockerfile in ``fixtures/`` must give the same instructions, first and last
lines, flags, argument values and heredocs as BuildKit, wherever BuildKit accepts
the file. So must every file of a corpus of real Dockerfiles when one is present
(environment variable ``DOCKERFILE_CORPUS``, default ``shared/corpus`` beside the
repository).

The parser follows current BuildKit where it changed after v0.12.5. Those changes
are listed in ``KNOWN_DIFFERENCES``, each with an input that shows it; a file that
differs only because of one of them is skipped with that reason.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dockerfile
import pytest

from dockerfile_ls.core.parser import parse
from dockerfile_ls.core.syntax import Dockerfile
from tests.core.buildkit_view import Row, render, render_buildkit

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CORPUS = Path(os.environ.get("DOCKERFILE_CORPUS", ROOT.parent / "shared" / "corpus"))
_NOT_DOCKERFILES = {"README.md", "index.tsv", "expected_stages.jsonl"}


def _is_fixture_dockerfile(path: Path) -> bool:
    name = path.name
    return (
        name.startswith("Dockerfile")
        or name.endswith(".Dockerfile")
        or name == "Containerfile"
    )


def _read(path: Path) -> str:
    # Bytes are decoded as they are: a byte order mark and CRLF stay in the text.
    return path.read_bytes().decode("utf-8", errors="replace")


# Changes in BuildKit after v0.12.5 that the parser follows.


def _space_after_heredoc_marker(parsed: Dockerfile) -> bool:
    return any(
        re.match(r"\d*<<[ \t]", heredoc.marker.value)
        for instruction in parsed.instructions
        for node in (instruction.node, instruction.node.sub)
        if node is not None
        for heredoc in node.heredocs
    )


def _text_after_json_array(parsed: Dockerfile) -> bool:
    decoder = json.JSONDecoder()
    for instruction in parsed.instructions:
        for node in (instruction.node, instruction.node.sub):
            command = None if node is None else node.command
            if command is None or not command.value.startswith("["):
                continue
            try:
                decoder.raw_decode(command.value)
            except ValueError:
                continue
            return True
    return False


def _directive_after_check(parsed: Dockerfile) -> bool:
    names = [directive.name for directive in parsed.directives]
    return "check" in names and names.index("check") < len(names) - 1


def _newer_expansion_in_heredoc_line(parsed: Dockerfile) -> bool:
    pattern = re.compile(r"\$\{[^}]*[#%/]")
    for instruction in parsed.instructions:
        lines = parsed.lines[instruction.line : instruction.end_line + 1]
        if any("<<" in line and pattern.search(line) for line in lines):
            return True
    return False


def _unicode_space_after_hash(parsed: Dockerfile) -> bool:
    return any(
        directive.name_span.start_col > directive.span.start_col + 1
        and not parsed.lines[directive.span.start_line][
            directive.span.start_col + 1 : directive.name_span.start_col
        ].isascii()
        for directive in parsed.directives
    )


def _non_ascii_flag(parsed: Dockerfile) -> bool:
    return any(
        not parsed.lines[line].isascii() and "--" in parsed.lines[line]
        for instruction in parsed.instructions
        if instruction.node.flags
        or (instruction.node.sub is not None and instruction.node.sub.flags)
        for line in range(instruction.line, instruction.end_line + 1)
    )


@dataclass(frozen=True)
class KnownDifference:
    """A place where the parser follows current BuildKit and v0.12.5 differs."""

    name: str
    reason: str
    example: str
    applies: Callable[[Dockerfile], bool]


KNOWN_DIFFERENCES = (
    KnownDifference(
        "space after <<",
        "BuildKit v0.22 (moby/buildkit#5817) lets spaces follow `<<`; v0.12 reads "
        "`<< 'EOF'` as two words, finds no heredoc and parses the body as "
        "instructions",
        "FROM alpine\nRUN cat << 'EOF' > /a\nhello\nEOF\n",
        _space_after_heredoc_marker,
    ),
    KnownDifference(
        "text after a JSON array",
        "BuildKit v0.15 (moby/buildkit#5107) reads an array followed by more text as "
        "shell form; v0.12 took the array and dropped the rest",
        'FROM alpine\nCMD ["a"] b\n',
        _text_after_json_array,
    ),
    KnownDifference(
        "check directive",
        "BuildKit v0.12 does not know the `check` directive (Dockerfile frontend "
        "1.8), so the directive block ends there and a later `escape` is a comment",
        "# check=skip=all\n# escape=`\nFROM alpine`\n  AS build\n",
        _directive_after_check,
    ),
    KnownDifference(
        "newer expansion forms",
        "the shell lexer that finds heredocs gained `${a#b}`, `${a%b}` and "
        "`${a/b/c}` after v0.12 and dropped `${a:#b}`; where the lexer fails, "
        "BuildKit finds no heredoc on the line",
        "FROM alpine\nRUN cat <<EOF ${a#b}\nbody\nEOF\n",
        _newer_expansion_in_heredoc_line,
    ),
    KnownDifference(
        "Unicode space after #",
        "current BuildKit skips any Unicode space between `#` and a directive's "
        "key; v0.12's pattern allowed ASCII spaces only",
        "#\u2003escape=`\nFROM alpine`\n  AS build\n",
        _unicode_space_after_hash,
    ),
    KnownDifference(
        "non-ASCII flag",
        "BuildKit reads flags byte by byte, so a UTF-8 byte 0x85 or 0xA0 (as in "
        "`à`) ends the flag in the middle of a character; the parser keeps the "
        "character whole (this holds for current BuildKit too)",
        "FROM alpine\nCOPY --chown=à:à a b\n",
        _non_ascii_flag,
    ),
)


def _known_difference(parsed: Dockerfile) -> KnownDifference | None:
    for difference in KNOWN_DIFFERENCES:
        if difference.applies(parsed):
            return difference
    return None


def _compare(text: str) -> None:
    """Assert that our parse and BuildKit's agree; skip where BuildKit rejects."""
    try:
        expected: list[Row] = render_buildkit(dockerfile.parse_string(text))
    except dockerfile.GoParseError as error:
        pytest.skip(f"BuildKit rejects the file: {error}")
    parsed = parse(text)
    actual = render(parsed)
    if actual != expected:
        difference = _known_difference(parsed)
        if difference is not None:
            pytest.skip(f"known difference from BuildKit v0.12.5: {difference.name}")
    assert len(actual) == len(expected)
    for ours, theirs in zip(actual, expected, strict=True):
        assert ours == theirs


@pytest.mark.parametrize(
    "difference", KNOWN_DIFFERENCES, ids=[d.name for d in KNOWN_DIFFERENCES]
)
def test_known_difference_is_real(difference: KnownDifference) -> None:
    parsed = parse(difference.example)
    assert difference.applies(parsed)
    try:
        expected = render_buildkit(dockerfile.parse_string(difference.example))
    except dockerfile.GoParseError:
        return
    assert render(parsed) != expected


@pytest.mark.parametrize(
    "difference", KNOWN_DIFFERENCES, ids=[d.name for d in KNOWN_DIFFERENCES]
)
def test_known_difference_absent_from_plain_file(difference: KnownDifference) -> None:
    parsed = parse('FROM alpine AS build\nRUN <<EOF\necho hi\nEOF\nCMD ["a"]\n')
    assert not difference.applies(parsed)


def test_heredoc_with_space_after_marker() -> None:
    parsed = parse(KNOWN_DIFFERENCES[0].example)
    run = parsed.instructions[1]
    assert (run.line, run.end_line) == (1, 3)
    assert [doc.name for doc in run.node.heredocs] == ["EOF"]
    assert len(dockerfile.parse_string(KNOWN_DIFFERENCES[0].example)) == 4


def test_json_array_then_text_is_shell_form() -> None:
    parsed = parse(KNOWN_DIFFERENCES[1].example)
    cmd = parsed.instructions[1].node
    assert not cmd.json
    assert cmd.command is not None
    assert cmd.command.value == '["a"] b'


FIXTURE_FILES = sorted(
    path
    for path in FIXTURES.rglob("*")
    if path.is_file() and _is_fixture_dockerfile(path)
)


def test_fixtures_found() -> None:
    assert len(FIXTURE_FILES) >= 10


@pytest.mark.parametrize(
    "path", FIXTURE_FILES, ids=[str(p.relative_to(FIXTURES)) for p in FIXTURE_FILES]
)
def test_fixture_matches_buildkit(path: Path) -> None:
    _compare(_read(path))


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name not in _NOT_DOCKERFILES
    )


CORPUS_FILES = _corpus_files()


@pytest.mark.skipif(not CORPUS_FILES, reason="no Dockerfile corpus")
@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[str(p.relative_to(CORPUS)) for p in CORPUS_FILES]
)
def test_corpus_file_matches_buildkit(path: Path) -> None:
    _compare(_read(path))
