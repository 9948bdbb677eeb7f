"""Tests for BuildKit's variable expansion in ``dockerfile_ls.core.expand``.

Expected values come from BuildKit's own tests in moby/buildkit
``frontend/dockerfile/shell/lex_test.go`` (named per table), from the Dockerfile
reference ("Environment replacement"), or from the source of ``lex.go`` where the
tests do not pin a detail (error texts, escapes inside double quotes).
"""

from __future__ import annotations

import random
import re

import pytest

from dockerfile_ls.core.expand import (
    BUILTIN_PLATFORM_ARGS,
    Expansion,
    VariableUse,
    _Failure,
    _Glob,
    _reverse_pattern,
    default_platform_args,
    expand,
    has_variables,
)

# TestProcessWithMatches: (input, environment, expected value, unmatched names).
PROCESS_WITH_MATCHES = [
    ("x", {"DUMMY": "dummy"}, "x", set()),
    ("x ${UNUSED}", {"DUMMY": "dummy"}, "x ", {"UNUSED"}),
    ("x ${FOO}", {"FOO": "y"}, "x y", set()),
    (
        "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}",
        {"FOO": "xxx", "BAR": ""},
        "xxx  ccc",
        {"BAZ"},
    ),
    (
        "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}",
        {"FOO": "xxx", "BAR": ""},
        "xxx bbb ccc",
        {"BAZ"},
    ),
    ("${FOO:-}", {"FOO": "xxx", "BAR": ""}, "xxx", set()),
    ("${FOO:-}", {}, "", {"FOO"}),
    (
        "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}",
        {"FOO": "xxx", "BAR": ""},
        "aaa bbb ",
        {"BAZ"},
    ),
    (
        "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}",
        {"FOO": "xxx", "BAR": ""},
        "aaa  ",
        {"BAZ"},
    ),
    ("${FOO?aaa}", {"FOO": "xxx", "BAR": ""}, "xxx", set()),
    ("${BAR?bbb}", {"FOO": "xxx", "BAR": ""}, "", set()),
    ("${FOO:?aaa}", {"FOO": "xxx", "BAR": ""}, "xxx", set()),
    ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", {"FOO": "()[]{}^$.*?|\\x"}, "x", set()),
    ("${FOO%%\\**}", {"FOO": "xx**"}, "xx", set()),
    ("${FOO#*x*y}", {"FOO": "xxyy"}, "y", set()),
    ("${FOO#*}", {"FOO": "xxyy"}, "xxyy", set()),
    ("${FOO#$BAR}", {"FOO": "xxyy", "BAR": "x"}, "xyy", set()),
    ("${FOO#$BAR}", {"FOO": "xxyy", "BAR": ""}, "xxyy", set()),
    ("${FOO#}", {"FOO": "xxyy"}, "xxyy", set()),
    ("${FOO##*x}", {"FOO": "xxyy"}, "yy", set()),
    ("${FOO##}", {"FOO": "xxyy"}, "xxyy", set()),
    ("${FOO#?\\?}", {"FOO": "???y"}, "?y", set()),
    ("${ABC:-.}${FOO%x}${ABC:-.}", {"FOO": "xxyy"}, ".xxyy.", {"ABC"}),
    ("${FOO%%\\**\\*}", {"FOO": "a***yy*"}, "a", set()),
    ("${FOO%}", {"FOO": "xxyy"}, "xxyy", set()),
    ("${FOO%%$BAR}", {"FOO": "xxyy", "BAR": ""}, "xxyy", set()),
    (
        "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
        {"FOO": "/foo*/*/*.txt", "NEEDLE": "\\*/"},
        "/foo.*/*.txt - /foo..*.txt",
        set(),
    ),
    (
        "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
        {"FOO": "/tmp/tmp/bar.txt", "NEEDLE": "/tmp"},
        "/tmp/bar.txt - /bar.txt",
        set(),
    ),
    (
        "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
        {"FOO": "/a/foo/b/c.txt", "NEEDLE": "/?/", "REPLACEMENT": "/"},
        "/foo/b/c.txt - /foo/c.txt",
        set(),
    ),
    (
        "${FOO/$NEEDLE/$REPLACEMENT}",
        {"FOO": "http://google.de", "NEEDLE": "http://", "REPLACEMENT": "https://"},
        "https://google.de",
        set(),
    ),
    ("${FOO//\\//\\/}", {"FOO": "/tmp/foo.txt"}, "\\/tmp\\/foo.txt", set()),
    ("${FOO/$BAR/ww}", {"FOO": "xxyy", "BAR": ""}, "wwxxyy", set()),
    ("${FOO///}", {"FOO": "xxyy"}, "xxyy", set()),
    ("${FOO///}", {}, "", {"FOO"}),
]

