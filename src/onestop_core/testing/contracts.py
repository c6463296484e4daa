"""The contract every adapter keeps: a pytest test class to subclass.

Subclass :class:`AdapterContractTests` in your adapter's tests (name the subclass
``Test…`` so pytest collects it), set ``kind`` and implement the hooks; pytest then runs
the contract tests of that kind against your adapter. Each test gets a fresh instance, so
keep the fake remote's state on ``self`` (build it in :meth:`make_adapter`)::

    class TestMyPostalAdapter(AdapterContractTests):
        kind = "postal"

        def make_adapter(self):
            self.remote = FakeCarrier()            # your MockTransport handler or simulator
            http = HttpClient.from_handler(self.remote.handle, retry=fast_retry_policy())
            return MyPostalAdapter(http)

        def inject_fault(self, fault, *, times=1):
            self.remote.fail_next(fault.value, times)

        def remote_write_count(self):
            return self.remote.writes

        def remote_records(self, key):
            return self.remote.count(key)

        def signed_callback(self, item_code):
            return self.remote.callback_for(item_code)

The contract (``integrations.md`` §6, §7.2): national adapters upsert idempotently (the same
key twice leaves one remote dossier), their receipts carry the key, business errors are not
retried, transient errors are (within bounds), an auth error leads to one re-login; postal
adapters create shipments idempotently, cancel, return normalised tracking events, and
verify callbacks before parsing them. ``remote_write_count`` must count the remote's
write calls only (upsert and progress; create), failed ones included. A hook left
unimplemented (``NotImplementedError``) skips the tests that need it.

>>> sorted(n for n in vars(AdapterContractTests) if n.startswith("test_national"))[:2]
['test_national_catalogue_is_a_list_of_records', 'test_national_is_a_national_portal_adapter']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, ClassVar

import pytest

from onestop_core._time import VN_TZ
from onestop_core.adapters.protocols import NationalPortalAdapter, PostalAdapter
from onestop_core.adapters.records import (
    Address,
    ApplicantRecord,
    DossierSyncPayload,
    Party,
    ProgressStep,
    PushReceipt,
    Quote,
    Shipment,
    ShipmentLeg,
    ShipmentReceipt,
    TrackingEvent,
    TrackingState,
)
from onestop_core.errors import (
    BusinessError,
    CallbackRejected,
    TransientError,
)
from onestop_core.procedures.enums import Channel
from onestop_core.testing import find_personal_data

__all__ = ["AdapterContractTests", "Fault", "sample_payload", "sample_shipment"]

#: Bound on write calls for a call that keeps failing transiently.
MAX_WRITES_PER_CALL = 10


class Fault(enum.Enum):
    """A failure the fake remote serves on its next write call(s).

    >>> [f.value for f in Fault]
    ['transient', 'business', 'auth']
    """

    TRANSIENT = "transient"  # e.g. HTTP 503, a timeout
    BUSINESS = "business"  # e.g. DVCQG error_code != 0, VNPost Status != "100"
    AUTH = "auth"  # the session or token expired: the adapter logs in again once


def sample_payload(code: str = "000.00.06.H56-261120-0001") -> DossierSyncPayload:
    """A complete dossier sync payload with fictitious personal data.

    >>> sample_payload().status
    2
    """
    received = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)
    return DossierSyncPayload(
        code=code,
        procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        agency_code="000.00.06.H56",
        receiving_agency_code="000.00.06.H56",
        channel=Channel.IN_PERSON,
        applicant=ApplicantRecord(
            name="Nguyễn Văn An", id_number="001204012345", phone="0912345678"
        ),
        summary="Xác nhận tình trạng hôn nhân",
        status=2,
        received_at=received,
        due_at=received + dt.timedelta(days=6),
        synced_at=received + dt.timedelta(minutes=5),
    )


def sample_shipment(code: str = "000.00.06.H56-261120-0001") -> Shipment:
    """The result of ``code`` to be delivered to the applicant (fictitious parties).

    >>> sample_shipment().order_number
    '000.00.06.H56-261120-0001-KQ'
    """
    return Shipment(
        dossier_code=code,
        leg=ShipmentLeg.DELIVER_RESULT,
        sender=Party(
            name="UBND phường Ba Đình",
            phone="02438251234",
            address=Address(province_code="01", ward_code="00004", detail="Số 1 Đội Cấn"),
            org_code="000.00.06.H56",
        ),
        receiver=Party(
            name="Nguyễn Văn An",
            phone="0912345678",
            address=Address(province_code="79", ward_code="26743", detail="Số 12 Lê Lợi"),
        ),
        weight_g=200,
        service_code="ETN011",
    )


_NATIONAL = "test_national_"
_POSTAL = "test_postal_"


class AdapterContractTests:
    """Contract tests for one adapter; subclass it (``Test…``) and implement the hooks.

    >>> class TestCarrier(AdapterContractTests):
    ...     kind = "postal"
    >>> TestCarrier.test_national_lookup_finds_the_upserted_dossier is None
    True
    """

    #: ``"national"`` or ``"postal"`` (provincial adapters have no contract yet).
    kind: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.kind:  # an intermediate base class of your own
            return
        if cls.kind not in ("national", "postal"):
            raise TypeError(f"{cls.__name__}.kind must be 'national' or 'postal'")
        other = _POSTAL if cls.kind == "national" else _NATIONAL
        for name in dir(cls):
            if name.startswith(other):
                setattr(cls, name, None)  # pytest collects callables only

    # -- hooks ---------------------------------------------------------------------------------
    def make_adapter(self) -> Any:
        """The adapter under test, wired to a fake remote (a fast retry policy, no sleeping)."""
        raise NotImplementedError

    def inject_fault(self, fault: Fault, *, times: int = 1) -> None:
        """Make the remote's next ``times`` write calls fail with ``fault``."""
        raise NotImplementedError

    def remote_write_count(self) -> int:
        """How many write calls the remote has received so far (failed ones included)."""
        raise NotImplementedError

    def remote_records(self, key: str) -> int:
        """How many remote dossiers have code ``key`` / shipments have order number ``key``."""
        raise NotImplementedError

    def signed_callback(self, item_code: str) -> tuple[Mapping[str, str], bytes, Mapping[str, str]]:
        """A valid callback (headers, raw body, query) reporting a status of ``item_code``."""
        raise NotImplementedError

    def payload(self) -> DossierSyncPayload:
        """The dossier the national tests push (override to fit your remote)."""
        return sample_payload()

    def shipment(self) -> Shipment:
        """The shipment the postal tests create (override to fit your remote)."""
        return sample_shipment()

    # -- helpers -------------------------------------------------------------------------------
    @pytest.fixture
    def adapter(self) -> Any:
        """The adapter of the current test."""
        return self.make_adapter()

    def _call(self, hook: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self, hook)(*args, **kwargs)
        except NotImplementedError:
            pytest.skip(f"{type(self).__name__}.{hook} is not implemented")

    def _write(self, adapter: Any, key: str) -> Any:
        if self.kind == "national":
            return adapter.upsert_dossier(self.payload(), idempotency_key=key)
        return adapter.create_shipment(self.shipment(), idempotency_key=key)

    def _assert_masked(self, value: object) -> None:
        leaks = find_personal_data(repr(value), known=["Nguyễn Văn An"])
        assert not leaks, f"repr holds personal data: {leaks}"

    # -- both kinds ----------------------------------------------------------------------------
    def test_business_error_is_not_retried(self, adapter: Any) -> None:
        self._call("inject_fault", Fault.BUSINESS)
        before = self._call("remote_write_count")
        with pytest.raises(BusinessError):
            self._write(adapter, "contract-business-1")
        assert self._call("remote_write_count") - before == 1

    def test_transient_error_is_retried(self, adapter: Any) -> None:
        self._call("inject_fault", Fault.TRANSIENT, times=2)
        before = self._call("remote_write_count")
        receipt = self._write(adapter, "contract-transient-1")
        assert self._call("remote_write_count") - before == 3
        assert receipt.attempts == 3

    def test_transient_retries_are_bounded(self, adapter: Any) -> None:
        self._call("inject_fault", Fault.TRANSIENT, times=100)
        before = self._call("remote_write_count")
        with pytest.raises(TransientError):
            self._write(adapter, "contract-transient-2")
        assert 1 < self._call("remote_write_count") - before <= MAX_WRITES_PER_CALL

    def test_auth_error_leads_to_one_relogin(self, adapter: Any) -> None:
        self._call("inject_fault", Fault.AUTH)
        receipt = self._write(adapter, "contract-auth-1")
        assert receipt.idempotency_key == "contract-auth-1"

    # -- national ------------------------------------------------------------------------------
    def test_national_is_a_national_portal_adapter(self, adapter: Any) -> None:
        assert isinstance(adapter, NationalPortalAdapter)
        assert adapter.system

    def test_national_upsert_twice_with_one_key_makes_one_remote_dossier(
        self, adapter: Any
    ) -> None:
        payload = self.payload()
        first = adapter.upsert_dossier(payload, idempotency_key="contract-upsert-1")
        second = adapter.upsert_dossier(payload, idempotency_key="contract-upsert-1")
        for receipt in (first, second):
            assert isinstance(receipt, PushReceipt)
            assert receipt.ok
            assert receipt.system == adapter.system
            assert receipt.idempotency_key == "contract-upsert-1"
            assert receipt.attempts >= 1
        assert self._call("remote_records", payload.code) == 1

    def test_national_progress_receipt_carries_the_key(self, adapter: Any) -> None:
        payload = self.payload()
        adapter.upsert_dossier(payload, idempotency_key="contract-upsert-2")
        step = ProgressStep(
            dossier_code=payload.code, status=4, at=payload.synced_at, actor_name="Trần Thị Bình"
        )
        receipt = adapter.push_progress(payload.code, [step], idempotency_key="contract-prog-1")
        assert receipt.ok
        assert receipt.idempotency_key == "contract-prog-1"
        self._assert_masked(receipt)

    def test_national_lookup_finds_the_upserted_dossier(self, adapter: Any) -> None:
        payload = self.payload()
        adapter.upsert_dossier(payload, idempotency_key="contract-upsert-3")
        assert adapter.lookup_dossier(payload.code) is not None
        assert adapter.lookup_dossier(payload.code + "-no-such") is None

    def test_national_catalogue_is_a_list_of_records(self, adapter: Any) -> None:
        records = adapter.fetch_catalogue("LayDanhMucCoQuan")
        assert isinstance(records, list)
        assert all(isinstance(r, dict) for r in records)

    # -- postal --------------------------------------------------------------------------------
    def test_postal_is_a_postal_adapter(self, adapter: Any) -> None:
        assert isinstance(adapter, PostalAdapter)
        assert adapter.carrier

    def test_postal_quote(self, adapter: Any) -> None:
        quote = adapter.quote(self.shipment())
        assert isinstance(quote, Quote)
        assert quote.carrier == adapter.carrier
        assert quote.fee_vnd >= 0

    def test_postal_create_is_idempotent(self, adapter: Any) -> None:
        shipment = self.shipment()
        first = adapter.create_shipment(shipment, idempotency_key="contract-create-1")
        second = adapter.create_shipment(shipment, idempotency_key="contract-create-1")
        assert isinstance(first, ShipmentReceipt)
        assert first.item_code == second.item_code
        assert first.order_number == shipment.order_number
        assert first.idempotency_key == second.idempotency_key == "contract-create-1"
        assert self._call("remote_records", shipment.order_number) == 1
        self._assert_masked(first)

    def test_postal_cancel(self, adapter: Any) -> None:
        receipt = adapter.create_shipment(self.shipment(), idempotency_key="contract-create-2")
        cancelled = adapter.cancel_shipment(receipt.item_code, reason="công dân nhận trực tiếp")
        assert isinstance(cancelled, PushReceipt)
        assert cancelled.ok

    def test_postal_track_returns_normalised_events(self, adapter: Any) -> None:
        receipt = adapter.create_shipment(self.shipment(), idempotency_key="contract-create-3")
        events = adapter.track(receipt.item_code)
        assert events, "a created shipment has at least one tracking event"
        for event in events:
            assert isinstance(event, TrackingEvent)
            assert event.item_code == receipt.item_code
            assert isinstance(event.normalized, TrackingState)
            assert event.occurred_at.tzinfo is not None
        times = [e.occurred_at for e in events]
        assert times == sorted(times)

    def test_postal_valid_callback_is_parsed(self, adapter: Any) -> None:
        receipt = adapter.create_shipment(self.shipment(), idempotency_key="contract-create-4")
        headers, body, query = self._call("signed_callback", receipt.item_code)
        events = adapter.parse_callback(headers, body, query)
        assert events
        assert all(isinstance(e, TrackingEvent) for e in events)
        assert {e.item_code for e in events} == {receipt.item_code}

    def test_postal_tampered_callback_is_rejected(self, adapter: Any) -> None:
        receipt = adapter.create_shipment(self.shipment(), idempotency_key="contract-create-5")
        headers, body, query = self._call("signed_callback", receipt.item_code)
        with pytest.raises(CallbackRejected):
            adapter.parse_callback(headers, body + b" ", query)

    def test_postal_unverified_callback_is_rejected_before_parsing(self, adapter: Any) -> None:
        # Not JSON, not a form: an adapter that parsed first would fail with another error.
        with pytest.raises(CallbackRejected):
            adapter.parse_callback({}, b"\x00\xff not a payload", {})
