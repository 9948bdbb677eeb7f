"""Incremental parsing: ``parse(new, previous=parse(old))`` equals ``parse(new)``.

The trees are compared through ``render_tree``, which includes every span. Each
named sequence applies its edits one after the other, reusing the previous parse
each time, as the language server does on every change. A seeded random loop then
edits the fixtures and, when present, a corpus of real Dockerfiles (environment
variable ``DOCKERFILE_CORPUS``, default ``shared/corpus`` beside the repository).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from dockerfile_ls.core.parser import parse
from tests.core.tree_view import render_tree

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CORPUS = Path(os.environ.get("DOCKERFILE_CORPUS", ROOT.parent / "shared" / "corpus"))

Edit = Callable[[str], str]

BASE = (
    "# syntax=docker/dockerfile:1\n"
    "ARG VERSION=3.20\n"
    "FROM alpine:${VERSION} AS base\n"
    "RUN apk add --no-cache \\\n"
    "    curl \\\n"
    "    git\n"
    "# build the app\n"
    "FROM base AS build\n"
    "COPY <<EOF /build.sh\n"
    "echo hi\n"
    "EOF\n"
    "RUN --mount=type=cache,target=/root/.cache \\\n"
    "    sh /build.sh\n"
    "FROM alpine:3.20\n"
    'COPY --from=build ["/out", "/srv/"]\n'
    'CMD ["/srv/app"]\n'
)


def insert(line: int, col: int, text: str) -> Edit:
    """Insert ``text`` at (line, col), as an editor's change event would."""

    def apply(source: str) -> str:
        offset = _offset(source, line, col)
        return source[:offset] + text + source[offset:]

    return apply


def delete(line: int, col: int, end_line: int, end_col: int) -> Edit:
    """Delete the text between two positions."""

    def apply(source: str) -> str:
        start = _offset(source, line, col)
        end = _offset(source, end_line, end_col)
        return source[:start] + source[end:]

    return apply


def replace_line(line: int, text: str) -> Edit:
    def apply(source: str) -> str:
        lines = source.split("\n")
        lines[line] = text
        return "\n".join(lines)

    return apply


def _offset(source: str, line: int, col: int) -> int:
    lines = source.split("\n")
    return sum(len(text) + 1 for text in lines[:line]) + col


SEQUENCES: dict[str, tuple[str, list[Edit]]] = {
    "type characters inside a word": (
        BASE,
        [insert(13, 10, "x"), insert(13, 11, "y"), delete(13, 10, 13, 12)],
    ),
    "insert and delete whole lines": (
        BASE,
        [
            insert(6, 0, "RUN echo new\n"),
            insert(0, 0, "\n"),
            delete(7, 0, 8, 0),
            delete(0, 0, 1, 0),
        ],
    ),
    "add and remove a continuation": (
        BASE,
        [
            insert(5, 7, " \\"),
            insert(6, 0, "  \\\n"),
            delete(6, 0, 7, 0),
            delete(5, 7, 5, 9),
        ],
    ),
    "end a continuation early": (BASE, [delete(3, 22, 3, 24), insert(3, 22, " \\")]),
    "open and close a heredoc": (
        BASE,
        [
            replace_line(12, "    sh <<EOF"),
            insert(13, 0, "echo body\n"),
            insert(14, 0, "EOF\n"),
            delete(14, 0, 15, 0),
        ],
    ),
    "break a heredoc terminator": (
        BASE,
        [insert(10, 3, "X"), delete(10, 3, 10, 4), insert(10, 0, "\t")],
    ),
    "turn a heredoc into strip-tabs form": (
        BASE,
        [insert(8, 7, "-"), insert(10, 0, "\t"), delete(8, 7, 8, 8)],
    ),
    "quote a heredoc delimiter": (BASE, [insert(8, 7, "'"), insert(8, 11, "'")]),
    "edit at the start of the file": (
        BASE,
        [insert(0, 0, "# a comment\n"), insert(0, 0, "\ufeff"), delete(0, 0, 0, 1)],
    ),
    "edit at the end of the file": (
        BASE,
        [
            insert(16, 0, "RUN echo last"),
            insert(16, 13, " \\"),
            insert(16, 15, "\n  more"),
            delete(16, 13, 17, 6),
        ],
    ),
    "remove the final newline": (
        BASE,
        [delete(15, 16, 16, 0), insert(15, 16, "\n"), insert(16, 0, "\r")],
    ),
    "add an escape directive": (
        BASE,
        [insert(1, 0, "# escape=`\n"), replace_line(4, "RUN apk add --no-cache `")],
    ),
    "change the directive block": (
        BASE,
        [
            replace_line(0, "# syntax=docker/dockerfile:1.7"),
            insert(1, 0, "# check=skip=all\n"),
            insert(2, 0, "\n"),
            delete(2, 0, 3, 0),
            delete(0, 0, 1, 0),
        ],
    ),
    "duplicate a directive": (BASE, [insert(1, 0, "# syntax=x\n"), delete(1, 0, 2, 0)]),
    "comment out an instruction inside a continuation": (
        BASE,
        [insert(4, 0, "#"), delete(4, 0, 4, 1), insert(5, 0, "\n")],
    ),
    "type a new stage": (
        BASE,
        [insert(16, 0, c) for c in "FROM build AS final\nCOPY --from=base /a /b\n"],
    ),
    "edit a CRLF file": (
        BASE.replace("\n", "\r\n"),
        [
            insert(4, 4, "x"),
            insert(9, 7, "\r\nline"),
            delete(3, 22, 3, 24),
            insert(16, 0, "RUN a \\\r\n b\r\n"),
        ],
    ),
    "paste a heredoc body that looks like instructions": (
        BASE,
        [insert(9, 0, "FROM scratch AS fake\nRUN echo fake\n"), delete(9, 0, 11, 0)],
    ),
    "delete everything": (BASE, [delete(0, 0, 16, 0), insert(0, 0, "FROM a\n")]),
    # The body of a heredoc that runs to the end ends with a newline only when
    # the text does.
    "remove the final newline after an unterminated heredoc": (
        "FROM a\nRUN <<EOF\nbody\n",
        [delete(2, 4, 3, 0), insert(2, 4, "\n"), insert(3, 0, "more")],
    ),
}


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_edit_sequence(name: str) -> None:
    text, edits = SEQUENCES[name]
    previous = parse(text)
    for edit in edits:
        text = edit(text)
        incremental = parse(text, previous=previous)
        assert render_tree(incremental) == render_tree(parse(text))
        previous = incremental


