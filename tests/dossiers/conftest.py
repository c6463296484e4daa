"""Builders for dossier tests."""

from __future__ import annotations

import datetime as dt

import pytest

from onestop_core._time import VN_TZ
from onestop_core.dossiers import Applicant, DossierHeader
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel


def t(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    """A Vietnam local instant."""
    return dt.datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


def make_header(
    *,
    limit: ProcessingTime | None = None,
    channel: Channel = Channel.IN_PERSON,
    receiving: str = "000.00.06.H56",
    competent: str = "000.00.06.H56",
    boundary_free: bool = False,
) -> DossierHeader:
    return DossierHeader(
        procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        limit=limit or ProcessingTime.working_days(10),
        channel=channel,
        applicant=Applicant(
            name="Nguyễn Văn An",
            id_number="001204012345",
            phone="0912345678",
            address="Số 1, phường Hạc Thành, Thanh Hóa",
        ),
        receiving_agency=receiving,
        competent_agency=competent,
        boundary_free=boundary_free,
    )


@pytest.fixture
def header() -> DossierHeader:
    return make_header()
