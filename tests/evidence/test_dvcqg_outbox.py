"""Evidence from the DVCQG adapter work (``plugins/onestop-dvcqg``) about core behaviour.

Core pieces only (no plugin needed), so they run in the core suite:

* a dossier sync payload rebuilt at another ``now`` is a different outbox request: callers
  must build it from the dossier alone (``now=`` its last event) to keep one key per version;
* a DVCQG upsert replaces the whole remote record, so versions of one dossier must land in
  order: the outbox delivers items sharing an ``ordering_key`` (the dossier code) in the
  order they were enqueued, so an older version retried later cannot overwrite a newer one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from onestop_core._time import VN_TZ
from onestop_core.adapters import (
    DossierSyncPayload,
    IdempotencyConflictError,
    Outbox,
    OutboxItem,
    PushReceipt,
    RetryPolicy,
    TransientError,
    from_dict,
    idempotency_key_for,
    to_dict,
)
from onestop_core.dossiers import Accepted, Applicant, Dossier, DossierHeader
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel

T0 = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)


def accepted() -> Dossier:
    header = DossierHeader(
        procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        limit=ProcessingTime.working_days(3),
        channel=Channel.IN_PERSON,
        applicant=Applicant(name="Nguyễn Văn An", id_number="001204012345"),
        receiving_agency="000.00.06.H56",
        competent_agency="000.00.06.H56",
    )
    event = Accepted(at=T0, header=header, code="000.00.06.H56-261120-0001")
    return Dossier.empty("hs-1").apply(event)


def enqueue(outbox: Outbox, payload: DossierSyncPayload, version: int, **kw: Any) -> OutboxItem:
    key = idempotency_key_for("dvcqg", "upsert", payload.code, version)
    return outbox.enqueue(
        "dvcqg",
        "upsert",
        {"payload": to_dict(payload)},
        idempotency_key=key,
        ordering_key=payload.code,
        **kw,
    )


def test_a_payload_built_from_the_dossier_alone_keeps_one_key_per_version() -> None:
    d = accepted()
    with Outbox(":memory:") as outbox:
        first = enqueue(outbox, DossierSyncPayload.from_dossier(d, now=d.events[-1].at), 1)
        again = enqueue(outbox, DossierSyncPayload.from_dossier(d, now=d.events[-1].at), 1)
        assert again == first  # recomputed after a crash: the same request
        rebuilt_later = DossierSyncPayload.from_dossier(d, now=T0 + dt.timedelta(hours=1))
        with pytest.raises(IdempotencyConflictError):  # synced_at (and maybe due_at) moved
            enqueue(outbox, rebuilt_later, 1)


def test_two_versions_of_one_dossier_land_in_order() -> None:
    remote: dict[str, int] = {}  # MaHoSo -> TrangThaiHoSo: an upsert replaces the record
    failures = iter([True])  # the first delivery meets a 503

    def send(item: OutboxItem) -> PushReceipt:
        payload = from_dict(DossierSyncPayload, item.payload["payload"])
        if next(failures, False):
            raise TransientError("HTTP 503", status_code=503)
        remote[payload.code] = payload.status
        return PushReceipt(ok=True, system="dvcqg", idempotency_key=item.idempotency_key)

    v1 = DossierSyncPayload.from_dossier(accepted(), now=T0)
    v2 = attrs.evolve(v1, status=4)
    backoff = RetryPolicy(base=30.0, cap=3600.0, random=lambda: 1.0)
    with Outbox(":memory:", backoff=backoff) as outbox:
        enqueue(outbox, v1, 1, now=T0)
        outbox.deliver_due(send, now=T0)  # v1: 503, retried in 30 s
        enqueue(outbox, v2, 2, now=T0 + dt.timedelta(seconds=1))
        # v2 waits behind v1 (same ordering key) although v1 is not due yet
        assert outbox.deliver_due(send, now=T0 + dt.timedelta(seconds=1)).claimed == ()
        outbox.deliver_due(send, now=T0 + dt.timedelta(hours=1))  # v1 delivered
        outbox.deliver_due(send, now=T0 + dt.timedelta(hours=1))  # then v2
        assert outbox.status()["done"] == 2
    assert remote[v1.code] == 4, "the portal must show the newest version"
