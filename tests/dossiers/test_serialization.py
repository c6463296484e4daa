"""Event (de)serialization: round trips for every event type, and a strict untrusted edge."""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core._time import VN_TZ
from onestop_core.dossiers import events as ev
from onestop_core.dossiers.applicant import Applicant
from onestop_core.dossiers.serialization import EVENT_TYPES, event_from_dict, event_to_dict
from onestop_core.errors import EventDataError, OnestopError
from onestop_core.procedures.enums import Channel
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime, TimeUnit

from .builders import accepted, lifecycle
from .conftest import make_header, t

# -- strategies -------------------------------------------------------------------------------
text = st.text(max_size=12)
zones = st.one_of(
    st.sampled_from([VN_TZ, dt.UTC]),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
)
instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31), timezones=zones
)
limits = st.builds(
    ProcessingTime,
    value=st.fractions(min_value=0, max_value=400, max_denominator=8),
    unit=st.sampled_from(TimeUnit),
    excluded=st.frozensets(st.sampled_from(PauseReason)),
    note=text,
)
applicants = st.builds(
    Applicant,
    name=text,
    id_number=text,
    phone=text,
    email=text,
    address=text,
    organisation=text,
)
headers = st.builds(
    ev.DossierHeader,
    procedure_code=text,
    procedure_name=text,
    limit=limits,
    channel=st.sampled_from(Channel),
    applicant=applicants,
    receiving_agency=text,
    competent_agency=text,
    boundary_free=st.booleans(),
)
pauses = st.sampled_from(PauseReason)
#: The fields beyond ``at``, ``actor`` and ``note`` of each event type.
FIELDS: dict[type[ev.DossierEvent], dict[str, st.SearchStrategy[Any]]] = {
    ev.Submitted: {"header": headers},
    ev.Accepted: {"header": st.none() | headers, "code": st.none() | text},
    ev.Refused: {"reason": text, "legal_ground": text, "header": st.none() | headers},
    ev.Transferred: {"from_agency": text, "to_agency": text},
    ev.SupplementRequested: {"agency": text, "reason": text, "items": st.lists(text, max_size=4)},
    ev.SupplementCompleted: {},
    ev.FinancialObligationNotified: {"obligation": text, "amount_vnd": st.none() | st.integers()},
    ev.FinancialObligationPaid: {},
    ev.ExcludedIntervalStarted: {"reason": pauses},
    ev.ExcludedIntervalEnded: {"reason": pauses},
    ev.Suspended: {"authority": text, "legal_ground": text},
    ev.Resumed: {},
    ev.Extended: {"new_due": instants, "reason": text},
    ev.Withdrawn: {"reason": text},
    ev.Stopped: {"reason": text, "legal_ground": text},
    ev.ClosedIncomplete: {},
    ev.Decided: {"outcome": st.sampled_from(ev.Outcome), "result": text},
    ev.Delivered: {"method": st.sampled_from(ev.DeliveryMethod)},
}
STRATEGIES = {
    cls: st.builds(cls, at=instants, actor=text, note=text, **fields)
    for cls, fields in FIELDS.items()
}
any_event = st.one_of(*STRATEGIES.values())


def _all_subclasses(cls: type) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *_all_subclasses(direct)}}


def test_every_event_type_and_field_is_covered() -> None:
    assert set(EVENT_TYPES) == _all_subclasses(ev.DossierEvent) == set(FIELDS)
    assert len({cls.kind for cls in EVENT_TYPES}) == len(EVENT_TYPES)
    for cls in EVENT_TYPES:
        names = {a.name for a in attrs.fields(cls)}
        assert names == {"at", "actor", "note", *FIELDS[cls]}, cls.__name__


# -- round trips ------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda c: c.kind)
@given(data=st.data())
def test_round_trip_through_json(cls: type[ev.DossierEvent], data: st.DataObject) -> None:
    event = data.draw(STRATEGIES[cls])
    payload = event_to_dict(event)
    wire = json.loads(json.dumps(payload, ensure_ascii=False))
    back = event_from_dict(wire)
    assert back == event and type(back) is cls
    assert event_to_dict(back) == payload == wire
    assert list(payload)[:2] == ["kind", "at"] and payload["kind"] == cls.kind


@given(event=any_event)
def test_instants_keep_their_offset(event: ev.DossierEvent) -> None:
    back = event_from_dict(event_to_dict(event))
    assert back.at.utcoffset() == event.at.utcoffset()


def test_the_lifecycle_round_trips() -> None:
    for event in lifecycle():
        assert event_from_dict(event_to_dict(event)) == event


def test_nested_values_are_spelled_out() -> None:
    header = make_header(limit=ProcessingTime.working_days(Fraction(1, 2)))
    data = event_to_dict(accepted(header=header, code="C"))
    assert data["header"]["limit"] == {
        "value": "1/2",
        "unit": "working_days",
        "excluded": [],
        "note": "",
    }
    assert data["header"]["channel"] == 1
    assert data["header"]["applicant"]["id_number"] == "001204012345"  # stored in full
    assert data["at"] == "2026-10-05T08:00:00+07:00"
    limit = ProcessingTime(
        value=15,
        unit=TimeUnit.WORKING_DAYS,
        excluded=[PauseReason.PUBLIC_POSTING, PauseReason.FINANCIAL_OBLIGATION],
    )
    written = event_to_dict(ev.Submitted(at=t(2026, 1, 5), header=make_header(limit=limit)))
    assert written["header"]["limit"]["value"] == "15"
    assert written["header"]["limit"]["excluded"] == ["financial_obligation", "public_posting"]


