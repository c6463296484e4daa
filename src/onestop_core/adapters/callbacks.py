"""Inbound callbacks: verify before parsing, then deduplicate and drop out-of-order events.

Verification works on the raw body bytes and headers only and raises
:class:`~onestop_core.errors.CallbackRejected` (with the HTTP status to answer) before
anything is parsed:

* :func:`verify_standard_webhook` — the Standard Webhooks scheme we use for our own relay
  (``integrations.md`` §6.1): ``webhook-id``, ``webhook-timestamp`` (Unix seconds, within
  ``tolerance`` of ``now``) and ``webhook-signature``, a space-separated list of
  ``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>``; several secrets allow key
  rotation; secrets are ``whsec_<base64>`` strings (or raw key bytes);
* :func:`verify_header_token` (a shared token in a header, VTP/GHN style),
  :func:`verify_query_secret` (``?hash=`` in the URL, GHTK style) and
  :func:`verify_body_hmac` (base64 HMAC of the body in a header, Goship style) for carrier
  dialects; every comparison is constant-time.

:class:`CallbackInbox` then records each event by id: a repeated id is a DUPLICATE, an event
older than the latest applied one for the same shipment or dossier is OUT_OF_ORDER
(recorded, not applied).

>>> import datetime as dt
>>> secret = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHM="
>>> now = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
>>> headers = sign_standard_webhook("msg_1", now, b'{"ok":true}', secret)
>>> verify_standard_webhook(headers, b'{"ok":true}', [secret], now=now)
'msg_1'
>>> verify_standard_webhook(headers, b'{"ok":false}', [secret], now=now)
Traceback (most recent call last):
...
onestop_core.errors.CallbackRejected: webhook msg_1: no valid v1 signature
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final

from onestop_core._sqlite import Migration, SQLiteFile, statements, to_text
from onestop_core._time import ensure_aware
from onestop_core.adapters.serialization import to_dict
from onestop_core.adapters.shipments import TrackingEvent
from onestop_core.errors import AdapterConfigError, CallbackRejected

__all__ = [
    "DEFAULT_TOLERANCE",
    "MAX_CALLBACK_BYTES",
    "CallbackDecision",
    "CallbackInbox",
    "generate_webhook_secret",
    "sign_standard_webhook",
    "verify_body_hmac",
    "verify_header_token",
    "verify_query_secret",
    "verify_standard_webhook",
    "webhook_key",
]

#: Five minutes either way, as the Standard Webhooks scheme recommends.
DEFAULT_TOLERANCE: Final = 300
#: Callback bodies above one MiB are refused unread.
MAX_CALLBACK_BYTES: Final = 1024 * 1024
_PREFIX: Final = "whsec_"

Secret = str | bytes


def webhook_key(secret: Secret) -> bytes:
    """The HMAC key of a secret: ``whsec_<base64>`` (prefix optional) or raw bytes.

    >>> webhook_key("whsec_c2VjcmV0")
    b'secret'
    """
    if isinstance(secret, bytes):
        key = secret
    else:
        text = secret[len(_PREFIX) :] if secret.startswith(_PREFIX) else secret
        try:
            key = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise AdapterConfigError("a webhook secret must be whsec_ followed by base64") from None
    if not key:
        raise AdapterConfigError("a webhook secret must not be empty")
    return key


def generate_webhook_secret(nbytes: int = 32) -> str:
    """A new random ``whsec_`` secret of ``nbytes`` random bytes.

    >>> generate_webhook_secret().startswith("whsec_")
    True
    """
    return _PREFIX + base64.b64encode(os.urandom(nbytes)).decode()


def _signature(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def _secrets(secrets: Secret | Sequence[Secret]) -> list[bytes]:
    items = [secrets] if isinstance(secrets, str | bytes) else list(secrets)
    if not items:
        raise AdapterConfigError("no webhook secret configured")
    return [webhook_key(s) for s in items]


def sign_standard_webhook(
    msg_id: str, timestamp: dt.datetime | int, body: bytes, secret: Secret
) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` (for our relay and for tests).

    >>> sorted(sign_standard_webhook("msg_1", 1700000000, b"{}", "whsec_c2VjcmV0"))
    ['webhook-id', 'webhook-signature', 'webhook-timestamp']
    """
    ts = str(int(timestamp.timestamp()) if isinstance(timestamp, dt.datetime) else int(timestamp))
    signature = _signature(webhook_key(secret), msg_id, ts, body)
    return {"webhook-id": msg_id, "webhook-timestamp": ts, "webhook-signature": f"v1,{signature}"}


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _check_size(body: bytes, max_bytes: int) -> None:
    if len(body) > max_bytes:
        raise CallbackRejected(
            f"callback body of {len(body)} bytes exceeds {max_bytes}",
            reason="too-large",
            status_code=413,
        )


