"""What postal tracking means for the dossier, applied once whatever the carrier resends.

Only one tracking fact changes a dossier: the **result leg** (DELIVER_RESULT, order number
ending ``-KQ``) reaching **DELIVERED** hands the result to the applicant, so a decided
dossier (status 9, *đã xử lý xong*) becomes status 10 (*đã trả kết quả*) with a
:class:`~onestop_core.dossiers.Delivered` event whose method is POSTAL and whose instant is
the carrier's delivery time. Everything else changes nothing here:

* the dossier leg (COLLECT_DOSSIER, ``-HS``) reaching the agency is not yet reception: the
  dossier is accepted when the hand-over record is signed (QĐ 45/2016 Art. 7), by staff;
* a failed delivery (DELIVERY_FAILED) leaves the dossier at 9; after two failed attempts the
  result goes back to the agency (TT 17/2017 Art. 5(2)(h): RETURNING, RETURNED), still 9.

:func:`apply_tracking` records every event in a
:class:`~onestop_core.adapters.CallbackInbox` first, so a duplicate or an out-of-order event
causes no second state change; :func:`handle_callback` is the whole receiving endpoint
(verify, record, apply, answer) without a web framework.

>>> import datetime as dt
>>> from onestop_core.adapters import TrackingEvent, TrackingState
>>> from onestop_core.dossiers import Dossier
>>> delivered = TrackingEvent(carrier="vnpost", item_code="EB123456785VN", code_raw="14",
...     normalized=TrackingState.DELIVERED, order_number="000.00.06.H56-261120-0001-KQ",
...     occurred_at=dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))))
>>> leg_of(delivered.order_number), dossier_code_of(delivered.order_number)
(<ShipmentLeg.DELIVER_RESULT: 'deliver_result'>, '000.00.06.H56-261120-0001')
>>> dossier_event_for(delivered, Dossier.empty("hs-1")) is None   # not decided
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
from onestop_core.adapters import (
    CallbackDecision,
    CallbackInbox,
    CallbackRejected,
    PayloadValidationError,
    PostalAdapter,
    ShipmentLeg,
    TrackingEvent,
    TrackingState,
    get_logger,
)
from onestop_core.dossiers import (
    Delivered,
    DeliveryMethod,
    Dossier,
    DossierEvent,
    DossierStatus,
    DossierStore,
)
from onestop_core.errors import ConcurrencyError

__all__ = [
    "CallbackResponse",
    "TrackingReport",
    "apply_tracking",
    "dossier_code_of",
    "dossier_event_for",
    "handle_callback",
    "leg_of",
]

log = get_logger("vnpost.dossiers")
_SUFFIXES: Final = {leg.suffix: leg for leg in ShipmentLeg}
_MAX_CONFLICTS: Final = 5


def leg_of(order_number: str | None) -> ShipmentLeg | None:
    """The leg an order number belongs to, from its suffix (``-HS``, ``-KQ``), or None.

    >>> leg_of("000.00.06.H56-261120-0001-HS"), leg_of("ABC"), leg_of(None)
    (<ShipmentLeg.COLLECT_DOSSIER: 'collect_dossier'>, None, None)
    """
    if not order_number:
        return None
    return _SUFFIXES.get(order_number[-3:])


def dossier_code_of(order_number: str | None) -> str | None:
    """The dossier code inside an order number (the order number less its leg suffix).

    >>> dossier_code_of("000.00.06.H56-261120-0001-KQ")
    '000.00.06.H56-261120-0001'
    """
    if leg_of(order_number) is None or order_number is None:
        return None
    return order_number[:-3]


def dossier_event_for(
    event: TrackingEvent, dossier: Dossier, *, leg: ShipmentLeg | None = None
) -> DossierEvent | None:
    """The dossier event a tracking event means for ``dossier`` now, or None.

    ``Delivered(at=event.occurred_at, method=DeliveryMethod.POSTAL)`` when the event is the
    result leg reaching DELIVERED and the dossier is decided (status 9); None for anything
    else, including a dossier already at status 10 (so a repeated event changes nothing).
    The leg comes from ``leg`` or, failing that, from the event's order number; an event
    whose order number names another dossier raises PayloadValidationError.

    >>> import datetime as dt
    >>> from onestop_core.adapters import TrackingEvent, TrackingState
    >>> from onestop_core.dossiers import Dossier, DossierStatus
    >>> decided = Dossier(id="hs-1", code="H56-1", status=DossierStatus.DECIDED)
    >>> e = TrackingEvent(carrier="vnpost", item_code="EB123456785VN", code_raw="14",
    ...     normalized=TrackingState.DELIVERED, order_number="H56-1-KQ",
    ...     occurred_at=dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC))
    >>> dossier_event_for(e, decided)
    Delivered(at=datetime.datetime(2026, 11, 27, 2, 0, tzinfo=datetime.timezone.utc), \
actor='', note='', method=<DeliveryMethod.POSTAL: 'postal'>)
    """
    code = dossier_code_of(event.order_number)
    if code is not None and dossier.code is not None and code != dossier.code:
        raise PayloadValidationError(
            f"tracking event of order {event.order_number} does not belong to dossier "
            f"{dossier.code}",
            path="order_number",
        )
    if (leg or leg_of(event.order_number)) is not ShipmentLeg.DELIVER_RESULT:
        return None
    if event.normalized is not TrackingState.DELIVERED:
        return None
    if dossier.status is not DossierStatus.DECIDED:
        if dossier.status is not DossierStatus.DELIVERED:
            log.warning(
                "dossier %s: the result of item %s was delivered but the dossier is in "
                "status %s, not decided; nothing applied",
                dossier.id,
                event.item_code,
                dossier.status.value if dossier.status else "new",
            )
        return None
    return Delivered(at=event.occurred_at, method=DeliveryMethod.POSTAL)


@attrs.frozen(kw_only=True)
class TrackingReport:
    """What :func:`apply_tracking` did: the dossier after, the inbox decision of each event
    (by ``event_id``, oldest first) and the dossier events appended.

    >>> from onestop_core.dossiers import Dossier
    >>> TrackingReport(dossier=Dossier.empty("hs-1")).changed
    False
    """

    dossier: Dossier
    decisions: tuple[tuple[str, CallbackDecision], ...] = ()
    applied: tuple[DossierEvent, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the dossier changed."""
        return bool(self.applied)


