"""Personal data in logs and error messages: mask_text, PersonalDataFilter, the masker."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core import privacy
from onestop_core.adapters import AdapterError, BusinessError, TransientError, get_logger
from onestop_core.adapters.log import install_personal_data_filter
from onestop_core.errors import CallbackRejected, PayloadValidationError
from onestop_core.privacy import PersonalDataFilter, PersonalDataKind, mask_text, set_masker
from onestop_core.testing import find_personal_data
from onestop_core.testing.fixtures import CapturedLogs
from onestop_core.testing.strategies import cccd_numbers, emails, phones


@pytest.fixture
def custom_masker() -> Iterator[None]:
    set_masker(lambda value, kind: f"<{kind}>")
    yield
    set_masker(None)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("CCCD 001204012345", "CCCD *********345"),
        ("CMND 123456789.", "CMND ******789."),
        ("ĐT 0912345678", "ĐT *******678"),
        ("ĐT 091.234.5678", "ĐT *********678"),
        ("ĐT +84912345678", "ĐT *********678"),
        ("ĐT 84 912 345 678", "ĐT ********678"),
        ("cố định 02438251234", "cố định ********234"),
        ("mail an.nguyen@example.vn!", "mail a***@example.vn!"),
        ("id=001204012345&x=1", "id=*********345&x=1"),
    ],
)
def test_mask_text_finds_personal_data(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "000.00.06.H56-231027-0361",  # dossier code (TT 01/2018)
        "H56.012.03-260301-010007",  # dossier code (TT 04/2025)
        "G09.20-20260609-0092637",
        "BK990032289VN",  # S10 item code
        "NgayTiepNhan 20261120100000",  # yyyyMMddHHmmss
        "2026-11-20T10:00:00+07:00",
        "timestamp 1763607600",
        "phí 25000 VND, 1.500.000 đồng",
        "MaTTHC 1.004873",
        "pi 3.141592653",
        "uuid 3f1c3b1e-5d8c-4a1e-9b0e-41a3b6a0a5e6",
    ],
)
def test_mask_text_leaves_other_numbers_alone(text: str) -> None:
    assert mask_text(text) == text


@given(st.one_of(cccd_numbers(), phones(), emails()), st.text(max_size=20))
def test_generated_personal_data_never_survives(value: str, around: str) -> None:
    text = f"{around} {value} {around}"
    assert value not in mask_text(text)


@given(st.text(max_size=200))
def test_masking_twice_changes_nothing(text: str) -> None:
    once = mask_text(text)
    assert mask_text(once) == once


def test_a_replaced_masker_is_used_everywhere(custom_masker: None) -> None:
    assert mask_text("gọi 0912345678 hoặc a@b.vn") == "gọi <phone> hoặc <email>"
    assert str(TransientError("gọi 0912345678")) == "gọi <phone>"


# -- the filter ----------------------------------------------------------------------------


def test_toolkit_logs_are_masked(captured_logs: CapturedLogs) -> None:
    log = get_logger("demo")
    log.warning("công dân %s, ĐT %s, e-mail %s", "001204012345", "0912345678", "a.b@example.vn")
    (record,) = [r for r in captured_logs.records if r.name == "onestop_core.adapters.demo"]
    assert record.getMessage() == "công dân *********345, ĐT *******678, e-mail a***@example.vn"
    assert record.args is None


def test_tracebacks_are_masked_and_exc_info_dropped(captured_logs: CapturedLogs) -> None:
    log = get_logger("demo")
    try:
        raise ValueError("bad id 001204012345")
    except ValueError:
        log.exception("failed for %s", "0912345678")
    (record,) = [r for r in captured_logs.records if r.name == "onestop_core.adapters.demo"]
    assert record.exc_info is None
    assert record.exc_text is not None
    assert "*********345" in record.exc_text
    assert "001204012345" not in captured_logs.messages[-1]


def test_the_fixture_catches_leaks_from_other_loggers(captured_logs: CapturedLogs) -> None:
    logging.getLogger("some.plugin").warning("raw %s", "0912345678")
    assert captured_logs.leaks() == ["0912345678"]
    captured_logs.records.clear()  # (so this test itself passes)


def test_a_filter_on_a_handler_covers_every_logger() -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    install_personal_data_filter(handler)
    logger = logging.getLogger("plain.logger")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("name %s phone %s", "Nguyễn Văn An", "0912345678", stack_info=True)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    (record,) = records
    assert record.getMessage() == "name Nguyễn Văn An phone *******678"
    assert record.stack_info is not None


def test_a_broken_format_string_does_not_lose_the_record() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d %s", ("0912345678",), None)
    assert PersonalDataFilter().filter(record)
    assert "0912345678" not in record.getMessage()


def test_keep_exc_info_when_asked() -> None:
    try:
        raise RuntimeError("0912345678")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "m", None, sys.exc_info())
    PersonalDataFilter(keep_exc_info=True).filter(record)
    assert record.exc_info is not None
    assert "0912345678" not in (record.exc_text or "")


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        AdapterError("x 001204012345", system="dvcqg", attempts=2),
        TransientError("x 0912345678", retry_after=2.0, status_code=503),
        BusinessError("x", code="-3", remote_message="đã tồn tại 001204012345"),
        PayloadValidationError("x a@b.vn", path="Email"),
        CallbackRejected("x", reason="stale", status_code=401),
    ],
)
def test_adapter_errors_are_masked_and_pickle(error: AdapterError) -> None:
    assert find_personal_data(str(error)) == []
    assert find_personal_data(getattr(error, "remote_message", "")) == []
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert str(clone) == str(error)
    assert vars(clone) == vars(error)


def test_masker_protocol_accepts_plain_functions() -> None:
    def hide(value: str, kind: PersonalDataKind) -> str:
        return "#"

    masker: privacy.Masker = hide
    set_masker(masker)
    try:
        assert privacy.get_masker() is hide
        assert privacy.mask("0912345678", "phone") == "#"
    finally:
        set_masker(None)