def verify_standard_webhook(
    headers: Mapping[str, str],
    body: bytes,
    secrets: Secret | Sequence[Secret],
    *,
    now: dt.datetime,
    tolerance: float = DEFAULT_TOLERANCE,
    max_bytes: int = MAX_CALLBACK_BYTES,
) -> str:
    """Check a Standard Webhooks callback and return its ``webhook-id``; parse nothing.

    Raises CallbackRejected with ``reason`` ``missing-header``, ``bad-timestamp``,
    ``stale`` (older than ``tolerance`` seconds), ``future`` (newer), ``too-large`` or
    ``bad-signature`` (no ``v1`` signature matches any of ``secrets``).

    >>> import datetime as dt
    >>> now = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
    >>> old = sign_standard_webhook("msg_1", now - dt.timedelta(minutes=6), b"{}", "whsec_c2VjcmV0")
    >>> verify_standard_webhook(old, b"{}", "whsec_c2VjcmV0", now=now)
    Traceback (most recent call last):
    ...
    onestop_core.errors.CallbackRejected: webhook msg_1: timestamp 360 s old, more than the 300 s \
allowed
    """
    now = ensure_aware(now, name="now")
    _check_size(body, max_bytes)
    h = _lower(headers)
    msg_id, timestamp, signatures = (
        h.get("webhook-id", ""),
        h.get("webhook-timestamp", ""),
        h.get("webhook-signature", ""),
    )
    if not (msg_id and timestamp and signatures):
        missing = [
            n
            for n, v in (("id", msg_id), ("timestamp", timestamp), ("signature", signatures))
            if not v
        ]
        raise CallbackRejected(
            f"webhook without {', '.join('webhook-' + m for m in missing)} header",
            reason="missing-header",
        )
    if not timestamp.isdigit():
        raise CallbackRejected(f"webhook {msg_id}: malformed timestamp", reason="bad-timestamp")
    skew = now.timestamp() - int(timestamp)
    if abs(skew) > tolerance:
        raise CallbackRejected(
            f"webhook {msg_id}: timestamp {abs(int(skew))} s {'old' if skew > 0 else 'ahead'}, "
            f"more than the {tolerance:g} s allowed",
            reason="stale" if skew > 0 else "future",
        )
    expected = [_signature(key, msg_id, timestamp, body) for key in _secrets(secrets)]
    for part in signatures.split():
        version, _, value = part.partition(",")
        if version != "v1":
            continue
        for candidate in expected:
            if hmac.compare_digest(value.encode(), candidate.encode()):
                return msg_id
    raise CallbackRejected(f"webhook {msg_id}: no valid v1 signature", reason="bad-signature")


def _match(given: str, accepted: str | Sequence[str]) -> bool:
    options = [accepted] if isinstance(accepted, str) else list(accepted)
    if not options or not all(options):
        raise AdapterConfigError("no callback token or secret configured")
    ok = False
    for option in options:  # compare against every option, so timing says nothing
        ok |= hmac.compare_digest(given.encode(), option.encode())
    return ok


def verify_header_token(headers: Mapping[str, str], name: str, tokens: str | Sequence[str]) -> None:
    """Check that header ``name`` carries one of ``tokens`` (constant-time).

    >>> verify_header_token({"Token": "t-1"}, "token", ["t-0", "t-1"])
    >>> verify_header_token({}, "token", "t-1")
    Traceback (most recent call last):
    ...
    onestop_core.errors.CallbackRejected: callback without the token header
    """
    given = _lower(headers).get(name.lower(), "")
    if not given:
        raise CallbackRejected(f"callback without the {name} header", reason="missing-header")
    if not _match(given, tokens):
        raise CallbackRejected(f"callback with a wrong {name} header", reason="bad-token")


def verify_query_secret(
    query: Mapping[str, str], secrets: str | Sequence[str], *, param: str = "hash"
) -> None:
    """Check that the URL query parameter ``param`` is one of ``secrets`` (GHTK's ``?hash=``).

    A secret in a URL ends up in access logs: pair it with HTTPS and an IP allow-list.

    >>> verify_query_secret({"hash": "s3cret"}, "s3cret")
    """
    given = query.get(param, "")
    if not given:
        raise CallbackRejected(f"callback without the {param!r} parameter", reason="missing-query")
    if not _match(given, secrets):
        raise CallbackRejected(f"callback with a wrong {param!r} parameter", reason="bad-token")


def verify_body_hmac(
    headers: Mapping[str, str],
    body: bytes,
    secrets: Secret | Sequence[Secret],
    *,
    header: str,
    max_bytes: int = MAX_CALLBACK_BYTES,
) -> None:
    """Check ``header`` = base64(HMAC-SHA256(key, body)) for one of ``secrets`` (raw keys
    as bytes, or text used as UTF-8).

    >>> import base64, hashlib, hmac
    >>> sig = base64.b64encode(hmac.new(b"k", b"{}", hashlib.sha256).digest()).decode()
    >>> verify_body_hmac({"X-Sig": sig}, b"{}", b"k", header="x-sig")
    """
    _check_size(body, max_bytes)
    given = _lower(headers).get(header.lower(), "")
    if not given:
        raise CallbackRejected(f"callback without the {header} header", reason="missing-header")
    items = [secrets] if isinstance(secrets, str | bytes) else list(secrets)
    keys = [s if isinstance(s, bytes) else s.encode() for s in items]
    digests = [base64.b64encode(hmac.new(k, body, hashlib.sha256).digest()).decode() for k in keys]
    if not _match(given.strip(), digests):
        raise CallbackRejected(f"callback with a wrong {header} signature", reason="bad-signature")


# -- the inbox --------------------------------------------------------------------------------
class CallbackDecision(enum.Enum):
    """What to do with a received event.

    >>> CallbackDecision.DUPLICATE.applies
    False
    """

    APPLY = "apply"  # new and not older than what was applied: act on it
    DUPLICATE = "duplicate"  # seen before: acknowledge, do nothing
    OUT_OF_ORDER = "out_of_order"  # older than the latest applied for its key: recorded only

    @property
    def applies(self) -> bool:
        """True only for APPLY."""
        return self is CallbackDecision.APPLY


_V1: Final = (
    """CREATE TABLE inbox_events (
        event_id    TEXT    PRIMARY KEY,
        key         TEXT    NOT NULL,
        occurred_at TEXT    NOT NULL,
        received_at TEXT    NOT NULL,
        decision    TEXT    NOT NULL,
        duplicates  INTEGER NOT NULL DEFAULT 0,
        payload     TEXT    NOT NULL DEFAULT '{}'
    ) WITHOUT ROWID""",
    "CREATE INDEX inbox_events_key ON inbox_events (key, occurred_at)",
    """CREATE TABLE inbox_latest (
        key         TEXT PRIMARY KEY,
        event_id    TEXT NOT NULL,
        occurred_at TEXT NOT NULL
    ) WITHOUT ROWID""",
)


