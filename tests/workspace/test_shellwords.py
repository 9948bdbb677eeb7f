"""Table tests for the POSIX shell tokenizer used on build command lines."""

from __future__ import annotations

import shlex

import pytest

from dockerfile_ls.workspace.shellwords import Operator, Word, tokenize


def words(text: str, **options: object) -> list[str]:
    return [t.value for t in tokenize(text, **options) if isinstance(t, Word)]  # type: ignore[arg-type]


def operators(text: str) -> list[str]:
    return [t.op for t in tokenize(text) if isinstance(t, Operator)]


# Inputs without expansions or line continuations, where Python's POSIX-mode shlex
# removes quotes as the shell does.
QUOTING = [
    "docker build .",
    "a \"b c\"d 'e f' g\\ h",
    "\"x\\\"y\" 'it'\"'\"'s'",
    "--target='a b' --file=\"sub dir/Dockerfile\"",
    "''   \"\"  x",
    'a\\\\b "c\\\\d"',
]


@pytest.mark.parametrize("text", QUOTING)
def test_quote_removal_matches_shlex(text: str) -> None:
    assert words(text) == shlex.split(text)


@pytest.mark.parametrize("text", QUOTING)
def test_offsets_point_at_value_characters(text: str) -> None:
    for token in tokenize(text):
        assert isinstance(token, Word)
        assert all(
            text[o] == ch for ch, o in zip(token.value, token.offsets, strict=True)
        )


def test_word_bounds_include_quotes() -> None:
    (token,) = tokenize("  'ab'  ")
    assert (token.start, token.end) == (2, 6)


# POSIX.1-2017 XCU 2.2.1: a backslash-newline pair is removed, even inside a word.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one\\\ntwo", ["onetwo"]),
        (
            "docker build \\\n  --target x \\\n  .",
            ["docker", "build", "--target", "x", "."],
        ),
        ("a \\\r\n b", ["a", "b"]),
        ('"a\\\nb"', ["ab"]),
    ],
)
def test_line_continuation(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "dynamic"),
    [
        ("$T", True),
        ('"${A:-x y}"', True),
        ('$(cmd "a b")', True),
        ("$((1 + 2))", True),
        ("`date`", True),
        ("$1", True),
        ("'$T'", False),
        ("\\$T", False),
        ("plain", False),
        ("a$", False),
    ],
)
def test_expansions_mark_word_dynamic(text: str, dynamic: bool) -> None:
    (token,) = tokenize(text)
    assert isinstance(token, Word)
    assert token.dynamic is dynamic


def test_expansion_kept_as_written() -> None:
    assert words('x="${A:-"q"}"') == ['x=${A:-"q"}']


def test_command_substitution_hides_operators() -> None:
    assert words("v=$(a && b) c") == ["v=$(a && b)", "c"]


def test_control_operators() -> None:
    assert operators("a && b || c; d | e & f |& g ;; h") == [
        "&&",
        "||",
        ";",
        "|",
        "&",
        "|&",
        ";;",
    ]


def test_newline_is_an_operator() -> None:
    assert operators("a\nb") == ["\n"]


def test_redirection_operators() -> None:
    assert operators("a 2>/dev/null >&2 <in &>>log") == [">", ">&", "<", "&>>"]


def test_io_number_is_a_separate_word() -> None:
    tokens = tokenize("a 2>/dev/null")
    assert [t.value if isinstance(t, Word) else t.op for t in tokens] == [
        "a",
        "2",
        ">",
        "/dev/null",
    ]


def test_comment_runs_to_end_of_line() -> None:
    assert words("echo a # docker build .\nb") == ["echo", "a", "b"]


def test_hash_inside_word_is_literal() -> None:
    assert words("echo a#b") == ["echo", "a#b"]


def test_heredoc_body_is_skipped() -> None:
    text = "cat <<EOF | docker build -f - .\ndocker build --target no .\nEOF\necho x"
    assert words(text) == ["cat", "EOF", "docker", "build", "-f", "-", ".", "echo", "x"]


def test_indented_heredoc_terminator() -> None:
    text = "cat <<-'END'\n\tbody\n\tEND\necho after"
    assert words(text) == ["cat", "END", "echo", "after"]


def test_ansi_c_quoting() -> None:
    assert words("$'a\\tb'") == ["a\tb"]


def test_templates_are_opaque_and_dynamic() -> None:
    (first, second) = tokenize("x {{ a b }}y", templates=(("{{", "}}"),))
    assert isinstance(second, Word)
    assert second.value == "{{ a b }}y"
    assert second.dynamic


def test_github_expression_template() -> None:
    tokens = tokenize("--target ${{ matrix.t }}", templates=(("${{", "}}"),))
    assert [t.value for t in tokens if isinstance(t, Word)] == [
        "--target",
        "${{ matrix.t }}",
    ]


@pytest.mark.parametrize("text", ["$CI_PROJECT_DIR/app", "${CI_PROJECT_DIR}/app"])
def test_known_variables_are_substituted(text: str) -> None:
    (token,) = tokenize(text, known_vars={"CI_PROJECT_DIR": "/p"})
    assert isinstance(token, Word)
    assert token.value == "/p/app"
    assert not token.dynamic


# GNU make: `$$` in a recipe reaches the shell as `$`; `$(VAR)` is make's.
def test_make_dollars() -> None:
    tokens = tokenize("$$HOME $(VAR) $$(pwd) ${X}", make_syntax=True)
    assert [t.value for t in tokens if isinstance(t, Word)] == [
        "$HOME",
        "$(VAR)",
        "$(pwd)",
        "${X}",
    ]


def test_unterminated_quote_runs_to_end() -> None:
    assert words("docker build --target 'ab") == ["docker", "build", "--target", "ab"]


def test_tokenize_range() -> None:
    text = "skip this; docker build ."
    assert words(text) == ["skip", "this", "docker", "build", "."]
    tokens = tokenize(text, 11)
    assert [t.value for t in tokens if isinstance(t, Word)] == ["docker", "build", "."]