def _append(
    store: DossierStore,
    dossier_id: str,
    event: TrackingEvent,
    dossier: Dossier,
    leg: ShipmentLeg | None,
) -> tuple[Dossier, DossierEvent | None]:
    """Append the event's dossier change, reloading after a concurrent write."""
    for _ in range(_MAX_CONFLICTS):
        change = dossier_event_for(event, dossier, leg=leg)
        if change is None:
            return dossier, None
        try:
            return store.append(dossier_id, [change], expected_version=dossier.version), change
        except ConcurrencyError:
            dossier = store.load(dossier_id)
    raise ConcurrencyError(
        f"dossier {dossier_id} kept changing while tracking was applied",
        dossier_id=dossier_id,
        expected=dossier.version,
    )


def apply_tracking(
    store: DossierStore,
    dossier_id: str,
    events: Iterable[TrackingEvent],
    *,
    inbox: CallbackInbox | None = None,
    leg: ShipmentLeg | None = None,
) -> TrackingReport:
    """Apply tracking events to a stored dossier, each change at most once.

    Events are taken oldest first. Each is recorded in ``inbox`` before anything else
    (keyed by carrier and item code): an OUT_OF_ORDER event (older than one already
    applied for the item) is recorded and not applied; an APPLY event is applied through
    :func:`dossier_event_for`. A DUPLICATE changes nothing either, because the change it
    carries is already in the dossier — except when an earlier delivery was recorded and
    then lost before the dossier was written (a crash in between): the dossier still lacks
    it, and the duplicate repairs that.

    Pass a durable inbox (a SQLite :class:`~onestop_core.adapters.CallbackInbox` file);
    without one a temporary in-memory inbox deduplicates within this call only, and the
    dossier's status still prevents a second change.

    >>> import datetime as dt
    >>> from onestop_core.dossiers import MemoryDossierStore
    >>> apply_tracking(MemoryDossierStore(), "hs-404", [])
    Traceback (most recent call last):
    ...
    onestop_core.errors.UnknownDossierError: no dossier with id 'hs-404' in the store
    """
    box = inbox if inbox is not None else CallbackInbox()
    try:
        dossier = store.load(dossier_id)
        decisions: list[tuple[str, CallbackDecision]] = []
        applied: list[DossierEvent] = []
        for event in sorted(events, key=lambda e: e.occurred_at):
            ((_, decision),) = box.accept([event])
            decisions.append((event.event_id, decision))
            if decision is CallbackDecision.OUT_OF_ORDER:
                log.info("event %s is older than one applied: recorded only", event.event_id)
                continue
            dossier, change = _append(store, dossier_id, event, dossier, leg)
            if change is None:
                continue
            if decision is CallbackDecision.DUPLICATE:
                log.warning("event %s was recorded but never applied: applied now", event.event_id)
            log.info(
                "dossier %s: %s from item %s", dossier_id, type(change).__name__, event.item_code
            )
            applied.append(change)
        return TrackingReport(dossier=dossier, decisions=tuple(decisions), applied=tuple(applied))
    finally:
        if inbox is None:
            box.close()


