"""A client for the control plane (``/__sim/...``), standard library only.

Tests usually call the simulator's Python methods directly; :class:`SimControl` goes over
the socket instead, exactly as an out-of-process test harness would.

>>> from onestop_core.testing.simulators.dvcqg import DvcqgSimulator
>>> with DvcqgSimulator() as sim:
...     ctl = SimControl(sim.url)
...     ctl.add_fault("DongBoHoSoMC", status=503, times=2)
...     ctl.faults()
{'dongbohosomc': [{'effect': 'status', 'status': 503, 'times': 2}]}
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

from onestop_core.testing.simulators.wire import SimulationError

__all__ = ["SimControl"]


class SimControl:
    """Talks to one simulator's control plane at ``base_url`` (``http://127.0.0.1:<port>``)."""

    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or parts.hostname != "127.0.0.1":
            raise SimulationError(f"the control plane lives on http://127.0.0.1, not {base_url}")
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        self._host, self._port = parts.hostname, parts.port

    def call(
        self, method: str, name: str, body: Any = None, query: dict[str, str] | None = None
    ) -> Any:
        """``METHOD /__sim/<name>``; returns the JSON answer or raises :class:`SimulationError`."""
        path = f"/__sim/{name}" + (f"?{urlencode(query)}" if query else "")
        payload = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        conn = http.client.HTTPConnection(
            self._host or "127.0.0.1", self._port, timeout=self.timeout
        )
        try:
            conn.request(method, path, payload, headers)
            resp = conn.getresponse()
            status, data = resp.status, json.loads(resp.read().decode("utf-8"))
        finally:
            conn.close()
        if status != 200:
            raise SimulationError(f"{method} {path} → {status}: {data.get('error', data)}")
        return data

    def reset(self) -> None:
        """``POST /__sim/reset``."""
        self.call("POST", "reset")

    def add_fault(self, route: str = "*", **spec: Any) -> None:
        """``POST /__sim/faults`` with one fault."""
        self.call("POST", "faults", {"route": route, **spec})

    def clear_faults(self, route: str | None = None) -> None:
        """``DELETE /__sim/faults``."""
        self.call("DELETE", "faults", query={"route": route} if route else None)

    def faults(self) -> dict[str, Any]:
        """``GET /__sim/faults``: pending faults per route."""
        result: dict[str, Any] = self.call("GET", "faults")["faults"]
        return result

    def state(self) -> dict[str, Any]:
        """``GET /__sim/state`` (masked)."""
        result: dict[str, Any] = self.call("GET", "state")
        return result

    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        """``GET /__sim/requests`` (masked)."""
        result: list[dict[str, Any]] = self.call(
            "GET", "requests", query={"path": path} if path else None
        )["requests"]
        return result

    def advance(self, **params: Any) -> dict[str, Any]:
        """``POST /__sim/advance``: ``seconds``/``to``; VNPost ``item_code, scenario, steps``."""
        result: dict[str, Any] = self.call("POST", "advance", params)
        return result

    def register_callback(self, url: str, secret: str, **options: Any) -> None:
        """VNPost only: ``POST /__sim/callback``."""
        self.call("POST", "callback", {"url": url, "secret": secret, **options})

    def callback_attempts(self) -> list[dict[str, Any]]:
        """VNPost only: ``GET /__sim/callbacks``."""
        result: list[dict[str, Any]] = self.call("GET", "callbacks")["attempts"]
        return result
