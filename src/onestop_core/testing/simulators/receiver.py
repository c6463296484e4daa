"""A callback receiver for tests: records every POST to ``/callbacks`` and answers 200.

Make it fail with the ordinary fault queue: ``receiver.add_fault("/callbacks", status=500)``.

>>> with CallbackReceiver() as rx:
...     rx.callback_url.endswith("/callbacks")
True
"""

from __future__ import annotations

from typing import Any, ClassVar

from onestop_core.testing.simulators.base import SimulatorServer
from onestop_core.testing.simulators.wire import LoggedRequest, SimResponse

__all__ = ["CallbackReceiver"]


class CallbackReceiver(SimulatorServer):
    """Accepts ``POST /callbacks``; :meth:`received` lists what it answered with 2xx."""

    name: ClassVar[str] = "receiver"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_route("POST", "/callbacks", lambda req: SimResponse.json({"ok": True}))

    @property
    def callback_url(self) -> str:
        """The URL to register with a simulator."""
        return self.url + "/callbacks"

    def received(self, *, accepted_only: bool = True) -> list[LoggedRequest]:
        """Raw deliveries in arrival order (only those answered 2xx unless told otherwise)."""
        log = self.requests(masked=False, path="/callbacks")
        if not accepted_only:
            return log
        return [r for r in log if r.status is not None and 200 <= r.status < 300]
