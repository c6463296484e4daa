"""The adapter's behaviour beyond faults: progress, look-ups, catalogues, configuration."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import httpx
import pytest
from hypothesis import given, settings
from onestop_core.adapters import (
    AdapterConfigError,
    BusinessError,
    DossierSyncPayload,
    HttpClient,
    NationalPortalAdapter,
    Outbox,
    OutboxStatus,
    PayloadValidationError,
    RetryPolicy,
    Timeouts,
    TransientError,
)
from onestop_core.testing import fast_retry_policy
from onestop_core.testing.simulators import DvcqgSimulator
from onestop_core.testing.strategies import dossier_sync_payloads

from onestop_dvcqg import (
    DossierNotOnPortalError,
    DvcqgAdapter,
    DvcqgConfig,
    OutboxSender,
    enqueue_progress,
    enqueue_upsert,
    wire,
)
from onestop_dvcqg.adapter import UNCHANGED
from onestop_dvcqg.delivery import upsert_key

from .helpers import T0, expected_back, make_config, online, payload, requests_to, steps


def bodies(sim: DvcqgSimulator, service: str) -> list[dict[str, object]]:
    return [json.loads(r.body) for r in requests_to(sim, [service])]


# -- upsert ------------------------------------------------------------------------------------
def test_create_then_update_then_unchanged(dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter) -> None:
    p = payload()
    assert isinstance(portal, NationalPortalAdapter)
    first = portal.upsert_dossier(p, idempotency_key="v1")
    second = portal.upsert_dossier(attrs.evolve(p, status=4), idempotency_key="v2")
    third = portal.upsert_dossier(attrs.evolve(p, status=4), idempotency_key="v2")
    assert (first.code_raw, second.code_raw, third.message_raw) == ("0", "0", UNCHANGED)
    assert [b["isUpdating"] for b in bodies(dvcqg_sim, "DongBoHoSoMC")] == ["False", "True"]
    delivered = dvcqg_sim.deliveries[p.code]
    assert (delivered.created, delivered.updated, delivered.idempotency_keys) == (
        1,
        1,
        ["v1", "v2"],
    )


def test_envelope_madonvi_and_flag_options(dvcqg_sim: DvcqgSimulator) -> None:
    config = make_config(dvcqg_sim.url, agency_from_payload=False, updating_flag="bool")
    with DvcqgAdapter(config, retry=fast_retry_policy()) as portal:
        portal.upsert_dossier(payload(), idempotency_key="k")
    (sync,) = bodies(dvcqg_sim, "DongBoHoSoMC")
    assert sync["madonvi"] == "000.00.00.H99" and sync["isUpdating"] is False
    dvcqg_sim.reset()
    with DvcqgAdapter(make_config(dvcqg_sim.url), retry=fast_retry_policy()) as portal:
        portal.upsert_dossier(payload(), idempotency_key="k")
    (sync,) = bodies(dvcqg_sim, "DongBoHoSoMC")
    assert sync["madonvi"] == payload().agency_code  # the competent agency
    (lookup,) = bodies(dvcqg_sim, "TraCuuHoSo")
    assert lookup["madonvi"] == "000.00.00.H99" and lookup["mahoso"] == payload().code


def test_skip_unchanged_off_always_writes(dvcqg_sim: DvcqgSimulator) -> None:
    config = make_config(dvcqg_sim.url, skip_unchanged=False)
    with DvcqgAdapter(config, retry=fast_retry_policy()) as portal:
        portal.upsert_dossier(payload(), idempotency_key="k")
        portal.upsert_dossier(payload(), idempotency_key="k")
    delivered = dvcqg_sim.deliveries[payload().code]
    assert (delivered.created, delivered.updated) == (1, 1)


def test_online_dossier_syncs(dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter) -> None:
    assert portal.upsert_dossier(online(), idempotency_key="k").ok
    assert dvcqg_sim.dossiers[online().code].item["KenhThucHien"] == "2"


def test_an_invalid_payload_is_refused_before_anything_is_sent(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    with pytest.raises(PayloadValidationError):
        portal.upsert_dossier(attrs.evolve(online(), submitted_at=None), idempotency_key="k")
    with pytest.raises(PayloadValidationError):
        portal.upsert_dossier(payload(), idempotency_key="")
    assert dvcqg_sim.requests() == []


# -- progress ----------------------------------------------------------------------------------
def test_progress_is_chunked_by_ten(dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter) -> None:
    p = payload()
    portal.upsert_dossier(p, idempotency_key="v1")
    receipt = portal.push_progress(p.code, steps(p.code, 23), idempotency_key="prog-1")
    assert receipt.ok and receipt.idempotency_key == "prog-1" and receipt.remote_id == p.code
    calls = requests_to(dvcqg_sim, ["CapNhatTienDoHoSoMC"])
    assert [len(json.loads(r.body)["data"]) for r in calls] == [10, 10, 3]
    assert [r.headers["idempotency-key"] for r in calls] == ["prog-1:0", "prog-1:1", "prog-1:2"]
    stored = dvcqg_sim.dossiers[p.code].progress
    assert [s["NoiDungXuLy"] for s in stored] == [f"Bước {i + 1}" for i in range(23)]
    assert stored[0]["ThoiDiemXuLy"] == "20261120100000"


def test_a_redelivered_progress_skips_the_chunks_already_accepted(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    p = payload()
    portal.upsert_dossier(p, idempotency_key="v1")
    dvcqg_sim.add_fault("CapNhatTienDoHoSoMC", {})  # chunk 0 goes through ...
    dvcqg_sim.add_fault("CapNhatTienDoHoSoMC", status=503, times=3)  # ... chunk 1 never does
    with pytest.raises(TransientError):
        portal.push_progress(p.code, steps(p.code, 15), idempotency_key="prog-1")
    assert dvcqg_sim.deliveries[p.code].progress_steps == 10
    again = portal.push_progress(p.code, steps(p.code, 15), idempotency_key="prog-1")
    assert again.ok and dvcqg_sim.deliveries[p.code].progress_steps == 15  # none twice
    keys = [r.headers["idempotency-key"] for r in requests_to(dvcqg_sim, ["CapNhatTienDoHoSoMC"])]
    assert keys == ["prog-1:0", "prog-1:1", "prog-1:1", "prog-1:1", "prog-1:1"]


def test_a_business_refusal_mid_way_then_redelivery(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    p = payload()
    portal.upsert_dossier(p, idempotency_key="v1")
    dvcqg_sim.add_fault("CapNhatTienDoHoSoMC", {})
    dvcqg_sim.add_fault("CapNhatTienDoHoSoMC", error_code="-6", message="Quá tải (giả lập)")
    with pytest.raises(BusinessError):
        portal.push_progress(p.code, steps(p.code, 25), idempotency_key="prog-2")
    assert dvcqg_sim.deliveries[p.code].progress_steps == 10
    portal.push_progress(p.code, steps(p.code, 25), idempotency_key="prog-2")
    assert dvcqg_sim.deliveries[p.code].progress_steps == 25


def test_progress_for_an_unknown_dossier_is_retried_later(portal: DvcqgAdapter) -> None:
    with pytest.raises(DossierNotOnPortalError) as caught:
        portal.push_progress("hs-unknown", steps("hs-unknown", 2), idempotency_key="p")
    assert caught.value.retry_after == 60.0


def test_progress_refuses_steps_of_another_dossier(portal: DvcqgAdapter) -> None:
    with pytest.raises(PayloadValidationError, match="hs-2"):
        portal.push_progress("hs-1", steps("hs-2", 1), idempotency_key="p")
    assert portal.push_progress("hs-1", [], idempotency_key="p").ok  # nothing to send


# -- look-ups and catalogues -------------------------------------------------------------------
def test_lookup(dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter) -> None:
    assert portal.lookup_dossier(payload().code) is None
    portal.upsert_dossier(payload(), idempotency_key="k")
    record = portal.lookup_dossier(payload().code)
    assert record is not None and record["MaHoSo"] == payload().code
    dvcqg_sim.add_fault("TraCuuHoSo", error_code="-4", message="Hồ sơ không tồn tại")
    assert portal.lookup_dossier(payload().code) is None
    with pytest.raises(PayloadValidationError):
        portal.lookup_dossier("")


def test_lookup_via_the_share_endpoint(dvcqg_sim: DvcqgSimulator) -> None:
    config = make_config(dvcqg_sim.url, lookup_endpoint="share")
    with DvcqgAdapter(config, retry=fast_retry_policy()) as portal:
        portal.lookup_dossier("hs-1")
    assert [r.path for r in requests_to(dvcqg_sim, ["TraCuuHoSo"])] == ["/share"]


def test_catalogues(dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter) -> None:
    agencies = portal.fetch_catalogue("LayDanhMucCoQuan")
    assert {a["MADONVI"] for a in agencies} == {"000.00.00.H99", "000.01.01.H99"}
    assert portal.fetch_catalogue("LayDanhMucLinhVuc")[0]["MALINHVUC"] == "SIM-HT"
    (procedure,) = portal.fetch_catalogue("LayThuTuc", maTTHC="1.001193")
    assert procedure["TENTTHC"] == "Thủ tục đăng ký khai sinh"
    assert portal.fetch_catalogue("LayThuTuc", maTTHC="9.999999") == []
    assert {r.path for r in requests_to(dvcqg_sim, ["LayDanhMucCoQuan", "LayThuTuc"])} == {"/share"}
    with pytest.raises(AdapterConfigError):
        portal.fetch_catalogue("DongBoHoSoMC")
    dvcqg_sim.add_fault("LayDanhMucCoQuan", error_code="-5", message="Dịch vụ tạm dừng")
    with pytest.raises(BusinessError):
        portal.fetch_catalogue("LayDanhMucCoQuan")


# -- configuration and wiring ------------------------------------------------------------------
def test_password_never_in_repr(config: DvcqgConfig, portal: DvcqgAdapter) -> None:
    assert "sim-pass" not in repr(config) and "sim-pass" not in repr(portal)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"adapter_url": "http://dvc.gov.vn"}, "plain http"),
        ({"adapter_url": "ftp://dvc.gov.vn"}, "http"),
        ({"adapter_url": "https://u:p@dvc.gov.vn"}, "credentials"),
        ({"username": ""}, "username"),
        ({"auth_endpoint": "auth"}, "auth_endpoint"),
        ({"progress_chunk_size": 11}, "progress_chunk_size"),
        ({"max_response_bytes": 10}, "max_response_bytes"),
    ],
)
def test_config_validation(changes: dict[str, object], match: str) -> None:
    with pytest.raises(AdapterConfigError, match=match):
        make_config("https://dvc.test", **changes)


def test_http_to_a_closed_network_needs_an_explicit_opt_in() -> None:
    config = make_config("http://10.0.0.5:8080/dvc", allow_insecure_http=True)
    assert config.url("integration") == "http://10.0.0.5:8080/dvc/integration"


def test_injected_clients(dvcqg_sim: DvcqgSimulator) -> None:
    config = make_config(dvcqg_sim.url)
    with httpx.Client(timeout=2.0) as client:
        with DvcqgAdapter(config, client=client, retry=fast_retry_policy()) as portal:
            assert portal.lookup_dossier("hs-1") is None
        assert not client.is_closed  # injected: left open
        http = HttpClient(client, system="dvcqg", timeout=Timeouts(read=2.0))
        assert DvcqgAdapter(config, http=http).lookup_dossier("hs-1") is None
        with pytest.raises(AdapterConfigError):
            DvcqgAdapter(config, http=http, client=client)
    with pytest.raises(AdapterConfigError):
        DvcqgAdapter(object())  # type: ignore[arg-type]


# -- the outbox sender -------------------------------------------------------------------------
def test_outbox_sender_delivers_upserts_and_progress(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter, outbox: Outbox
) -> None:
    p = payload()
    enqueue_upsert(outbox, p, version=1)
    assert enqueue_upsert(outbox, p, version=1).id == 1  # recorded once
    enqueue_progress(outbox, p.code, steps(p.code, 12), version=1)
    report = outbox.deliver_due(OutboxSender(portal))
    assert len(report.done) == 3 and outbox.status()["done"] == 3
    assert dvcqg_sim.deliveries[p.code].idempotency_keys[0] == upsert_key(p.code, 1)
    assert dvcqg_sim.deliveries[p.code].progress_steps == 12


def test_outbox_sender_dead_letters_what_it_cannot_send(
    portal: DvcqgAdapter, outbox: Outbox
) -> None:
    outbox.enqueue("vnpost", "create", {}, idempotency_key="a")
    outbox.enqueue("dvcqg", "upsert_dossier", {"payload": {"code": 1}}, idempotency_key="b")
    outbox.enqueue("dvcqg", "teleport", {}, idempotency_key="c")
    outbox.enqueue("dvcqg", "push_progress", {"code": "x"}, idempotency_key="d")
    report = outbox.deliver_due(OutboxSender(portal))
    assert len(report.failed) == 4
    assert {i.status for i in outbox.items()} == {OutboxStatus.FAILED}


def test_progress_before_its_dossier_waits_in_the_outbox(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter, outbox: Outbox
) -> None:
    p = payload()
    (item,) = enqueue_progress(outbox, p.code, steps(p.code, 2), version=1, now=T0)
    report = outbox.deliver_due(OutboxSender(portal), now=T0)
    assert report.retrying == (item.id,)
    assert outbox.get(item.id).next_attempt_at >= T0 + dt.timedelta(seconds=60)
    enqueue_upsert(outbox, p, version=1, now=T0)
    later = T0 + dt.timedelta(hours=1)
    outbox.deliver_due(OutboxSender(portal), now=later)
    outbox.deliver_due(OutboxSender(portal), now=later)
    assert outbox.status()["done"] == 2 and dvcqg_sim.deliveries[p.code].progress_steps == 2


@pytest.mark.parametrize("use_latest", [False, True], ids=["recorded", "latest"])
def test_an_old_version_retried_after_a_newer_one(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter, use_latest: bool
) -> None:
    """The outbox does not order per dossier; ``latest=`` keeps the portal current."""
    current = {payload().code: payload(status=4)}  # the dossier store, as it is now
    sender = OutboxSender(portal, latest=current.get if use_latest else None)
    with Outbox(":memory:", backoff=RetryPolicy(base=30.0, cap=30.0, random=lambda: 1.0)) as box:
        enqueue_upsert(box, payload(status=2), version=1, now=T0)
        dvcqg_sim.add_fault("DongBoHoSoMC", status=503, times=3)  # v1 gives up in-process
        assert box.deliver_due(sender, now=T0).retrying == (1,)
        enqueue_upsert(box, payload(status=4), version=2, now=T0)
        assert box.deliver_due(sender, now=T0).done == (2,)
        assert box.deliver_due(sender, now=T0 + dt.timedelta(minutes=5)).done == (1,)
    shown = dvcqg_sim.dossiers[payload().code].item["TrangThaiHoSo"]
    assert shown == ("4" if use_latest else "2")  # recorded: version 1 overwrote version 2


def test_catalogue_params_cannot_replace_the_envelope(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    assert portal.fetch_catalogue("LayDanhMucCoQuan", session="forged", service="DongBoHoSoMC")
    (body,) = bodies(dvcqg_sim, "LayDanhMucCoQuan")
    assert body["service"] == "LayDanhMucCoQuan" and body["session"] != "forged"


def test_a_ca_bundle_that_cannot_be_read(tmp_path: Path) -> None:
    config = make_config("https://dvc.test", ca_bundle=str(tmp_path / "missing.pem"))
    with pytest.raises(AdapterConfigError, match="ca_bundle"):
        DvcqgAdapter(config)


def test_generated_payloads_round_trip_through_the_portal() -> None:
    """Every payload the strategies make is accepted, and TraCuuHoSo gives it back."""
    with (
        DvcqgSimulator() as sim,
        DvcqgAdapter(make_config(sim.url), retry=fast_retry_policy()) as portal,
    ):

        @settings(max_examples=25, deadline=None)
        @given(dossier_sync_payloads())
        def check(p: DossierSyncPayload) -> None:
            assert portal.upsert_dossier(p, idempotency_key=f"k-{p.code}").ok
            record = portal.lookup_dossier(p.code)
            assert record is not None
            back = wire.payload_from_item(record, agency_code=p.agency_code, synced_at=p.synced_at)
            assert back == expected_back(p)

        check()
        assert sim.errors == []
