"""A tiny HTTP server framework for test simulators (standard library only).

:class:`SimulatorServer` runs a :class:`http.server.ThreadingHTTPServer` on ``127.0.0.1`` and an
ephemeral port in a daemon thread. Subclasses register routes (method + path, matched
case-insensitively) whose handlers take a :class:`SimRequest` and return a :class:`SimResponse`
(or raise :class:`Reply`). Every emulated request is logged, may be hit by a queued
:class:`~onestop_core.testing.simulators.faults.Fault`, and runs under one lock, so state
changes are serialised. The clock is simulated: it moves only when told to.

Control plane (test-only, same host and port, never logged, never faulted):

========================  ==================================================================
``POST /__sim/reset``     forget state, faults, the request log; clock back to the start
``POST /__sim/faults``    queue a fault ``{"route": "*", ...}`` or a list of them
``GET /__sim/faults``     pending faults per route
``DELETE /__sim/faults``  clear faults (``?route=`` for one route)
``GET /__sim/state``      the simulator's state (personal data and secrets masked)
``GET /__sim/requests``   the request log, masked (``?path=`` filters)
``POST /__sim/advance``   ``{"seconds": n}`` or ``{"to": ISO-8601}``, plus simulator extras
========================  ==================================================================

The server only ever binds to ``127.0.0.1``: there is no host parameter.

>>> with SimulatorServer() as sim:
...     sim.url.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import traceback
from collections.abc import Callable, Mapping
from http import HTTPStatus
from types import TracebackType
from typing import Any, ClassVar, Literal, Self, overload

from onestop_core.testing.simulators.faults import Fault, FaultQueue, FaultSpecError, render_fault
from onestop_core.testing.simulators.redact import redact
from onestop_core.testing.simulators.wire import (
    DEFAULT_START,
    LOCALHOST,
    VN_OFFSET,
    Handler,
    LoggedRequest,
    LoopbackHTTPServer,
    Reply,
    SimRequest,
    SimResponse,
    SimulationError,
)

__all__ = [
    "DEFAULT_START",
    "LOCALHOST",
    "VN_OFFSET",
    "Handler",
    "LoggedRequest",
    "Reply",
    "SimRequest",
    "SimResponse",
    "SimulationError",
    "SimulatorServer",
]


@dataclasses.dataclass
class _Route:
    handler: Handler
    op: str | None


class SimulatorServer:
    """Base class: lifecycle, routing, request log, clock, faults and the control plane.

    ``timeout_sleep`` is how long a ``{"timeout": true}`` fault stalls (use a client
    timeout well below it); stopping the server cuts every stall short.
    """

    name: ClassVar[str] = "simulator"
    #: HTTP status used for ``error_code`` faults (DVCQG answers business errors with 200).
    business_error_status: ClassVar[int] = 200

    def __init__(
        self, *, start_time: dt.datetime = DEFAULT_START, timeout_sleep: float = 5.0
    ) -> None:
        if start_time.tzinfo is None:
            raise SimulationError("start_time must be timezone-aware")
        self.start_time = start_time.astimezone(VN_OFFSET)
        self.timeout_sleep = timeout_sleep
        self.lock = threading.RLock()
        self.faults = FaultQueue()
        self.request_log: list[LoggedRequest] = []
        #: Exceptions raised by handlers (simulator bugs); each also produced an HTTP 500.
        self.errors: list[str] = []
        self._now = self.start_time
        self._routes: dict[tuple[str, str], _Route] = {}
        self._control: dict[tuple[str, str], Callable[[SimRequest], Any]] = {}
        self._deferred = threading.local()
        self._stopping = threading.Event()
        self._httpd: LoopbackHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._register_control()

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> Self:
        """Bind ``127.0.0.1:0`` and serve in a daemon thread; returns ``self``."""
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._httpd = LoopbackHTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.005},
            name=f"{self.name}-sim-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut stalled requests and open connections, join every thread."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.close_open_sockets()
        httpd.server_close()
        thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._httpd is not None

    @property
    def address(self) -> tuple[str, int]:
        """The bound ``(host, port)``; the host is always ``127.0.0.1``."""
        if self._httpd is None:
            raise SimulationError(f"{self.name} simulator is not running")
        host, port = self._httpd.socket.getsockname()[:2]
        return str(host), int(port)

    @property
    def port(self) -> int:
        """The ephemeral port."""
        return self.address[1]

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        host, port = self.address
        return f"http://{host}:{port}"

    def sleep(self, seconds: float) -> None:
        """A real sleep that :meth:`stop` interrupts."""
        self._stopping.wait(seconds)

    # -- clock -----------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        """The simulated local time (aware, UTC+07:00)."""
        with self.lock:
            return self._now

    def set_now(self, when: dt.datetime) -> None:
        """Set the simulated clock (it may go backwards: tests decide)."""
        if when.tzinfo is None:
            raise SimulationError("the simulated clock needs an aware datetime")
        with self.lock:
            self._now = when.astimezone(VN_OFFSET)

    def advance_clock(self, seconds: float) -> dt.datetime:
        """Move the clock forward and return the new time."""
        with self.lock:
            self._now += dt.timedelta(seconds=seconds)
            return self._now

    # -- state, faults, log ----------------------------------------------------------------
    def reset(self) -> None:
        """Forget state, faults and the request log; clock back to ``start_time``."""
        with self.lock:
            self.faults.clear()
            self.request_log.clear()
            self.errors.clear()
            self._now = self.start_time
            self.reset_state()

    def reset_state(self) -> None:
        """Subclasses: clear emulated state."""

    def state(self) -> dict[str, Any]:
        """Subclasses: the emulated state as JSON-ready data (unmasked)."""
        return {}

    def export_state(self) -> dict[str, Any]:
        """What ``GET /__sim/state`` returns: :meth:`state` masked, plus clock and faults."""
        with self.lock:
            data = redact(self.state())
        return {
            "simulator": self.name,
            "now": self.now().isoformat(),
            "faults": self.faults.snapshot(),
            **data,
        }

    def add_fault(
        self, route: str = "*", fault: Fault | Mapping[str, Any] | None = None, **spec: Any
    ) -> None:
        """Queue a fault for ``route``: ``sim.add_fault("DongBoHoSoMC", status=503, times=2)``."""
        parsed = self.parse_fault(route, spec if fault is None else fault)
        if parsed is not None:  # None: the subclass queued it elsewhere (e.g. callbacks)
            self.faults.add(route, parsed)

    def parse_fault(self, route: str, fault: Fault | Mapping[str, Any]) -> Any:
        """Subclasses may accept other fault kinds for special routes (e.g. callbacks)."""
        if isinstance(fault, Fault):
            return fault
        return Fault.from_dict(fault, default_timeout=self.timeout_sleep)

    def clear_faults(self, route: str | None = None) -> None:
        """Drop queued faults (all, or those of ``route``)."""
        self.faults.clear(route)

    @overload
    def requests(
        self, *, masked: Literal[True] = ..., path: str | None = None
    ) -> list[dict[str, Any]]: ...
    @overload
    def requests(
        self, *, masked: Literal[False], path: str | None = None
    ) -> list[LoggedRequest]: ...
    def requests(
        self, *, masked: bool = True, path: str | None = None
    ) -> list[dict[str, Any]] | list[LoggedRequest]:
        """The request log: exported dicts (masked) or, with ``masked=False``, raw entries."""
        with self.lock:
            log = [r for r in self.request_log if path is None or r.path.lower() == path.lower()]
        return [r.export() for r in log] if masked else log

    def defer(self, action: Callable[[], None]) -> None:
        """Run ``action`` after the current handler released the lock (e.g. send callbacks)."""
        pending: list[Callable[[], None]] = getattr(self._deferred, "actions", [])
        pending.append(action)
        self._deferred.actions = pending

    def _run_deferred(self) -> None:
        actions: list[Callable[[], None]] = getattr(self._deferred, "actions", [])
        self._deferred.actions = []
        for action in actions:
            action()

    # -- routing ---------------------------------------------------------------------------
    def add_route(self, method: str, path: str, handler: Handler, *, op: str | None = None) -> None:
        """Serve ``method path`` with ``handler``; ``op`` is an extra fault selector."""
        self._routes[(method.upper(), path.lower())] = _Route(handler, op)

    def add_control(self, method: str, name: str, handler: Callable[[SimRequest], Any]) -> None:
        """Add ``/__sim/<name>``; the handler returns JSON-ready data."""
        self._control[(method.upper(), f"/__sim/{name}".lower())] = handler

    def route_keys(self, req: SimRequest, op: str | None) -> list[str]:
        """Fault selectors of ``req``, most specific first (subclasses prepend their own)."""
        return [*([op] if op else []), f"{req.method} {req.path}", req.path, "*"]

    def business_error(self, fault: Fault) -> SimResponse:
        """The answer to an ``error_code`` fault (subclasses use their vendor envelope)."""
        body = {"error_code": fault.error_code, "message": fault.message or "Lỗi (giả lập)"}
        return SimResponse.json(body, fault.status or self.business_error_status)

    def expire_auth(self, req: SimRequest) -> None:
        """Subclasses: invalidate the session or token ``req`` carries."""

    def handle(self, req: SimRequest) -> SimResponse | None:
        """Serve one request (called on a server thread); ``None`` drops the connection."""
        if req.path.lower().startswith("/__sim/"):
            return self._handle_control(req)
        route = self._routes.get((req.method.upper(), req.path.lower()))
        keys = self.route_keys(req, route.op if route else None)
        with self.lock:
            entry = LoggedRequest(
                len(self.request_log) + 1,
                self._now,
                req.method,
                req.path,
                req.query,
                req.headers,
                req.body,
                keys,
            )
            self.request_log.append(entry)
        if route is None:
            entry.status = 405 if any(p == req.path.lower() for _, p in self._routes) else 404
            return SimResponse.json({"message": HTTPStatus(entry.status).phrase}, entry.status)
        fault: Fault | None = self.faults.take(keys)
        response: SimResponse | None = None
        if fault is not None and fault.delay:
            self.sleep(fault.delay)
        if fault is not None and fault.expire_session:
            with self.lock:
                self.expire_auth(req)
        if fault is None or fault.effect is None or fault.commit:
            response = self._call(route.handler, req)
        if fault is not None and fault.effect is not None:
            entry.fault = fault.effect
            if fault.effect == "timeout":
                self.sleep(fault.timeout or 0.0)
            response = render_fault(fault, self.business_error)
        entry.status = response.status if response is not None else None
        return response

    def _call(self, handler: Handler, req: SimRequest) -> SimResponse:
        try:
            with self.lock:
                try:
                    response = handler(req)
                except Reply as reply:
                    response = reply.response
            self._run_deferred()
        except Exception:  # a simulator bug: answer 500 and keep the traceback for the test
            self._deferred.actions = []
            self.errors.append(traceback.format_exc())
            return SimResponse.text(f"simulator error:\n{self.errors[-1]}", 500)
        return response

    # -- control plane ---------------------------------------------------------------------
    def _handle_control(self, req: SimRequest) -> SimResponse:
        handler = self._control.get((req.method.upper(), req.path.lower()))
        if handler is None:
            return SimResponse.json({"ok": False, "error": "unknown control route"}, 404)
        try:
            result = handler(req)
            self._run_deferred()
        except (SimulationError, FaultSpecError, ValueError, TypeError) as exc:
            self._deferred.actions = []
            return SimResponse.json({"ok": False, "error": str(exc)}, 400)
        return SimResponse.json(result)

    def _register_control(self) -> None:
        def body(req: SimRequest) -> Any:
            return req.json() if req.body else {}

        def add_faults(req: SimRequest) -> dict[str, Any]:
            specs = body(req)
            for spec in specs if isinstance(specs, list) else [specs]:
                if not isinstance(spec, dict):
                    raise SimulationError("a fault is a JSON object")
                self.add_fault(
                    str(spec.get("route", "*")), {k: v for k, v in spec.items() if k != "route"}
                )
            return {"ok": True, "faults": self.faults.snapshot()}

        def clear(req: SimRequest) -> dict[str, Any]:
            self.clear_faults(req.query.get("route"))
            return {"ok": True, "faults": self.faults.snapshot()}

        def advance(req: SimRequest) -> dict[str, Any]:
            params = body(req)
            if not isinstance(params, dict):
                raise SimulationError("advance takes a JSON object")
            return {"ok": True, **self.advance_from(params), "now": self.now().isoformat()}

        def reset(req: SimRequest) -> dict[str, Any]:
            self.reset()
            return {"ok": True}

        self.add_control("POST", "reset", reset)
        self.add_control("POST", "faults", add_faults)
        self.add_control("DELETE", "faults", clear)
        self.add_control("GET", "faults", lambda req: {"faults": self.faults.snapshot()})
        self.add_control("GET", "state", lambda req: self.export_state())
        self.add_control(
            "GET", "requests", lambda req: {"requests": self.requests(path=req.query.get("path"))}
        )
        self.add_control("POST", "advance", advance)

    def advance_from(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /__sim/advance``: move the clock; subclasses handle extra keys."""
        if "to" in params:
            self.set_now(dt.datetime.fromisoformat(str(params["to"])))
        if "seconds" in params:
            seconds = params["seconds"]
            if isinstance(seconds, bool) or not isinstance(seconds, int | float):
                raise SimulationError("'seconds' must be a number")
            self.advance_clock(seconds)
        return {}
