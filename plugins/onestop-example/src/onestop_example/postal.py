"""A tiny postal adapter: the skeleton of the tutorial "Write your first adapter".

It talks to a MyVNPost-like API (the ``VnpostSimulator`` of
:mod:`onestop_core.testing.simulators`) with the toolkit of :mod:`onestop_core.adapters`:
:class:`~onestop_core.adapters.HttpClient` for HTTP, :func:`~onestop_core.adapters.call_with_retry`
for retries and the one re-login, the typed errors, :func:`~onestop_core.adapters.myvnpost_state`
for status codes and :func:`~onestop_core.adapters.verify_standard_webhook` for callbacks.
It passes the postal contract (``tests/test_postal_contract.py``). It is a skeleton: it
keeps its orders in memory and is not registered by the plugin. For VNPost itself use the
``onestop-vnpost`` package.

>>> from onestop_core.testing.simulators import VnpostSimulator
>>> with VnpostSimulator() as sim:
...     post = ExamplePostAdapter(sim.url, username="sim-user", password="sim-pass",
...                               customer_code="SIM-CUST", secrets=[])
...     post.login()
...     post.close()
>>> post.token
'SIMTOKEN-000001'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from onestop_core.adapters import (
    AuthError,
    BusinessError,
    HttpClient,
    PayloadValidationError,
    PushReceipt,
    Quote,
    RetryPolicy,
    Shipment,
    ShipmentReceipt,
    TrackingEvent,
    call_with_retry,
    myvnpost_state,
    parse_remote_time,
    verify_standard_webhook,
)

__all__ = ["ExamplePostAdapter"]

API = "/customer-partner/"


class ExamplePostAdapter:
    """A :class:`~onestop_core.adapters.PostalAdapter` for a MyVNPost-like carrier."""

    carrier = "example-post"

    def __init__(
        self,
        base_url: str,
        *,
        username: str,
        password: str,
        customer_code: str,
        secrets: Sequence[str],
        retry: RetryPolicy | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.http = HttpClient(base_url=base_url, system=self.carrier)
        self.retry = retry or RetryPolicy()
        self.secrets = list(secrets)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.token: str | None = None
        self.orders: dict[str, str] = {}  # item code -> the carrier's order id
        self._credentials = {
            "username": username,
            "password": password,
            "customerCode": customer_code,
        }

    def close(self) -> None:
        """Close the HTTP client."""
        self.http.close()

    # -- one call: a token, retries, one re-login, typed errors -------------------------------
    def login(self) -> None:
        """Get a token; refused credentials are an AuthError."""
        doc = self.http.post(API + "GetAccessToken", json=self._credentials).json()
        if not doc.get("success"):
            raise AuthError("login refused", system=self.carrier)
        self.token = doc["token"]

    def _call(self, method: str, operation: str, *, key: str | None = None, **kw: Any) -> Any:
        """Call ``operation``; return (answer, attempts)."""

        def attempt(n: int) -> tuple[Any, int]:
            if self.token is None:
                self.login()
            response = self.http.request(
                method,
                API + operation,
                headers={"token": self.token or ""},
                idempotency_key=key,  # the same on every attempt
                accept=(400, 404, 409, 422),  # the carrier's error envelope: read it
                retry=False,  # call_with_retry below does the retrying
                **kw,
            )
            doc = response.json()
            if response.status_code >= 400:
                raise BusinessError(
                    f"{operation} refused",
                    code=str(doc.get("errorCode", response.status_code)),
                    remote_message=str(doc.get("errorMessage", "")),
                    system=self.carrier,
                )
            return doc, n

        return call_with_retry(attempt, policy=self.retry, relogin=self.login, name=operation)

    # -- the PostalAdapter methods -----------------------------------------------------------
    def quote(self, shipment: Shipment) -> Quote:
        """The price of ``shipment``."""
        body = {"serviceCode": shipment.service_code, "weight": shipment.weight_g}
        doc, _ = self._call("POST", "ServicesCharge", json=body)
        return Quote(
            carrier=self.carrier, service_code=shipment.service_code, fee_vnd=doc["mainFee"]
        )

    def create_shipment(self, shipment: Shipment, *, idempotency_key: str) -> ShipmentReceipt:
        """Order the leg; the carrier answers a repeated key with the same order."""
        info = {
            "senderName": shipment.sender.name,
            "senderPhone": shipment.sender.phone,
            "senderAddress": shipment.sender.address.detail,
            "receiverName": shipment.receiver.name,
            "receiverPhone": shipment.receiver.phone,
            "receiverAddress": shipment.receiver.address.detail,
            "serviceCode": shipment.service_code,
            "saleOrderCode": shipment.order_number,
            "weight": str(shipment.weight_g),
        }
        body = {"orderCreationStatus": 1, "type": "GUI", "informationOrder": info}
        doc, attempts = self._call("POST", "CreateOrder", key=idempotency_key, json=body)
        self.orders[doc["itemCode"]] = doc["originalID"]
        return ShipmentReceipt(
            carrier=self.carrier,
            item_code=doc["itemCode"],
            order_number=shipment.order_number,
            idempotency_key=idempotency_key,
            carrier_order_id=doc["originalID"],
            attempts=attempts,
        )

    def cancel_shipment(self, item_code: str, *, reason: str) -> PushReceipt:
        """Cancel an order this adapter created (the carrier cancels by its order id)."""
        key = f"cancel:{item_code}"
        doc, attempts = self._call(
            "POST", "orderCancel", key=key, json={"OriginalId": self.orders[item_code]}
        )
        case = str(doc[0]["caseId"]) if doc else ""
        return PushReceipt(
            ok=True, system=self.carrier, idempotency_key=key, remote_id=case, attempts=attempts
        )

    def _event(self, item_code: str, status: Any, at: str) -> TrackingEvent:
        return TrackingEvent(
            carrier=self.carrier,
            item_code=item_code,
            code_raw=str(status),
            normalized=myvnpost_state(status),
            occurred_at=parse_remote_time(at),  # local time without offset -> +07:00
        )

    def track(self, item_code: str) -> list[TrackingEvent]:
        """The current status (the carrier keeps no history)."""
        doc, _ = self._call("GET", "getOrder", params={"type": "1", "code": item_code})
        return [self._event(item_code, r["status"], r["updatedDate"]) for r in doc["results"]]

    def parse_callback(
        self, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> list[TrackingEvent]:
        """Verify the signature on the raw bytes first; only then read the body."""
        verify_standard_webhook(headers, body, self.secrets, now=self.clock())
        try:
            event = json.loads(body)
            return [self._event(event["item_code"], event["status"], event["occurred_at"])]
        except (ValueError, KeyError, TypeError):
            raise PayloadValidationError("not a tracking event", path="body") from None
