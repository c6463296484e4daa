"""DossierStore: both implementations keep the same promises (law.md §4.1, §10 E7)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop_core.dossiers import (
    Decided,
    Delivered,
    Dossier,
    DossierStatus,
    RuleContext,
    Submitted,
    SupplementRequested,
    Transferred,
)
from onestop_core.dossiers.sqlite_store import SQLiteDossierStore
from onestop_core.dossiers.store import DossierStore, MemoryDossierStore
from onestop_core.errors import (
    ConcurrencyError,
    EventDataError,
    InvalidTransition,
    OnestopError,
    StoreSchemaError,
    UnknownDossierError,
)
from onestop_core.procedures.enums import Channel

from .builders import AGENCY, OTHER, accepted, lifecycle
from .conftest import make_header, t


def _open(kind: str, path: Path, context: RuleContext | None = None) -> DossierStore:
    if kind == "memory":
        return MemoryDossierStore(context=context)
    return SQLiteDossierStore(path / "dossiers.db", context=context)


@pytest.fixture(params=["memory", "sqlite"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(kind: str, tmp_path: Path) -> Iterator[DossierStore]:
    with _open(kind, tmp_path) as s:
        yield s


def test_append_then_load_round_trip(store: DossierStore) -> None:
    events = lifecycle()
    d = store.append("hs-1", events, expected_version=0)
    assert d.version == len(events) and d.status is DossierStatus.DELIVERED
    assert store.load("hs-1") == d
    assert store.events("hs-1") == events
    assert store.ids() == ("hs-1",)


def test_rebuild_equals_the_step_by_step_dossier(store: DossierStore) -> None:
    step = Dossier.empty("hs-1")
    for version, event in enumerate(lifecycle()):
        step = step.apply(event)
        assert store.append("hs-1", [event], expected_version=version) == step
    assert store.load("hs-1") == step == Dossier.from_events("hs-1", store.events("hs-1"))


def test_sqlite_log_survives_reopening(tmp_path: Path) -> None:
    with SQLiteDossierStore(tmp_path / "d.db") as first:
        d = first.append("hs-1", lifecycle(), expected_version=0)
    with SQLiteDossierStore(tmp_path / "d.db") as again:
        assert again.load("hs-1") == d
        assert again.find_by_code(f"{AGENCY}-261005-0001") == d


def test_stale_expected_version_fails_and_writes_nothing(store: DossierStore) -> None:
    store.append("hs-1", [accepted()], expected_version=0)
    move = Transferred(at=t(2026, 10, 5, 9), from_agency=AGENCY, to_agency=OTHER)
    with pytest.raises(ConcurrencyError, match=r"'hs-1'.*expected version 0.*version 1") as info:
        store.append("hs-1", [move], expected_version=0)
    assert (info.value.dossier_id, info.value.expected, info.value.actual) == ("hs-1", 0, 1)
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, OnestopError)
    assert store.load("hs-1").version == 1
    with pytest.raises(ConcurrencyError):
        store.append("hs-2", [accepted()], expected_version=1)
    assert store.ids() == ("hs-1",)


def test_invalid_event_fails_and_writes_nothing(store: DossierStore) -> None:
    store.append("hs-1", [accepted()], expected_version=0)
    with pytest.raises(InvalidTransition, match="only after the decision"):
        store.append("hs-1", [Delivered(at=t(2026, 10, 6, 9))], expected_version=1)
    assert store.load("hs-1").version == 1


def test_batch_is_all_or_nothing(store: DossierStore) -> None:
    store.append("hs-1", [accepted()], expected_version=0)
    batch = [
        Transferred(at=t(2026, 10, 5, 9), from_agency=AGENCY, to_agency=OTHER),
        Delivered(at=t(2026, 10, 6, 9)),  # before any decision
        Decided(at=t(2026, 10, 7, 9)),
    ]
    with pytest.raises(InvalidTransition) as info:
        store.append("hs-1", batch, expected_version=1)
    assert info.value.event == "delivered"
    assert store.events("hs-1") == (accepted(),)
    # a brand-new dossier whose batch fails leaves no trace at all
    with pytest.raises(InvalidTransition):
        store.append("hs-2", [accepted(), Delivered(at=t(2026, 10, 6, 9))], expected_version=0)
    assert store.ids() == ("hs-1",)
    with pytest.raises(UnknownDossierError):
        store.load("hs-2")
    assert store.append("hs-1", [batch[0], batch[2]], expected_version=1).version == 3


def test_empty_batch_is_refused(store: DossierStore) -> None:
    with pytest.raises(InvalidTransition, match="nothing to append"):
        store.append("hs-1", [], expected_version=0)
    assert store.ids() == ()


def test_unknown_dossier(store: DossierStore) -> None:
    with pytest.raises(UnknownDossierError, match="'hs-9'") as info:
        store.load("hs-9")
    assert isinstance(info.value, LookupError)
    with pytest.raises(UnknownDossierError):
        store.events("hs-9")
    assert store.find_by_code(f"{AGENCY}-231027-0361") is None


def test_wrongly_typed_event_is_refused_by_both_stores(store: DossierStore) -> None:
    store.append("hs-1", [accepted()], expected_version=0)
    bad = Transferred(at=t(2026, 10, 5, 9), from_agency=AGENCY, to_agency=123)  # type: ignore[arg-type]
    with pytest.raises(EventDataError, match="to_agency") as info:
        store.append("hs-1", [bad], expected_version=1)
    assert info.value.path == "[0].to_agency"
    assert store.load("hs-1").version == 1


# -- dossier codes ---------------------------------------------------------------------------
def test_e7_sequence_per_agency_per_day(store: DossierStore) -> None:
    day = dt.date(2023, 10, 27)
    codes = [store.allocate_code(AGENCY, day) for _ in range(360)]
    assert codes[0] == f"{AGENCY}-231027-0001" and codes[-1] == f"{AGENCY}-231027-0360"
    d = store.receive("hs-361", accepted(t(2023, 10, 27, 16)), agency_id=AGENCY)
    assert d.code == "000.00.06.H56-231027-0361"
    nxt = store.receive("hs-next", accepted(t(2023, 10, 28, 8)), agency_id=AGENCY)
    assert nxt.code == "000.00.06.H56-231028-0001"
    other = store.receive("hs-other", accepted(t(2023, 10, 27, 9)), agency_id=OTHER)
    assert other.code == f"{OTHER}-231027-0001"
    assert store.find_by_code("000.00.06.H56-231027-0361") == d == store.load("hs-361")
    assert store.find_by_code("000.00.06.H56-231028-0001") == nxt
    assert store.find_by_code(f"{AGENCY}-231027-0360") is None  # allocated, never used


def test_receive_counts_the_local_day(store: DossierStore) -> None:
    late = dt.datetime(2023, 10, 27, 23, 30, tzinfo=dt.UTC)  # 06:30 on the 28th in Vietnam
    assert store.receive("hs-1", accepted(late), agency_id=AGENCY).code == f"{AGENCY}-231028-0001"


def test_receive_uses_the_code_only_if_the_event_is_accepted(store: DossierStore) -> None:
    store.append("hs-1", [accepted()], expected_version=0)
    with pytest.raises(InvalidTransition):  # already accepted
        store.receive("hs-1", accepted(t(2026, 10, 5, 9)), agency_id=AGENCY)
    with pytest.raises(ConcurrencyError):
        store.receive("hs-2", accepted(), agency_id=AGENCY, expected_version=3)
    with pytest.raises(InvalidTransition, match="allocates the code"):
        store.receive("hs-2", accepted(code="X"), agency_id=AGENCY)
    with pytest.raises(InvalidTransition, match="Accepted"):
        store.receive("hs-2", Decided(at=t(2026, 10, 5)), agency_id=AGENCY)  # type: ignore[arg-type]
    with pytest.raises(OnestopError, match="agency id"):
        store.receive("hs-2", accepted(), agency_id="not-an-agency")
    assert store.receive("hs-2", accepted(), agency_id=AGENCY).code == f"{AGENCY}-261005-0001"
    assert store.ids() == ("hs-1", "hs-2")


def test_receive_after_online_submission(store: DossierStore) -> None:
    header = make_header(channel=Channel.ONLINE)
    store.append("hs-1", [Submitted(at=t(2026, 10, 5, 8), header=header)], expected_version=0)
    d = store.receive("hs-1", accepted(t(2026, 10, 5, 10), header=header), agency_id=AGENCY)
    assert (d.version, d.status, d.code) == (2, DossierStatus.ACCEPTED, f"{AGENCY}-261005-0001")


def test_imported_codes_are_unique_and_counted(store: DossierStore) -> None:
    imported = f"{AGENCY}-231027-0500"
    store.append("old", [accepted(t(2023, 10, 27, 8), code=imported)], expected_version=0)
    assert store.find_by_code(imported) == store.load("old")
    with pytest.raises(InvalidTransition, match="already used by dossier old"):
        store.append("dup", [accepted(t(2023, 10, 27, 9), code=imported)], expected_version=0)
    assert store.ids() == ("old",)
    new = store.receive("new", accepted(t(2023, 10, 27, 10)), agency_id=AGENCY)
    assert new.code == f"{AGENCY}-231027-0501"


def test_threads_never_share_a_code(store: DossierStore) -> None:
    def work(n: int) -> None:
        for i in range(20):
            store.receive(f"t{n}-{i:02d}", accepted(), agency_id=AGENCY)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    codes = sorted(str(store.load(i).code) for i in store.ids())
    assert codes == [f"{AGENCY}-261005-{n:04d}" for n in range(1, 81)]


# -- the rule context is the store's -----------------------------------------------------------
def test_rule_context_is_a_constructor_argument(kind: str, tmp_path: Path) -> None:
    late = SupplementRequested(at=t(2026, 10, 20, 9), agency=AGENCY, reason="thiếu")
    with _open(kind, tmp_path) as strict:
        strict.append("hs-1", [accepted()], expected_version=0)
        with pytest.raises(InvalidTransition, match="within 3 working days"):
            strict.append("hs-1", [late], expected_version=1)
    lenient_dir = tmp_path / "lenient"
    lenient_dir.mkdir()
    with _open(kind, lenient_dir, RuleContext(strict=False)) as lenient:
        lenient.append("hs-1", [accepted()], expected_version=0)
        d = lenient.append("hs-1", [late], expected_version=1)
        assert d.warnings and lenient.load("hs-1") == d


def test_errors_survive_pickling() -> None:
    err = pickle.loads(pickle.dumps(ConcurrencyError("x", dossier_id="a", expected=1, actual=2)))
    assert (str(err), err.dossier_id, err.expected, err.actual) == ("x", "a", 1, 2)
    data = pickle.loads(pickle.dumps(EventDataError("y", path="at")))
    assert (str(data), data.path) == ("y", "at")


# -- SQLite specifics --------------------------------------------------------------------------
def test_sqlite_schema_guards_the_log(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    with SQLiteDossierStore(path) as store:
        store.append("hs-1", [accepted()], expected_version=0)
        assert store.schema_version == 1
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            conn.execute("UPDATE events SET kind = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            conn.execute("DELETE FROM events")
        with pytest.raises(sqlite3.IntegrityError):  # two writers can never both write v1
            conn.execute("INSERT INTO events VALUES ('hs-1', 1, 'accepted', '', '{}', '')")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO dossier_codes VALUES ('C', 'a'), ('C', 'b')")
        payload = json.loads(conn.execute("SELECT payload FROM events").fetchone()[0])
    finally:
        conn.close()
    # the store is the system of record: personal data is kept in full
    assert payload["header"]["applicant"]["id_number"] == "001204012345"


def test_sqlite_corrupt_payload_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    SQLiteDossierStore(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO events VALUES ('bad', 1, 'accepted', '', '{\"kind\": 1}', '')")
    conn.close()
    with SQLiteDossierStore(path) as store, pytest.raises(EventDataError, match="'bad'"):
        store.load("bad")


def test_sqlite_migration_hook(tmp_path: Path) -> None:
    def add_index(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE INDEX events_kind ON events (kind)")

    class Extended(SQLiteDossierStore):
        migrations = (*SQLiteDossierStore.migrations, add_index)

    path = tmp_path / "d.db"
    with SQLiteDossierStore(path) as store:
        store.append("hs-1", [accepted()], expected_version=0)
    with Extended(path) as newer:
        assert newer.schema_version == 2 and newer.load("hs-1").version == 1
    with pytest.raises(StoreSchemaError, match="schema version 2"):
        SQLiteDossierStore(path)
