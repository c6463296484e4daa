"""SQLite plumbing shared by the dossier store, the outbox and the callback inbox (private).

One connection per instance
guarded by a lock, WAL, ``synchronous = FULL``, ``busy_timeout``, writes in
``BEGIN IMMEDIATE`` transactions, and a ``schema_version`` table advanced by ``migrations``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import ClassVar, Final, Self

from onestop_core.errors import StoreSchemaError

#: One schema step: runs inside the migration transaction (``execute``, not ``executescript``).
Migration = Callable[[sqlite3.Connection], None]
_TS: Final = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order


def to_text(t: dt.datetime) -> str:
    """An aware instant as fixed-width UTC text."""
    return t.astimezone(dt.UTC).strftime(_TS)


def from_text(text: str) -> dt.datetime:
    """The aware UTC instant written by :func:`to_text`."""
    return dt.datetime.strptime(text, _TS).replace(tzinfo=dt.UTC)


def statements(*sql: str) -> Migration:
    """A migration running ``sql`` statements in order."""

    def step(conn: sqlite3.Connection) -> None:
        for statement in sql:
            conn.execute(statement)

    return step


class SQLiteFile:
    """An open SQLite file with migrations applied; ``label`` names it in errors."""

    migrations: ClassVar[tuple[Migration, ...]] = ()
    label: ClassVar[str] = "database"

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    @contextmanager
    def _begin(self, statement: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute(statement)
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _migrate(self) -> None:
        with self._begin() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
            current = int(row[0] or 0)
            if current > len(self.migrations):
                raise StoreSchemaError(
                    f"{self.label} {self.path!r} has schema version {current}; this version of "
                    f"onestop_core knows versions up to {len(self.migrations)}"
                )
            for version, step in enumerate(self.migrations[current:], start=current + 1):
                step(conn)
                conn.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (version, to_text(dt.datetime.now(dt.UTC))),
                )

    @property
    def schema_version(self) -> int:
        """The schema version of the file (the number of migrations applied)."""
        with self._lock:
            row = self._conn.execute("SELECT max(version) FROM schema_version").fetchone()
            return int(row[0] or 0)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