# TestProcessWithMatches cases with expectedErr.
PROCESS_WITH_MATCHES_ERRORS = [
    ("${BAZ?ccc}", {"FOO": "xxx", "BAR": ""}),
    ("${BAR:?bbb}", {"FOO": "xxx", "BAR": ""}),
    ("${BAZ:?ccc}", {"FOO": "xxx", "BAR": ""}),
    ("${BAZ:?}", {"FOO": "xxx", "BAR": ""}),
    ("${FOO=aaa}", {"FOO": "xxx", "BAR": ""}),
    ("${FOO=:aaa}", {"FOO": "xxx", "BAR": ""}),
    ("${FOO=}", {}),
    ("${FOO:#}", {}),
    ("${FOO:##}", {}),
    ("${FOO:%}", {}),
    ("${FOO:%%}", {}),
    ("${FOO//ww}", {"FOO": "xxyy"}),
    ("${FOO//}", {"FOO": "xxyy"}),
]


@pytest.mark.parametrize(("text", "env", "value", "unmatched"), PROCESS_WITH_MATCHES)
def test_process_with_matches_value(
    text: str, env: dict[str, str], value: str, unmatched: set[str]
) -> None:
    assert expand(text, env).value == value


@pytest.mark.parametrize(("text", "env", "value", "unmatched"), PROCESS_WITH_MATCHES)
def test_process_with_matches_unmatched(
    text: str, env: dict[str, str], value: str, unmatched: set[str]
) -> None:
    assert set(expand(text, env).unset) == unmatched


@pytest.mark.parametrize(("text", "env", "value", "unmatched"), PROCESS_WITH_MATCHES)
def test_process_with_matches_no_error(
    text: str, env: dict[str, str], value: str, unmatched: set[str]
) -> None:
    assert expand(text, env).error is None


@pytest.mark.parametrize(("text", "env"), PROCESS_WITH_MATCHES_ERRORS)
def test_process_with_matches_error(text: str, env: dict[str, str]) -> None:
    result = expand(text, env)

    assert result.error is not None
    assert result.value == ""


