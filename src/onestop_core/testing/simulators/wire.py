"""Transport for the simulators: request/response records and a loopback HTTP server.

Standard library only. The server binds ``127.0.0.1`` and an ephemeral port, speaks
HTTP/1.1 with keep-alive, always sends ``Content-Length``, and can shut every open connection
down so that stopping never waits on an idle keep-alive client.

>>> SimResponse.json({"error_code": 0}).body
b'{"error_code": 0}'
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import socket
import socketserver
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final, Protocol
from urllib.parse import parse_qsl, urlsplit

from onestop_core.errors import OnestopError
from onestop_core.testing.simulators.redact import redact, redact_headers

__all__ = [
    "DEFAULT_START",
    "LOCALHOST",
    "VN_OFFSET",
    "Handler",
    "LoggedRequest",
    "LoopbackHTTPServer",
    "Reply",
    "SimRequest",
    "SimResponse",
    "SimulationError",
]

LOCALHOST: Final = "127.0.0.1"
#: Vietnam's fixed offset (no DST since 1975); simulator clocks are aware and local.
VN_OFFSET: Final = dt.timezone(dt.timedelta(hours=7))
#: Where every simulator clock starts unless told otherwise (a Friday morning).
DEFAULT_START: Final = dt.datetime(2026, 11, 20, 8, 0, tzinfo=VN_OFFSET)
_MAX_BODY = 16 * 1024 * 1024


class SimulationError(OnestopError, ValueError):
    """A simulator was asked something impossible (unknown shipment, bad scenario …)."""


@dataclasses.dataclass
class SimRequest:
    """An incoming request; header names are lower-cased."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON, or raise :class:`ValueError`."""
        return json.loads(self.body.decode("utf-8"))


@dataclasses.dataclass
class SimResponse:
    """What a handler answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def json(
        cls, obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> SimResponse:
        """A JSON answer (UTF-8, Vietnamese text unescaped)."""
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        hdrs = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, body, hdrs)

    @classmethod
    def text(
        cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8"
    ) -> SimResponse:
        """A raw text answer."""
        return cls(status, text.encode("utf-8"), {"Content-Type": content_type})


class Reply(Exception):
    """Raise from a handler to answer early (auth failure, validation error …)."""

    def __init__(self, response: SimResponse) -> None:
        super().__init__(response.status)
        self.response = response


Handler = Callable[[SimRequest], SimResponse]


@dataclasses.dataclass
class LoggedRequest:
    """One emulated request as received (raw; :meth:`export` masks it)."""

    seq: int
    at: dt.datetime
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    routes: list[str]
    status: int | None = None
    fault: str | None = None

    def json(self) -> Any:
        """The body as JSON, or ``None`` if it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            return None

    def export(self) -> dict[str, Any]:
        """A JSON-ready copy with secrets and personal data masked."""
        body = self.json()
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "method": self.method,
            "path": self.path,
            "query": redact(self.query),
            "headers": redact_headers(self.headers),
            "body": redact(body) if body is not None else f"<{len(self.body)} bytes>",
            "routes": self.routes,
            "status": self.status,
            "fault": self.fault,
        }


class _Dispatcher(Protocol):
    errors: list[str]

    def handle(self, req: SimRequest) -> SimResponse | None: ...


class LoopbackHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server on ``127.0.0.1:0`` that can cut its open connections."""

    daemon_threads = True

    def __init__(self, sim: _Dispatcher) -> None:
        self.sim = sim
        self.open_sockets: set[socket.socket] = set()
        self.handler_threads: list[threading.Thread] = []
        self.sockets_lock = threading.Lock()
        super().__init__((LOCALHOST, 0), _RequestHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (``socket.getfqdn``)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = LOCALHOST, int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a daemon thread that :meth:`server_close` joins."""
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        with self.sockets_lock:
            self.open_sockets.add(request)
            self.handler_threads = [t for t in self.handler_threads if t.is_alive()]
            self.handler_threads.append(thread)
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that vanish (reset, broken pipe) are normal here; keep other tracebacks."""
        if not isinstance(sys.exc_info()[1], OSError):
            self.sim.errors.append(traceback.format_exc())

    def server_close(self) -> None:
        """Close the listener and join the connection threads (bounded wait)."""
        super().server_close()
        with self.sockets_lock:
            threads, self.handler_threads = self.handler_threads, []
        for thread in threads:
            thread.join(timeout=10)

    def close_open_sockets(self) -> None:
        """Shut every open connection down (wakes handler threads blocked on reads)."""
        with self.sockets_lock:
            for sock in self.open_sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: LoopbackHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log (the simulator keeps its own)."""

    def _serve(self) -> None:
        raw_length = self.headers.get("Content-Length") or "0"
        length = int(raw_length) if raw_length.isdigit() else -1
        refusal = (
            (411, "send Content-Length (chunked bodies are not supported)")
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
            else (400, "bad Content-Length")
            if length < 0
            else (413, "request body too large")
            if length > _MAX_BODY
            else None
        )
        if refusal is not None:
            self.close_connection = True
            self._write(SimResponse.text(refusal[1], refusal[0]))
            return
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        req = SimRequest(
            method=self.command,
            path=parts.path or "/",
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        response = self.server.sim.handle(req)
        if response is None:  # dropped: close the socket without a byte
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._write(response)

    def _write(self, response: SimResponse) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
            self.wfile.flush()
        except OSError:  # the client went away (timed out, closed early)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve
