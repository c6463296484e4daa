"""Injected faults: what a simulator does to the next matching request instead of answering.

A fault is queued for a *route selector* and consumed in order, one per matching request
(``times`` copies of it). Selectors are matched case-insensitively, most specific first:

* an operation name (a DVCQG ``service`` such as ``"DongBoHoSoMC"``, a VNPost endpoint name
  such as ``"CreateOrder"``),
* ``"POST /integration"`` (method and path),
* ``"/integration"`` (path),
* ``"*"`` (any request except the control plane).

Fault fields (the JSON of ``POST /__sim/faults``; one *effect* per fault):

=====================  ===============================================================
``status``             answer this HTTP status (text body); qualifies ``body``,
                       ``error_code``, ``retry_after`` and ``oversized``
``error_code``         a business error in the simulator's envelope (``message``)
``retry_after``        429 (or ``status``) with ``Retry-After: n``
``timeout``            ``true`` (the server's ``timeout_sleep``) or seconds: stall, then
                       close without answering
``drop``               close the connection without a byte
``body``               this raw text (``content_type``, default ``text/plain``)
``oversized``          a valid JSON body of exactly this many bytes
``delay``              sleep first, then answer (combines with any effect)
``expire_session``     revoke the request's session/token first, then serve normally
``commit``             process the request (state changes kept) before the effect
``times``              how many matching requests the fault hits (default 1)
=====================  ===============================================================

>>> f = Fault.from_dict({"status": 503, "times": 2})
>>> (f.effect, f.status, f.times)
('status', 503, 2)
>>> q = FaultQueue()
>>> q.add("*", f)
>>> [q.take(["/auth", "*"]).status for _ in range(2)], q.take(["*"])
([503, 503], None)
>>> Fault.from_dict({"drop": True, "bogus": 1})
Traceback (most recent call last):
...
onestop_core.testing.simulators.faults.FaultSpecError: unknown fault field(s): bogus
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from onestop_core.errors import OnestopError
from onestop_core.testing.simulators.wire import SimResponse

__all__ = ["EFFECTS", "Fault", "FaultQueue", "FaultSpecError", "render_fault"]

#: Effects in priority order (a fault has at most one; ``delay``, ``commit`` and
#: ``expire_session`` combine with any of them).
EFFECTS = ("drop", "timeout", "retry_after", "oversized", "body", "error_code", "status")
_FIELDS = frozenset(
    {*EFFECTS, "delay", "commit", "expire_session", "times", "message", "content_type", "route"}
)


class FaultSpecError(OnestopError, ValueError):
    """A fault description is malformed (unknown field, wrong type, two effects)."""


def _number(spec: Mapping[str, Any], key: str) -> float | None:
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise FaultSpecError(f"fault field {key!r} must be a non-negative number, got {value!r}")
    return float(value)


@dataclasses.dataclass(frozen=True)
class Fault:
    """One injected fault. Build it with :meth:`from_dict` (the control-plane JSON shape).

    ``commit=True`` lets the request be processed (state changes kept) before the fault
    replaces the answer: "the server did it but the client never heard".
    """

    effect: str | None = None
    status: int | None = None
    error_code: int | str | None = None
    message: str | None = None
    delay: float = 0.0
    timeout: float | None = None
    retry_after: int | None = None
    body: str | None = None
    content_type: str = "text/plain; charset=utf-8"
    oversized: int | None = None
    expire_session: bool = False
    commit: bool = False
    times: int = 1

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any], *, default_timeout: float = 5.0) -> Fault:
        """Validate a fault dict (see the module docs for the fields)."""
        unknown = sorted(set(spec) - _FIELDS)
        if unknown:
            raise FaultSpecError(f"unknown fault field(s): {', '.join(unknown)}")
        effects = [e for e in EFFECTS if spec.get(e) is not None and spec.get(e) is not False]
        if "status" in effects and len(effects) > 1 and not {"drop", "timeout"} & set(effects):
            effects.remove("status")  # status qualifies retry_after, oversized, body, error_code
        if len(effects) > 1:
            raise FaultSpecError(f"a fault has one effect, got {', '.join(effects)}")
        times = spec.get("times", 1)
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise FaultSpecError(f"fault field 'times' must be a positive integer, got {times!r}")
        status = spec.get("status")
        if status is not None and (
            isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599
        ):
            raise FaultSpecError(f"fault field 'status' must be an HTTP status, got {status!r}")
        timeout: float | None = None
        if spec.get("timeout") is True:
            timeout = default_timeout
        elif spec.get("timeout") is not None and spec.get("timeout") is not False:
            timeout = _number(spec, "timeout")
        retry_after = _number(spec, "retry_after")
        oversized = _number(spec, "oversized")
        code = spec.get("error_code")
        if code is not None and (isinstance(code, bool) or not isinstance(code, int | str)):
            raise FaultSpecError(f"fault field 'error_code' must be a number or string: {code!r}")
        for key in ("body", "message", "content_type"):
            if spec.get(key) is not None and not isinstance(spec[key], str):
                raise FaultSpecError(f"fault field {key!r} must be a string")
        return cls(
            effect=effects[0] if effects else None,
            status=status,
            error_code=code,
            message=spec.get("message"),
            delay=_number(spec, "delay") or 0.0,
            timeout=timeout,
            retry_after=None if retry_after is None else int(retry_after),
            body=spec.get("body"),
            content_type=spec.get("content_type") or "text/plain; charset=utf-8",
            oversized=None if oversized is None else int(oversized),
            expire_session=bool(spec.get("expire_session", False)),
            commit=bool(spec.get("commit", False)),
            times=times,
        )

    def to_dict(self) -> dict[str, Any]:
        """The non-default fields, for ``GET /__sim/state``."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != f.default
        }


