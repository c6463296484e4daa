"""``onestop outbox status`` and ``onestop outbox retry`` through the real ``main``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from onestop_core import cli
from onestop_core.adapters import BusinessError, Outbox, OutboxItem, PushReceipt
from onestop_core.cli import outbox_cmd


@pytest.fixture(autouse=True)
def _outbox_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register ``outbox`` unless ``onestop_core.cli`` already does."""
    original = cli.build_parser

    def build() -> argparse.ArgumentParser:
        parser = original()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction) and "outbox" not in action.choices:
                outbox_cmd.register(action)
        return parser

    monkeypatch.setattr(cli, "build_parser", build)
    monkeypatch.delenv(outbox_cmd.ENV_VAR, raising=False)
    monkeypatch.delenv("ONESTOP_DEBUG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An outbox with one done, one pending and two failed items."""
    path = tmp_path / "outbox.sqlite3"

    def send(item: OutboxItem) -> PushReceipt:
        if item.payload["n"] in (1, 2):
            raise BusinessError(f"refused {item.payload['phone']}", code="7")
        return PushReceipt(ok=True, system=item.system, idempotency_key=item.idempotency_key)

    with Outbox(path) as box:
        for n in range(3):
            box.enqueue("dvcqg", "upsert", {"n": n, "phone": "0912345678"}, idempotency_key=f"k{n}")
        box.deliver_due(send)
        box.enqueue("vnpost", "create", {"n": 3, "phone": ""}, idempotency_key="k3")
    return path


def test_status_table(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "outbox", "status", "--db", str(db))
    assert (code, err) == (0, "")
    assert f"outbox: {db}" in out
    for state, count in (("pending", 1), ("in_flight", 0), ("done", 1), ("failed", 2)):
        assert any(line.split() == [state, str(count)] for line in out.splitlines()), state
    assert "#2 dvcqg upsert, 1 attempts" in out
    assert "BusinessError: refused *******678" in out
    assert "0912345678" not in out


def test_status_json_and_the_environment_variable(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(outbox_cmd.ENV_VAR, str(db))
    code, out, _ = run(capsys, "outbox", "status", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["db"] == str(db)
    assert doc["counts"] == {"pending": 1, "in_flight": 0, "done": 1, "failed": 2}
    assert [f["id"] for f in doc["failed"]] == [2, 3]
    assert set(doc["failed"][0]) == {
        "id",
        "system",
        "operation",
        "attempts",
        "updated_at",
        "last_error",
    }


def test_retry_named_items(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "outbox", "retry", "--db", str(db), "2", "1")
    assert (code, err) == (0, "")
    assert "requeued 1: #2" in out
    assert "#1 left alone: it is done, not failed" in out
    with Outbox(db) as box:
        assert box.status() == {"pending": 2, "in_flight": 0, "done": 1, "failed": 1}


def test_retry_all_failed(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, "outbox", "retry", "--db", str(db), "--all-failed")
    assert code == 0
    assert "requeued 2: #2, #3" in out
    code, out, _ = run(capsys, "outbox", "retry", "--db", str(db), "--all-failed")
    assert (code, out) == (0, "nothing to requeue\n")


def test_retry_of_an_unknown_id_fails_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(capsys, "outbox", "retry", "--db", str(db), "2", "99")
    assert (code, out) == (1, "")
    assert err.startswith("onestop: error:") and "no item 99" in err
    with Outbox(db) as box:
        assert box.status()["failed"] == 2


def test_a_missing_file_is_an_error_and_is_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.sqlite3"
    for argv in (("status",), ("retry", "--all-failed")):
        code, out, err = run(capsys, "outbox", *argv, "--db", str(missing))
        assert (code, out) == (1, "")
        assert err == f"onestop: error: no outbox file at {missing}\n"
    assert not missing.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("outbox",),
        ("outbox", "retry"),
        ("outbox", "retry", "--all-failed", "2"),
        ("outbox", "retry", "x"),
        ("outbox", "retry", "0"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "usage:" in err


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    args = argparse.Namespace(db=None)
    assert outbox_cmd._path(args) == Path("onestop-outbox.sqlite3")
