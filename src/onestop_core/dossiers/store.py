"""Dossier storage: an append-only event log per dossier, with optimistic concurrency.

A :class:`DossierStore` keeps each dossier as the events it was built from. ``append``
checks the caller's ``expected_version``, applies the new events to the dossier rebuilt
from the stored log (the same :meth:`Dossier.apply <onestop_core.dossiers.model.Dossier.apply>`
rules, all or nothing) and only then writes them. Dossier codes come from a per-agency,
per-day sequence that the store allocates in the same transaction (``law.md`` §4.1).

>>> import datetime as dt
>>> from onestop_core._time import VN_TZ
>>> from onestop_core.dossiers import Accepted, Applicant, Decided, DossierHeader
>>> from onestop_core.procedures import ProcessingTime
>>> from onestop_core.procedures.enums import Channel
>>> header = DossierHeader(procedure_code="1.004873", procedure_name="Xác nhận tình trạng hôn nhân",
...     limit=ProcessingTime.working_days(3), channel=Channel.IN_PERSON,
...     applicant=Applicant(name="Nguyễn Văn An", id_number="001204012345"),
...     receiving_agency="000.00.06.H56", competent_agency="000.00.06.H56")
>>> store = MemoryDossierStore()
>>> d = store.receive("hs-1", Accepted(at=dt.datetime(2023, 10, 27, 9, tzinfo=VN_TZ),
...     header=header), agency_id="000.00.06.H56")
>>> d.code, d.version
('000.00.06.H56-231027-0001', 1)
>>> d = store.append("hs-1", [Decided(at=dt.datetime(2023, 10, 30, 9, tzinfo=VN_TZ))],
...     expected_version=1)
>>> store.load("hs-1") == d, store.find_by_code("000.00.06.H56-231027-0001") == d
(True, True)
"""

from __future__ import annotations

import abc
import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Protocol, Self

import attrs

from onestop_core._time import to_local
from onestop_core.dossiers.codes import DossierCode, DossierCodeForm
from onestop_core.dossiers.events import Accepted, DossierEvent
from onestop_core.dossiers.model import Dossier
from onestop_core.dossiers.rules import RuleContext
from onestop_core.dossiers.serialization import event_from_dict, event_to_dict
from onestop_core.errors import (
    ConcurrencyError,
    DossierCodeError,
    EventDataError,
    InvalidTransition,
    UnknownDossierError,
)

__all__ = ["DossierStore", "MemoryDossierStore", "StoreTransaction"]


class StoreTransaction(Protocol):
    """One all-or-nothing unit of work of a store backend (what a backend implements).

    Reads see the transaction's own writes; nothing is visible to others before commit.
    """

    def dossier(self, dossier_id: str) -> Dossier | None:
        """The stored dossier rebuilt from its log, or None if there is none."""

    def ids(self) -> tuple[str, ...]:
        """Every stored dossier id, sorted."""

    def code_owner(self, code: str) -> str | None:
        """The id of the dossier carrying ``code``, if any."""

    def last_sequence(self, agency: str, day: dt.date) -> int:
        """The last sequence allocated for ``agency`` on ``day`` (0 if none)."""

    def bump_sequence(self, agency: str, day: dt.date, sequence: int) -> None:
        """Raise the last sequence of ``agency`` on ``day`` to at least ``sequence``."""

    def write(self, before: Dossier, after: Dossier, codes: Sequence[str]) -> None:
        """Append ``after.events[before.version:]`` and record the new ``codes``."""


def _code_text(agency_id: str, received_on: dt.date, sequence: int) -> tuple[str, str]:
    """The dossier code text and the agency part it is counted under (TT 01/2018 form)."""
    text = str(DossierCode.generate(agency_id, received_on, sequence))
    return text, text.rsplit("-", 2)[0]


def _counted_as(code: str) -> tuple[str, dt.date, int] | None:
    """(agency part, day, sequence) of a TT 01/2018 code, to keep allocation above it."""
    try:
        parsed = DossierCode.parse(code)
    except DossierCodeError:
        return None
    if parsed.form is not DossierCodeForm.LEGACY_TT01:
        return None
    return code.rsplit("-", 2)[0], parsed.received_on, parsed.sequence


def _check_round_trip(event: DossierEvent, index: int) -> None:
    """Refuse an event the store could not read back exactly (a wrongly-typed field)."""
    try:
        same = event_from_dict(event_to_dict(event)) == event
    except EventDataError as exc:
        raise EventDataError(f"events[{index}]: {exc}", path=f"[{index}].{exc.path}") from None
    if not same:
        raise EventDataError(
            f"events[{index}] ({event.kind}) does not survive serialization unchanged",
            path=f"[{index}]",
        )


