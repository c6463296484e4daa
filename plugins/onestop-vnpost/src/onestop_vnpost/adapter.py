"""``VnpostAdapter``: MyVNPost "Connect" as an onestop_core postal adapter (BCCI).

It implements :class:`onestop_core.adapters.PostalAdapter` over the toolkit:

* **auth** — ``GetAccessToken`` ``{username, password, customerCode}`` gives a token sent in
  the ``token`` header; a 401 (expired token) leads to exactly one new login and one more
  attempt (:func:`~onestop_core.adapters.call_with_retry`);
* **retries** — timeouts, connection errors, 429 and 5xx are retried with full jitter and
  ``Retry-After`` (the adapter's :class:`~onestop_core.adapters.RetryPolicy`); business
  errors (``{"success": false, "errorCode"}``) and invalid requests never are;
* **idempotent creation** — every attempt of one creation carries the same
  ``Idempotency-Key``; the :mod:`~onestop_vnpost.ledger` looks the order number up before
  (re-)creating, so a creation whose answer was lost is replayed with its original key and
  an order already made is returned, not made again;
* **tracking** — :meth:`~VnpostAdapter.track` polls ``getOrder`` (the current status);
  :meth:`~VnpostAdapter.parse_callback` verifies our relay's Standard Webhooks signature
  *before* reading the body, then returns the events;
* **privacy** — it logs through :func:`onestop_core.adapters.get_logger` (masked) and never
  logs names, phones, addresses, the password or the token.

>>> from onestop_core.adapters import Address, Party, ShipmentLeg
>>> from onestop_core.testing.simulators import VnpostSimulator
>>> from onestop_vnpost import VnpostConfig, bcci_shipment
>>> result = bcci_shipment(ShipmentLeg.DELIVER_RESULT, dossier_code="000.00.06.H56-261120-0001",
...     agency=Party(name="UBND phường Ba Đình", phone="0983000111", org_code="000.00.06.H56",
...                  address=Address(province_code="01", ward_code="00004", detail="Số 1")),
...     applicant=Party(name="Nguyễn Văn An", phone="0912345678",
...                     address=Address(province_code="01", ward_code="00004", detail="Số 12")),
...     weight_g=200, service_code="ETN011")
>>> with VnpostSimulator() as sim:
...     config = VnpostConfig(base_url=sim.url, username="sim-user", password="sim-pass",
...                           customer_code="SIM-CUST")
...     with VnpostAdapter(config) as vnpost:
...         receipt = vnpost.create_shipment(result, idempotency_key="k-1")
...         again = vnpost.create_shipment(result, idempotency_key="k-1")
...         states = [e.normalized.value for e in vnpost.track(receipt.item_code)]
>>> receipt.item_code == again.item_code, receipt.order_number, states
(True, '000.00.06.H56-261120-0001-KQ', ['created'])
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self

from onestop_core.adapters import (
    AdapterError,
    AuthError,
    BusinessError,
    CallbackRejected,
    HttpClient,
    IdempotencyConflictError,
    PushReceipt,
    Quote,
    RetryPolicy,
    Shipment,
    ShipmentReceipt,
    TrackingEvent,
    TrackingState,
    TransientError,
    call_with_retry,
    get_logger,
    idempotency_key_for,
    new_correlation_id,
    verify_standard_webhook,
)

from onestop_vnpost import wire
from onestop_vnpost.config import VnpostConfig
from onestop_vnpost.ledger import LedgerEntry, MemoryShipmentLedger, ShipmentLedger

__all__ = ["VnpostAdapter"]

log = get_logger("vnpost")
#: Error statuses MyVNPost answers with its JSON envelope (read it instead of raising).
_ENVELOPE_STATUSES = (400, 404, 409, 422)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class VnpostAdapter:
    """The VNPost postal adapter (``carrier = "vnpost"``); build one per configuration.

    Args:
        config: endpoints, credentials and callback secrets.
        http: an :class:`~onestop_core.adapters.HttpClient` to use (tests, shared pools);
            by default one is built from ``config`` and closed by :meth:`close`.
        retry: the retry policy (default: the toolkit's, 4 attempts with full jitter).
        ledger: where orders are recorded before they are sent (default: in memory; use
            :class:`~onestop_vnpost.ledger.SQLiteShipmentLedger` in production so the
            look-up before re-creating survives a restart).
        clock: aware "now", for the callback timestamp check (default: the system clock).
    """

    carrier = wire.CARRIER

    def __init__(
        self,
        config: VnpostConfig,
        *,
        http: HttpClient | None = None,
        retry: RetryPolicy | None = None,
        ledger: ShipmentLedger | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.config = config
        self._owns_http = http is None
        self.http = http or HttpClient(
            base_url=config.base_url.rstrip("/"),
            system=wire.CARRIER,
            timeout=config.timeouts,
            max_response_bytes=config.max_response_bytes,
        )
        self.retry = retry or RetryPolicy()
        self.ledger: ShipmentLedger = ledger if ledger is not None else MemoryShipmentLedger()
        self._clock = clock or _utc_now
        self._token: str | None = None
        self._token_lock = threading.Lock()
        #: How many logins this adapter made (the first one included).
        self.logins = 0

    def __repr__(self) -> str:
        return f"VnpostAdapter(base_url={self.config.base_url!r}, logged_in={self.logged_in})"

    # -- session ---------------------------------------------------------------------------
    @property
    def logged_in(self) -> bool:
        """Whether the adapter holds a token (it may have expired remotely)."""
        return self._token is not None

    def login(self) -> str:
        """Get a new token (``GetAccessToken``); refused credentials raise AuthError."""
        with self._token_lock:
            response = self.http.post(
                wire.PATH_PREFIX + "GetAccessToken",
                json={
                    "username": self.config.username,
                    "password": self.config.password,
                    "customerCode": self.config.customer_code,
                },
                accept=_ENVELOPE_STATUSES,
                retry=self.retry,
            )
            doc = response.json()
            token = doc.get("token") if isinstance(doc, Mapping) else None
            if response.status_code >= 400 or not isinstance(token, str) or not token:
                self._token = None
                raise AuthError(
                    f"VNPost refused the credentials of customer {self.config.customer_code}",
                    status_code=response.status_code,
                    system=wire.CARRIER,
                    operation="GetAccessToken",
                )
            self._token = token
            self.logins += 1
            log.info("logged in to VNPost as customer %s", self.config.customer_code)
            return token

    def _relogin(self) -> None:
        self._token = None
        self.login()

    def close(self) -> None:
        """Close the HTTP client if the adapter built it."""
        if self._owns_http:
            self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- one API call ----------------------------------------------------------------------
    def _call(
        self,
        method: str,
        operation: str,
        *,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        key: str | None = None,
        unanswered: list[int] | None = None,
    ) -> tuple[Any, int]:
        """Call ``operation`` with retries and one re-login; return (answer, attempts).

        The numbers of the attempts that got no answer (timeouts, dropped connections,
        5xx: the remote may have acted on them) are appended to ``unanswered``.
        """
        correlation_id = new_correlation_id()
        path = wire.PATH_PREFIX + operation

        def attempt(n: int) -> tuple[Any, int]:
            token = self._token or self.login()
            try:
                response = self.http.request(
                    method,
                    path,
                    json=body,
                    params=params,
                    headers={"token": token},
                    idempotency_key=key,
                    correlation_id=correlation_id,
                    accept=_ENVELOPE_STATUSES,
                    retry=False,
                )
            except TransientError:
                if unanswered is not None:
                    unanswered.append(n)
                raise
            doc = response.json()
            error = wire.envelope_error(
                response.status_code, doc, operation=operation, idempotency_key=key or ""
            )
            if error is not None:
                raise error
            return doc, n

        return call_with_retry(
            attempt, policy=self.retry, relogin=self._relogin, name=f"vnpost {operation}"
        )

    def _body_options(self) -> dict[str, Any]:
        return {
            "default_service_code": self.config.default_service_code,
            "province_code": self.config.carrier_province,
        }

    # -- PostalAdapter -----------------------------------------------------------------------
    def quote(self, shipment: Shipment) -> Quote:
        """The price of ``shipment`` (``ServicesCharge``); nothing is ordered."""
        body = wire.quote_body(shipment, **self._body_options())
        doc, _ = self._call("POST", "ServicesCharge", body=body)
        return wire.quote_from(doc, body["serviceCode"])

    def find_shipment(self, order_number: str) -> ShipmentReceipt | None:
        """The order already created for ``order_number``, if the ledger knows one."""
        entry = self.ledger.get(order_number)
        if entry is None or entry.state != "created":
            return None
        return entry.receipt(idempotency_key=entry.idempotency_key)

    def create_shipment(self, shipment: Shipment, *, idempotency_key: str) -> ShipmentReceipt:
        """Order the leg (``CreateOrder``) once, whatever happens to the answers.

        The ledger is looked up by order number first: an order already created is returned
        without a request (``attempts=0``); a creation whose answer never came is replayed
        with the key it was first sent with, even if the caller lost that key and passes
        a new one. The receipt repeats the ``idempotency_key`` given. An order number whose
        unfinished or finished creation had *other* content raises
        :class:`~onestop_core.errors.IdempotencyConflictError` (cancel the first order, or
        :meth:`~onestop_vnpost.ledger.ShipmentLedger.abandon` a creation you know failed).
        """
        body = wire.create_order_body(shipment, **self._body_options())
        fingerprint = wire.fingerprint(body)
        order = shipment.order_number
        entry = self.ledger.begin(order, idempotency_key, fingerprint)
        if entry.fingerprint and entry.fingerprint != fingerprint:
            raise IdempotencyConflictError(
                f"order {order} was already {'created' if entry.item_code else 'sent'} with "
                "other content",
                key=entry.idempotency_key,
                system=wire.CARRIER,
                operation="CreateOrder",
            )
        if entry.state == "created":
            log.info("order %s exists (item %s); not created again", order, entry.item_code)
            return entry.receipt(idempotency_key=idempotency_key)
        if entry.idempotency_key != idempotency_key:
            log.warning(
                "order %s: an earlier creation got no answer; replaying it with its own key",
                order,
            )
        return self._create(shipment, body, entry, idempotency_key)

    def _create(
        self, shipment: Shipment, body: dict[str, Any], entry: LedgerEntry, given_key: str
    ) -> ShipmentReceipt:
        order = shipment.order_number
        unanswered: list[int] = []
        try:
            doc, attempts = self._call(
                "POST", "CreateOrder", body=body, key=entry.idempotency_key, unanswered=unanswered
            )
        except (TransientError, IdempotencyConflictError):
            raise  # outcome unknown, or the key is in use: keep the pending entry
        except AdapterError:
            if not unanswered:  # every attempt was answered, and refused: nothing was created
                self.ledger.abandon(order)
            raise
        receipt = wire.receipt_from_created(
            doc, shipment, idempotency_key=given_key, attempts=attempts
        )
        self.ledger.complete(receipt)
        log.info("order %s created: item %s (%d attempt(s))", order, receipt.item_code, attempts)
        return receipt

    def cancel_shipment(self, item_code: str, *, reason: str) -> PushReceipt:
        """Cancel an order not yet picked up (``orderCancel``).

        MyVNPost cancels by its order id, which the ledger knows from the item code; it has
        no field for ``reason`` (keep the reason in your own records). Cancelling an order
        that is already cancelled succeeds; one already picked up raises BusinessError.
        """
        entry = self.ledger.by_item(item_code)
        if entry is None or not entry.carrier_order_id:
            raise BusinessError(
                f"VNPost item {item_code} is not in this adapter's ledger: its order id is "
                "unknown, so it cannot be cancelled here",
                code="UNKNOWN_ITEM",
                system=wire.CARRIER,
                operation="orderCancel",
            )
        key = idempotency_key_for(wire.CARRIER, "cancel", item_code)
        try:
            doc, attempts = self._call(
                "POST", "orderCancel", body={"OriginalId": entry.carrier_order_id}, key=key
            )
        except BusinessError as refused:
            if self._state(item_code) is not TrackingState.CANCELLED:
                raise
            log.info("item %s was already cancelled", item_code)
            doc, attempts = [], refused.attempts or 1
            code_raw = refused.code
        else:
            code_raw = ""
        self.ledger.mark_cancelled(entry.order_number)
        return PushReceipt(
            ok=True,
            system=wire.CARRIER,
            idempotency_key=key,
            remote_id=wire.cancel_case_id(doc),
            code_raw=code_raw,
            attempts=attempts,
        )

    def _state(self, item_code: str) -> TrackingState | None:
        events = self.track(item_code)
        return events[-1].normalized if events else None

    def track(self, item_code: str) -> list[TrackingEvent]:
        """The item's status as MyVNPost reports it now (``getOrder``), as tracking events.

        ``getOrder`` gives the current status only, so polling yields one event per change
        seen; the callbacks carry every step. Events have the same derived ``event_id`` by
        either path, so a :class:`~onestop_core.adapters.CallbackInbox` recognises one
        status seen twice. An unknown item gives no events.
        """
        doc, _ = self._call("GET", "getOrder", params={"type": "1", "code": item_code})
        entry = self.ledger.by_item(item_code)
        return wire.events_from_orders(
            doc, item_code, order_number=entry.order_number if entry else None
        )

    def parse_callback(
        self, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> list[TrackingEvent]:
        """Verify a relay callback (Standard Webhooks), and only then read its events.

        Raises :class:`~onestop_core.errors.CallbackRejected` (answer its ``status_code``)
        for a missing, stale or wrong signature, and
        :class:`~onestop_core.errors.PayloadValidationError` (answer 400) for a verified
        body that is not a tracking event. ``query`` is not used by this dialect.
        """
        if not self.config.callback_secrets:
            raise CallbackRejected(
                "no callback secret is configured: every callback is refused",
                reason="not-configured",
                status_code=503,
                system=wire.CARRIER,
            )
        msg_id = verify_standard_webhook(
            headers,
            body,
            self.config.callback_secrets,
            now=self._clock(),
            tolerance=self.config.callback_tolerance,
        )
        events = wire.events_from_callback(body, order_number_of=self._order_number_of)
        log.debug("callback %s verified: %d event(s)", msg_id, len(events))
        return events

    def _order_number_of(self, item_code: str) -> str | None:
        entry = self.ledger.by_item(item_code)
        return entry.order_number if entry else None
