"""The procedure record (thủ tục hành chính): codes, localisation, time limits, components.

Sources: ``law.md`` §4.4 (national code ``d.dddddd``; local ``1.001776.000.00.00.H56`` and short
``2.002621.H56``; E9 of §10), §7.1 (online levels; ``MucDo`` 2/3/4, legacy 1–2 → 2, 3 → 3,
4 → 4), §7.2 (NĐ 63/2010 Art. 8(2) points a–h; Art. 8(3) points a, b, d, đ, e, g, h), §9.2
(channels 1/2/3, levels trung ương / tỉnh / xã / huyện).
"""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest

from onestop_core.errors import (
    MissingComponentsError,
    OnestopError,
    ProcedureDataError,
    UnknownProcedureError,
)
from onestop_core.procedures.enums import (
    GOVERNMENT_INSTRUMENT_COMPONENTS,
    MANDATORY_COMPONENTS,
    BoundaryScope,
    Channel,
    GovLevel,
    OnlineLevel,
    ProcedureComponent,
    ProcedureKind,
)
from onestop_core.procedures.records import (
    AgencyRef,
    ChannelOption,
    DocumentRequirement,
    DossierComponentGroup,
    Fee,
    LegalBasis,
    PostalService,
    Procedure,
    ResultDocument,
    Sector,
    StepGroup,
    Subject,
    national_code_of,
)
from onestop_core.procedures.time_limits import ProcessingTime, TimeUnit

C = ProcedureComponent
WD3 = ProcessingTime.working_days(3)


def complete(**changes: object) -> Procedure:
    """A record with every Art. 8(2) component (a synthetic fixture, not a real procedure)."""
    fields: dict[str, object] = {
        "code": "1.004873",
        "name_vi": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "steps": [StepGroup("", ["Nộp hồ sơ", "Trả kết quả"])],
        "channels": [ChannelOption(channel=Channel.IN_PERSON, times=[WD3])],
        "dossier": [DossierComponentGroup("", [DocumentRequirement(name="Tờ khai")])],
        "subjects": [Subject("", "Công dân Việt Nam")],
        "implementing_agencies": [AgencyRef("", "UBND cấp xã")],
        "results": [ResultDocument(name="Giấy xác nhận tình trạng hôn nhân")],
    }
    return Procedure(**(fields | changes))  # type: ignore[arg-type]


# -- codes and localisation ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["1.001776", "2.000286", "2.000635", "2.000908", "1.013416"])
def test_national_codes_are_accepted(code: str) -> None:
    assert Procedure(code=code).code == code


@pytest.mark.parametrize(
    "code", ["1.00177", "1.0017760", "1001776", "A.001776", " 1.001776", "1.001776.H56", "", 1]
)
def test_malformed_codes_are_refused_naming_the_value(code: object) -> None:
    with pytest.raises(ProcedureDataError, match=repr(code).replace(".", r"\.")):
        Procedure(code=code)  # type: ignore[arg-type]


def test_e9_localise_for_thanh_hoa() -> None:
    # law.md §10 E9: procedure 1.001776 for UBND tỉnh Thanh Hóa (ketnoi.json)
    assert Procedure(code="1.001776").localise("H56") == "1.001776.000.00.00.H56"


@pytest.mark.parametrize("province", ["h56", "H5", "H560", "56H", "", "H 56", 56, None])
def test_localise_refuses_bad_level1_codes(province: object) -> None:
    with pytest.raises(ProcedureDataError, match="level-1 agency code") as info:
        Procedure(code="1.001776").localise(province)  # type: ignore[arg-type]
    assert repr(province) in str(info.value)


@pytest.mark.parametrize(
    ("code", "national"),
    [
        ("1.001776", "1.001776"),
        ("1.001776.000.00.00.H56", "1.001776"),
        ("2.002621.H56", "2.002621"),  # short form (ketnoi.json)
        ("1.013416.H50", "1.013416"),  # Quảng Trị QĐ 2715/QĐ-UBND
        (" 1.001776 ", "1.001776"),
    ],
)
def test_national_code_of(code: str, national: str) -> None:
    assert national_code_of(code) == national