class DossierStore(abc.ABC):
    """Where dossiers live: one append-only event log per dossier id.

    Every dossier is rebuilt with the store's :class:`RuleContext` (calendar, strictness),
    given to the constructor; open a store with the strictness its log was written under (a
    log written with ``strict=False`` may not rebuild strictly). Backends implement
    :meth:`_transaction`; the rules live here, so every backend accepts and refuses exactly
    the same appends, and an event is refused unless it reads back unchanged from its
    serialized form.

    >>> store = MemoryDossierStore()
    >>> store.ids(), store.context.strict
    ((), True)
    """

    def __init__(self, *, context: RuleContext | None = None) -> None:
        self.context = context or RuleContext()

    @abc.abstractmethod
    def _transaction(self, *, write: bool) -> AbstractContextManager[StoreTransaction]:
        """A transaction: committed on normal exit, rolled back on an exception."""

    # -- reading --------------------------------------------------------------------------
    def load(self, dossier_id: str) -> Dossier:
        """The dossier rebuilt from its stored events.

        >>> MemoryDossierStore().load("hs-404")
        Traceback (most recent call last):
        ...
        onestop_core.errors.UnknownDossierError: no dossier with id 'hs-404' in the store
        """
        with self._transaction(write=False) as tx:
            return self._existing(tx, dossier_id)

    def events(self, dossier_id: str) -> tuple[DossierEvent, ...]:
        """The stored events of a dossier, oldest first.

        >>> MemoryDossierStore().events("hs-404")
        Traceback (most recent call last):
        ...
        onestop_core.errors.UnknownDossierError: no dossier with id 'hs-404' in the store
        """
        return self.load(dossier_id).events

    def ids(self) -> tuple[str, ...]:
        """Every dossier id in the store, sorted.

        >>> MemoryDossierStore().ids()
        ()
        """
        with self._transaction(write=False) as tx:
            return tx.ids()

    def find_by_code(self, code: str) -> Dossier | None:
        """The dossier carrying dossier code ``code``, or None.

        >>> MemoryDossierStore().find_by_code("000.00.06.H56-231027-0361") is None
        True
        """
        with self._transaction(write=False) as tx:
            owner = tx.code_owner(code)
            return None if owner is None else self._existing(tx, owner)

    # -- writing --------------------------------------------------------------------------
    def append(
        self, dossier_id: str, events: Iterable[DossierEvent], *, expected_version: int
    ) -> Dossier:
        """Append ``events`` to a dossier at ``expected_version`` (0 for a new dossier).

        The events are applied in order to the stored dossier; if the version is stale
        (:class:`~onestop_core.errors.ConcurrencyError`) or any event is refused
        (:class:`~onestop_core.errors.InvalidTransition`), nothing is written.

        >>> MemoryDossierStore().append("hs-1", [], expected_version=0)
        Traceback (most recent call last):
        ...
        onestop_core.errors.InvalidTransition: nothing to append to dossier hs-1
        """
        batch = tuple(events)
        with self._transaction(write=True) as tx:
            return self._append(tx, dossier_id, batch, expected_version)

    def allocate_code(self, agency_id: str, received_on: dt.date) -> str:
        """The next dossier code of ``agency_id`` for ``received_on`` (sequence from 1 daily).

        Allocation is transactional, so concurrent callers never get the same code. A code
        allocated here and never used leaves a gap; :meth:`receive` allocates and uses the
        code in one transaction.

        >>> store = MemoryDossierStore()
        >>> store.allocate_code("000.00.06.H56", dt.date(2023, 10, 27))
        '000.00.06.H56-231027-0001'
        >>> store.allocate_code("000.00.06.H56", dt.date(2023, 10, 27))
        '000.00.06.H56-231027-0002'
        """
        _code_text(agency_id, received_on, 1)  # check the agency and day before counting
        with self._transaction(write=True) as tx:
            return self._allocate(tx, agency_id, received_on)

    def receive(
        self,
        dossier_id: str,
        event: Accepted,
        *,
        agency_id: str,
        expected_version: int | None = None,
    ) -> Dossier:
        """Accept a dossier (tiếp nhận): allocate its code and append ``event`` carrying it.

        One transaction: the code is used only if the event is accepted. The day is the
        local (Asia/Ho_Chi_Minh) date of ``event.at``. ``event`` is the dossier's first
        event, or follows its online submission; ``expected_version`` (default: whatever is
        stored) guards against concurrent changes.

        >>> import datetime as dt
        >>> from onestop_core._time import VN_TZ
        >>> MemoryDossierStore().receive("hs-1", Accepted(at=dt.datetime(2023, 10, 27,
        ...     tzinfo=VN_TZ), code="X"), agency_id="000.00.06.H56")
        Traceback (most recent call last):
        ...
        onestop_core.errors.InvalidTransition: receive() allocates the code; ...
        """
        if not isinstance(event, Accepted):
            raise InvalidTransition(
                f"receive() takes an Accepted event, not {type(event).__name__}",
                event=getattr(event, "kind", ""),
                rule="receive",
            )
        if event.code is not None:
            raise InvalidTransition(
                "receive() allocates the code; pass an Accepted event without one",
                event=event.kind,
                rule="receive",
            )
        day = to_local(event.at).date()
        _code_text(agency_id, day, 1)
        with self._transaction(write=True) as tx:
            current = tx.dossier(dossier_id)
            version = current.version if current else 0
            if expected_version is not None:
                version = expected_version
            code = self._allocate(tx, agency_id, day)
            return self._append(tx, dossier_id, (attrs.evolve(event, code=code),), version)

    def close(self) -> None:
        """Release the store's resources (nothing to do for the in-memory store).

        >>> with MemoryDossierStore() as store:
        ...     store.ids()
        ()
        """
        return  # a backend holding resources overrides this

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the rules, shared by every backend -------------------------------------------------
    @staticmethod
    def _existing(tx: StoreTransaction, dossier_id: str) -> Dossier:
        dossier = tx.dossier(dossier_id)
        if dossier is None:
            raise UnknownDossierError(f"no dossier with id {dossier_id!r} in the store")
        return dossier

    @staticmethod
    def _allocate(tx: StoreTransaction, agency_id: str, day: dt.date) -> str:
        agency = _code_text(agency_id, day, 1)[1]
        sequence = tx.last_sequence(agency, day) + 1
        tx.bump_sequence(agency, day, sequence)
        return _code_text(agency_id, day, sequence)[0]

    def _append(
        self,
        tx: StoreTransaction,
        dossier_id: str,
        batch: tuple[DossierEvent, ...],
        expected_version: int,
    ) -> Dossier:
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise TypeError(f"expected_version must be an int, not {expected_version!r}")
        before = tx.dossier(dossier_id) or Dossier.empty(dossier_id)
        if before.version != expected_version:
            raise ConcurrencyError(
                f"dossier {dossier_id!r}: expected version {expected_version}, but the store "
                f"holds version {before.version}; reload it and try again",
                dossier_id=dossier_id,
                expected=expected_version,
                actual=before.version,
            )
        if not batch:
            raise InvalidTransition(f"nothing to append to dossier {dossier_id}", rule="batch")
        after = before
        codes: list[str] = []
        for index, event in enumerate(batch):
            after = after.apply(event, self.context)
            _check_round_trip(event, index)
            code = event.code if isinstance(event, Accepted) else None
            if code is not None:
                owner = tx.code_owner(code)
                if owner is not None and owner != dossier_id:
                    raise InvalidTransition(
                        f"dossier code {code} is already used by dossier {owner}",
                        event=event.kind,
                        rule="a dossier code is unique (law.md §4.1)",
                    )
                codes.append(code)
                counted = _counted_as(code)
                if counted is not None:
                    tx.bump_sequence(*counted)
        tx.write(before, after, codes)
        return after


