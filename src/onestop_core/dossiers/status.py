"""Dossier statuses (trạng thái hồ sơ): the national codes 1–10 plus two of our own.

Codes as synchronised to the National Public Service Portal (``law.md`` §2.1), plus
``SUSPENDED`` (tạm dừng: the clock pauses) and ``CLOSED_INCOMPLETE`` (đóng hồ sơ: the
supplement did not arrive in time, Decree 118/2025 Art. 19(5)).

>>> DossierStatus.DECIDED.national_code, DossierStatus.DECIDED.name_vi
(9, 'Đã xử lý xong')
"""

from __future__ import annotations

import enum

__all__ = ["DossierStatus"]


class DossierStatus(enum.Enum):
    """The status of a dossier; ``value`` is the regime data's key (``"1"`` … ``"10"``)."""

    SUBMITTED = "1"
    ACCEPTED = "2"
    REFUSED = "3"
    PROCESSING = "4"
    SUPPLEMENT_REQUESTED = "5"
    AWAITING_PAYMENT = "6"
    WITHDRAWN = "7"
    STOPPED = "8"
    DECIDED = "9"
    DELIVERED = "10"
    SUSPENDED = "suspended"
    CLOSED_INCOMPLETE = "closed_incomplete"

    @property
    def national_code(self) -> int | None:
        """The DVCQG status code, or None for our own statuses (map them per adapter)."""
        return int(self.value) if self.value.isdigit() else None

    @property
    def name_vi(self) -> str:
        """The Vietnamese label."""
        return _LABELS[self][0]

    @property
    def name_en(self) -> str:
        """The English label."""
        return _LABELS[self][1]

    @property
    def terminal(self) -> bool:
        """No event may follow (refused, withdrawn, stopped, delivered, closed)."""
        return self in _TERMINAL

    @property
    def decided(self) -> bool:
        """A decision or result exists (withdrawal is no longer possible)."""
        return self in (DossierStatus.DECIDED, DossierStatus.DELIVERED)


_LABELS = {
    DossierStatus.SUBMITTED: ("Mới đăng ký", "Submitted online, not yet accepted"),
    DossierStatus.ACCEPTED: ("Được tiếp nhận", "Accepted"),
    DossierStatus.REFUSED: ("Không được tiếp nhận", "Refused at reception"),
    DossierStatus.PROCESSING: ("Đang xử lý", "In processing"),
    DossierStatus.SUPPLEMENT_REQUESTED: ("Yêu cầu bổ sung giấy tờ", "Supplement requested"),
    DossierStatus.AWAITING_PAYMENT: (
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Awaiting fee or tax payment",
    ),
    DossierStatus.WITHDRAWN: ("Công dân yêu cầu rút hồ sơ", "Withdrawn by the applicant"),
    DossierStatus.STOPPED: ("Dừng xử lý", "Processing stopped"),
    DossierStatus.DECIDED: ("Đã xử lý xong", "Decided; result ready"),
    DossierStatus.DELIVERED: ("Đã trả kết quả", "Result delivered"),
    DossierStatus.SUSPENDED: ("Tạm dừng", "Suspended (clock paused)"),
    DossierStatus.CLOSED_INCOMPLETE: ("Đóng hồ sơ", "Closed: supplement not received"),
}
_TERMINAL = frozenset(
    {
        DossierStatus.REFUSED,
        DossierStatus.WITHDRAWN,
        DossierStatus.STOPPED,
        DossierStatus.DELIVERED,
        DossierStatus.CLOSED_INCOMPLETE,
    }
)
