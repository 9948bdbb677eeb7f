"""One analysis per document version: the parse, the build graph and the findings.

The server and the ``check`` command both go through ``analyze``; every request on a
version reads the same ``Analysis``, and the findings are computed once, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from dockerfile_ls.core.model import BuildGraph, build_graph
from dockerfile_ls.core.parser import parse
from dockerfile_ls.core.rules import CheckOptions, Finding, check
from dockerfile_ls.core.syntax import Dockerfile

if TYPE_CHECKING:
    from dockerfile_ls.core.variables import VariableTable


class AnalysisOptions(NamedTuple):
    """Everything outside the text that changes the analysis."""

    build_args: tuple[tuple[str, str], ...] = ()
    target: str = ""
    external_targets: frozenset[str] = frozenset()
    unused_stages: bool = True

    @classmethod
    def create(
        cls,
        build_args: Mapping[str, str] | None = None,
        target: str = "",
        external_targets: frozenset[str] = frozenset(),
        unused_stages: bool = True,
    ) -> AnalysisOptions:
        return cls(
            tuple(sorted((build_args or {}).items())),
            target,
            external_targets,
            unused_stages,
        )


class Analysis:
    text: str
    dockerfile: Dockerfile
    graph: BuildGraph
    options: AnalysisOptions
    _findings: list[Finding] | None
    _variables: VariableTable | None

    __slots__ = (
        "text",
        "dockerfile",
        "graph",
        "options",
        "_findings",
        "_variables",
    )

    def __init__(
        self,
        text: str,
        dockerfile: Dockerfile,
        graph: BuildGraph,
        options: AnalysisOptions,
        findings: list[Finding] | None = None,
        variables: VariableTable | None = None,
    ) -> None:
        self.text = text
        self.dockerfile = dockerfile
        self.graph = graph
        self.options = options
        self._findings = findings
        self._variables = variables

    @property
    def variables(self) -> VariableTable:
        """ARG and ENV declarations and the variable uses that resolve to them."""
        if self._variables is None:
            # Imported here: only navigation needs the table, not `check`.
            from dockerfile_ls.core.variables import build_variable_table

            self._variables = build_variable_table(self.graph)
        return self._variables

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = check(
                self.graph,
                CheckOptions(
                    external_targets=self.options.external_targets,
                    target=self.options.target,
                    unused_stages=self.options.unused_stages,
                ),
            )
        return self._findings

    def with_options(self, options: AnalysisOptions) -> Analysis:
        """Return the analysis of the same text under other options."""
        if options == self.options:
            return self
        same_inputs = (
            options.build_args == self.options.build_args
            and options.target == self.options.target
        )
        if same_inputs:
            graph = self.graph
        else:
            graph = build_graph(
                self.dockerfile, dict(options.build_args), options.target
            )
        return Analysis(self.text, self.dockerfile, graph, options)


def analyze(
    text: str,
    previous: Analysis | None = None,
    options: AnalysisOptions | None = None,
) -> Analysis:
    """Analyze a document version, reusing the previous version's parse."""
    options = options or AnalysisOptions()
    dockerfile = parse(text, previous.dockerfile if previous is not None else None)
    graph = build_graph(dockerfile, dict(options.build_args), options.target)
    return Analysis(text, dockerfile, graph, options)