class _MemoryTransaction:
    """Staged changes over a :class:`MemoryDossierStore`, applied only on commit."""

    def __init__(self, store: MemoryDossierStore) -> None:
        self._store = store
        self._dossiers: dict[str, Dossier] = {}
        self._codes: dict[str, str] = {}
        self._sequences: dict[tuple[str, dt.date], int] = {}

    def dossier(self, dossier_id: str) -> Dossier | None:
        if dossier_id in self._dossiers:
            return self._dossiers[dossier_id]
        return self._store._dossiers.get(dossier_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._store._dossiers.keys() | self._dossiers.keys()))

    def code_owner(self, code: str) -> str | None:
        return self._codes.get(code) or self._store._codes.get(code)

    def last_sequence(self, agency: str, day: dt.date) -> int:
        key = (agency, day)
        return self._sequences.get(key) or self._store._sequences.get(key, 0)

    def bump_sequence(self, agency: str, day: dt.date, sequence: int) -> None:
        self._sequences[(agency, day)] = max(sequence, self.last_sequence(agency, day))

    def write(self, before: Dossier, after: Dossier, codes: Sequence[str]) -> None:
        self._dossiers[after.id] = after
        self._codes.update(dict.fromkeys(codes, after.id))

    def commit(self) -> None:
        self._store._dossiers.update(self._dossiers)
        self._store._codes.update(self._codes)
        self._store._sequences.update(self._sequences)


class MemoryDossierStore(DossierStore):
    """A thread-safe store in memory (for tests, tools and single-process use).

    >>> store = MemoryDossierStore(context=RuleContext(strict=False))
    >>> store.context.strict
    False
    """

    def __init__(self, *, context: RuleContext | None = None) -> None:
        super().__init__(context=context)
        self._lock = threading.Lock()
        self._dossiers: dict[str, Dossier] = {}
        self._codes: dict[str, str] = {}
        self._sequences: dict[tuple[str, dt.date], int] = {}

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[StoreTransaction]:
        with self._lock:
            tx = _MemoryTransaction(self)
            yield tx
            if write:
                tx.commit()
