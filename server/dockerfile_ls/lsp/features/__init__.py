"""LSP features, one module each; ``register_all`` wires them into the server.

The Dockerfile features are registered first. ``targets`` comes last because it
routes some of their methods to its own handlers for build files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def register_all(server: DockerfileLanguageServer) -> None:
    from dockerfile_ls.lsp.features import (
        code_actions,
        code_lens,
        completion,
        diagnostics,
        hover,
        inlay_hints,
        lifecycle,
        navigation,
        rename,
        semantic_tokens,
        symbols,
        targets,
        workspace_files,
    )

    lifecycle.register(server)
    diagnostics.register(server)
    completion.register(server)
    hover.register(server)
    navigation.register(server)
    rename.register(server)
    symbols.register(server)
    code_actions.register(server)
    code_lens.register(server)
    semantic_tokens.register(server)
    inlay_hints.register(server)
    workspace_files.register(server)
    targets.register(server)
