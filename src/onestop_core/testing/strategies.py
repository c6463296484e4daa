"""hypothesis strategies for the canonical adapter records (valid instances only).

Instants are aware, in ``Asia/Ho_Chi_Minh``, whole seconds, 2025–2030; names are
Vietnamese; ID numbers follow the CCCD layout (province of birth registration, century and
sex digit, two-digit birth year, six random digits); phones are 10-digit mobile numbers;
provinces and wards are real 2025 units (GSO codes); item codes have the UPU S10 shape with
a correct check digit; dossier codes are TT 01/2018 codes.

>>> from hypothesis import given, settings
>>> @settings(max_examples=5)
... @given(tracking_events())
... def check(event):
...     assert event.occurred_at.tzinfo is not None
>>> check()
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import strategies as st

from onestop_core._time import VN_TZ
from onestop_core.adapters.records import (
    Address,
    ApplicantKind,
    ApplicantRecord,
    DossierSyncPayload,
    Evaluation,
    Party,
    ProgressStep,
    PushReceipt,
    Quote,
    ResultDelivery,
    Satisfaction,
    Shipment,
    ShipmentLeg,
    ShipmentReceipt,
    TrackingEvent,
    TrackingState,
)
from onestop_core.procedures.enums import Channel
from onestop_core.procedures.units import admin_units

__all__ = [
    "addresses",
    "applicant_records",
    "cccd_numbers",
    "dossier_codes",
    "dossier_sync_payloads",
    "emails",
    "evaluations",
    "idempotency_keys",
    "instants",
    "item_codes",
    "parties",
    "phones",
    "progress_steps",
    "push_receipts",
    "quotes",
    "shipment_receipts",
    "shipments",
    "tracking_events",
    "vietnamese_names",
]

_FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
_MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Xuân")
_GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hải",
    "Hương",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
    "Khoa",
    "Ngân",
)
_STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt")
#: Birth-registration province codes of the CCCD (pre-2025 list: 001 Hà Nội … 096 Cà Mau).
_BIRTH_PROVINCES = tuple(
    f"{n:03d}" for n in (1, 2, 4, 8, 22, 26, 30, 31, 36, 38, 40, 45, 48, 56, 66, 75, 79, 89, 92, 96)
)
_MOBILE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "056",
    "058",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "083",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "099",
)
_AGENCIES = ("000.00.06.H56", "000.00.22.H56", "000.17.22.H56", "000.00.01.H29")
_CARRIERS = ("vnpost", "ghn", "ghtk", "viettelpost")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_-"


def instants(
    min_value: dt.datetime = dt.datetime(2025, 1, 1),
    max_value: dt.datetime = dt.datetime(2030, 12, 31),
) -> st.SearchStrategy[dt.datetime]:
    """Aware instants in Vietnam local time, whole seconds (bounds are naive local times).

    >>> from hypothesis import find
    >>> find(instants(), lambda t: True).isoformat()
    '2025-01-01T00:00:00+07:00'
    """
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.just(VN_TZ)).map(
        lambda t: t.replace(microsecond=0)
    )


@functools.cache
def vietnamese_names() -> st.SearchStrategy[str]:
    """Full names: family name, middle name, given name (``Nguyễn Thị Lan``).

    >>> from hypothesis import find
    >>> find(vietnamese_names(), lambda n: True)
    'Nguyễn Văn An'
    """
    return st.builds(
        lambda f, m, g: f"{f} {m} {g}",
        st.sampled_from(_FAMILY),
        st.sampled_from(_MIDDLE),
        st.sampled_from(_GIVEN),
    )


@st.composite
def cccd_numbers(draw: st.DrawFn) -> str:
    """12-digit personal ID numbers with a consistent century/sex digit and birth year.

    >>> from hypothesis import find
    >>> find(cccd_numbers(), lambda n: True)
    '001030000000'
    """
    province = draw(st.sampled_from(_BIRTH_PROVINCES))
    year = draw(st.integers(1930, 2010))
    female = draw(st.booleans())
    century_sex = (0 if year < 2000 else 2) + int(female)
    serial = draw(st.integers(0, 999_999))
    return f"{province}{century_sex}{year % 100:02d}{serial:06d}"


@functools.cache
def phones() -> st.SearchStrategy[str]:
    """10-digit Vietnamese mobile numbers (``09x…``, ``03x…`` …).

    >>> from hypothesis import find
    >>> find(phones(), lambda p: True)
    '0320000000'
    """
    return st.builds(
        lambda p, n: f"{p}{n:07d}", st.sampled_from(_MOBILE_PREFIXES), st.integers(0, 9_999_999)
    )


@functools.cache
def emails() -> st.SearchStrategy[str]:
    """ASCII e-mail addresses at example domains.

    >>> from hypothesis import find
    >>> find(emails(), lambda e: True)
    'a0@example.vn'
    """
    local = st.builds(
        lambda a, b: a + b,
        st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
        st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=11),
    )
    return st.builds(lambda u, d: f"{u}@{d}", local, st.sampled_from(("example.vn", "mail.test")))


@functools.cache
def _wards() -> tuple[tuple[str, str], ...]:
    return tuple((u.province_code or "", u.code) for u in admin_units().communes())


@functools.cache
def addresses() -> st.SearchStrategy[Address]:
    """Addresses in real 2025 communes (GSO province and ward codes, no district).

    >>> from hypothesis import find
    >>> find(addresses(), lambda a: True).ward_code
    '00004'
    """
    return st.builds(
        lambda ward, number, street: Address(
            province_code=ward[0], ward_code=ward[1], detail=f"Số {number} {street}"
        ),
        st.sampled_from(_wards()),
        st.integers(1, 500),
        st.sampled_from(_STREETS),
    )


@functools.cache
def parties() -> st.SearchStrategy[Party]:
    """Senders and receivers with a name, a phone, maybe an e-mail, and an address.

    >>> from hypothesis import find
    >>> find(parties(), lambda p: True).address.province_code
    '01'
    """
    return st.builds(
        Party,
        name=vietnamese_names(),
        phone=phones(),
        email=st.one_of(st.just(""), emails()),
        address=addresses(),
    )


@functools.cache
def applicant_records() -> st.SearchStrategy[ApplicantRecord]:
    """Citizens with a CCCD number, phone and maybe an e-mail and address.

    >>> from hypothesis import find
    >>> find(applicant_records(), lambda a: True).id_type.name
    'CCCD12'
    """
    return st.builds(
        ApplicantRecord,
        name=vietnamese_names(),
        kind=st.just(ApplicantKind.CITIZEN),
        id_number=cccd_numbers(),
        phone=phones(),
        email=st.one_of(st.just(""), emails()),
        address=st.one_of(st.none(), addresses()),
    )


@st.composite
def dossier_codes(draw: st.DrawFn) -> str:
    """TT 01/2018 dossier codes ``<agency>-YYMMDD-NNNN``.

    >>> from hypothesis import find
    >>> find(dossier_codes(), lambda c: True)
    '000.00.06.H56-250101-0001'
    """
    day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)))
    return f"{draw(st.sampled_from(_AGENCIES))}-{day:%y%m%d}-{draw(st.integers(1, 9999)):04d}"


def idempotency_keys() -> st.SearchStrategy[str]:
    """Printable ASCII keys of 8 to 64 characters.

    >>> from hypothesis import find
    >>> find(idempotency_keys(), lambda k: True)
    '00000000'
    """
    return st.text(_KEY_ALPHABET, min_size=8, max_size=64)


@st.composite
def item_codes(draw: st.DrawFn) -> str:
    """UPU S10 item codes ending in ``VN`` with a correct check digit (``EE123456785VN``).

    >>> from hypothesis import find
    >>> find(item_codes(), lambda c: True)
    'BK000000005VN'
    """
    service = draw(st.sampled_from(("BK", "EE", "EM", "RR", "CP")))
    serial = draw(st.integers(0, 99_999_999))
    digits = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, _S10_WEIGHTS, strict=True)) % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    return f"{service}{digits}{check}VN"


@st.composite
def dossier_sync_payloads(draw: st.DrawFn) -> DossierSyncPayload:
    """Payloads whose instants are in order: submitted ≤ received ≤ finished ≤ returned.

    >>> from hypothesis import find
    >>> find(dossier_sync_payloads(), lambda p: p.status == 10).returned_at is not None
    True
    """
    received = draw(instants())
    gaps = [dt.timedelta(hours=draw(st.integers(0, 240))) for _ in range(3)]
    status = draw(st.integers(1, 10))
    return DossierSyncPayload(
        code=draw(dossier_codes()),
        procedure_code=f"1.{draw(st.integers(0, 99_999)):06d}",
        procedure_name=draw(st.sampled_from(("Đăng ký khai sinh", "Cấp Giấy xác nhận TTHN"))),
        agency_code=draw(st.sampled_from(_AGENCIES)),
        channel=draw(st.sampled_from(Channel)),
        result_delivery=draw(st.sampled_from(ResultDelivery)),
        applicant=draw(applicant_records()),
        summary=draw(st.text(max_size=60)),
        status=status,
        submitted_at=received - gaps[0] if draw(st.booleans()) else None,
        received_at=received,
        due_at=received + dt.timedelta(days=draw(st.integers(1, 30))),
        finished_at=received + gaps[1] if status >= 9 else None,
        returned_at=received + gaps[1] + gaps[2] if status == 10 else None,
        synced_at=received + gaps[1] + gaps[2] + dt.timedelta(minutes=1),
    )


def progress_steps() -> st.SearchStrategy[ProgressStep]:
    """Processing steps with an official's name, a status and an instant.

    >>> from hypothesis import find
    >>> find(progress_steps(), lambda s: True).status
    1
    """
    return st.builds(
        ProgressStep,
        dossier_code=dossier_codes(),
        status=st.integers(1, 10),
        at=instants(),
        actor_name=vietnamese_names(),
        department=st.sampled_from(("", "Phòng Tư pháp", "Bộ phận Một cửa")),
        note=st.text(max_size=40),
    )


def evaluations() -> st.SearchStrategy[Evaluation]:
    """Evaluations with one to five answers.

    >>> from hypothesis import find
    >>> len(find(evaluations(), lambda e: True).answers)
    1
    """
    answers = st.dictionaries(
        st.sampled_from([f"Q{i}" for i in range(1, 12)]),
        st.sampled_from(Satisfaction),
        min_size=1,
        max_size=5,
    )
    return st.builds(
        Evaluation,
        dossier_code=dossier_codes(),
        evaluated_at=instants(),
        answers=answers,
        comment=st.text(max_size=40),
    )


def shipments() -> st.SearchStrategy[Shipment]:
    """One leg of a dossier, with weight in grams and amounts in VND.

    >>> from hypothesis import find
    >>> find(shipments(), lambda s: True).order_number
    '000.00.06.H56-250101-0001-HS'
    """
    return st.builds(
        Shipment,
        dossier_code=dossier_codes(),
        leg=st.sampled_from(ShipmentLeg),
        sender=parties(),
        receiver=parties(),
        weight_g=st.integers(1, 5000),
        service_code=st.sampled_from(("", "ETN011", "CTN007")),
        cod_amount_vnd=st.integers(0, 2_000_000),
        declared_value_vnd=st.integers(0, 5_000_000),
    )


def quotes() -> st.SearchStrategy[Quote]:
    """Prices in VND.

    >>> from hypothesis import find
    >>> find(quotes(), lambda q: True).fee_vnd
    0
    """
    return st.builds(
        Quote,
        carrier=st.sampled_from(_CARRIERS),
        service_code=st.sampled_from(("ETN011", "CTN007")),
        fee_vnd=st.integers(0, 500_000),
        cod_fee_vnd=st.integers(0, 50_000),
        estimated_days=st.one_of(st.none(), st.integers(1, 7)),
    )


def shipment_receipts() -> st.SearchStrategy[ShipmentReceipt]:
    """Receipts of created shipments.

    >>> from hypothesis import find
    >>> find(shipment_receipts(), lambda r: True).item_code
    'BK000000005VN'
    """
    return st.builds(
        lambda code, leg, **kw: ShipmentReceipt(order_number=code + leg.suffix, **kw),
        dossier_codes(),
        st.sampled_from(ShipmentLeg),
        carrier=st.sampled_from(_CARRIERS),
        item_code=item_codes(),
        idempotency_key=idempotency_keys(),
        fee_vnd=st.one_of(st.none(), st.integers(0, 500_000)),
        status_code_raw=st.sampled_from(("1", "100")),
        created_at=st.one_of(st.none(), instants()),
        attempts=st.integers(1, 5),
    )


def tracking_events() -> st.SearchStrategy[TrackingEvent]:
    """Tracking events (``event_id`` derived); raw codes are MyVNPost's 0–29.

    >>> from hypothesis import find
    >>> find(tracking_events(), lambda e: True).event_id
    'vnpost:BK000000005VN:0:2024-12-31T17:00:00Z'
    """
    return st.builds(
        TrackingEvent,
        carrier=st.sampled_from(_CARRIERS),
        item_code=item_codes(),
        code_raw=st.integers(0, 29).map(str),
        normalized=st.sampled_from(TrackingState),
        occurred_at=instants(),
        label_raw=st.text(max_size=30),
        location=st.text(max_size=30),
    )


def push_receipts() -> st.SearchStrategy[PushReceipt]:
    """Receipts, positive or not.

    >>> from hypothesis import find
    >>> find(push_receipts(), lambda r: r.ok).ok
    True
    """
    return st.builds(
        PushReceipt,
        ok=st.booleans(),
        system=st.sampled_from(("dvcqg", "igate", "vnpost")),
        idempotency_key=idempotency_keys(),
        remote_id=st.text(alphabet="0123456789abcdef", max_size=24),
        code_raw=st.sampled_from(("0", "-3", "100", "")),
        message_raw=st.text(max_size=60),
        attempts=st.integers(1, 5),
    )
