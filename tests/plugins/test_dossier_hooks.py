"""The dossier hooks: validation issues from several plugins, and best-effort observers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from onestop_core import hookimpl
from onestop_core._time import VN_TZ
from onestop_core.dossiers import Applicant, Dossier, DossierEvent, DossierHeader
from onestop_core.dossiers.events import Accepted
from onestop_core.errors import PluginError, PluginHookError
from onestop_core.plugins import PluginHost, ValidationIssue, create_plugin_host
from onestop_core.procedures import Procedure, ProcessingTime
from onestop_core.procedures.enums import Channel

from .fakes import RegisterPlugin

NAME, ID_NUMBER = "Nguyễn Văn An", "001204012345"


@pytest.fixture
def accepted() -> tuple[Dossier, DossierEvent]:
    header = DossierHeader(
        procedure_code="1.004873",
        procedure_name="Xác nhận tình trạng hôn nhân",
        limit=ProcessingTime.working_days(3),
        channel=Channel.IN_PERSON,
        applicant=Applicant(name=NAME, id_number=ID_NUMBER),
        receiving_agency="000.00.06.H56",
        competent_agency="000.00.06.H56",
    )
    event = Accepted(at=dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ), header=header)
    return Dossier.empty("hs-1").apply(event), event


class PhoneCheck:
    @hookimpl
    def onestop_validate_dossier(self, dossier: Dossier) -> Iterator[ValidationIssue]:
        if dossier.header and not dossier.header.applicant.phone:
            yield ValidationIssue(
                code="h56.phone",
                message="no phone number",
                severity="warning",
                field="applicant.phone",
            )


class ProcedureCheck:
    @hookimpl
    def onestop_validate_dossier(self, procedure: Procedure | None) -> list[ValidationIssue]:
        if procedure is None:
            return [ValidationIssue(code="core.procedure", message="procedure not catalogued")]
        return []


def test_the_builtins_find_nothing(host: PluginHost, accepted: tuple[Dossier, object]) -> None:
    assert host.validate_dossier(accepted[0]) == ()


def test_issues_of_every_plugin_are_collected_and_attributed(
    host: PluginHost, register_plugin: RegisterPlugin, accepted: tuple[Dossier, object]
) -> None:
    dossier = accepted[0]
    with (
        register_plugin(PhoneCheck(), name="phone"),
        register_plugin(ProcedureCheck(), name="proc"),
    ):
        issues = host.validate_dossier(dossier, procedure=None)
        assert sorted((i.plugin, i.code, i.severity) for i in issues) == [
            ("phone", "h56.phone", "warning"),
            ("proc", "core.procedure", "error"),
        ]
        procedure = host.collect("procedures")["1.004873"]
        assert [i.code for i in host.validate_dossier(dossier, procedure)] == ["h56.phone"]


def test_a_validator_that_raises_is_an_error_issue_without_personal_data(
    host: PluginHost, accepted: tuple[Dossier, object], caplog: pytest.LogCaptureFixture
) -> None:
    class Crashes:
        @hookimpl
        def onestop_validate_dossier(self, dossier: Dossier) -> list[ValidationIssue]:
            assert dossier.header is not None
            raise ValueError(f"bad applicant {dossier.header.applicant.name}")

    host.register(Crashes(), name="crashes")
    host.register(PhoneCheck(), name="phone")
    with caplog.at_level(logging.WARNING, logger="onestop_core.plugins"):
        issues = host.validate_dossier(accepted[0])
    failed = [i for i in issues if i.code == "onestop.plugin_failed"]
    assert [(i.plugin, i.severity) for i in failed] == [("crashes", "error")]
    assert "ValueError" in failed[0].message
    assert [i.code for i in issues if i.plugin == "phone"] == ["h56.phone"]  # the others ran
    assert "crashes" in caplog.text and NAME not in caplog.text + failed[0].message


def test_a_validator_that_raises_fails_a_strict_host(accepted: tuple[Dossier, object]) -> None:
    strict = create_plugin_host(entry_points=False, strict=True)

    class Crashes:
        @hookimpl
        def onestop_validate_dossier(self) -> list[ValidationIssue]:
            raise ValueError(f"bad applicant {NAME}")

    strict.register(Crashes(), name="crashes")
    with pytest.raises(PluginError, match="'crashes' failed in onestop_validate_dossier") as info:
        strict.validate_dossier(accepted[0])
    assert NAME not in str(info.value)
    assert isinstance(info.value.__cause__, ValueError)


def test_a_validator_returning_other_records_is_a_contract_error(
    accepted: tuple[Dossier, object],
) -> None:
    strict = create_plugin_host(entry_points=False, strict=True)

    class Strings:
        @hookimpl
        def onestop_validate_dossier(self) -> list[str]:
            return ["missing phone"]

    strict.register(Strings(), name="strings")
    with pytest.raises(PluginHookError, match="yielded str, not a ValidationIssue"):
        strict.validate_dossier(accepted[0])


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"code": ""}, "needs a code"), ({"severity": "fatal"}, "'fatal' is not 'error'")],
)
def test_validation_issue_checks_its_fields(fields: dict[str, str], message: str) -> None:
    with pytest.raises(PluginHookError, match=message):
        ValidationIssue(**{"code": "x", "message": "m", **fields})  # type: ignore[arg-type]


# -- onestop_dossier_event ---------------------------------------------------------------


def test_an_observer_that_raises_does_not_stop_the_others(
    host: PluginHost,
    accepted: tuple[Dossier, DossierEvent],
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[str] = []

    class Audit:
        def __init__(self, label: str) -> None:
            self.label = label

        @hookimpl
        def onestop_dossier_event(self, dossier: Dossier, event: DossierEvent) -> None:
            seen.append(f"{self.label}:{dossier.id}:{type(event).__name__}")

    class Crashes:
        @hookimpl
        def onestop_dossier_event(self, dossier: Dossier) -> None:
            assert dossier.header is not None
            raise ConnectionError(f"cannot post {dossier.header.applicant.id_number}")

    host.register(Audit("first"), name="first")
    host.register(Crashes(), name="crashes")
    host.register(Audit("last"), name="last")
    dossier, event = accepted
    with caplog.at_level(logging.WARNING, logger="onestop_core.plugins"):
        failed = host.notify_dossier_event(dossier, event)
    assert failed == ("crashes",)
    assert sorted(seen) == ["first:hs-1:Accepted", "last:hs-1:Accepted"]
    (record,) = caplog.records
    assert "crashes" in record.getMessage() and "ConnectionError" in record.getMessage()
    assert ID_NUMBER not in caplog.text and NAME not in caplog.text
    assert record.exc_info is None  # no traceback: it would carry the message


def test_observers_are_isolated_on_a_strict_host_too(
    accepted: tuple[Dossier, DossierEvent],
) -> None:
    strict = create_plugin_host(entry_points=False, strict=True)

    class Crashes:
        @hookimpl
        def onestop_dossier_event(self) -> None:
            raise RuntimeError("metrics backend down")

    strict.register(Crashes(), name="crashes")
    assert strict.notify_dossier_event(*accepted) == ("crashes",)


def test_no_observers_is_fine(host: PluginHost, accepted: tuple[Dossier, DossierEvent]) -> None:
    assert host.notify_dossier_event(*accepted) == ()
