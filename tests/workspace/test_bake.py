"""Table tests for the Bake reader and its HCL parser.

Resolution rules come from buildx's ``bake`` package: ``context`` defaults to
``.``, ``dockerfile`` is relative to the context unless absolute or ``cwd://``,
``inherits`` merges parents in order with the target's own values on top, and a
cycle adds nothing. Where python-hcl2 is installed, attribute values are checked
against it as an independent HCL parser.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import hcl
from dockerfile_ls.workspace.bake import bake_sites, parse_bake, read_bake
from dockerfile_ls.workspace.filenames import is_bake_file
from dockerfile_ls.workspace.sites import BuildSite

BAKE = "/w/docker-bake.hcl"


def sites_by_name(text: str, path: str = BAKE) -> dict[str, BuildSite]:
    return {site.name or "": site for site in read_bake(path, text)}


def test_target_span_inside_quotes() -> None:
    site = sites_by_name('target "default" {\n  target = "app3"\n}\n')["default"]
    assert site.target == "app3"
    assert site.target_span == Span(1, 12, 1, 16)
    assert site.dockerfile == "/w/Dockerfile"
    assert site.context == "/w"


def test_target_being_typed() -> None:
    site = sites_by_name('target "a" {\n  target = \n}\n')["a"]
    assert site.target == ""
    assert site.target_span is None
    assert site.insert_span == Span(1, 10, 1, 11)
    assert (site.insert_prefix, site.insert_suffix) == (' "', '"')


def test_empty_string_target() -> None:
    site = sites_by_name('target "a" {\n  target = ""\n}\n')["a"]
    assert site.target == ""
    assert site.target_span == Span(1, 12, 1, 12)


def test_unterminated_string_while_typing() -> None:
    site = sites_by_name('target "a" {\n  target = "ap\n}\n')["a"]
    assert site.target == "ap"
    assert site.target_span == Span(1, 12, 1, 14)


INHERITS = """\
target "_common" {
  dockerfile = "docker/Dockerfile"
}
target "base" {
  inherits = ["_common"]
  target = "deps"
}
target "test" {
  inherits = ["base"]
  context = "sub"
}
target "both" {
  inherits = ["test", "other"]
}
target "other" {
  target = "other"
}
"""


def test_inherits_chain() -> None:
    sites = sites_by_name(INHERITS)
    assert sites["test"].dockerfile == "/w/sub/docker/Dockerfile"
    assert sites["test"].target == "deps"
    assert sites["test"].target_span == Span(5, 12, 5, 16)


def test_later_parent_wins() -> None:
    assert sites_by_name(INHERITS)["both"].target == "other"


def test_inheritance_cycle_is_cut() -> None:
    text = (
        'target "a" {\n  inherits = ["b"]\n}\n'
        'target "b" {\n  inherits = ["a"]\n  target = "t"\n}\n'
    )
    sites = sites_by_name(text)
    assert sites["a"].target == "t"
    assert sites["b"].target == "t"


def test_missing_parent_is_ignored() -> None:
    text = 'target "a" {\n  inherits = ["docker-metadata-action"]\n  target = "x"\n}\n'
    assert sites_by_name(text)["a"].target == "x"


def test_inline_dockerfile_heredoc() -> None:
    text = 'target "i" {\n  dockerfile-inline = <<EOT\nFROM alpine AS inl\nEOT\n}\n'
    site = sites_by_name(text)["i"]
    assert site.dockerfile is None
    assert site.inline_dockerfile == "FROM alpine AS inl\n"
    assert site.inline_line_starts == ((2, 0),)


def test_indented_heredoc_strips_common_spaces() -> None:
    text = (
        'target "i" {\n  dockerfile-inline = <<-EOT\n'
        "    FROM a AS b\n      RUN x\n  EOT\n}\n"
    )
    site = sites_by_name(text)["i"]
    assert site.inline_dockerfile == "FROM a AS b\n  RUN x\n"
    assert site.inline_line_starts == ((2, 4), (3, 4))


def test_empty_inline_uses_dockerfile() -> None:
    site = sites_by_name('target "i" {\n  dockerfile-inline = ""\n}\n')["i"]
    assert site.dockerfile == "/w/Dockerfile"


@pytest.mark.parametrize(
    ("attributes", "dockerfile", "context"),
    [
        ('context = "app"', "/w/app/Dockerfile", "/w/app"),
        ('context = "app"\n  dockerfile = "/abs/D"', "/abs/D", "/w/app"),
        ('context = "app"\n  dockerfile = "cwd://D.dev"', "/w/D.dev", "/w/app"),
        ('context = "cwd://sub"', "/w/sub/Dockerfile", "/w/sub"),
        ('context = "https://github.com/o/r.git"', None, None),
        ("context = BAKE_CMD_CONTEXT", None, None),
        ('dockerfile = "${DF}"', None, "/w"),
        ('dockerfile = ""', "/w/Dockerfile", "/w"),
    ],
)
def test_paths(attributes: str, dockerfile: str | None, context: str | None) -> None:
    site = sites_by_name(f'target "t" {{\n  {attributes}\n}}\n')["t"]
    assert site.dockerfile == dockerfile
    assert site.context == context


@pytest.mark.parametrize(
    "expression", ['"${TARGET}"', "var.target", 'lower("APP")', '"%{if x}a%{endif}"']
)
def test_expression_target_is_dynamic(expression: str) -> None:
    site = sites_by_name(f'target "t" {{\n  target = {expression}\n}}\n')["t"]
    assert site.target_dynamic


def test_escaped_interpolation_is_literal() -> None:
    site = sites_by_name('target "t" {\n  target = "$${x}"\n}\n')["t"]
    assert site.target == "${x}"
    assert not site.target_dynamic


def test_blocks_with_same_name_merge() -> None:
    text = 'target "t" {\n  context = "a"\n}\ntarget "t" {\n  target = "x"\n}\n'
    (site,) = read_bake(BAKE, text)
    assert (site.context, site.target) == ("/w/a", "x")


def test_override_file_sites() -> None:
    base = parse_bake(BAKE, 'target "app" {\n  target = "dev"\n}\n')
    override = parse_bake(
        "/w/docker-bake.override.hcl",
        'target "app" {\n  context = "web"\n  target = "prod"\n}\n',
    )
    sites = bake_sites([override, base])
    (in_base,) = sites[BAKE]
    assert in_base.target == "dev"
    assert in_base.context == "/w/web"
    assert in_base.target_span == Span(1, 12, 1, 15)
    (in_override,) = sites["/w/docker-bake.override.hcl"]
    assert in_override.target == "prod"


JSON = """\
{
  "target": {
    "app": {"context": ".", "dockerfile": "Dockerfile", "target": "app"},
    "debug": {"inherits": ["app"], "target": "debg"},
    "typing": {"target": }
  }
}
"""


def test_json_bake_file() -> None:
    sites = sites_by_name(JSON, "/w/docker-bake.json")
    assert sites["debug"].target == "debg"
    assert sites["debug"].target_span == Span(3, 46, 3, 50)
    assert sites["debug"].dockerfile == "/w/Dockerfile"
    assert sites["typing"].insert_span == Span(4, 24, 4, 25)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("docker-bake.hcl", True),
        ("docker-bake.json", True),
        ("docker-bake.override.hcl", True),
        ("docker-bake.dev.hcl", True),
        ("bake.hcl", False),
        ("docker-bake.yaml", False),
    ],
)
def test_bake_file_names(name: str, expected: bool) -> None:
    assert is_bake_file(name) is expected


ORACLE_FILES = [
    'target "default" {\n  target = "app3"\n}\n',
    INHERITS,
    (
        '# comment\nvariable "TAG" {\n  default = "latest"\n}\n'
        'group "default" {\n  targets = ["a", "b"]\n}\n'
        'target "a" {\n  context = "."  // trailing\n  /* block */ dockerfile = "x/D"\n'
        '  tags = ["r:${TAG}", upper("q")]\n'
        '  args = {\n    A = "1"\n    B = "two"\n  }\n'
        '  target = "with \\"quote\\""\n}\n'
        'target "b" { target = "one-line" }\n'
    ),
]


def attribute_strings(
    items: list[hcl.Attribute | hcl.Block],
) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for item in items:
        if isinstance(item, hcl.Block) and item.type == "target":
            values = found.setdefault(item.labels[0], {})
            for attribute in item.body:
                if isinstance(attribute, hcl.Attribute) and isinstance(
                    attribute.value, hcl.StringExpr
                ):
                    values[attribute.name] = attribute.value.template.value
    return found


@pytest.mark.parametrize("text", ORACLE_FILES)
def test_string_values_agree_with_python_hcl2(text: str) -> None:
    hcl2 = pytest.importorskip("hcl2")
    expected: dict[str, dict[str, str]] = {}
    for block in hcl2.loads(text).get("target", []):
        for label, body in block.items():
            values = expected.setdefault(label.strip('"'), {})
            for key, value in body.items():
                if (
                    isinstance(value, str)
                    and value.startswith('"')
                    and "${" not in value
                ):
                    values[key] = value[1:-1].replace('\\"', '"')
    assert attribute_strings(hcl.parse(text)) == expected


def test_deep_nesting_does_not_raise() -> None:
    assert len(hcl.parse("a {\n" * 5000)) == 1
    assert len(hcl.parse("x = " + "[" * 5000 + "\n")) == 1
    assert len(hcl.parse('x = "' + '${"' * 5000 + "\n")) == 1


def test_nested_template_sequences() -> None:
    (block,) = hcl.parse('t "x" {\n  a = "${ "q${ b }" }z"\n}\n')
    assert isinstance(block, hcl.Block)
    (attribute,) = block.body
    assert isinstance(attribute, hcl.Attribute)
    assert isinstance(attribute.value, hcl.StringExpr)
    assert attribute.value.template.value == '${ "q${ b }" }z'
