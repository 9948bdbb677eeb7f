"""A minimal JSON-RPC client over stdio, for protocol details pytest-lsp hides.

It sends exactly the bytes a test gives it (``params`` missing or null, odd
capabilities) and reads messages until the one a test waits for arrives.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from queue import Empty, Queue
from typing import Any

TIMEOUT = 20.0


class RawClient:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dockerfile_ls", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            body = stream.read(length)
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stream = self.process.stdin
        assert stream is not None
        stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stream.flush()

    def request(
        self, method: str, params: Any = None, *, omit_params: bool = False
    ) -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method}
        if not omit_params:
            message["params"] = params
        self.send(message)
        response = self.wait(
            lambda item: item.get("id") == self.next_id and "method" not in item
        )
        return response

    def notify(
        self, method: str, params: Any = None, *, omit_params: bool = False
    ) -> None:
        message: dict[str, Any] = {"method": method}
        if not omit_params:
            message["params"] = params
        self.send(message)

    def wait(self, predicate: Any) -> dict[str, Any]:
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT)
            except Empty as error:
                raise TimeoutError("no matching message from the server") from error
            if "method" in message and "id" in message:
                # A request from the server (e.g. workspace/configuration): answer null.
                self.send({"id": message["id"], "result": None})
            if predicate(message):
                return message

    def initialize(self, capabilities: dict[str, Any]) -> dict[str, Any]:
        response = self.request(
            "initialize",
            {"processId": None, "rootUri": None, "capabilities": capabilities},
        )
        self.notify("initialized", {})
        return response

    def close(self) -> int:
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait(timeout=TIMEOUT)
