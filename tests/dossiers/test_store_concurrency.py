"""SQLiteDossierStore under several OS processes writing one file at once.

The workers are module-level functions so that 'spawn' children can import them; the
repository root is put on ``sys.path`` (children inherit it) so ``tests.dossiers`` resolves.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
from pathlib import Path
from typing import Any

import pytest

from onestop_core.dossiers import Transferred
from onestop_core.dossiers.codes import DossierCode
from onestop_core.dossiers.sqlite_store import SQLiteDossierStore
from onestop_core.errors import ConcurrencyError

from .builders import AGENCY, OTHER, accepted
from .conftest import t

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, RECEIPTS, ROUNDS = 4, 50, 10
JOIN_TIMEOUT = 120  # seconds; only a hang would come near it


def receive_many(path: str, worker: int, start: multiprocessing.synchronize.Barrier) -> None:
    with SQLiteDossierStore(path) as store:
        start.wait()
        for i in range(RECEIPTS):
            store.receive(f"w{worker}-{i:03d}", accepted(), agency_id=AGENCY)


def race_appends(
    path: str, worker: int, start: multiprocessing.synchronize.Barrier, results: Any
) -> None:
    with SQLiteDossierStore(path) as store:
        for r in range(ROUNDS):
            move = Transferred(
                at=t(2026, 10, 5, 9), from_agency=AGENCY, to_agency=OTHER, note=f"w{worker}"
            )
            start.wait()
            try:
                store.append(f"race-{r}", [move], expected_version=1)
            except ConcurrencyError as exc:
                results.put((r, worker, "lost", exc.expected, exc.actual))
            else:
                results.put((r, worker, "won", 1, 2))


@pytest.fixture
def spawn(monkeypatch: pytest.MonkeyPatch) -> multiprocessing.context.SpawnContext:
    monkeypatch.syspath_prepend(str(ROOT))
    return multiprocessing.get_context("spawn")


def _run(processes: list[multiprocessing.process.BaseProcess], results: Any = None) -> list[Any]:
    """Start, collect ``2 * ROUNDS`` results (before joining: a full queue blocks exit), join."""
    for p in processes:
        p.start()
    collected = [results.get(timeout=JOIN_TIMEOUT) for _ in range(2 * ROUNDS)] if results else []
    for p in processes:
        p.join(JOIN_TIMEOUT)
    for p in processes:
        if p.is_alive():
            p.kill()
    assert [p.exitcode for p in processes] == [0] * len(processes)
    return collected


def test_concurrent_receipts_get_every_sequence_once(
    spawn: multiprocessing.context.SpawnContext, tmp_path: Path
) -> None:
    path = str(tmp_path / "dossiers.db")
    SQLiteDossierStore(path).close()  # create the schema before the rush
    start = spawn.Barrier(PROCESSES)
    _run(
        [
            spawn.Process(target=receive_many, args=(path, w, start), name=f"receiver-{w}")
            for w in range(PROCESSES)
        ]
    )
    total = PROCESSES * RECEIPTS
    with SQLiteDossierStore(path) as store:
        ids = store.ids()
        dossiers = [store.load(i) for i in ids]
        assert len(ids) == total  # no lost dossier
        assert all(d.version == 1 for d in dossiers)  # no lost or doubled event
        codes = [str(d.code) for d in dossiers]
        assert len(set(codes)) == total  # no duplicate code
        sequences = sorted(DossierCode.parse(c).sequence for c in codes)
        assert sequences == list(range(1, total + 1))
        assert all(store.find_by_code(c) == d for c, d in zip(codes, dossiers, strict=True))
        assert store.allocate_code(AGENCY, dossiers[0].events[0].at.date()).endswith(
            f"-{total + 1:04d}"
        )


def test_racing_appends_of_one_version_have_one_winner(
    spawn: multiprocessing.context.SpawnContext, tmp_path: Path
) -> None:
    path = str(tmp_path / "dossiers.db")
    with SQLiteDossierStore(path) as store:
        for r in range(ROUNDS):
            store.append(f"race-{r}", [accepted()], expected_version=0)
    start, results = spawn.Barrier(2), spawn.Queue()
    outcomes = _run(
        [
            spawn.Process(target=race_appends, args=(path, w, start, results), name=f"racer-{w}")
            for w in range(2)
        ],
        results,
    )
    with SQLiteDossierStore(path) as store:
        for r in range(ROUNDS):
            mine = [o for o in outcomes if o[0] == r]
            assert sorted(o[2] for o in mine) == ["lost", "won"]
            assert [o[3:] for o in mine if o[2] == "lost"] == [(1, 2)]
            winner = next(o[1] for o in mine if o[2] == "won")
            events = store.events(f"race-{r}")
            assert len(events) == 2 and events[1].note == f"w{winner}"