@attrs.frozen(kw_only=True)
class CallbackResponse:
    """What to answer the callback's sender: an HTTP status and a small JSON body.

    2xx only once every event was durably recorded (and applied where it applies); the
    sender retries anything else.
    """

    status_code: int
    body: Mapping[str, Any] = attrs.field(hash=False)
    reports: tuple[TrackingReport, ...] = attrs.field(default=(), hash=False)


def _route_by_order_number(store: DossierStore) -> Callable[[TrackingEvent], str | None]:
    def route(event: TrackingEvent) -> str | None:
        code = dossier_code_of(event.order_number)
        dossier = store.find_by_code(code) if code else None
        return dossier.id if dossier else None

    return route


def handle_callback(
    adapter: PostalAdapter,
    headers: Mapping[str, str],
    body: bytes,
    query: Mapping[str, str],
    *,
    store: DossierStore,
    inbox: CallbackInbox,
    route: Callable[[TrackingEvent], str | None] | None = None,
) -> CallbackResponse:
    """Serve one postal callback: verify, record, apply, then say what to answer.

    ``adapter.parse_callback`` verifies the raw request before reading it; a rejected one
    gets the rejection's status (401, 413 …) and changes nothing, a verified but malformed
    one gets 400. Each event is routed to a dossier id by ``route`` (default: its order
    number's dossier code, looked up in ``store``) and applied with :func:`apply_tracking`.
    An event no dossier matches is still recorded in ``inbox``. Any other failure
    propagates: let your framework answer 500 so the sender retries.

    >>> from onestop_core.adapters import CallbackInbox
    >>> from onestop_core.dossiers import MemoryDossierStore
    >>> class Refusing:
    ...     def parse_callback(self, headers, body, query):
    ...         raise CallbackRejected("no signature", reason="missing-header")
    >>> with CallbackInbox() as inbox:
    ...     handle_callback(Refusing(), {}, b"{}", {}, store=MemoryDossierStore(), inbox=inbox)
    CallbackResponse(status_code=401, body={'ok': False, 'reason': 'missing-header'}, reports=())
    """
    try:
        events = adapter.parse_callback(headers, body, query)
    except CallbackRejected as rejected:
        log.warning("callback rejected: %s", rejected.reason or "unverified")
        return CallbackResponse(
            status_code=rejected.status_code, body={"ok": False, "reason": rejected.reason}
        )
    except PayloadValidationError as invalid:
        log.warning("verified callback with an invalid body (%s)", invalid.path or "body")
        return CallbackResponse(status_code=400, body={"ok": False, "reason": "invalid-body"})
    find = route or _route_by_order_number(store)
    by_dossier: dict[str, list[TrackingEvent]] = {}
    unrouted: list[TrackingEvent] = []
    for event in events:
        dossier_id = find(event)
        if dossier_id is None:
            unrouted.append(event)
        else:
            by_dossier.setdefault(dossier_id, []).append(event)
    if unrouted:
        inbox.accept(unrouted)
        log.info("%d callback event(s) match no dossier: recorded only", len(unrouted))
    reports = tuple(
        apply_tracking(store, dossier_id, group, inbox=inbox)
        for dossier_id, group in by_dossier.items()
    )
    changed = sum(len(r.applied) for r in reports)
    return CallbackResponse(
        status_code=200,
        body={"ok": True, "events": len(events), "changed": changed},
        reports=reports,
    )
