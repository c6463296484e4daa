"""Shared test data: configuration for the simulator, payloads and steps, and counters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Final

import attrs
from onestop_core._time import VN_TZ
from onestop_core.adapters import (
    ApplicantKind,
    ApplicantRecord,
    DossierSyncPayload,
    ProgressStep,
    Timeouts,
)
from onestop_core.procedures.enums import Channel
from onestop_core.testing.contracts import sample_payload
from onestop_core.testing.simulators import DvcqgSimulator

from onestop_dvcqg import DvcqgConfig

#: Names used by the tests (nobody can recognise a name by its shape: the log check
#: looks for these verbatim).
KNOWN_PERSONAL_DATA: Final = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
#: Read timeout of the test configuration; timeout faults stall longer than this.
READ_TIMEOUT: Final = 0.5
WRITES: Final = frozenset({"dongbohosomc", "capnhattiendohosomc"})
T0: Final = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)


def make_config(url: str, **overrides: Any) -> DvcqgConfig:
    """The simulator's credentials, short timeouts."""
    fields: dict[str, Any] = {
        "adapter_url": url,
        "username": DvcqgSimulator.USERNAME,
        "password": DvcqgSimulator.PASSWORD,
        "dstcode": DvcqgSimulator.DSTCODE,
        "madonvi": "000.00.00.H99",
        "timeouts": Timeouts(connect=2.0, read=READ_TIMEOUT, write=2.0, pool=2.0),
    }
    fields.update(overrides)
    return DvcqgConfig(**fields)


def payload(n: int = 1, *, status: int = 2, **changes: Any) -> DossierSyncPayload:
    """Dossier number ``n`` (fictitious applicant, status ``status``)."""
    base = sample_payload(f"000.00.06.H56-261120-{n:05d}")
    return attrs.evolve(base, status=status, **changes)


def citizen(name: str = "Trần Thị Bình") -> ApplicantRecord:
    return ApplicantRecord(name=name, id_number="079301012345", phone="0987654321")


def steps(code: str, count: int, *, start: dt.datetime = T0) -> list[ProgressStep]:
    """``count`` processing steps of dossier ``code``, a minute apart."""
    return [
        ProgressStep(
            dossier_code=code,
            status=4,
            at=start + dt.timedelta(minutes=i),
            actor_name="Lê Văn Cường",
            department="Phòng Tư pháp",
            note=f"Bước {i + 1}",
        )
        for i in range(count)
    ]


def requests_to(sim: DvcqgSimulator, services: Iterable[str]) -> list[Any]:
    """The simulator's raw log entries whose DVCQG service is one of ``services``."""
    wanted = {s.lower() for s in services}
    return [r for r in sim.requests(masked=False) if wanted & {k.lower() for k in r.routes}]


def write_count(sim: DvcqgSimulator) -> int:
    """Write calls received (failed ones included)."""
    return len(requests_to(sim, WRITES))


def login_count(sim: DvcqgSimulator) -> int:
    return len(sim.requests(masked=False, path="/auth"))


def online(code: int = 1) -> DossierSyncPayload:
    """An online dossier (channel 2) not yet accepted: status 1, only submitted_at."""
    return attrs.evolve(
        payload(code, status=1),
        channel=Channel.ONLINE,
        received_at=None,
        submitted_at=T0,
        due_at=None,
    )


def expected_back(p: DossierSyncPayload) -> DossierSyncPayload:
    """What survives a trip through DVCQG: no receiving agency, vendor status or address."""
    kind = ApplicantKind.BUSINESS if p.applicant.kind is ApplicantKind.HOUSEHOLD_BUSINESS else None
    applicant = attrs.evolve(p.applicant, address=None, kind=kind or p.applicant.kind)
    return attrs.evolve(
        p,
        receiving_agency_code="",
        vendor_status="",
        summary=p.summary if p.summary.strip() else p.procedure_name,
        applicant=applicant,
    )