# -- the untrusted edge -----------------------------------------------------------------------
def _accepted_payload() -> dict[str, Any]:
    return event_to_dict(accepted(code="000.00.06.H56-261005-0001"))


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[key]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return out


_DELETE = object()

BAD = [
    # (path changed, new value, path reported, words in the message)
    ("kind", "approved", "kind", "unknown event kind 'approved'"),
    ("kind", _DELETE, "kind", "missing"),
    ("kind", 3, "kind", "unknown event kind 3"),
    ("at", "2026-10-05T08:00:00", "at", "naive"),
    ("at", "2026-10-05", "at", "naive"),
    ("at", "5/10/2026 08:00", "at", "not an ISO 8601"),
    ("at", 1_790_000_000, "at", "expected an ISO 8601 date-time string"),
    ("at", _DELETE, "at", "missing"),
    ("actor", None, "actor", "expected a string, got NoneType"),
    ("code", 361, "code", "expected a string, got int"),
    ("header.limit.value", 15, "header.limit.value", "expected a fraction string"),
    ("header.limit.value", "1.5", "header.limit.value", "not a fraction string"),
    ("header.limit.value", "-3", "header.limit.value", "not a fraction string"),
    ("header.limit.value", "1/0", "header.limit.value", "divides by zero"),
    ("header.limit.unit", "weeks", "header.limit.unit", "not a valid TimeUnit"),
    ("header.limit.excluded", ["holiday"], "header.limit.excluded[0]", "not a valid PauseReason"),
    ("header.limit.excluded", "suspension", "header.limit.excluded", "expected a list"),
    ("header.channel", "1", "header.channel", "not a valid Channel"),
    ("header.channel", True, "header.channel", "not a valid Channel"),
    ("header.boundary_free", 0, "header.boundary_free", "expected true or false"),
    ("header.applicant", "Nguyễn Văn An", "header.applicant", "expected an object"),
    ("header.applicant.phone", _DELETE, "header.applicant.phone", "missing"),
    ("header", [], "header", "expected an object"),
    ("header.extra", 1, "header", "unexpected field(s) 'extra'"),
    ("colour", "red", "", "unexpected field(s) 'colour'"),
]


@pytest.mark.parametrize(("path", "value", "reported", "words"), BAD)
def test_bad_payloads_name_the_field(path: str, value: Any, reported: str, words: str) -> None:
    with pytest.raises(EventDataError) as info:
        event_from_dict(_set(_accepted_payload(), path, value))
    assert info.value.path == reported
    assert words in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, OnestopError)


@pytest.mark.parametrize(
    ("cls", "field", "value", "words"),
    [
        (ev.SupplementRequested, "items", ["a", 2], "items[1]: expected a string"),
        (ev.FinancialObligationNotified, "amount_vnd", True, "expected an integer"),
        (ev.FinancialObligationNotified, "amount_vnd", 1.5, "expected an integer"),
        (ev.Extended, "new_due", "2026-10-05T08:00", "naive"),
        (ev.Decided, "outcome", "APPROVED", "not a valid Outcome"),
        (ev.Delivered, "method", None, "not a valid DeliveryMethod"),
    ],
)
def test_bad_fields_of_other_events(
    cls: type[ev.DossierEvent], field: str, value: Any, words: str
) -> None:
    payload = {"kind": cls.kind, "at": "2026-10-05T08:00:00+07:00", "actor": "", "note": ""}
    payload |= {"agency": "A", "reason": "r", "items": [], "obligation": "", "amount_vnd": None}
    payload |= {"new_due": "2026-10-20T08:00:00+07:00", "outcome": "approved", "result": ""}
    payload |= {"method": "desk"}
    keep = {"kind", "at", "actor", "note", *FIELDS[cls]}
    good = {k: v for k, v in payload.items() if k in keep}
    assert type(event_from_dict(good)) is cls
    with pytest.raises(EventDataError, match=rf"field {field}\b") as info:
        event_from_dict(good | {field: value})
    assert words in str(info.value)


@pytest.mark.parametrize("data", [None, [], "accepted", 3])
def test_a_payload_must_be_an_object(data: object) -> None:
    with pytest.raises(EventDataError, match="expected an object") as info:
        event_from_dict(data)
    assert info.value.path == ""


def test_personal_data_never_appears_in_errors() -> None:
    bad = _set(_accepted_payload(), "header.applicant.id_number", 1204012345)
    with pytest.raises(EventDataError, match=r"\*+345") as info:
        event_from_dict(bad)
    assert "1204012345" not in str(info.value)
    bad = _set(_accepted_payload(), "header.applicant.name", ["Nguyễn Văn An"])
    with pytest.raises(EventDataError) as info:
        event_from_dict(bad)
    assert "Nguyễn" not in str(info.value) and "An'" not in str(info.value)
    # unexpected data in a free-text field is named by type only
    bad = _set(_accepted_payload(), "note", {"cccd": "001204012345"})
    with pytest.raises(EventDataError) as info:
        event_from_dict(bad)
    assert "001204012345" not in str(info.value)


def test_to_dict_refuses_what_it_cannot_write() -> None:
    with pytest.raises(EventDataError, match="DossierEvent is not a serializable"):
        event_to_dict(ev.DossierEvent(at=t(2026, 1, 5)))
    bad = ev.Decided(at=t(2026, 1, 5), outcome="approved")  # type: ignore[arg-type]
    with pytest.raises(EventDataError, match="outcome") as info:
        event_to_dict(bad)
    assert info.value.path == "outcome"
