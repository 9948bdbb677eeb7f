"""The startup floor: a pygls 2 server with no features of its own.

pygls replies to ``initialize``, ``shutdown`` and ``exit`` by itself, so the time from
spawning this file to its ``initialize`` response is what any pygls server pays
before its own imports and setup. The benchmark compares our server's startup to it.
"""

from pygls.lsp.server import LanguageServer

if __name__ == "__main__":
    LanguageServer("bare-pygls", "0").start_io()