class FaultQueue:
    """Thread-safe queues of faults keyed by lower-cased route selector."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque[list[Any]]] = {}

    def add(self, route: str, fault: Any) -> None:
        """Queue ``fault`` (any object with a ``times`` attribute) for ``route``."""
        with self._lock:
            self._queues.setdefault(route.strip().lower(), deque()).append([fault, fault.times])

    def take(self, keys: Iterable[str]) -> Any | None:
        """Consume one fault for the first selector in ``keys`` that has one queued."""
        with self._lock:
            for key in keys:
                queue = self._queues.get(key.lower())
                if queue:
                    entry = queue[0]
                    entry[1] -= 1
                    if entry[1] <= 0:
                        queue.popleft()
                    return entry[0]
        return None

    def clear(self, route: str | None = None) -> None:
        """Drop every queued fault (or only those of ``route``)."""
        with self._lock:
            if route is None:
                self._queues.clear()
            else:
                self._queues.pop(route.strip().lower(), None)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Pending faults per selector, with the remaining count as ``times``."""
        with self._lock:
            return {
                key: [{**entry[0].to_dict(), "times": entry[1]} for entry in queue]
                for key, queue in self._queues.items()
                if queue
            }


def render_fault(
    fault: Fault, business_error: Callable[[Fault], SimResponse]
) -> SimResponse | None:
    """The answer a fault's effect gives (``None``: close the connection without one).

    >>> render_fault(Fault.from_dict({"retry_after": 2}), print).headers["Retry-After"]
    '2'
    """
    if fault.effect in ("drop", "timeout"):
        return None
    if fault.effect == "retry_after":
        return SimResponse(
            fault.status or 429,
            b'{"message": "Too Many Requests"}',
            {"Content-Type": "application/json", "Retry-After": str(fault.retry_after)},
        )
    if fault.effect == "oversized":
        head, tail = b'{"error_code": 0, "padding": "', b'"}'
        pad = max(0, (fault.oversized or 0) - len(head) - len(tail))
        body = head + b"x" * pad + tail
        return SimResponse(fault.status or 200, body, {"Content-Type": "application/json"})
    if fault.effect == "body":
        return SimResponse.text(fault.body or "", fault.status or 200, fault.content_type)
    if fault.effect == "error_code":
        return business_error(fault)
    status = fault.status or 500
    return SimResponse.text(f"HTTP {status} (simulated)", status)
