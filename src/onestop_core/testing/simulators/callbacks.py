"""Tracking callbacks signed per Standard Webhooks, with injectable delivery faults.

Each event is POSTed as compact UTF-8 JSON with headers ``webhook-id`` (the event id; the
same on duplicates and retries), ``webhook-timestamp`` (Unix seconds, *wall* clock so real
receivers' tolerance checks work) and ``webhook-signature`` =
``v1,<base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}"))>``. The key is the base64-decoded
part of a ``whsec_...`` secret, or the secret's UTF-8 bytes otherwise.

Faults (queued for the route ``"callback"``): ``duplicate`` (send twice), ``reorder`` (hold
this event back and send it after the next one), ``tamper`` ``"signature"`` (signed with a
wrong key), ``"timestamp"`` (validly signed but ``stale_seconds`` old) or ``"body"`` (body
changed after signing), ``delay`` (seconds, real sleep), ``times``.

>>> sign_standard_webhook("whsec_c2VjcmV0", "evt_1", 1700000000, b"{}")
'v1,gcuLUJYfD9JQ2UlZMDEyUnqjiYF/KVJjsn3HLULsCj4='
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import http.client
import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from onestop_core.testing.simulators.faults import FaultQueue, FaultSpecError

__all__ = [
    "CallbackAttempt",
    "CallbackEmitter",
    "CallbackFault",
    "sign_standard_webhook",
    "webhook_key",
]

_TAMPER = (None, "signature", "timestamp", "body")


def webhook_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: base64, with or without ``whsec_``.

    The same rule as the receiving side (:func:`onestop_core.adapters.callbacks.webhook_key`),
    so a secret registered here always verifies there.
    """
    from onestop_core.adapters.callbacks import webhook_key as core_key

    return core_key(secret)


def sign_standard_webhook(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one message."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(webhook_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


@dataclasses.dataclass(frozen=True)
class CallbackFault:
    """One injected callback-delivery fault."""

    duplicate: bool = False
    reorder: bool = False
    tamper: str | None = None
    delay: float = 0.0
    times: int = 1

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> CallbackFault:
        """Validate ``{"duplicate"|"reorder"|"tamper"|"delay", "times"}``."""
        unknown = sorted(set(spec) - {"duplicate", "reorder", "tamper", "delay", "times", "route"})
        if unknown:
            raise FaultSpecError(f"unknown callback fault field(s): {', '.join(unknown)}")
        if spec.get("tamper") not in _TAMPER:
            raise FaultSpecError("callback 'tamper' is 'signature', 'timestamp' or 'body'")
        times, delay = spec.get("times", 1), spec.get("delay", 0.0)
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise FaultSpecError("callback fault 'times' must be a positive integer")
        if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
            raise FaultSpecError("callback fault 'delay' must be a non-negative number")
        return cls(
            bool(spec.get("duplicate")),
            bool(spec.get("reorder")),
            spec.get("tamper"),
            float(delay),
            times,
        )

    def to_dict(self) -> dict[str, Any]:
        """The non-default fields."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != f.default
        }


@dataclasses.dataclass
class CallbackAttempt:
    """One POST to the receiver and what it answered."""

    event_id: str
    attempt: int
    url: str
    status: int | None
    error: str | None
    response_body: str
    tamper: str | None
    duplicate: bool
    timestamp: int


@dataclasses.dataclass
class _Target:
    url: str
    secret: str
    max_attempts: int
    retry_delay: float
    timeout: float
    stale_seconds: int


class CallbackEmitter:
    """Sends events to one registered URL; records every attempt in :attr:`attempts`."""

    def __init__(
        self, sleep: Callable[[float], None], wall_clock: Callable[[], float] = time.time
    ) -> None:
        self.sleep, self.wall_clock = sleep, wall_clock
        self.faults = FaultQueue()
        self.attempts: list[CallbackAttempt] = []
        self.held: list[tuple[dict[str, Any], CallbackFault | None]] = []
        self.target: _Target | None = None
        self._lock = threading.Lock()

    def register(
        self,
        url: str,
        secret: str,
        *,
        dialect: str = "standard_webhooks",
        max_attempts: int = 3,
        retry_delay: float = 0.0,
        timeout: float = 2.0,
        stale_seconds: int = 600,
    ) -> None:
        """Send future events to ``url``; non-2xx answers are retried up to ``max_attempts``."""
        if dialect != "standard_webhooks":
            raise ValueError(f"callback dialect {dialect!r} is not supported")
        if urlsplit(url).scheme not in ("http", "https") or max_attempts < 1:
            raise ValueError("callbacks need an http(s) URL and max_attempts >= 1")
        webhook_key(secret)  # fail now on a malformed whsec_ secret
        self.target = _Target(url, secret, max_attempts, retry_delay, timeout, stale_seconds)

    def reset(self) -> None:
        """Forget the target, faults, held events and attempts."""
        with self._lock:
            self.target = None
            self.faults.clear()
            self.attempts.clear()
            self.held.clear()

    def emit(self, events: list[dict[str, Any]]) -> None:
        """Deliver ``events`` in order, applying queued faults (no-op without a target)."""
        with self._lock:
            for event in events:
                if self.target is None:
                    return
                fault: CallbackFault | None = self.faults.take(["callback"])
                if fault is not None and fault.delay:
                    self.sleep(fault.delay)
                if fault is not None and fault.reorder and not self.held:
                    self.held.append((event, fault))
                    continue
                self._deliver(event, fault, duplicate=False)
                if fault is not None and fault.duplicate:
                    self._deliver(event, fault, duplicate=True)
                self._release_held()

    def flush(self) -> None:
        """Send events still held back by a ``reorder`` fault."""
        with self._lock:
            self._release_held()

    def _release_held(self) -> None:
        while self.held and self.target is not None:
            event, fault = self.held.pop(0)
            self._deliver(event, fault, duplicate=False)

    def _deliver(
        self, event: dict[str, Any], fault: CallbackFault | None, *, duplicate: bool
    ) -> None:
        target = self.target
        assert target is not None
        tamper = fault.tamper if fault is not None else None
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        msg_id = str(event["event_id"])
        for attempt in range(1, target.max_attempts + 1):
            ts = int(self.wall_clock()) - (target.stale_seconds if tamper == "timestamp" else 0)
            key = (
                "whsec_" + base64.b64encode(b"not-the-secret").decode()
                if tamper == "signature"
                else target.secret
            )
            signature = sign_standard_webhook(key, msg_id, ts, body)
            sent = body
            if tamper == "body":
                sent = json.dumps(
                    {**event, "status": 14, "status_text": "Đã giao hàng"},
                    ensure_ascii=False,
                    separators=(",", ":"),
                ).encode("utf-8")
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "onestop-sim-vnpost",
                "webhook-id": msg_id,
                "webhook-timestamp": str(ts),
                "webhook-signature": signature,
            }
            status, text, error = _post(target.url, sent, headers, target.timeout)
            self.attempts.append(
                CallbackAttempt(
                    msg_id, attempt, target.url, status, error, text, tamper, duplicate, ts
                )
            )
            if status is not None and 200 <= status < 300:
                return
            if attempt < target.max_attempts and target.retry_delay:
                self.sleep(target.retry_delay)


def _post(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int | None, str, str | None]:
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", path, body, headers)
        resp = conn.getresponse()
        text = resp.read(4096).decode("utf-8", "replace")
        return resp.status, text[:500], None
    except (OSError, http.client.HTTPException) as exc:
        return None, "", f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
