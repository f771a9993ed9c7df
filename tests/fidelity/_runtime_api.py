"""AWS's Python runtime (awslambdaric) run as Lambda runs it, against a fake Runtime API on 127.0.0.1.

The protocol is https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html; the client side was
read in awslambdaric 4.2.2 (``bootstrap.py``, ``lambda_runtime_client.py``, ``runtime_client.cpp``
and the aws-lambda-cpp it bundles): ``GET .../invocation/next`` returns the event with the
``Lambda-Runtime-*`` headers, the answer comes back on ``POST .../invocation/{id}/response`` or
``.../error``, an init failure on ``POST .../runtime/init/error`` before the process exits.

Everything the runtime writes (stdout and stderr, one pipe, as the platform reads them) is cut at
each request it makes: all it wrote for one invocation is in the pipe before it asks for the next
one, because it writes unbuffered (``bootstrap.Unbuffered``) from the thread that then asks.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

API_PREFIX = "/2018-06-01/runtime"
# A runtime process must answer within this (seconds); a case is milliseconds, this only bounds a hang.
PROCESS_TIMEOUT = 60.0
# Linux: let the pipes hold a whole case's output, so the runtime never blocks writing while the
# test only reads at its requests.
_F_SETPIPE_SZ = 1031
_PIPE_SIZE = 1 << 20


@dataclass
class Invocation:
    """One event to hand out, with the headers Lambda sends it with."""

    event: Any
    function_arn: str
    # The function's timeout: the deadline is counted from when the invocation is handed out.
    timeout_ms: int
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    trace_id: str = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"
    client_context: Any = None
    identity: Any = None

    def headers(self) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": self.request_id,
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + self.timeout_ms),
            "Lambda-Runtime-Invoked-Function-Arn": self.function_arn,
            "Lambda-Runtime-Trace-Id": self.trace_id,
        }
        # Sent only with a synchronous Invoke's ClientContext, or a Cognito caller (runtimes-api.html).
        if self.client_context is not None:
            headers["Lambda-Runtime-Client-Context"] = json.dumps(self.client_context)
        if self.identity is not None:
            headers["Lambda-Runtime-Cognito-Identity"] = json.dumps(self.identity)
        return headers


@dataclass
class Frame:
    """One record of the telemetry log sink: ``bootstrap.FramedTelemetryLogSink``'s framing."""

    frame_type: int
    timestamp_us: int
    message: str


@dataclass
class Exchange:
    """What came back for one invocation: the answer (if any) and what the runtime wrote meanwhile."""

    invocation: Invocation
    # "response", "error", or None when the process ended without answering.
    kind: str | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    output: bytes = b""
    frames: list[Frame] = field(default_factory=list)


@dataclass
class RuntimeRun:
    """One execution environment: one runtime process and everything it did."""

    init_output: bytes = b""
    init_frames: list[Frame] = field(default_factory=list)
    init_error: bytes | None = None
    init_error_headers: dict[str, str] = field(default_factory=dict)
    exchanges: list[Exchange] = field(default_factory=list)
    # The process's exit status, or None if it was still waiting for work when the test ended it.
    exit_status: int | None = None


class _Pipes:
    """The runtime's output pipe and telemetry pipe, read without blocking at each cut."""

    def __init__(self, output_fd: int, telemetry_fd: int | None) -> None:
        self.fds = [fd for fd in (output_fd, telemetry_fd) if fd is not None]
        self.telemetry_fd = telemetry_fd
        for fd in self.fds:
            os.set_blocking(fd, False)
            # A kernel refusing it leaves 64 KB, still more than a case writes.
            with contextlib.suppress(OSError):
                fcntl.fcntl(fd, _F_SETPIPE_SZ, _PIPE_SIZE)
        self.output = bytearray()
        self.telemetry = bytearray()

    def drain(self) -> tuple[bytes, bytes]:
        """Everything written since the last drain: (stdout+stderr, telemetry bytes)."""
        for fd in self.fds:
            buffer = self.telemetry if fd == self.telemetry_fd else self.output
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                buffer.extend(chunk)
        output, telemetry = bytes(self.output), bytes(self.telemetry)
        self.output.clear()
        self.telemetry.clear()
        return output, telemetry


def parse_frames(data: bytes) -> list[Frame]:
    """Split the telemetry sink's bytes: 4-byte type, 4-byte length, 8-byte µs timestamp, message."""
    frames = []
    position = 0
    while position < len(data):
        frame_type = int.from_bytes(data[position : position + 4], "big")
        length = int.from_bytes(data[position + 4 : position + 8], "big")
        timestamp = int.from_bytes(data[position + 8 : position + 16], "big")
        message = data[position + 16 : position + 16 + length].decode("utf-8")
        frames.append(Frame(frame_type, timestamp, message))
        position += 16 + length
    if position != len(data):  # a truncated frame: a broken runtime
        raise AssertionError(f"truncated telemetry frame at byte {position} of {len(data)}")
    return frames


