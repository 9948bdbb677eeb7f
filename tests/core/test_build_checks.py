"""BuildKit build checks about variables, paths, ports, key/value pairs and secrets.

Messages are compared exactly with the formatters in BuildKit's
``frontend/dockerfile/linter/ruleset.go``. Most cases come from BuildKit's own
integration tests (``frontend/dockerfile/dockerfile_lint_test.go``: testUnmatchedVars,
testAllTargetUnmarshal, testWorkdirRelativePath, testSecretsUsedInArgOrEnv,
testLegacyKeyValueFormat, testRuleCheckOption) or from the rule pages
(``frontend/dockerfile/docs/rules/*.md``). UndefinedVar cases use ``scratch`` where
BuildKit's test uses alpine: the analysis checks variables only in stages built on
scratch, whose image config has no ENV but PATH, so BuildKit reports the same.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.rules import Finding, Severity
from dockerfile_ls.core.rules.checks import error_on_warnings
from dockerfile_ls.core.text import Span

RULES = {
    "UndefinedVar",
    "WorkdirRelativePath",
    "SecretsUsedInArgOrEnv",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
    "LegacyKeyValueFormat",
}


def _findings(text: str) -> list[Finding]:
    return [item for item in analyze(text).findings if item.rule.name in RULES]


def _pairs(text: str) -> list[tuple[int, str, str]]:
    """Return (1-based line, rule, message) as BuildKit's tests list warnings."""
    return [
        (item.span.start_line + 1, item.rule.name, item.message)
        for item in _findings(text)
    ]


SECRETS_DOCKERFILE = """
FROM scratch
ARG SECRET_PASSPHRASE
ENV SUPER_Secret=foo
ENV password=bar secret=baz
ARG super_duper_secret_token=foo auth=bar
ENV apikey=bar sunflower=foo
ENV git_key=
"""

