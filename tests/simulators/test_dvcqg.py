"""DVCQG simulator: login, every service, create-vs-update, validation, progress, sessions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from onestop_core.testing.simulators import DvcqgSimulator

from .helpers import DST, dossier, dvcqg_call, dvcqg_login, step

MA = "000.01.01.H99-261120-00001"


def sync(
    http: httpx.Client,
    sim: DvcqgSimulator,
    session: str,
    updating: Any,
    *items: dict[str, Any],
    key: str | None = None,
) -> dict[str, Any]:
    headers = {"Idempotency-Key": key} if key else None
    return dvcqg_call(
        http, sim, session, "DongBoHoSoMC", isUpdating=updating, data=list(items), headers=headers
    )


@pytest.fixture
def session(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> str:
    return dvcqg_login(http, dvcqg_sim)


# -- login -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ({"username": "sim-user", "password": "wrong"}, DST),
        ({"username": "someone", "password": "sim-pass"}, DST),
        ({"username": "sim-user", "password": "sim-pass"}, {"dstcode": "OTHER"}),
        ({"username": "sim-user", "password": "sim-pass"}, {}),
    ],
)
def test_login_rejected(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, body: dict[str, str], headers: dict[str, str]
) -> None:
    r = http.post(dvcqg_sim.url + "/auth", json=body, headers=headers)
    assert r.status_code == 200 and r.json()["error_code"] == "-1" and "session" not in r.json()


def test_login_gives_distinct_sessions(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    assert dvcqg_login(http, dvcqg_sim) == "SIMSESS-000001"
    assert dvcqg_login(http, dvcqg_sim) == "SIMSESS-000002"


def test_calls_need_dstcode_session_madonvi_and_a_known_service(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str
) -> None:
    url = dvcqg_sim.url + "/integration"
    ok = {"session": session, "madonvi": "000.01.01.H99", "service": "LayDanhMucCoQuan"}
    assert http.post(url, json=ok).json()["error_code"] == "-1"  # no dstcode
    assert (
        http.post(url, json={**ok, "session": "forged"}, headers=DST).json()["error_code"] == "-401"
    )
    assert http.post(url, json={**ok, "madonvi": ""}, headers=DST).json()["error_code"] == "-5"
    assert http.post(url, json={**ok, "service": "Nope"}, headers=DST).json()["error_code"] == "-5"
    assert http.post(url, content=b"{not json", headers=DST).json()["error_code"] == "-5"
    assert http.post(url, json=[ok], headers=DST).json()["error_code"] == "-5"


# -- catalogue services ----------------------------------------------------------------------
@pytest.mark.parametrize("endpoint", ["/integration", "/share"])
def test_catalogue_services(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str, endpoint: str
) -> None:
    proc = dvcqg_call(http, dvcqg_sim, session, "LayThuTuc", maTTHC="1.001193", endpoint=endpoint)
    assert proc["error_code"] == 0
    (record,) = proc["result"]
    assert record["TENTTHC"] == "Thủ tục đăng ký khai sinh"
    assert record["LINHVUCTHUCHIEN"][0] == {"MALINHVUC": "SIM-HT", "TENLINHVUC": "Hộ tịch"}
    unknown = dvcqg_call(http, dvcqg_sim, session, "LayThuTuc", maTTHC="9.999999")
    assert unknown["error_code"] == 0 and unknown["result"] == []
    agencies = dvcqg_call(http, dvcqg_sim, session, "LayDanhMucCoQuan", endpoint=endpoint)
    assert {a["MADONVI"] for a in agencies["result"]} == {"000.00.00.H99", "000.01.01.H99"}
    assert set(agencies["result"][0]) == {"MADONVI", "TENDONVI", "CAPDONVI"}
    fields = dvcqg_call(http, dvcqg_sim, session, "LayDanhMucLinhVuc", endpoint=endpoint)
    assert fields["result"][0]["MALINHVUC"] == "SIM-HT"
    listing = dvcqg_call(http, dvcqg_sim, session, "LayDanhSachTTHC", endpoint=endpoint)
    assert "1.001193" in {p["MATTHC"] for p in listing["result"]}


def test_success_code_can_be_a_string(http: httpx.Client) -> None:
    with DvcqgSimulator(success_code="0") as sim:
        session = dvcqg_login_str(http, sim)
        assert dvcqg_call(http, sim, session, "TraCuuHoSo", mahoso="X")["error_code"] == "0"


def dvcqg_login_str(http: httpx.Client, sim: DvcqgSimulator) -> str:
    r = http.post(
        sim.url + "/auth", json={"username": "sim-user", "password": "sim-pass"}, headers=DST
    )
    assert r.json()["error_code"] == "0"
    token: str = r.json()["session"]
    return token


# -- dossier sync ----------------------------------------------------------------------------
def test_lookup_create_lookup_update(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str
) -> None:
    assert dvcqg_call(http, dvcqg_sim, session, "TraCuuHoSo", mahoso=MA)["result"] == []
    created = sync(http, dvcqg_sim, session, "False", dossier())
    assert created["error_code"] == 0 and "thành công" in created["message"]
    assert created["result"] == [{"MaHoSo": MA, "action": "created"}]
    found = dvcqg_call(http, dvcqg_sim, session, "TraCuuHoSo", mahoso=MA)["result"]
    assert found == [dossier()]
    updated = sync(http, dvcqg_sim, session, "True", dossier(TrangThaiHoSo="9"))
    assert updated["error_code"] == 0 and updated["result"][0]["action"] == "updated"
    assert dvcqg_sim.dossiers[MA].item["TrangThaiHoSo"] == "9"
    assert dvcqg_sim.dossiers[MA].madonvi == "000.01.01.H99"


@pytest.mark.parametrize("flag", ["False", "false", False, 0, "0"])
def test_create_when_it_exists_is_minus_3(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str, flag: Any
) -> None:
    assert sync(http, dvcqg_sim, session, "False", dossier())["error_code"] == 0
    again = sync(http, dvcqg_sim, session, flag, dossier(TrangThaiHoSo="4"))
    assert again["error_code"] == "-3" and again["message"] == "Hồ sơ đã tồn tại"
    assert dvcqg_sim.dossiers[MA].item["TrangThaiHoSo"] == "2"  # unchanged


@pytest.mark.parametrize("flag", ["True", "true", True, 1, "1"])
def test_update_when_missing_is_an_error(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str, flag: Any
) -> None:
    reply = sync(http, dvcqg_sim, session, flag, dossier())
    assert reply["error_code"] == "-4" and reply["result"] == [MA]
    assert dvcqg_sim.dossiers == {}


def test_is_updating_must_be_boolean_like(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str
) -> None:
    assert sync(http, dvcqg_sim, session, "maybe", dossier())["error_code"] == "-5"
    assert (
        dvcqg_call(http, dvcqg_sim, session, "DongBoHoSoMC", isUpdating="False", data=[])[
            "error_code"
        ]
        == "-5"
    )


def test_batches_are_atomic(http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str) -> None:
    reply = sync(http, dvcqg_sim, session, "False", dossier("A"), dossier("B", TrangThaiHoSo="11"))
    assert reply["error_code"] == "-2" and dvcqg_sim.dossiers == {}
    assert sync(http, dvcqg_sim, session, "False", dossier("A"))["error_code"] == 0
    reply = sync(http, dvcqg_sim, session, "False", dossier("B"), dossier("A"))
    assert reply["error_code"] == "-3" and reply["result"] == ["A"]
    assert list(dvcqg_sim.dossiers) == ["A"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"MaHoSo": ""}, "MaHoSo"),
        ({"MaHoSo": "x" * 101}, "MaHoSo"),
        ({"MaTTHC": None}, "MaTTHC"),
        ({"MaTTHC": "1001193"}, "MaTTHC"),
        ({"TenTTHC": "  "}, "TenTTHC"),
        ({"NgayTiepNhan": "2026-11-20 08:00:00"}, "NgayTiepNhan"),
        ({"NgayTiepNhan": "20261320080000"}, "NgayTiepNhan"),
        ({"NgayTiepNhan": None}, "NgayTiepNhan"),
        ({"NgayHenTra": "20261119080000"}, "NgayHenTra"),
        ({"NgayTra": "2026112008"}, "NgayTra"),
        ({"TrangThaiHoSo": "0"}, "TrangThaiHoSo"),
        ({"TrangThaiHoSo": "11"}, "TrangThaiHoSo"),
        ({"TrangThaiHoSo": True}, "TrangThaiHoSo"),
        ({"KenhThucHien": "4"}, "KenhThucHien"),
        ({"HinhThuc": "2"}, "HinhThuc"),
        ({"LoaiDoiTuong": "0"}, "LoaiDoiTuong"),
        ({"TrichYeuHoSo": "x" * 1001}, "TrichYeuHoSo"),
        ({"TaiLieuNop": {"TenTepDinhKem": "a"}}, "TaiLieuNop"),
        ({"DanhSachLePhi": [{"Gia": "8.000đ"}]}, "DanhSachLePhi.Gia"),
        ({"DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": "12345"}]}, "DinhDanhCHS.SoDinhDanh"),
    ],
)
def test_validation_errors(
    http: httpx.Client,
    dvcqg_sim: DvcqgSimulator,
    session: str,
    overrides: dict[str, Any],
    field: str,
) -> None:
    reply = sync(http, dvcqg_sim, session, "False", dossier(**overrides))
    assert reply["error_code"] == "-2" and reply["message"].startswith("Dữ liệu không hợp lệ")
    assert field in {p["field"] for p in reply["result"]}
    assert dvcqg_sim.dossiers == {}


def test_valid_variants_pass(http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str) -> None:
    item = dossier(
        TrangThaiHoSo=10,
        KenhThucHien=3,
        NgayTra="",
        DanhSachLePhi=[{"Gia": "8000"}],
        DinhDanhCHS=[{"LoaiDinhDanh": "2", "SoDinhDanh": "123456789"}],
    )
    assert sync(http, dvcqg_sim, session, "False", item)["error_code"] == 0


def test_duplicate_in_one_batch_is_invalid(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str
) -> None:
    reply = sync(http, dvcqg_sim, session, "False", dossier(), dossier())
    assert reply["error_code"] == "-2"


# -- progress and evaluations ----------------------------------------------------------------
def test_progress_chunk_limit(http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str) -> None:
    sync(http, dvcqg_sim, session, "False", dossier())
    eleven = [step(n=n) for n in range(11)]
    too_many = dvcqg_call(http, dvcqg_sim, session, "CapNhatTienDoHoSoMC", data=eleven)
    assert too_many["error_code"] == "-6" and dvcqg_sim.dossiers[MA].progress == []
    ok = dvcqg_call(http, dvcqg_sim, session, "CapNhatTienDoHoSoMC", data=eleven[:10])
    assert ok["error_code"] == 0 and ok["result"] == [{"count": 10}]
    ok = dvcqg_call(http, dvcqg_sim, session, "CapNhatTienDoHoSoMC", data=eleven[10:])
    assert [s["NoiDungXuLy"] for s in dvcqg_sim.dossiers[MA].progress] == [
        f"Bước {n}" for n in range(11)
    ]
    assert dvcqg_sim.deliveries[MA].progress_steps == 11


def test_progress_validation_and_unknown_dossier(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str
) -> None:
    unknown = dvcqg_call(http, dvcqg_sim, session, "CapNhatTienDoHoSoMC", data=[step()])
    assert unknown["error_code"] == "-4" and unknown["result"] == [MA]
    sync(http, dvcqg_sim, session, "False", dossier())
    bad = dvcqg_call(
        http,
        dvcqg_sim,
        session,
        "CapNhatTienDoHoSoMC",
        data=[step(TrangThai="12", ThoiDiemXuLy="20/11/2026")],
    )
    assert bad["error_code"] == "-2"
    assert {p["field"] for p in bad["result"]} == {"TrangThai", "ThoiDiemXuLy"}


def test_evaluation(http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str) -> None:
    survey = {"MaHoSo": MA, "LoaiDanhGia": "1", "DanhGia": "5", "ThoiGianDanhGia": "20261121090000"}
    assert (
        dvcqg_call(http, dvcqg_sim, session, "DongBoDanhGia", data=[survey])["error_code"] == "-4"
    )
    sync(http, dvcqg_sim, session, "False", dossier())
    assert dvcqg_call(http, dvcqg_sim, session, "DongBoDanhGia", data=[survey])["error_code"] == 0
    assert dvcqg_sim.dossiers[MA].evaluations == [survey]
    bad = dvcqg_call(
        http, dvcqg_sim, session, "DongBoDanhGia", data=[{**survey, "ThoiGianDanhGia": "hôm qua"}]
    )
    assert bad["error_code"] == "-2"


# -- sessions --------------------------------------------------------------------------------
def test_session_expires_after_max_calls(http: httpx.Client) -> None:
    with DvcqgSimulator(session_max_calls=2) as sim:
        session = dvcqg_login(http, sim)
        codes = [dvcqg_call(http, sim, session, "LayDanhMucCoQuan")["error_code"] for _ in range(3)]
        assert codes == [0, 0, "-401"]
        assert dvcqg_call(http, sim, dvcqg_login(http, sim), "LayDanhMucCoQuan")["error_code"] == 0


def test_session_expires_after_simulated_time(http: httpx.Client) -> None:
    with DvcqgSimulator(session_ttl=1800) as sim:
        session = dvcqg_login(http, sim)
        sim.advance_clock(1799)
        assert dvcqg_call(http, sim, session, "LayDanhMucCoQuan")["error_code"] == 0
        sim.advance_clock(1)
        reply = dvcqg_call(http, sim, session, "LayDanhMucCoQuan")
        assert reply == {"error_code": "-401", "message": "Phiên làm việc hết hạn"}


# -- idempotency view ------------------------------------------------------------------------
def test_idempotency_view_counts_deliveries_and_keys(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator, session: str
) -> None:
    sync(http, dvcqg_sim, session, "False", dossier(), key="k-create")
    sync(http, dvcqg_sim, session, "False", dossier(), key="k-create")  # a blind retry: -3
    sync(http, dvcqg_sim, session, "True", dossier(TrangThaiHoSo="4"), key="k-update")
    dvcqg_call(
        http,
        dvcqg_sim,
        session,
        "CapNhatTienDoHoSoMC",
        data=[step()],
        headers={"Idempotency-Key": "k-progress"},
    )
    d = dvcqg_sim.deliveries[MA]
    assert (d.created, d.updated, d.create_conflicts, d.progress_steps) == (1, 1, 1, 1)
    assert d.idempotency_keys == ["k-create", "k-update", "k-progress"]
    assert [c["outcome"] for c in d.calls] == ["created", "exists", "updated", "appended"]
    exported = dvcqg_sim.export_state()["deliveries"][MA]
    assert exported["created"] == 1 and exported["idempotency_keys"][0] == "k-create"