class _State:
    def __init__(self, invocations: list[Invocation], pipes: _Pipes) -> None:
        self.pending = list(invocations)
        self.pipes = pipes
        self.run = RuntimeRun()
        self.current: Exchange | None = None
        self.lock = threading.Lock()
        # Set when the runtime asks for work there is none of, or when the process has ended.
        self.settled = threading.Event()
        # Set when the test has ended the process: a request still open may then return.
        self.stopped = threading.Event()

    def cut(self) -> None:
        """Give what the runtime wrote since the last cut to the init phase or the current invocation."""
        output, telemetry = self.pipes.drain()
        frames = parse_frames(telemetry)
        if self.current is None:
            self.run.init_output += output
            self.run.init_frames += frames
        else:
            self.current.output += output
            self.current.frames += frames


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test reports what matters; a request log would only be noise

    def _reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        state = self.server.state
        if self.path != f"{API_PREFIX}/invocation/next":
            self._reply(404)
            return
        with state.lock:
            state.cut()
            invocation = state.pending.pop(0) if state.pending else None
            if invocation is not None:
                state.current = Exchange(invocation)
                state.run.exchanges.append(state.current)
        if invocation is None:
            # No more work: the runtime now waits here, as it waits between invokes in Lambda.
            state.settled.set()
            state.stopped.wait(PROCESS_TIMEOUT)
            return
        self._reply(200, json.dumps(invocation.event).encode(), invocation.headers())

    def do_POST(self) -> None:
        state = self.server.state
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        with state.lock:
            state.cut()
            if self.path == f"{API_PREFIX}/init/error":
                state.run.init_error, state.run.init_error_headers = body, headers
            else:
                current = state.current
                for kind in ("response", "error"):
                    if (
                        current is not None
                        and self.path == f"{API_PREFIX}/invocation/{current.invocation.request_id}/{kind}"
                    ):
                        current.kind, current.body, current.headers = kind, body, headers
                        break
                else:
                    self._reply(400, b'{"errorType": "InvalidRequestID"}')
                    return
        self._reply(202, b'{"status": "OK"}', {"Content-Type": "application/json"})


class _Server(http.server.HTTPServer):
    def __init__(self, state: _State) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


def run_runtime(
    handler: str,
    invocations: list[Invocation],
    *,
    task_root: str,
    environ: dict[str, str],
    telemetry: bool = False,
) -> RuntimeRun:
    """Start ``python -m awslambdaric handler`` against a fake Runtime API and hand it ``invocations``.

    ``environ`` is the process's whole environment apart from ``AWS_LAMBDA_RUNTIME_API`` (and
    ``_LAMBDA_TELEMETRY_LOG_FD`` with ``telemetry``, the managed runtimes' log sink).
    """
    output_read, output_write = os.pipe()
    telemetry_read, telemetry_write = os.pipe() if telemetry else (None, None)
    pipes = _Pipes(output_read, telemetry_read)
    state = _State(invocations, pipes)
    server = _Server(state)
    serving = threading.Thread(target=server.serve_forever, name="fake-runtime-api", daemon=True)
    serving.start()
    env = dict(environ)
    env["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{server.server_address[1]}"
    if telemetry_write is not None:
        env["_LAMBDA_TELEMETRY_LOG_FD"] = str(telemetry_write)
    process: subprocess.Popen[bytes] | None = None
    try:
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "awslambdaric", handler],
                cwd=task_root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output_write,
                stderr=output_write,
                pass_fds=() if telemetry_write is None else (telemetry_write,),
            )
        finally:
            # The child has its copies; ours must go for the pipes to reach end of file with it.
            os.close(output_write)
            if telemetry_write is not None:
                os.close(telemetry_write)
        started = process
        waiter = threading.Thread(target=lambda: (started.wait(), state.settled.set()), daemon=True)
        waiter.start()
        if not state.settled.wait(PROCESS_TIMEOUT):
            raise AssertionError(f"awslambdaric {handler} neither finished nor asked for work in {PROCESS_TIMEOUT} s")
        if process.poll() is None:
            # Waiting for its next invocation, as between invokes in Lambda: this run is over.
            process.kill()
            process.wait()
        else:
            state.run.exit_status = process.returncode
        with state.lock:
            state.cut()
        return state.run
    finally:
        if process is not None and process.poll() is None:  # only after an error above
            process.kill()
            process.wait()
        state.stopped.set()
        server.shutdown()
        server.server_close()
        serving.join()
        for fd in pipes.fds:
            os.close(fd)