WARNINGS = [
    # testUnmatchedVars.
    (
        "\nFROM scratch\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
        [(3, "UndefinedVar", "Usage of undefined variable '$foo'")],
    ),
    (
        "\nFROM scratch\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\n"
        "ARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n",
        [
            (
                6,
                "UndefinedVar",
                "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)",
            )
        ],
    ),
    (
        "\nFROM scratch\nENV PATH=$PAHT:/tmp/bin\n",
        [
            (
                3,
                "UndefinedVar",
                "Usage of undefined variable '$PAHT' (did you mean $PATH?)",
            )
        ],
    ),
    # testAllTargetUnmarshal: check mode reports every stage.
    (
        "\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n",
        [
            (3, "UndefinedVar", "Usage of undefined variable '$foo'"),
            (6, "UndefinedVar", "Usage of undefined variable '$bar'"),
        ],
    ),
    # testWorkdirRelativePath.
    (
        "\nFROM scratch\nWORKDIR app/\n",
        [
            (
                3,
                "WorkdirRelativePath",
                'Relative workdir "app/" can have unexpected results if the base '
                "image changes",
            )
        ],
    ),
    # testSecretsUsedInArgOrEnv, warnings in BuildKit's order within a line.
    (
        SECRETS_DOCKERFILE,
        [
            (
                3,
                "SecretsUsedInArgOrEnv",
                "Do not use ARG or ENV instructions for sensitive data "
                '(ARG "SECRET_PASSPHRASE")',
            ),
            (
                4,
                "SecretsUsedInArgOrEnv",
                "Do not use ARG or ENV instructions for sensitive data "
                '(ENV "SUPER_Secret")',
            ),
            (
                5,
                "SecretsUsedInArgOrEnv",
                "Do not use ARG or ENV instructions for sensitive data "
                '(ENV "password")',
            ),
            (
                5,
                "SecretsUsedInArgOrEnv",
                'Do not use ARG or ENV instructions for sensitive data (ENV "secret")',
            ),
            (
                6,
                "SecretsUsedInArgOrEnv",
                "Do not use ARG or ENV instructions for sensitive data "
                '(ARG "super_duper_secret_token")',
            ),
            (
                6,
                "SecretsUsedInArgOrEnv",
                'Do not use ARG or ENV instructions for sensitive data (ARG "auth")',
            ),
            (
                7,
                "SecretsUsedInArgOrEnv",
                'Do not use ARG or ENV instructions for sensitive data (ENV "apikey")',
            ),
            (
                8,
                "SecretsUsedInArgOrEnv",
                'Do not use ARG or ENV instructions for sensitive data (ENV "git_key")',
            ),
        ],
    ),
    # testLegacyKeyValueFormat.
    (
        "\nFROM scratch\nENV testkey value\nLABEL key value\n",
        [
            (
                3,
                "LegacyKeyValueFormat",
                '"ENV key=value" should be used instead of legacy "ENV key value" '
                "format",
            ),
            (
                4,
                "LegacyKeyValueFormat",
                '"LABEL key=value" should be used instead of legacy "LABEL key value" '
                "format",
            ),
        ],
    ),
    # docs/rules/expose-proto-casing.md and expose-invalid-format.md.
    (
        "FROM alpine\nEXPOSE 80/TcP\n",
        [
            (
                2,
                "ExposeProtoCasing",
                "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase",
            )
        ],
    ),
    (
        "FROM alpine\nEXPOSE 127.0.0.1:80:80\n",
        [
            (
                2,
                "ExposeInvalidFormat",
                "EXPOSE instruction should not define an IP address or host-port "
                "mapping, found '127.0.0.1:80:80'",
            )
        ],
    ),
    (
        "FROM alpine\nEXPOSE 8080:80/UDP\n",
        [
            (
                2,
                "ExposeProtoCasing",
                "Defined protocol '8080:80/UDP' in EXPOSE instruction should be "
                "lowercase",
            ),
            (
                2,
                "ExposeInvalidFormat",
                "EXPOSE instruction should not define an IP address or host-port "
                "mapping, found '8080:80/UDP'",
            ),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), WARNINGS)
def test_build_check_warnings(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(("text", "expected"), WARNINGS)
def test_build_checks_are_warnings(
    text: str, expected: list[tuple[int, str, str]]
) -> None:
    assert {item.severity for item in _findings(text)} == {Severity.WARNING}


NO_WARNINGS = [
    # testUnmatchedVars: a bare ARG and an ARG of the base stage declare names.
    "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
    "\nFROM scratch AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
    # The shell expands RUN, so BuildKit never reports its variables.
    "FROM scratch\nRUN echo $PATH $UNDEFINED\n",
    "FROM scratch\nCMD echo $UNDEFINED\n",
    # dispatchExpose drops unmatched names; ONBUILD text is expanded where it runs.
    "FROM scratch\nEXPOSE $PORT\n",
    "FROM scratch\nONBUILD COPY $SRC /\n",
    # The image config of any base other than scratch may set the variable.
    "FROM alpine\nCOPY $foo .\n",
    "FROM alpine AS base\n\nFROM base\nWORKDIR /app\nCOPY $foo .\n",
    # Quoted and escaped dollars are not variables.
    "FROM scratch\nCOPY '$foo' /\n",
    "FROM scratch\nCOPY \\$foo /\n",
    "# escape=`\nFROM scratch\nCOPY `$foo /\n",
    # An ARG default can use the ARGs before it in the same instruction.
    "FROM scratch\nARG A=1 B=$A\nCOPY $B /\n",
    # Sibling stages do not share names, but the meta ARG needs no check in FROM.
    "ARG VERSION=1\nFROM scratch\nARG VERSION\nLABEL version=$VERSION\n",
    # Names from base-stage ONBUILD triggers and the built-in PATH.
    "FROM scratch AS base\nONBUILD ENV DIR=/app\n\nFROM base\nWORKDIR $DIR\n",
    "FROM scratch\nENV PATH=/bin:$PATH\n",
    # testWorkdirRelativePath: the base stage set an absolute WORKDIR.
    "\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n",
    "FROM scratch\nWORKDIR /app\nWORKDIR sub\n",
    "FROM scratch\nARG HOME=/root\nWORKDIR $HOME/app\n",
    "FROM scratch\nWORKDIR C:\\\\app\n",
    "FROM scratch AS base\nONBUILD WORKDIR /app\n\nFROM base\nWORKDIR sub\n",
    # testLegacyKeyValueFormat: the key=value form.
    "\nFROM scratch\nENV testkey=value\nLABEL key=value\n",
    # Names that only contain a secret word, or mark it as public.
    "FROM scratch\nARG PUBLIC_KEY\nENV MONKEY=1 KEYBOARD=2 TOKENIZER=3\n",
    "FROM scratch\nARG sunflower\n",
    # BuildKit never dispatches meta ARGs, so it never checks their names.
    "ARG GITHUB_TOKEN\nFROM scratch\n",
    # Lowercase protocols and plain ports.
    "FROM scratch\nEXPOSE 80 80/tcp 53/udp 8000-8010/sctp\n",
    # An invalid protocol is an error; the checks run only on valid ports.
    "FROM scratch\nEXPOSE 80/XYZ\n",
]


@pytest.mark.parametrize("text", NO_WARNINGS)
def test_no_false_warning(text: str) -> None:
    assert _pairs(text) == []


def test_undefined_var_span_covers_name() -> None:
    (item,) = _findings("FROM scratch\nCOPY ${foo:-x} /\n")
    assert item.span == Span(1, 7, 1, 10)


def test_undefined_var_once_per_word() -> None:
    lines = [line for line, _, _ in _pairs("FROM scratch\nLABEL a=$x$x b=$x\n")]
    assert lines == [2, 2]


def test_undefined_var_after_env_in_same_instruction() -> None:
    # ENV expands every pair before it sets any of them.
    messages = [message for _, _, message in _pairs("FROM scratch\nENV A=1 B=$A\n")]
    assert messages == ["Usage of undefined variable '$A'"]


def test_undefined_var_in_chown_flag() -> None:
    messages = [
        message for _, _, message in _pairs("FROM scratch\nCOPY --chown=$U a /\n")
    ]
    assert messages == ["Usage of undefined variable '$U'"]


def test_undefined_var_not_inherited_from_sibling() -> None:
    text = "FROM scratch AS a\nARG X=1\n\nFROM scratch AS b\nCOPY $X /\n"
    assert [line for line, _, _ in _pairs(text)] == [5]


def test_undefined_var_fix_uses_suggestion() -> None:
    (item,) = _findings("FROM scratch\nARG DIR_ASSETS=a\nCOPY $DIR_ASSET .\n")
    assert item.fixes[0].edits[0].new_text == "DIR_ASSETS"


def test_workdir_relative_span_covers_path() -> None:
    (item,) = _findings("FROM scratch\nWORKDIR app/\n")
    assert item.span == Span(1, 8, 1, 12)


def test_workdir_relative_only_first() -> None:
    lines = [line for line, _, _ in _pairs("FROM scratch\nWORKDIR a\nWORKDIR b\n")]
    assert lines == [2]


def test_workdir_relative_after_quotes_removed() -> None:
    (item,) = _findings('FROM alpine\nWORKDIR "my app"\n')
    assert item.message.startswith('Relative workdir "my app"')


def test_secret_span_covers_name() -> None:
    (item,) = _findings("FROM scratch\nENV a=1 password=x\n")
    assert item.span == Span(1, 8, 1, 16)


def test_legacy_fix_plain_value() -> None:
    (item,) = _findings("FROM scratch\nENV testkey value\n")
    assert item.fixes[0].edits[0].new_text == "testkey=value"


def test_legacy_fix_quotes_value_with_spaces() -> None:
    (item,) = _findings("FROM scratch\nENV greeting hello world\n")
    assert item.fixes[0].edits[0].new_text == 'greeting="hello world"'


def test_legacy_no_fix_for_quoted_value_with_spaces() -> None:
    (item,) = _findings('FROM scratch\nENV greeting "it\'s" here\n')
    assert item.fixes == ()


def test_legacy_message_keeps_keyword_case() -> None:
    (item,) = _findings("from scratch\nenv name value\n")
    assert item.message.startswith('"env key=value"')


def test_expose_casing_fix_lowercases_protocol() -> None:
    (item,) = _findings("FROM alpine\nEXPOSE 80/TCP\n")
    edit = item.fixes[0].edits[0]
    assert (edit.span, edit.new_text) == (Span(1, 10, 1, 13), "tcp")


# testRuleCheckOption and ParseLintOptions (linter/linter.go): with error=true a
# fired check fails the build, so the warning becomes an error.
ERROR_SETTING = [
    ("# check=error=true\nFROM scratch\nENV name value\n", Severity.ERROR),
    ("# check=error=1\nFROM scratch\nENV name value\n", Severity.ERROR),
    (
        "# check=skip=StageNameCasing;error=True\nFROM scratch\nENV k v\n",
        Severity.ERROR,
    ),
    ("# check=error=false\nFROM scratch\nENV name value\n", Severity.WARNING),
    ("# check=error=yes\nFROM scratch\nENV name value\n", Severity.WARNING),
    ("FROM scratch\nENV name value\n", Severity.WARNING),
]


@pytest.mark.parametrize(("text", "severity"), ERROR_SETTING)
def test_error_setting_severity(text: str, severity: Severity) -> None:
    (item,) = _findings(text)
    assert item.severity is severity


def test_error_setting_keeps_rule_name() -> None:
    (item,) = _findings("# check=error=true\nFROM scratch\nENV name value\n")
    assert item.rule.name == "LegacyKeyValueFormat"


def test_error_setting_raises_other_buildkit_checks() -> None:
    text = "# check=error=true\nFROM scratch AS Build\n"
    severities = [
        item.severity
        for item in analyze(text).findings
        if item.rule.name == "StageNameCasing"
    ]
    assert severities == [Severity.ERROR]


def test_error_setting_keeps_own_warnings() -> None:
    # MisplacedDirective is this project's rule, not a BuildKit check.
    text = "# check=error=true\nFROM scratch\n# escape=`\n"
    severities = [
        item.severity
        for item in analyze(text).findings
        if item.rule.name == "MisplacedDirective"
    ]
    assert severities == [Severity.WARNING]


def test_error_setting_with_skip_drops_check() -> None:
    text = "# check=skip=LegacyKeyValueFormat;error=true\nFROM scratch\nENV k v\n"
    assert _findings(text) == []


ERROR_OPTIONS = [
    ("error=true", True),
    ("error=T", True),
    (" error = true ", True),
    ("skip=all;error=true", True),
    ("skip=A;experimental=all;error=true", True),
    ("error=false", False),
    ("error=on", False),
    ("skip=A", False),
    ("error", False),
    ("unknown=1;error=true", False),
    ("", False),
]


@pytest.mark.parametrize(("value", "expected"), ERROR_OPTIONS)
def test_error_option_parsing(value: str, expected: bool) -> None:
    assert error_on_warnings(value) is expected
