"""Errors in the arguments and flags of single instructions.

Expected texts are BuildKit's, from these files of moby/buildkit
``frontend/dockerfile``:

- ``instructions/parse.go``: argument counts, SHELL, names, HEALTHCHECK.
- ``instructions/bflag.go``: flag values.
- ``instructions/commands_runnetwork.go`` and ``commands_runsecurity.go``: RUN flag
  values.
- ``dockerfile2llb/convert.go``: COPY sources, STOPSIGNAL, an empty file.
- ``dockerfile2llb/convert_expose.go``: EXPOSE ports.

HEALTHCHECK flag values follow Go's ``time.ParseDuration`` and ``strconv.ParseInt``,
and STOPSIGNAL follows moby/sys ``signal.ParseSignal``. Each message starts with
BuildKit's text; the analysis may add advice after it. The parse-level case (a file
without instructions) is also checked against BuildKit's parser, PyPI
``dockerfile``.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.rules import Finding, Severity
from dockerfile_ls.core.rules import instructions as instruction_rules
from dockerfile_ls.core.rules.instructions import parse_go_duration, parse_port_spec
from dockerfile_ls.core.text import Span

RULES = {
    "MissingArguments",
    "UnexpectedArguments",
    "ShellNotJSON",
    "BlankName",
    "HeredocDestination",
    "CopyRemoteSource",
    "InvalidHealthcheck",
    "MissingFlagValue",
    "DuplicateFlag",
    "InvalidFlagValue",
    "InvalidPort",
    "InvalidStopSignal",
    "EmptyVolume",
    "NoInstructions",
}


def _findings(text: str) -> list[Finding]:
    return [item for item in analyze(text).findings if item.rule.name in RULES]


def _messages(text: str, rule: str) -> list[str]:
    return [item.message for item in _findings(text) if item.rule.name == rule]


ERRORS = [
    # instructions/parse.go: parseCopy, parseAdd (errNoDestinationArgument).
    (
        "FROM alpine\nCOPY app\n",
        "MissingArguments",
        "COPY requires at least two arguments, but only one was provided. "
        "Destination could not be determined",
    ),
    (
        'FROM alpine\nADD ["app"]\n',
        "MissingArguments",
        "ADD requires at least two arguments, but only one was provided. "
        "Destination could not be determined",
    ),
    (
        "FROM alpine\nCOPY <<EOF\nhello\nEOF\n",
        "MissingArguments",
        "COPY requires at least two arguments",
    ),
    # parseSourcesAndDest (errBadHeredoc).
    (
        "FROM alpine\nCOPY app <<EOF\nhello\nEOF\n",
        "HeredocDestination",
        "COPY cannot accept a heredoc as a destination",
    ),
    # parseShell (errNotJSON in errors_unix.go, errAtLeastOneArgument).
    (
        "FROM alpine\nSHELL /bin/bash -c\n",
        "ShellNotJSON",
        "SHELL requires the arguments to be in JSON form",
    ),
    (
        "FROM alpine\nSHELL ['/bin/bash', '-c']\n",
        "ShellNotJSON",
        "SHELL requires the arguments to be in JSON form",
    ),
    (
        "FROM alpine\nSHELL []\n",
        "MissingArguments",
        "SHELL requires at least one argument",
    ),
    # parseKvps and parseArg (errBlankCommandNames).
    ("FROM alpine\nENV =value\n", "BlankName", "ENV names can not be blank"),
    ("FROM alpine\nLABEL =value\n", "BlankName", "LABEL names can not be blank"),
    ("FROM alpine\nARG =value\n", "BlankName", "ARG names can not be blank"),
    ("FROM alpine\nENV a=1 =2\n", "BlankName", "ENV names can not be blank"),
    # parseHealthcheck.
    (
        "FROM alpine\nHEALTHCHECK CONNECT TCP 7000\n",
        "InvalidHealthcheck",
        'Unknown type "CONNECT" in HEALTHCHECK (try CMD)',
    ),
    (
        "FROM alpine\nHEALTHCHECK cmd-shell curl localhost\n",
        "InvalidHealthcheck",
        'Unknown type "CMD-SHELL" in HEALTHCHECK (try CMD)',
    ),
    (
        "FROM alpine\nHEALTHCHECK CMD\n",
        "MissingArguments",
        "Missing command after HEALTHCHECK CMD",
    ),
    (
        "FROM alpine\nHEALTHCHECK CMD []\n",
        "MissingArguments",
        "Missing command after HEALTHCHECK CMD",
    ),
    (
        "FROM alpine\nHEALTHCHECK NONE curl\n",
        "UnexpectedArguments",
        "HEALTHCHECK NONE takes no arguments",
    ),
    (
        "FROM alpine\nHEALTHCHECK --interval=5 CMD curl\n",
        "InvalidFlagValue",
        'time: missing unit in duration "5"',
    ),
    (
        "FROM alpine\nHEALTHCHECK --timeout=5q CMD curl\n",
        "InvalidFlagValue",
        'time: unknown unit "q" in duration "5q"',
    ),
    (
        "FROM alpine\nHEALTHCHECK --start-period=soon CMD curl\n",
        "InvalidFlagValue",
        'time: invalid duration "soon"',
    ),
    (
        "FROM alpine\nHEALTHCHECK --start-interval=500us CMD curl\n",
        "InvalidFlagValue",
        'Interval "start-interval" cannot be less than 1ms',
    ),
    (
        "FROM alpine\nHEALTHCHECK --interval=-5s CMD curl\n",
        "InvalidFlagValue",
        'Interval "interval" cannot be less than 1ms',
    ),
    (
        "FROM alpine\nHEALTHCHECK --retries=many CMD curl\n",
        "InvalidFlagValue",
        'strconv.ParseInt: parsing "many": invalid syntax',
    ),
    (
        "FROM alpine\nHEALTHCHECK --retries=3000000000 CMD curl\n",
        "InvalidFlagValue",
        'strconv.ParseInt: parsing "3000000000": value out of range',
    ),
    (
        "FROM alpine\nHEALTHCHECK --retries=-1 CMD curl\n",
        "InvalidFlagValue",
        "--retries cannot be negative (-1)",
    ),
    # bflag.go: BFlags.Parse.
    (
        "FROM alpine\nCOPY --from build /app /app\n",
        "MissingFlagValue",
        "Missing a value on flag: from",
    ),
    (
        "FROM --platform alpine\n",
        "MissingFlagValue",
        "Missing a value on flag: platform",
    ),
    (
        "FROM alpine\nCOPY --link= app /app\n",
        "MissingFlagValue",
        "Missing a value on flag: link",
    ),
    (
        "FROM alpine\nRUN --mount echo\n",
        "MissingFlagValue",
        "Missing a value on flag: mount",
    ),
    (
        "FROM alpine\nCOPY --from=a --from=b app /app\n",
        "DuplicateFlag",
        "Duplicate flag specified: from",
    ),
    (
        "FROM alpine\nCOPY --link --link app /app\n",
        "DuplicateFlag",
        "Duplicate flag specified: link",
    ),
    (
        "FROM alpine\nCOPY --link=yes app /app\n",
        "InvalidFlagValue",
        "expecting boolean value for flag --link, not: yes",
    ),
    # commands_runnetwork.go, commands_runsecurity.go.
    (
        "FROM alpine\nRUN --network=bridge echo\n",
        "InvalidFlagValue",
        'invalid network mode "bridge"',
    ),
    (
        "FROM alpine\nRUN --network= echo\n",
        "InvalidFlagValue",
        'invalid network mode ""',
    ),
    (
        "FROM alpine\nRUN --security=privileged echo\n",
        "InvalidFlagValue",
        'security "privileged" is not valid',
    ),
    # convert_expose.go: parsePort.
    (
        "FROM alpine\nEXPOSE 80/xyz\n",
        "InvalidPort",
        'invalid port: "80/xyz": invalid proto: xyz',
    ),
    (
        "FROM alpine\nEXPOSE /tcp\n",
        "InvalidPort",
        'invalid port: "/tcp": no port specified',
    ),
    ("FROM alpine\nEXPOSE 70000\n", "InvalidPort", "invalid containerPort: 70000"),
    ("FROM alpine\nEXPOSE http\n", "InvalidPort", "invalid containerPort: http"),
    (
        "FROM alpine\nEXPOSE 9000-8000\n",
        "InvalidPort",
        "invalid containerPort: 9000-8000",
    ),
    ("FROM alpine\nEXPOSE web:80\n", "InvalidPort", "invalid hostPort: web"),
    (
        "FROM alpine\nEXPOSE 1.2.3.4.5:80:80\n",
        "InvalidPort",
        "invalid IP address: 1.2.3.4.5",
    ),
    (
        "FROM alpine\nEXPOSE 80-81:90-95\n",
        "InvalidPort",
        "invalid ranges specified for container and host Ports: 90-95 and 80-81",
    ),
    # convert.go: dispatchStopSignal with moby/sys signal.ParseSignal.
    ("FROM alpine\nSTOPSIGNAL SIGFOO\n", "InvalidStopSignal", "invalid signal: SIGFOO"),
    ("FROM alpine\nSTOPSIGNAL 0\n", "InvalidStopSignal", "invalid signal: 0"),
    (
        "FROM alpine\nSTOPSIGNAL RTMIN+16\n",
        "InvalidStopSignal",
        "invalid signal: RTMIN+16",
    ),
    # parseVolume.
    (
        'FROM alpine\nVOLUME [""]\n',
        "EmptyVolume",
        "VOLUME specified can not be an empty string",
    ),
    (
        'FROM alpine\nVOLUME ["/data", " "]\n',
        "EmptyVolume",
        "VOLUME specified can not be an empty string",
    ),
    # convert.go: dispatchCopy.
    (
        "FROM alpine\nCOPY https://example.com/app.tar.gz /app/\n",
        "CopyRemoteSource",
        "source can't be a URL for COPY",
    ),
    (
        "FROM alpine\nCOPY https://github.com/moby/buildkit.git /src\n",
        "CopyRemoteSource",
        "source can't be a git ref for COPY",
    ),
    # convert.go: toDispatchState; parser.go: Parse.
    ("", "NoInstructions", "the Dockerfile cannot be empty"),
    ("# only a comment\n", "NoInstructions", "file with no instructions"),
    ("\n\n\n", "NoInstructions", "file with no instructions"),
    ("# syntax=docker/dockerfile:1\n", "NoInstructions", "file with no instructions"),
    # An ONBUILD trigger fails the build of every stage or image built on it.
    ("FROM alpine\nONBUILD COPY app\n", "MissingArguments", "COPY requires at least"),
    (
        "FROM alpine\nONBUILD HEALTHCHECK BAD x\n",
        "InvalidHealthcheck",
        'Unknown type "BAD" in HEALTHCHECK (try CMD)',
    ),
]


@pytest.mark.parametrize(("text", "rule", "prefix"), ERRORS)
def test_error_message(text: str, rule: str, prefix: str) -> None:
    messages = _messages(text, rule)
    assert len(messages) == 1
    assert messages[0].startswith(prefix)


@pytest.mark.parametrize(("text", "rule", "prefix"), ERRORS)
def test_error_severity(text: str, rule: str, prefix: str) -> None:
    severities = {item.severity for item in _findings(text) if item.rule.name == rule}
    assert severities == {Severity.ERROR}


VALID = [
    "FROM alpine\nCOPY app /app\n",
    "FROM alpine\nCOPY a b c /dir/\n",
    'FROM alpine\nCOPY ["a b", "/dir/"]\n',
    "FROM alpine\nCOPY <<EOF /hello.txt\nhello\nEOF\n",
    "FROM alpine\nCOPY <<A <<B /dir/\na\nA\nb\nB\n",
    "FROM alpine\nCOPY --from=build --link --chmod=755 /app /app\n",
    "FROM alpine\nCOPY --link=false --parents a/./b /dst\n",
    "FROM alpine\nCOPY --link=TRUE app /app\n",
    "FROM alpine\nCOPY --exclude=*.md --exclude=*.txt . /src\n",
    "FROM alpine\nADD https://example.com/app.tar.gz /app/\n",
    "FROM alpine\nADD --checksum=sha256:abc --keep-git-dir --unpack=false a /b\n",
    'FROM alpine\nSHELL ["/bin/bash", "-c"]\n',
    "FROM alpine\nENV a=b c=d\n",
    "FROM alpine\nENV key value\n",
    'FROM alpine\nLABEL "name"=value\n',
    "FROM alpine\nARG name\n",
    "FROM alpine\nHEALTHCHECK NONE\n",
    "FROM alpine\nhealthcheck cmd curl localhost\n",
    'FROM alpine\nHEALTHCHECK CMD ["curl", "localhost"]\n',
    "FROM alpine\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 "
    "--start-interval=1.5ms --retries=3 CMD curl\n",
    "FROM alpine\nHEALTHCHECK --interval=1h2m3.5s --timeout=.5s --retries=0 CMD x\n",
    # BuildKit never reads the flags of HEALTHCHECK NONE.
    "FROM alpine\nHEALTHCHECK --interval=5 NONE\n",
    "FROM alpine\nRUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b ls\n",
    "FROM alpine\nRUN --network=none --security=insecure ls\n",
    "FROM alpine\nRUN --network=host ls\n",
    "FROM alpine\nRUN --device=/dev/fuse --device=/dev/kvm ls\n",
    "FROM alpine\nEXPOSE 80 80/tcp 53/udp 132/sctp 8000-8010 80/TCP\n",
    "FROM alpine\nEXPOSE 127.0.0.1:80:80 [::1]:443:443 8080:80 7000-7005:7000-7005\n",
    "FROM alpine\nEXPOSE 8000-8010:80\n",
    "FROM alpine\nEXPOSE $PORT ${PORT}/udp\n",
    "FROM alpine\nSTOPSIGNAL SIGTERM\n",
    "FROM alpine\nSTOPSIGNAL sigkill\n",
    "FROM alpine\nSTOPSIGNAL 9\n",
    "FROM alpine\nSTOPSIGNAL SIGRTMIN+3\n",
    "FROM alpine\nSTOPSIGNAL RTMAX-14\n",
    "FROM alpine\nSTOPSIGNAL $SIGNAL\n",
    "FROM alpine\nVOLUME /data /logs\n",
    'FROM alpine\nVOLUME ["/data", "/logs"]\n',
    # USER and WORKDIR take the rest of the line as one argument (parseString in
    # BuildKit's parser), so spaces are part of the value, not a second argument.
    "FROM alpine\nUSER app group\n",
    "FROM alpine\nWORKDIR /my app\n",
    "FROM alpine\n# only the FROM line is an instruction\n",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_instruction_has_no_error(text: str) -> None:
    assert _findings(text) == []


def test_missing_flag_value_span_covers_flag() -> None:
    (item,) = _findings("FROM alpine\nCOPY --from build /app /app\n")
    assert item.span == Span(1, 5, 1, 11)


def test_duplicate_flag_marks_second_flag() -> None:
    (item,) = _findings("FROM alpine\nCOPY --from=a --from=b app /app\n")
    assert item.span == Span(1, 14, 1, 22)


def test_invalid_port_span_covers_port() -> None:
    (item,) = _findings("FROM alpine\nEXPOSE 80 http\n")
    assert item.span == Span(1, 10, 1, 14)


def test_blank_name_span_covers_pair() -> None:
    (item,) = _findings("FROM alpine\nENV =value\n")
    assert item.span == Span(1, 4, 1, 10)


def test_trigger_error_on_its_line() -> None:
    (item,) = _findings("FROM alpine\nRUN true\nONBUILD COPY app\n")
    assert item.span.start_line == 2


def test_error_on_continuation_line() -> None:
    (item,) = _findings("FROM alpine\nHEALTHCHECK \\\n  --interval=5 CMD curl\n")
    assert item.span == Span(2, 13, 2, 14)


def test_heredoc_destination_span() -> None:
    (item,) = _findings("FROM alpine\nCOPY app <<EOF\nhello\nEOF\n")
    assert item.span == Span(1, 9, 1, 14)


def test_edit_rechecks_changed_instruction() -> None:
    first = analyze("FROM alpine\nCOPY app\n")
    second = analyze("FROM alpine\nCOPY app /app\n", first)
    assert [item.rule.name for item in second.findings if item.rule.name in RULES] == []


def test_unchanged_instruction_moves_with_edit() -> None:
    first = analyze("FROM alpine\nCOPY app\n")
    second = analyze("FROM alpine\n\nCOPY app\n", first)
    spans = [item.span for item in second.findings if item.rule.name in RULES]
    assert spans == [Span(2, 0, 2, 8)]


# Go's time.ParseDuration: values from its documentation and tests.
DURATIONS = [
    ("0", 0),
    ("5s", 5_000_000_000),
    ("300ms", 300_000_000),
    ("-1.5h", -5_400_000_000_000),
    ("2h45m", 9_900_000_000_000),
    ("1.5s", 1_500_000_000),
    (".5s", 500_000_000),
    ("1.s", 1_000_000_000),
    ("1\u00b5s", 1_000),
    ("1\u03bcs", 1_000),
    ("1us", 1_000),
    ("10ns", 10),
    ("+3m", 180_000_000_000),
]


@pytest.mark.parametrize(("text", "nanoseconds"), DURATIONS)
def test_go_duration_value(text: str, nanoseconds: int) -> None:
    assert parse_go_duration(text) == nanoseconds


DURATION_ERRORS = [
    ("", 'time: invalid duration ""'),
    ("3", 'time: missing unit in duration "3"'),
    ("-", 'time: invalid duration "-"'),
    (".s", 'time: invalid duration ".s"'),
    ("1d", 'time: unknown unit "d" in duration "1d"'),
    ("1.5.5s", 'time: missing unit in duration "1.5.5s"'),
    ("9999999999999h", 'time: invalid duration "9999999999999h"'),
    ("5\u00e9", 'time: unknown unit "\\xc3\\xa9" in duration "5\\xc3\\xa9"'),
]


@pytest.mark.parametrize(("text", "message"), DURATION_ERRORS)
def test_go_duration_error(text: str, message: str) -> None:
    assert parse_go_duration(text) == message


# convert_expose.go: splitParts and splitProtoPort.
PORT_PARTS = [
    ("80", ("", "", "80", "")),
    ("80/udp", ("", "", "80", "udp")),
    ("8080:80", ("", "8080", "80", "")),
    ("127.0.0.1:8080:80/TCP", ("127.0.0.1", "8080", "80", "TCP")),
    ("[::1]:8080:80", ("[::1]", "8080", "80", "")),
]


@pytest.mark.parametrize(("text", "parts"), PORT_PARTS)
def test_port_spec_parts(text: str, parts: tuple[str, str, str, str]) -> None:
    spec = parse_port_spec(text)
    assert (spec.ip, spec.host_port, spec.container_port, spec.protocol) == parts


def test_rule_names_are_not_buildkit_checks() -> None:
    rules = [
        value
        for value in vars(instruction_rules).values()
        if type(value).__name__ == "Rule"
    ]
    assert all(not rule.buildkit for rule in rules)


NO_INSTRUCTION_TEXTS = ["# only a comment\n", "\n\n", "# syntax=docker/dockerfile:1\n"]


@pytest.mark.parametrize("text", NO_INSTRUCTION_TEXTS)
def test_no_instructions_matches_buildkit_parser(text: str) -> None:
    dockerfile = pytest.importorskip("dockerfile")
    with pytest.raises(dockerfile.GoParseError, match="file with no instructions"):
        dockerfile.parse_string(text)


def test_flag_without_value_matches_buildkit_parser() -> None:
    dockerfile = pytest.importorskip("dockerfile")
    commands = dockerfile.parse_string("FROM alpine\nCOPY --from build /app /app\n")
    assert commands[1].flags == ("--from",)