class CallbackInbox(SQLiteFile):
    """Received events by id, in a SQLite file (or in memory: the default ``":memory:"``).

    ``key`` groups events that must apply in time order: a shipment (carrier and item
    code) or a dossier code. Events with equal times all apply.

    >>> import datetime as dt
    >>> inbox = CallbackInbox()
    >>> t = lambda h: dt.datetime(2026, 11, 20, h, tzinfo=dt.UTC)
    >>> [inbox.record(i, "vnpost:BK1VN", at).value for i, at in
    ...  [("e2", t(10)), ("e2", t(10)), ("e1", t(9)), ("e3", t(11))]]
    ['apply', 'duplicate', 'out_of_order', 'apply']
    >>> inbox.close()
    """

    migrations: ClassVar[tuple[Migration, ...]] = (statements(*_V1),)
    label: ClassVar[str] = "callback inbox"

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        clock: Callable[[], dt.datetime] | None = None,
        busy_timeout: float = 30.0,
    ) -> None:
        super().__init__(path, busy_timeout=busy_timeout)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def record(
        self,
        event_id: str,
        key: str,
        occurred_at: dt.datetime,
        *,
        payload: Mapping[str, Any] | None = None,
    ) -> CallbackDecision:
        """Record one event and say whether to apply it (one transaction).

        >>> import datetime as dt
        >>> with CallbackInbox() as inbox:
        ...     inbox.record("e1", "hs-1", dt.datetime(2026, 11, 20, tzinfo=dt.UTC)).value
        'apply'
        """
        at = to_text(ensure_aware(occurred_at, name="occurred_at"))
        received = to_text(self._clock())
        body = json.dumps(dict(payload or {}), ensure_ascii=False, sort_keys=True, default=str)
        with self._begin() as conn:
            cursor = conn.execute(
                "UPDATE inbox_events SET duplicates = duplicates + 1 WHERE event_id = ?",
                (event_id,),
            )
            if cursor.rowcount:
                return CallbackDecision.DUPLICATE
            latest = conn.execute(
                "SELECT occurred_at FROM inbox_latest WHERE key = ?", (key,)
            ).fetchone()
            decision = (
                CallbackDecision.OUT_OF_ORDER
                if latest is not None and at < latest[0]
                else CallbackDecision.APPLY
            )
            conn.execute(
                "INSERT INTO inbox_events (event_id, key, occurred_at, received_at, decision, "
                "payload) VALUES (?, ?, ?, ?, ?, ?)",
                (event_id, key, at, received, decision.value, body),
            )
            if decision.applies:
                conn.execute(
                    "INSERT INTO inbox_latest (key, event_id, occurred_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET event_id = excluded.event_id, "
                    "occurred_at = excluded.occurred_at",
                    (key, event_id, at),
                )
        return decision

    def decision_of(self, event_id: str) -> CallbackDecision | None:
        """The decision recorded the first time ``event_id`` arrived (None if never seen).

        >>> import datetime as dt
        >>> with CallbackInbox() as inbox:
        ...     _ = inbox.record("e1", "hs-1", dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
        ...     inbox.decision_of("e1").value, inbox.decision_of("e9")
        ('apply', None)
        """
        with self._lock:
            row = self._conn.execute(
                "SELECT decision FROM inbox_events WHERE event_id = ?", (event_id,)
            ).fetchone()
        return None if row is None else CallbackDecision(row[0])

    def release(self, event_id: str) -> bool:
        """Forget ``event_id`` because applying it failed: its redelivery is then new.

        Record first, apply, and release on failure — so a crash or error between the two
        never turns the carrier's retry into an ignored duplicate. Returns whether the event
        was known.

        >>> import datetime as dt
        >>> t = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
        >>> with CallbackInbox() as inbox:
        ...     _ = inbox.record("e1", "hs-1", t)
        ...     inbox.release("e1"), inbox.record("e1", "hs-1", t).value
        (True, 'apply')
        """
        with self._begin() as conn:
            row = conn.execute(
                "SELECT key, decision FROM inbox_events WHERE event_id = ?", (event_id,)
            ).fetchone()
            if row is None:
                return False
            key, decision = row
            conn.execute("DELETE FROM inbox_events WHERE event_id = ?", (event_id,))
            if decision == CallbackDecision.APPLY.value:
                latest = conn.execute(
                    "SELECT event_id, occurred_at FROM inbox_events WHERE key = ? AND "
                    "decision = 'apply' ORDER BY occurred_at DESC LIMIT 1",
                    (key,),
                ).fetchone()
                if latest is None:
                    conn.execute("DELETE FROM inbox_latest WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "UPDATE inbox_latest SET event_id = ?, occurred_at = ? WHERE key = ?",
                        (latest[0], latest[1], key),
                    )
        return True

    def accept(
        self, events: Iterable[TrackingEvent]
    ) -> list[tuple[TrackingEvent, CallbackDecision]]:
        """Record tracking events (keyed by carrier and item code), oldest first.

        >>> import datetime as dt
        >>> from onestop_core.adapters.shipments import TrackingState
        >>> e = TrackingEvent(carrier="vnpost", item_code="EE123456785VN", code_raw="14",
        ...     normalized=TrackingState.DELIVERED,
        ...     occurred_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
        >>> with CallbackInbox() as inbox:
        ...     [d.value for _, d in inbox.accept([e, e])]
        ['apply', 'duplicate']
        """
        ordered = sorted(events, key=lambda e: e.occurred_at)
        return [
            (
                e,
                self.record(
                    e.event_id, f"{e.carrier}:{e.item_code}", e.occurred_at, payload=to_dict(e)
                ),
            )
            for e in ordered
        ]

    def counts(self) -> dict[str, int]:
        """Events recorded per decision, and the duplicates received.

        >>> with CallbackInbox() as inbox:
        ...     inbox.counts()
        {'apply': 0, 'duplicate': 0, 'out_of_order': 0}
        """
        out = dict.fromkeys((d.value for d in CallbackDecision), 0)
        with self._lock:
            for decision, count, dups in self._conn.execute(
                "SELECT decision, count(*), sum(duplicates) FROM inbox_events GROUP BY decision"
            ):
                out[decision] = int(count)
                out[CallbackDecision.DUPLICATE.value] += int(dups or 0)
        return out