@pytest.mark.parametrize("code", ["1.001776.H5", "1.001776.000.00.H56", "H56", "", None])
def test_national_code_of_refuses_other_text(code: object) -> None:
    with pytest.raises(ProcedureDataError, match="not a procedure code"):
        national_code_of(code)  # type: ignore[arg-type]


def test_local_code_must_localise_the_same_procedure() -> None:
    p = Procedure(code="1.013416", local_code="1.013416.H50")
    assert p.province_code == "H50"
    assert Procedure(code="1.013416").province_code == ""
    with pytest.raises(ProcedureDataError, match=r"does not localise procedure 1\.013416"):
        Procedure(code="1.013416", local_code="1.013417.H50")


# -- processing time per channel ----------------------------------------------------------


def test_processing_time_per_channel_and_fallback() -> None:
    online = ProcessingTime.working_days(2)
    p = Procedure(
        code="1.004222",
        channels=[
            ChannelOption(channel=Channel.ONLINE, times=[online]),
            ChannelOption(channel=Channel.IN_PERSON, times=[WD3, ProcessingTime.working_days(5)]),
            ChannelOption(channel=Channel.POSTAL),  # offered, no time stated
        ],
    )
    assert p.processing_time() == WD3  # default: in person, first stated time
    assert p.processing_time(Channel.ONLINE) == online
    assert p.processing_time(Channel.POSTAL) == WD3  # falls back to in person


def test_processing_time_falls_back_to_online_when_no_in_person_time() -> None:
    p = Procedure(code="1.004222", channels=[ChannelOption(channel=Channel.ONLINE, times=[WD3])])
    assert p.processing_time() == WD3


def test_processing_time_missing_is_an_error() -> None:
    p = Procedure(code="1.004222", channels=[ChannelOption(channel=Channel.IN_PERSON)])
    with pytest.raises(ProcedureDataError, match=r"1\.004222 states no processing time"):
        p.processing_time()
    with pytest.raises(ProcedureDataError, match="channel must be a Channel"):
        complete().processing_time(1)  # type: ignore[arg-type]


def test_a_channel_appears_once() -> None:
    with pytest.raises(ProcedureDataError, match="lists a channel twice"):
        Procedure(
            code="1.004222",
            channels=[ChannelOption(channel=Channel.ONLINE), ChannelOption(channel=Channel.ONLINE)],
        )


# -- mandatory components (NĐ 63/2010 Art. 8) ---------------------------------------------


def test_complete_record_misses_nothing() -> None:
    assert complete().missing_components() == ()


def test_empty_record_misses_every_component_in_article_order() -> None:
    assert Procedure(code="1.001776").missing_components() == MANDATORY_COMPONENTS
    assert [c.value for c in MANDATORY_COMPONENTS] == ["a", "b", "c", "d", "đ", "e", "g", "h"]


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"name_vi": "  "}, (C.NAME,)),
        ({"steps": [StepGroup("trường hợp 1", [])]}, (C.STEPS,)),
        ({"channels": []}, (C.CHANNELS, C.TIME_LIMIT)),
        ({"channels": [ChannelOption(channel=Channel.ONLINE)]}, (C.TIME_LIMIT,)),
        ({"dossier": [DossierComponentGroup("", [])]}, (C.DOSSIER,)),
        ({"subjects": []}, (C.SUBJECTS,)),
        (
            {"implementing_agencies": [], "competent_agencies": [AgencyRef("", "Sở")]},
            (C.IMPLEMENTING_AGENCY,),
        ),
        ({"results": []}, (C.RESULT,)),
    ],
)
def test_each_missing_component_is_reported(
    changes: dict[str, object], missing: tuple[ProcedureComponent, ...]
) -> None:
    assert complete(**changes).missing_components() == missing


