"""dockerfile-ls: a language server for Dockerfiles that understands build stages."""

__version__ = "0.1.0"
