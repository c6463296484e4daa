"""Start/stop, ephemeral ports, loopback-only binding, routing basics."""

from __future__ import annotations

import inspect
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from onestop_core.testing.simulators import (
    LOCALHOST,
    CallbackReceiver,
    DvcqgSimulator,
    SimulationError,
    SimulatorServer,
    VnpostSimulator,
)

SIMULATORS = [SimulatorServer, DvcqgSimulator, VnpostSimulator, CallbackReceiver]


@pytest.mark.parametrize("cls", SIMULATORS)
def test_binds_only_to_loopback_on_an_ephemeral_port(cls: type[SimulatorServer]) -> None:
    assert "host" not in inspect.signature(cls).parameters
    with pytest.raises(TypeError):
        cls(host="0.0.0.0")  # type: ignore[call-arg]
    with cls() as sim:
        host, port = sim.address
        assert host == LOCALHOST == "127.0.0.1"
        assert port > 0 and sim.port == port
        assert sim.url == f"http://127.0.0.1:{port}"
        assert sim._httpd is not None and sim._httpd.socket.getsockname()[0] == "127.0.0.1"


def test_fixtures_bind_to_loopback(
    dvcqg_sim: DvcqgSimulator, vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
) -> None:
    for sim in (dvcqg_sim, vnpost_sim, callback_receiver):
        assert sim.running and sim.address[0] == "127.0.0.1"
    assert len({dvcqg_sim.port, vnpost_sim.port, callback_receiver.port}) == 3


def test_start_stop_restart_and_idempotent_stop(http: httpx.Client) -> None:
    sim = DvcqgSimulator()
    assert not sim.running
    with pytest.raises(SimulationError):
        _ = sim.url
    sim.start()
    assert sim.start() is sim  # already running: no second server
    first = sim.url
    assert http.post(first + "/auth", json={}).status_code == 200
    sim.stop()
    sim.stop()
    assert not sim.running
    with pytest.raises(httpx.ConnectError):
        http.post(first + "/auth", json={})
    with sim:
        assert http.post(sim.url + "/auth", json={}).status_code == 200
    assert not sim.running


def test_stop_does_not_wait_for_idle_keep_alive_clients() -> None:
    threads_before = threading.active_count()
    sim = VnpostSimulator().start()
    with httpx.Client(timeout=5.0) as client:  # keeps its connection open across requests
        for _ in range(3):
            client.get(sim.url + "/customer-partner/getOrder?type=1&code=X")
        sim.stop()  # must not hang on the idle keep-alive connection
    assert threading.active_count() <= threads_before


def test_stop_cuts_a_stalled_timeout_fault_short(http: httpx.Client) -> None:
    sim = DvcqgSimulator(timeout_sleep=60).start()
    sim.add_fault("/auth", timeout=True)
    with pytest.raises(httpx.ReadTimeout):
        http.post(sim.url + "/auth", json={}, timeout=0.2)
    sim.stop()  # would take 60 s if the stall were not interruptible


def test_unknown_path_404_and_wrong_method_405(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator
) -> None:
    assert http.get(dvcqg_sim.url + "/nope").status_code == 404
    assert http.get(dvcqg_sim.url + "/auth").status_code == 405
    assert http.get(dvcqg_sim.url + "/__sim/nope").status_code == 404
    assert [r.status for r in dvcqg_sim.requests(masked=False)] == [404, 405]


def test_paths_are_case_insensitive(http: httpx.Client, vnpost_sim: VnpostSimulator) -> None:
    r = http.post(vnpost_sim.url + "/CUSTOMER-PARTNER/getaccesstoken", json={})
    assert r.status_code == 200 and r.json()["success"] is False


def test_nothing_listens_on_other_interfaces() -> None:
    with DvcqgSimulator() as sim:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            probe.settimeout(0.5)
            try:
                probe.connect(("127.0.0.2", sim.port))  # another loopback address
            except OSError:
                pass
            else:  # pragma: no cover - only if the OS aliases 127.0.0.0/8 to one socket
                pytest.fail("simulator accepted a connection on 127.0.0.2")
        finally:
            probe.close()


def test_handler_bug_becomes_a_500_with_traceback(http: httpx.Client) -> None:
    def boom(req: object) -> object:
        raise RuntimeError("simulator bug")

    with SimulatorServer() as sim:
        sim.add_route("GET", "/boom", boom)  # type: ignore[arg-type]
        r = http.get(sim.url + "/boom")
        assert r.status_code == 500 and "simulator bug" in r.text
        assert len(sim.errors) == 1


def test_clock_is_deterministic_and_settable(dvcqg_sim: DvcqgSimulator) -> None:
    start = dvcqg_sim.now()
    assert start.isoformat() == "2026-11-20T08:00:00+07:00"
    assert dvcqg_sim.now() == start  # does not tick on its own
    assert dvcqg_sim.advance_clock(90).isoformat() == "2026-11-20T08:01:30+07:00"
    with pytest.raises(SimulationError):
        dvcqg_sim.set_now(start.replace(tzinfo=None))
    dvcqg_sim.reset()
    assert dvcqg_sim.now() == start


def test_chunked_request_bodies_are_refused(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"username": '
        yield b'"sim-user"}'

    r = http.post(dvcqg_sim.url + "/auth", content=chunks())
    assert r.status_code == 411
    assert dvcqg_sim.errors == [] and dvcqg_sim.requests() == []