# TestShellParserMandatoryEnvVars: ${VAR:?...} and ${VAR?...} with VAR set, empty
# and unset, ARG=x. None means an error whose text contains "message herex".
MANDATORY = [
    ("${VAR:?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
    ("${VAR:?message here$ARG}", {"VAR": "", "ARG": "x"}, None),
    ("${VAR:?message here$ARG}", {"ARG": "x"}, None),
    ("${VAR?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
    ("${VAR?message here$ARG}", {"VAR": "", "ARG": "x"}, ""),
    ("${VAR?message here$ARG}", {"ARG": "x"}, None),
]


@pytest.mark.parametrize(("text", "env", "value"), MANDATORY)
def test_mandatory_env_vars(text: str, env: dict[str, str], value: str | None) -> None:
    result = expand(text, env)

    if value is None:
        assert "message herex" in (result.error or "")
    else:
        assert result.value == value


# TestProcessWithMatchesPlatform.
RELEASE = (
    "something-${VERSION}.${TARGETOS}-${TARGETARCH}"
    "${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz"
)
PLATFORM_CASES = [
    (
        {"TARGETARCH": "arm", "TARGETVARIANT": "v7"},
        "something-v1.2.3.linux-arm-v7.tar.gz",
    ),
    (
        {"TARGETARCH": "arm64", "TARGETVARIANT": ""},
        "something-v1.2.3.linux-arm64.tar.gz",
    ),
    ({"TARGETARCH": "arm64"}, "something-v1.2.3.linux-arm64.tar.gz"),
]


@pytest.mark.parametrize(("extra", "value"), PLATFORM_CASES)
def test_process_with_matches_platform(extra: dict[str, str], value: str) -> None:
    env = {"VERSION": "v1.2.3", "TARGETOS": "linux", **extra}

    assert expand(RELEASE, env).value == value


# The Dockerfile reference, "Environment replacement": its examples for the
# pattern modifiers (str=foobarbaz) and for escaping a whole variable.
REFERENCE = [
    ("${str#f*b}", {"str": "foobarbaz"}, "arbaz"),
    ("${str##f*b}", {"str": "foobarbaz"}, "az"),
    ("${string%b*}", {"string": "foobarbaz"}, "foobar"),
    ("${string%%b*}", {"string": "foobarbaz"}, "foo"),
    ("${string/ba/fo}", {"string": "foobarbaz"}, "fooforbaz"),
    ("${string//ba/fo}", {"string": "foobarbaz"}, "fooforfoz"),
    ("${FOO}", {"FOO": "/bar"}, "/bar"),
    ("$FOO", {"FOO": "/bar"}, "/bar"),
    ("\\$FOO", {"FOO": "/bar"}, "$FOO"),
    ("\\${foo}", {"foo": "/bar"}, "${foo}"),
    ("${variable:-word}", {"variable": ""}, "word"),
    ("${variable-word}", {"variable": ""}, ""),
    ("${variable:+word}", {"variable": ""}, ""),
    ("${variable+word}", {"variable": ""}, "word"),
]


@pytest.mark.parametrize(("text", "env", "value"), REFERENCE)
def test_reference_examples(text: str, env: dict[str, str], value: str) -> None:
    assert expand(text, env).value == value


# envVarTest as read by TestShellParser4EnvVars, with PWD=/home, SHELL=bash,
# KOREAN=한국어. These lines come from the copy in moby/moby builder/dockerfile, the
# file BuildKit's envVarTest started from. Only lines whose result the current
# lex.go still produces are kept: unterminated quotes and "${}" are errors now.
ENV_VAR_TEST_ENV = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어"}
ENV_VAR_TEST = [
    ("hello", "hello"),
    ("he'll'o", "hello"),
    ("he\\'llo", "he'llo"),
    ("abc\\tdef", "abctdef"),
    ('"abc\\tdef"', "abc\\tdef"),
    ("'abc\\tdef'", "abc\\tdef"),
    ("hello\\", "hello"),
    ("hello\\\\", "hello\\"),
    ('"hel\'lo"', "hel'lo"),
    ("\"''\"", "''"),
    ("$.", "$."),
    ("$1", ""),
    ("he$1x", "hex"),
    ("he$.x", "he$.x"),
    ("he$pwd.", "he."),
    ("he$PWD", "he/home"),
    ("he\\$PWD", "he$PWD"),
    ("he\\\\$PWD", "he\\/home"),
    ("he\\${}", "he${}"),
    ("he\\${}xx", "he${}xx"),
    ("he${hi}", "he"),
    ("he${hi}xx", "hexx"),
    ("he${PWD}", "he/home"),
    ("he${XXX:-000}xx", "he000xx"),
    ("he${PWD:-000}xx", "he/homexx"),
    ("he${XXX:-$PWD}xx", "he/homexx"),
    ("he${XXX:-${PWD:-yyy}}xx", "he/homexx"),
    ("he${XXX:-${YYY:-yyy}}xx", "heyyyxx"),
    ("he${XXX:+${PWD}}xx", "hexx"),
    ("he${PWD:+${XXX}}xx", "hexx"),
    ("he${PWD:+${SHELL}}xx", "hebashxx"),
    ("he${XXX:+000}xx", "hexx"),
    ("he${PWD:+000}xx", "he000xx"),
    ("'he${XX}'", "he${XX}"),
    ('"he${PWD}"', "he/home"),
    ("\"he'$PWD'\"", "he'/home'"),
    ('"$PWD"', "/home"),
    ("'$PWD'", "$PWD"),
    ("'\\$PWD'", "\\$PWD"),
    ("'\"hello\"'", '"hello"'),
    ('"he\\$PWD"', "he$PWD"),
    ("'he\\$PWD'", "he\\$PWD"),
    ("he${PWD:+${PWD}:}xx", "he/home:xx"),
    ("he${XXX:-\\$PWD:}xx", "he$PWD:xx"),
    ("he${XXX:-\\${PWD}z}xx", "he${PWDz}xx"),
    ("안'녕'하세요", "안녕하세요"),
    ("안녕${PWD:+${SHELL}}xx", "안녕bashxx"),
    ("$KOREAN", "한국어"),
    ("안녕$KOREAN", "안녕한국어"),
]
ENV_VAR_TEST_ERRORS = ["he${.}", "he${XXX:YYY}", "he${PWD", "he${PWD:=000}xx"]


@pytest.mark.parametrize(("text", "value"), ENV_VAR_TEST)
def test_env_var_test_value(text: str, value: str) -> None:
    assert expand(text, ENV_VAR_TEST_ENV).value == value


@pytest.mark.parametrize("text", ENV_VAR_TEST_ERRORS)
def test_env_var_test_error(text: str) -> None:
    assert expand(text, ENV_VAR_TEST_ENV).error is not None


# Error texts, from processDollar, processStopOn and the quote functions in lex.go,
# wrapped by shellWord.process as `failed to process %q: ...`.
ERROR_TEXTS = [
    ("${", {}, "syntax error: missing '}'"),
    ("${}", {}, "syntax error: bad substitution"),
    ("${:-x}", {}, "syntax error: bad substitution"),
    ("${{X}", {}, "syntax error: bad substitution"),
    ("${X:-abc", {}, "syntax error: missing '}'"),
    ("${X:-'a}", {}, "syntax error: missing '}'"),
    ("${X:}", {}, "syntax error: missing '}'"),
    ("${X:}a}", {}, "unsupported modifier (:}) in substitution"),
    ("${X:Y}", {}, "unsupported modifier (:Y) in substitution"),
    ("${X=y}", {}, "unsupported modifier (=) in substitution"),
    ("${X:#y}", {}, "unsupported modifier (:#) in substitution"),
    ("${X", {}, "unsupported modifier (\ufffd) in substitution"),
    ("${X/a}", {}, "syntax error: missing '/' in ${}"),
    ("${X/a/b", {}, "syntax error: missing '}'"),
    ("${X?}", {}, "X: is not allowed to be unset"),
    ("${X:?}", {"X": ""}, "X: is not allowed to be empty"),
    ("${X:?no $Y}", {"Y": "way"}, "X: no way"),
    ("'abc", {}, "unexpected end of statement while looking for matching single-quote"),
    ('"abc', {}, "unexpected end of statement while looking for matching double-quote"),
    (
        "${X#a\\q}",
        {"X": "a"},
        "invalid pattern (a\\q) in substitution: invalid escape '\\q'",
    ),
    (
        "${X/\\x/y}",
        {"X": "a"},
        "invalid pattern (\\x) in substitution: invalid escape '\\x'",
    ),
    # A failure right before the end of an enclosing ${...} becomes missing '}'.
    ("${A:-${B:?oops}", {}, "syntax error: missing '}'"),
    ("${B:?oops}x", {}, "B: oops"),
]


@pytest.mark.parametrize(("text", "env", "message"), ERROR_TEXTS)
def test_error_text(text: str, env: dict[str, str], message: str) -> None:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    assert expand(text, env).error == f"failed to process {quoted}: {message}"


def test_error_text_quotes_like_go() -> None:
    # Go's %q escapes a tab as \t and a control character as \x.. in hex.
    result = expand("\t\x01${", {})

    assert result.error == "failed to process \"\\t\\x01${\": syntax error: missing '}'"


# ARG without a value: dispatchArg in dockerfile2llb/convert.go adds an ARG to the
# environment only when it has a value, so the lexer treats it as unset.
DECLARED_WITHOUT_VALUE = [
    ("${X-d}", "d"),
    ("${X:-d}", "d"),
    ("${X+w}", ""),
    ("${X}", ""),
]


@pytest.mark.parametrize(("text", "value"), DECLARED_WITHOUT_VALUE)
def test_declared_without_value_expands_as_unset(text: str, value: str) -> None:
    assert expand(text, {"X": None}).value == value


def test_declared_without_value_fails_question_mark() -> None:
    assert expand("${X?}", {"X": None}).error is not None


def test_declared_without_value_not_reported_unset() -> None:
    assert expand("$X $Y", {"X": None}).unset == ("Y",)


# Escapes inside double quotes (processDoubleQuote): only ", $ and the escape
# character are escaped. Before any other character the escape character is kept.
DOUBLE_QUOTES = [
    ('"a\\"b"', 'a"b'),
    ('"a\\\\b"', "a\\b"),
    ('"a\\$X"', "a$X"),
    ('"a\\nb"', "a\\nb"),
    ('"it\'s"', "it's"),
]


@pytest.mark.parametrize(("text", "value"), DOUBLE_QUOTES)
def test_double_quotes(text: str, value: str) -> None:
    assert expand(text, {"X": "x"}).value == value


# With `# escape=`` ` the backtick escapes and a backslash is an ordinary character
# (the lexer's escape token is the directive's character).
BACKTICK = [
    ("he`$PWD", "he$PWD"),
    ("C:\\$PWD", "C:\\/home"),
    ('"a`"b"', 'a"b'),
    ("a``b", "a`b"),
]


@pytest.mark.parametrize(("text", "value"), BACKTICK)
def test_backtick_escape(text: str, value: str) -> None:
    assert expand(text, {"PWD": "/home"}, escape="`").value == value


def test_replace_all_expands_whole_match_reference() -> None:
    # ${X//p/r} goes through Go's ReplaceAllString, where $0 is the whole match.
    assert expand("${X//a/$R}", {"X": "banana", "R": "[$0]"}).value == "b[a]n[a]n[a]"


def test_replace_first_keeps_dollar_zero() -> None:
    # ${X/p/r} splices the replacement in as plain text.
    assert expand("${X/a/$R}", {"X": "banana", "R": "[$0]"}).value == "b[$0]nana"


def test_replace_all_skips_empty_match_after_match() -> None:
    # ReplaceAllString ignores an empty match that abuts the previous match.
    assert expand("${X//*/-}", {"X": "ab"}).value == "-"


def test_doubled_operator_after_expansion_is_greedy() -> None:
    # BuildKit looks for the second # in the expanded word.
    assert expand("${X#'#'a*}", {"X": "aXaY"}).value == ""


def test_leading_byte_order_mark_dropped() -> None:
    # Go's text/scanner skips a byte order mark at the start of its input.
    assert expand("\ufeff$X", {"X": "x"}).value == "x"


# TestReversePattern.
REVERSED_PATTERNS = [
    ("a\\*c", "c\\*a"),
    ("\\\\\\ab", "b\\a\\\\"),
    ("ab\\", "\\ba"),
    ("👽\\🚀🖖", "🖖\\🚀👽"),
    ("\\\\b", "b\\\\"),
]


@pytest.mark.parametrize(("pattern", "reversed_pattern"), REVERSED_PATTERNS)
def test_reverse_pattern(pattern: str, reversed_pattern: str) -> None:
    assert _reverse_pattern(pattern) == reversed_pattern


# TestConvertShellPatternToRegex: patterns that fail to convert.
@pytest.mark.parametrize("pattern", ["\\", "\\x", "\\\\\\"])
def test_invalid_pattern_rejected(pattern: str) -> None:
    with pytest.raises(_Failure):
        _Glob(pattern, greedy=True)


def _go_style_regex(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """Build the regular expression BuildKit builds (convertShellPatternToRegex).

    Python's re and Go's regexp both return the leftmost match with Perl's
    priority between alternatives, so this is an oracle for ``_Glob``.
    """
    parts = ["^"] if anchored else []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "*":
            parts.append(".*" if greedy else ".*?")
        elif char == "?":
            parts.append(".")
        elif char == "\\":
            following = pattern[index] if index < len(pattern) else ""
            if following in ("}", "/") and following:
                continue
            index += 1
            parts.append(re.escape(following))
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


def test_glob_agrees_with_regular_expressions() -> None:
    rng = random.Random(20260801)
    for _ in range(3000):
        pattern = "".join(rng.choice("ab*?\n") for _ in range(rng.randint(0, 6)))
        value = "".join(rng.choice("ab\n*") for _ in range(rng.randint(0, 8)))
        for greedy in (True, False):
            glob = _Glob(pattern, greedy)
            oracle = _go_style_regex(pattern, greedy, anchored=True).search(value)
            expected = None if oracle is None else oracle.end()

            assert glob.match_end(value, 0, glob.tables(value)) == expected, (
                pattern,
                value,
                greedy,
            )

        glob = _Glob(pattern, greedy=True)
        oracle = _go_style_regex(pattern, greedy=True, anchored=False).search(value)
        expected_span = None if oracle is None else oracle.span()

        assert glob.search(value, 0, glob.tables(value)) == expected_span, (
            pattern,
            value,
        )


def test_many_stars_stay_fast() -> None:
    # A backtracking matcher needs about n**8 steps here.
    result = expand("${X##*a*a*a*a*a*a*a*b}", {"X": "a" * 2000})

    assert result.value == "a" * 2000


def test_deep_nesting_reports_error() -> None:
    text = "${A:-" * 500 + "x" + "}" * 500

    assert expand(text, {}).error is not None


def test_nesting_within_limit_expands() -> None:
    text = "${A:-" * 50 + "x" + "}" * 50

    assert expand(text, {}).value == "x"


# References: offsets, order (outer expression first), the default flag.
def test_uses_offsets_and_order() -> None:
    result = expand("he${A:-$B}x$C", {})

    assert result.uses == (
        VariableUse("A", 2, 10, True),
        VariableUse("B", 7, 9, False),
        VariableUse("C", 11, 13, False),
    )


@pytest.mark.parametrize(
    ("text", "has_default"),
    [
        ("${X-a}", True),
        ("${X:-a}", True),
        ("${X+a}", True),
        ("${X:+a}", True),
        ("${X?a}", True),
        ("${X:?a}", True),
        ("${X#a}", False),
        ("${X%a}", False),
        ("${X/a/b}", False),
        ("${X}", False),
        ("$X", False),
    ],
)
def test_use_default_flag(text: str, has_default: bool) -> None:
    assert expand(text, {"X": "x"}).uses[0].has_default is has_default


def test_uses_continue_after_error() -> None:
    result = expand("${A:?} $B", {})

    assert [use.name for use in result.uses] == ["A", "B"]


def test_unset_stops_at_error() -> None:
    # BuildKit collects unmatched names until the lexer fails.
    assert expand("${A:?} $B", {}).unset == ("A",)


def test_unset_lists_each_name_once() -> None:
    assert expand("$B $A $B", {}).unset == ("B", "A")


def test_plain_text_returned_unchanged() -> None:
    assert expand("alpine:3.19", {}) == Expansion("alpine:3.19", (), (), None)


HAS_VARIABLES = [
    ("alpine:3.19", False),
    ("$X", True),
    ("${X}", True),
    ("${", True),
    ("a$1", True),
    ("$@", True),
    ("$_x", True),
    ("$.", False),
    ("a$", False),
    ("\\$X", False),
    ("'$X'", False),
    ("\"'$X'\"", True),
    ('"\\$X"', False),
    ('"\\"$X"', True),
    ("'$X", False),
]


@pytest.mark.parametrize(("text", "expected"), HAS_VARIABLES)
def test_has_variables(text: str, expected: bool) -> None:
    assert has_variables(text) is expected


def test_has_variables_backtick_escape() -> None:
    assert has_variables("`$X", escape="`") is False


def test_default_platform_args_names() -> None:
    assert set(default_platform_args()) == BUILTIN_PLATFORM_ARGS


# Values for a build on linux/amd64: BuildKit formats the platforms with
# containerd's platforms.Format and splits out OS and architecture.
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BUILDPLATFORM", "linux/amd64"),
        ("BUILDOS", "linux"),
        ("BUILDARCH", "amd64"),
        ("BUILDVARIANT", ""),
        ("TARGETPLATFORM", "linux/amd64"),
        ("TARGETOS", "linux"),
        ("TARGETARCH", "amd64"),
        ("TARGETVARIANT", ""),
        ("TARGETSTAGE", "default"),
    ],
)
def test_default_platform_arg_value(name: str, value: str) -> None:
    assert default_platform_args()[name] == value


def test_default_platform_args_target_stage() -> None:
    assert default_platform_args("build")["TARGETSTAGE"] == "build"


FUZZ_ALPHABET = "${}:-+?#%/\\'\"`ab_X01*.\n é\ufeff"


def test_fuzz_never_raises() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randint(0, 16)))
        env: dict[str, str | None] = {
            "a": rng.choice(["", "ab*", "x\ny", "$0"]),
            "X": rng.choice(["", "aXb", None]),
        }
        escape = rng.choice(["\\", "`"])

        result = expand(text, env, escape)
        starts = [use.start for use in result.uses]

        assert isinstance(result.value, str), text
        assert starts == sorted(starts), text
        assert all(0 <= use.start < use.end <= len(text) for use in result.uses), text
        assert result.error is None or result.value == "", text
        assert has_variables(text, escape) or not result.uses, text
        assert expand(text, env, escape) == result, text
