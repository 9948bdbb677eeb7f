"""A minimal JSON-RPC client that drives one language server process over stdio.

It runs in a single thread: writes and reads go through ``select`` on the pipes, so
a measured latency includes no thread hand-off and no client library of its own. Each
received message carries the ``time.perf_counter()`` value at which its last byte
was read. Requests that the server sends to the client (``workspace/configuration``,
``client/registerCapability``, ...) get an immediate empty reply.

The module also reads peak and current resident memory of a process tree from
``/proc`` (Linux only).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

Message = dict[str, Any]

_READ_SIZE = 1 << 16
_WRITE_TIMEOUT = 30.0


class ServerError(Exception):
    """The server exited, timed out or sent a message that cannot be decoded."""


@dataclass
class Received:
    """A decoded message and the ``perf_counter`` time its last byte arrived."""

    message: Message
    arrived: float


class LspStdioClient:
    """One server process and the JSON-RPC framing on its stdin and stdout."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        cwd: str | Path | None = None,
        stderr: IO[bytes] | None = None,
    ) -> None:
        self.argv = list(argv)
        self.spawned_at = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            bufsize=0,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self._in_fd = self.process.stdin.fileno()
        self._out_fd = self.process.stdout.fileno()
        os.set_blocking(self._in_fd, False)
        os.set_blocking(self._out_fd, False)
        self._buffer = bytearray()
        self._received: deque[Received] = deque()
        self._next_id = 1
        self._closed = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def send_request(self, method: str, params: Any) -> tuple[int, float]:
        """Send a request and return its id and the time just before its first byte."""
        request_id = self._next_id
        self._next_id += 1
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        message["params"] = params
        return request_id, self._send(message)

    def send_notification(self, method: str, params: Any) -> float:
        """Send a notification and return the time just before its first byte."""
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for_response(self, request_id: int, timeout: float) -> Received:
        """Wait for the response to ``request_id``, dropping other messages."""

        def is_response(message: Message) -> bool:
            return message.get("id") == request_id and "method" not in message

        return self.wait_for(is_response, timeout)

    def wait_for(
        self, predicate: Callable[[Message], bool], timeout: float
    ) -> Received:
        """Read messages until one matches ``predicate``, dropping the others.

        Raises ServerError when ``timeout`` seconds pass first or the server exits.
        """
        deadline = time.perf_counter() + timeout
        while True:
            while self._received:
                received = self._received.popleft()
                if self._reply_if_server_request(received.message):
                    continue
                if predicate(received.message):
                    return received
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ServerError(f"timed out after {timeout:.1f} s")
            self._read_available(remaining)

    def close(self, timeout: float = 3.0) -> int | None:
        """Send shutdown and exit, then kill the process if it is still running."""
        if self._closed:
            return self.process.returncode
        self._closed = True
        try:
            if self.process.poll() is None:
                request_id, _ = self.send_request("shutdown", None)
                self.wait_for_response(request_id, timeout)
                self.send_notification("exit", None)
                self.process.wait(timeout)
        except (ServerError, OSError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        return self.process.returncode

    def _send(self, message: Message) -> float:
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        started = time.perf_counter()
        deadline = started + _WRITE_TIMEOUT
        view = memoryview(frame)
        while view:
            # The server may be writing to us while we write to it: drain its
            # output whenever our pipe is full, so neither side blocks forever.
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ServerError(
                    f"timed out writing to the server: it read no input for "
                    f"{_WRITE_TIMEOUT:.0f} s"
                )
            ready_out, ready_in, _ = select.select(
                [self._out_fd], [self._in_fd], [], remaining
            )
            if ready_out:
                self._read_chunk()
            if ready_in:
                try:
                    written = os.write(self._in_fd, view)
                except BlockingIOError:
                    continue
                except BrokenPipeError as error:
                    raise ServerError(f"server closed its stdin: {error}") from error
                view = view[written:]
        return started

    def _read_available(self, timeout: float) -> None:
        ready, _, _ = select.select([self._out_fd], [], [], timeout)
        if ready:
            self._read_chunk()

    def _read_chunk(self) -> None:
        try:
            chunk = os.read(self._out_fd, _READ_SIZE)
        except BlockingIOError:
            return
        arrived = time.perf_counter()
        if not chunk:
            code = self.process.poll()
            raise ServerError(f"server closed its stdout (exit code {code})")
        self._buffer += chunk
        self._split_frames(arrived)

    def _split_frames(self, arrived: float) -> None:
        while True:
            header_end = self._buffer.find(b"\r\n\r\n")
            if header_end < 0:
                return
            length = _content_length(bytes(self._buffer[:header_end]))
            body_start = header_end + 4
            if len(self._buffer) < body_start + length:
                return
            body = bytes(self._buffer[body_start : body_start + length])
            del self._buffer[: body_start + length]
            try:
                message = json.loads(body)
            except ValueError as error:
                raise ServerError(f"invalid JSON from server: {error}") from error
            self._received.append(Received(message, arrived))

    def _reply_if_server_request(self, message: Message) -> bool:
        if "method" not in message or "id" not in message:
            return False
        result: Any = None
        if message["method"] == "workspace/configuration":
            items = message.get("params", {}).get("items", [])
            result = [None] * len(items)
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        return True


def _content_length(header: bytes) -> int:
    for line in header.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    raise ServerError(f"message header without Content-Length: {header!r}")


@dataclass
class MemoryUsage:
    """Resident memory of a process tree in KiB, summed over its processes."""

    peak_kib: int
    """Sum of each process's VmHWM (its own peak resident set size)."""

    current_kib: int
    """Sum of each process's VmRSS at the time of reading."""

    processes: int


def read_tree_memory(pid: int) -> MemoryUsage:
    """Sum VmHWM and VmRSS over ``pid`` and its descendants, from ``/proc``.

    With several processes, the sum of their peaks is an upper bound on the tree's
    peak, because the peaks need not coincide. For a single process it is exact.
    """
    peak = 0
    current = 0
    count = 0
    for process_id in _process_tree(pid):
        status = _read_status(process_id)
        if status is None:
            continue
        peak += status.get("VmHWM", 0)
        current += status.get("VmRSS", 0)
        count += 1
    return MemoryUsage(peak_kib=peak, current_kib=current, processes=count)


def _process_tree(pid: int) -> list[int]:
    found = [pid]
    index = 0
    while index < len(found):
        task_dir = Path(f"/proc/{found[index]}/task")
        index += 1
        try:
            tasks = list(task_dir.iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found.extend(int(child) for child in children)
    return found


def _read_status(pid: int) -> dict[str, int] | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0])
    return values
