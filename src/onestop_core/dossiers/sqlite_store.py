"""A dossier store in one SQLite file, safe for several threads and processes.

Standard library ``sqlite3`` only. The file is in WAL mode; every write runs in a
``BEGIN IMMEDIATE`` transaction, so the version check, the code allocation and the insert of
an append happen under SQLite's single write lock, and waiting writers queue for up to
``busy_timeout`` seconds. The ``events`` table is append-only — its primary key
``(dossier_id, version)`` means two writers can never both write version N, and triggers
refuse every ``UPDATE`` and ``DELETE``. ``codes`` holds each agency's last sequence per day;
``dossier_codes`` maps each dossier code (unique) to its dossier. ``schema_version`` records
the migrations applied; a newer library adds steps to :data:`MIGRATIONS`.

>>> import datetime as dt, pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     with SQLiteDossierStore(pathlib.Path(folder) / "dossiers.db") as store:
...         print(store.allocate_code("000.00.06.H56", dt.date(2023, 10, 28)), store.ids())
000.00.06.H56-231028-0001 ()
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import ClassVar, Final

from onestop_core._sqlite import Migration, SQLiteFile
from onestop_core.dossiers.model import Dossier
from onestop_core.dossiers.rules import RuleContext
from onestop_core.dossiers.serialization import event_from_dict, event_to_dict
from onestop_core.dossiers.store import DossierStore, StoreTransaction
from onestop_core.errors import ConcurrencyError, EventDataError

__all__ = ["MIGRATIONS", "Migration", "SQLiteDossierStore"]

_V1: Final = (
    """CREATE TABLE events (
        dossier_id  TEXT    NOT NULL,
        version     INTEGER NOT NULL CHECK (version >= 1),
        kind        TEXT    NOT NULL,
        at          TEXT    NOT NULL,
        payload     TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        PRIMARY KEY (dossier_id, version)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'dossier events are immutable'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'dossier events are immutable'); END""",
    """CREATE TABLE codes (
        agency        TEXT    NOT NULL,
        day           TEXT    NOT NULL,
        last_sequence INTEGER NOT NULL CHECK (last_sequence >= 1),
        PRIMARY KEY (agency, day)
    ) WITHOUT ROWID""",
    """CREATE TABLE dossier_codes (
        code       TEXT NOT NULL,
        dossier_id TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX dossier_codes_code ON dossier_codes (code)",
    "CREATE INDEX dossier_codes_dossier ON dossier_codes (dossier_id)",
)


def _v1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


#: The schema steps, in order; step ``i`` brings the file to schema version ``i + 1``.
MIGRATIONS: Final[tuple[Migration, ...]] = (_v1,)


class _SQLiteTransaction:
    """A :class:`StoreTransaction` on an open connection inside BEGIN … COMMIT."""

    def __init__(self, conn: sqlite3.Connection, context: RuleContext) -> None:
        self._conn = conn
        self._context = context

    def dossier(self, dossier_id: str) -> Dossier | None:
        rows = self._conn.execute(
            "SELECT version, payload FROM events WHERE dossier_id = ? ORDER BY version",
            (dossier_id,),
        ).fetchall()
        if not rows:
            return None
        events = []
        for expected, (version, payload) in enumerate(rows, start=1):
            if version != expected:
                raise EventDataError(
                    f"stored dossier {dossier_id!r} lacks version {expected}", path="version"
                )
            try:
                events.append(event_from_dict(json.loads(payload)))
            except (EventDataError, ValueError) as exc:
                raise EventDataError(
                    f"stored dossier {dossier_id!r}, version {version}: {exc}",
                    path=getattr(exc, "path", ""),
                ) from None
        return Dossier.from_events(dossier_id, events, self._context)

    def ids(self) -> tuple[str, ...]:
        rows = self._conn.execute(
            "SELECT DISTINCT dossier_id FROM events ORDER BY dossier_id"
        ).fetchall()
        return tuple(row[0] for row in rows)

    def code_owner(self, code: str) -> str | None:
        row = self._conn.execute(
            "SELECT dossier_id FROM dossier_codes WHERE code = ?", (code,)
        ).fetchone()
        return None if row is None else str(row[0])

    def last_sequence(self, agency: str, day: dt.date) -> int:
        row = self._conn.execute(
            "SELECT last_sequence FROM codes WHERE agency = ? AND day = ?",
            (agency, day.isoformat()),
        ).fetchone()
        return 0 if row is None else int(row[0])

    def bump_sequence(self, agency: str, day: dt.date, sequence: int) -> None:
        self._conn.execute(
            "INSERT INTO codes (agency, day, last_sequence) VALUES (?, ?, ?) "
            "ON CONFLICT (agency, day) DO UPDATE "
            "SET last_sequence = max(last_sequence, excluded.last_sequence)",
            (agency, day.isoformat(), sequence),
        )

    def write(self, before: Dossier, after: Dossier, codes: Sequence[str]) -> None:
        recorded_at = dt.datetime.now(dt.UTC).isoformat()
        rows = [
            (
                after.id,
                version,
                event.kind,
                event.at.isoformat(),
                json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":")),
                recorded_at,
            )
            for version, event in enumerate(after.events[before.version :], before.version + 1)
        ]
        try:
            self._conn.executemany(
                "INSERT INTO events (dossier_id, version, kind, at, payload, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        except sqlite3.IntegrityError:  # only a writer bypassing BEGIN IMMEDIATE gets here
            raise ConcurrencyError(
                f"dossier {after.id!r}: version {before.version + 1} was written by someone "
                "else first; reload it and try again",
                dossier_id=after.id,
                expected=before.version,
                actual=before.version + 1,
            ) from None
        self._conn.executemany(
            "INSERT INTO dossier_codes (code, dossier_id) VALUES (?, ?)",
            [(code, after.id) for code in codes],
        )


class SQLiteDossierStore(SQLiteFile, DossierStore):
    """A :class:`~onestop_core.dossiers.store.DossierStore` in the SQLite file at ``path``.

    Open one store per process (and share it between that process's threads); several
    processes may open the same file. ``busy_timeout`` is how long, in seconds, a write waits
    for another writer. Close it with ``close()`` or use it as a context manager.
    Subclasses may extend :attr:`migrations` to add schema steps.

    >>> import datetime as dt, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with SQLiteDossierStore(pathlib.Path(folder) / "d.db") as store:
    ...         print(store.schema_version, store.find_by_code("000.00.06.H56-231027-0361"))
    1 None
    """

    #: The schema steps this class applies, in order; subclasses may extend the tuple.
    migrations: ClassVar[tuple[Migration, ...]] = MIGRATIONS
    label: ClassVar[str] = "dossier store"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        context: RuleContext | None = None,
        busy_timeout: float = 30.0,
    ) -> None:
        DossierStore.__init__(self, context=context)
        SQLiteFile.__init__(self, path, busy_timeout=busy_timeout)

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[StoreTransaction]:
        with self._begin("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED") as conn:
            yield _SQLiteTransaction(conn, self.context)
