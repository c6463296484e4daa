"""Sessions and tokens issued by the simulators, with expiry by use count or simulated time.

>>> import datetime as dt
>>> t0 = dt.datetime(2026, 11, 20, 8, tzinfo=dt.timezone.utc)
>>> logins = Logins("SIMSESS", max_calls=1)
>>> token = logins.issue(t0)
>>> token, logins.use(token, t0), logins.use(token, t0), len(logins)
('SIMSESS-000001', True, False, 0)
"""

from __future__ import annotations

import datetime as dt

__all__ = ["Logins"]


class Logins:
    """Issued credentials; each dies after ``max_calls`` uses or ``ttl`` seconds (None: never)."""

    def __init__(
        self, prefix: str, *, ttl: float | None = None, max_calls: int | None = None
    ) -> None:
        self.prefix, self.ttl, self.max_calls = prefix, ttl, max_calls
        self._issued: dict[str, tuple[dt.datetime, int]] = {}
        self._seq = 0

    def issue(self, now: dt.datetime) -> str:
        """A new credential (deterministic: ``<prefix>-000001``, ``-000002`` …)."""
        self._seq += 1
        token = f"{self.prefix}-{self._seq:06d}"
        self._issued[token] = (now, 0)
        return token

    def use(self, token: object, now: dt.datetime) -> bool:
        """Count one call with ``token``; ``False`` (and forget it) if unknown or expired."""
        if not isinstance(token, str) or token not in self._issued:
            return False
        issued_at, calls = self._issued[token]
        calls += 1
        expired = (self.max_calls is not None and calls > self.max_calls) or (
            self.ttl is not None and (now - issued_at).total_seconds() >= self.ttl
        )
        if expired:
            del self._issued[token]
            return False
        self._issued[token] = (issued_at, calls)
        return True

    def revoke(self, token: object) -> None:
        """Forget ``token`` (an injected ``expire_session`` fault)."""
        if isinstance(token, str):
            self._issued.pop(token, None)

    def clear(self) -> None:
        """Forget everything and restart the numbering."""
        self._issued.clear()
        self._seq = 0

    def __len__(self) -> int:
        return len(self._issued)