def test_article_8_3_list_leaves_out_the_channels() -> None:
    # Art. 8(3): a Government instrument must itself set points a, b, d, đ, e, g, h.
    assert [c.value for c in GOVERNMENT_INSTRUMENT_COMPONENTS] == [
        "a",
        "b",
        "d",
        "đ",
        "e",
        "g",
        "h",
    ]
    p = complete(channels=[])
    assert p.missing_components(GOVERNMENT_INSTRUMENT_COMPONENTS) == (C.TIME_LIMIT,)
    assert p.missing_components() == (C.CHANNELS, C.TIME_LIMIT)


def test_component_descriptions_carry_the_vietnamese_name() -> None:
    assert C.STEPS.describe() == "steps (trình tự thực hiện)"
    assert C.RESULT.describe(national=True) == "KETQUATHUCHIEN (kết quả thực hiện)"
    assert C.IMPLEMENTING_AGENCY.label_vi == "cơ quan thực hiện"


# -- types and values are checked -----------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Procedure(code="1.001776", levels=["xã"]),
            r"Procedure\.levels\[0\] must be GovLevel, got 'xã'",
        ),
        (
            lambda: Procedure(code="1.001776", kind=1),  # type: ignore[arg-type]
            r"Procedure\.kind must be ProcedureKind \| None",
        ),
        (lambda: Procedure(code="1.001776", online_level=4), r"Procedure\.online_level"),  # type: ignore[arg-type]
        (lambda: Procedure(code="1.001776", sources="one source"), "expected a sequence"),
        (lambda: Procedure(code="1.001776", valid_from="2025-07-01"), r"Procedure\.valid_from"),  # type: ignore[arg-type]
        (lambda: Procedure(code="1.001776", version=True), r"Procedure\.version must be int"),
        (
            lambda: Procedure(code="1.001776", confidence={"time": "sure"}),
            r"confidence\[0\]\[1\].*'sure'",
        ),
        (
            lambda: Procedure(code="1.001776", interlinked="yes"),  # type: ignore[arg-type]
            r"Procedure\.interlinked must be bool",
        ),
        (
            lambda: ChannelOption(channel=Channel.ONLINE, times=[3]),
            r"ChannelOption\.times\[0\] must be ProcessingTime",
        ),
        (lambda: ChannelOption(channel=2), r"ChannelOption\.channel must be Channel, got 2"),  # type: ignore[arg-type]
        (lambda: Fee(description="Lệ phí", amount_vnd=-1), "cannot be negative, got -1"),
        (
            lambda: Fee(description="Lệ phí", amount_vnd="8000"),  # type: ignore[arg-type]
            r"Fee\.amount_vnd must be int \| None",
        ),
        (lambda: Fee(), "a fee needs a description"),
        (lambda: DocumentRequirement(name="Tờ khai", copies=-2), "cannot be negative, got -2"),
        (lambda: DocumentRequirement(name=" "), "DocumentRequirement needs a non-blank name"),
        (lambda: Sector("", ""), "Sector needs a non-blank code or name"),
        (lambda: LegalBasis(issuer="Quốc hội"), "needs a non-blank number or title"),
        (lambda: StepGroup("", ["Nộp hồ sơ", 2]), r"StepGroup\.steps\[1\] must be str, got 2"),
        (lambda: PostalService("yes"), r"PostalService\.submit must be bool \| None"),  # type: ignore[arg-type]
    ],
)
def test_bad_values_raise_typed_errors_naming_them(build: object, message: str) -> None:
    with pytest.raises(ProcedureDataError, match=message):
        build()  # type: ignore[operator]


def test_validity_interval_and_version() -> None:
    with pytest.raises(ProcedureDataError, match="ends"):
        Procedure(code="1.001776", valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2025, 6, 30))
    with pytest.raises(ProcedureDataError, match="version"):
        Procedure(code="1.001776", version=-1)
    with pytest.raises(ProcedureDataError, match="rates a field group twice"):
        Procedure(code="1.001776", confidence=[("time", "verified"), ("time", "uncertain")])