def test_unchanged_text_reuses_previous_parse() -> None:
    previous = parse(BASE)
    again = parse(BASE, previous=previous)
    assert again.instructions == previous.instructions


def test_edit_keeps_untouched_nodes() -> None:
    text = "FROM alpine AS base\n" + "".join(f"RUN echo {i}\n" for i in range(50))
    previous = parse(text)
    edited = parse(text.replace("echo 25", "echo 2x5"), previous=previous)
    assert edited.instructions[1].node is previous.instructions[1].node
    assert edited.instructions[50].node is previous.instructions[50].node
    assert edited.instructions[26].node is not previous.instructions[26].node


def test_inserted_lines_move_later_instructions() -> None:
    text = "FROM alpine\nRUN a\nRUN b\n"
    previous = parse(text)
    edited = parse("FROM alpine\n\n\nRUN a\nRUN b\n", previous=previous)
    assert [ins.line for ins in edited.instructions] == [0, 3, 4]
    assert edited.instructions[2].node is previous.instructions[2].node


# Random edits of real files.

_PIECES = (
    "\\", "\n", " \\\n", "<<EOF\n", "EOF\n", "\tEOF\n", "#", "# escape=`\n", "`",
    '"', "'", "\r\n", "RUN ", "FROM x AS y\n", "--from=y ", "[\"a\"]", "\n\n", "x",
)  # fmt: skip


def _random_edit(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if not text or roll < 0.45:
        offset = rng.randint(0, len(text))
        return text[:offset] + rng.choice(_PIECES) + text[offset:]
    if roll < 0.8:
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(1, 20))
        return text[:start] + text[end:]
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    if roll < 0.9:
        del lines[index]
    else:
        lines.insert(index, lines[rng.randrange(len(lines))])
    return "\n".join(lines)


def _check_random_edits(text: str, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    previous = parse(text)
    for _ in range(edits):
        new_text = _random_edit(rng, text)
        incremental = parse(new_text, previous=previous)
        assert render_tree(incremental) == render_tree(parse(new_text)), (
            f"{text!r} -> {new_text!r}"
        )
        text, previous = new_text, incremental


FIXTURE_FILES = sorted(
    path
    for path in FIXTURES.rglob("*")
    if path.is_file()
    and (
        path.name.startswith("Dockerfile")
        or path.name.endswith(".Dockerfile")
        or path.name == "Containerfile"
    )
)


@pytest.mark.parametrize(
    "path", FIXTURE_FILES, ids=[str(p.relative_to(FIXTURES)) for p in FIXTURE_FILES]
)
def test_random_edits_of_fixture(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    _check_random_edits(text, seed=len(text), edits=30)


def _corpus_sample(count: int) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    files = sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix not in (".md", ".tsv", ".jsonl")
    )
    return random.Random(8).sample(files, min(count, len(files)))


CORPUS_SAMPLE = _corpus_sample(40)


@pytest.mark.skipif(not CORPUS_SAMPLE, reason="no Dockerfile corpus")
@pytest.mark.parametrize(
    "path", CORPUS_SAMPLE, ids=[str(p.relative_to(CORPUS)) for p in CORPUS_SAMPLE]
)
def test_random_edits_of_corpus_file(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    _check_random_edits(text, seed=len(text), edits=15)