def test_records_are_frozen_hashable_values_with_tuples() -> None:
    p = complete(levels=[GovLevel.COMMUNE], sources=["law.md §7.2"])
    assert isinstance(p.levels, tuple) and isinstance(p.sources, tuple)
    assert p == complete(levels=(GovLevel.COMMUNE,), sources=("law.md §7.2",))
    assert hash(p) == hash(complete(levels=(GovLevel.COMMUNE,), sources=("law.md §7.2",)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.code = "1.000000"  # type: ignore[misc]
    assert attrs.evolve(p, version=2).version == 2


def test_defaults_and_confidence() -> None:
    p = Procedure(code="1.001776", confidence={"time": "verified", "fees": "uncertain"})
    assert p.boundary_scope is BoundaryScope.NONE and p.interlinked is False
    assert p.postal == PostalService(None, None)
    assert p.confidence == (("fees", "uncertain"), ("time", "verified"))  # sorted pairs
    assert p.confidence_of("time") == "verified" and p.confidence_of("steps") is None


def test_reference_kinds_differ() -> None:
    assert len({Sector("", "Tư pháp"), AgencyRef("", "Tư pháp"), Subject("", "Tư pháp")}) == 3


# -- enums ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level"),
    [
        (2, OnlineLevel.INFORMATION),
        (3, OnlineLevel.PARTIAL),
        (4, OnlineLevel.FULL),
        (" 4 ", OnlineLevel.FULL),
        ("3", OnlineLevel.PARTIAL),
    ],
)
def test_online_level_from_national_code(code: int | str, level: OnlineLevel) -> None:
    assert OnlineLevel.from_national_code(code) is level


@pytest.mark.parametrize("code", [1, 5, "toàn trình", True, None, 3.0])
def test_online_level_refuses_other_codes(code: object) -> None:
    with pytest.raises(ProcedureDataError, match="MucDo"):
        OnlineLevel.from_national_code(code)  # type: ignore[arg-type]


def test_online_level_national_codes() -> None:
    # law.md §7.1: legacy 1 and 2 -> 2, 3 -> 3, 4 -> 4; proactive levels have none seen.
    legacy = [
        OnlineLevel.LEGACY_1,
        OnlineLevel.LEGACY_2,
        OnlineLevel.LEGACY_3,
        OnlineLevel.LEGACY_4,
    ]
    assert [lv.national_code for lv in legacy] == [2, 2, 3, 4]
    assert OnlineLevel.PROACTIVE_4.national_code is None
    assert OnlineLevel.FULL.label_vi == "toàn trình" and OnlineLevel.PARTIAL.label_vi == "một phần"
    assert len(OnlineLevel) == 11


def test_code_list_labels() -> None:
    assert [(c.value, c.label_vi) for c in Channel] == [
        (1, "trực tiếp"),
        (2, "trực tuyến"),
        (3, "bưu chính công ích"),
    ]
    assert [lv.label_vi for lv in GovLevel] == ["trung ương", "tỉnh", "xã", "huyện"]
    assert [k.value for k in ProcedureKind] == [1, 2, 3]
    assert [s.name for s in BoundaryScope] == ["NONE", "PROVINCE", "NATIONAL"]
    assert TimeUnit.SAME_DAY.label_vi == "trong ngày"


# -- errors -----------------------------------------------------------------------------------


def test_error_hierarchy() -> None:
    assert issubclass(ProcedureDataError, OnestopError) and issubclass(
        ProcedureDataError, ValueError
    )
    assert issubclass(MissingComponentsError, ProcedureDataError)
    assert issubclass(UnknownProcedureError, OnestopError)
    assert issubclass(UnknownProcedureError, LookupError)


def test_missing_components_error_pickles_with_its_list() -> None:
    err = MissingComponentsError("incomplete", ("TRINHTUTHUCHIEN (trình tự thực hiện)",))
    back = pickle.loads(pickle.dumps(err))
    assert back.missing == err.missing and str(back) == "incomplete"
