"""Legal regimes of the one-stop mechanism (chế độ pháp lý): which rules judge a dossier.

A dossier is judged under the regime in force when it was received: Decree 61/2018 (from
21 June 2018; amended by Decree 107/2021), Decree 118/2025 (from 1 July 2025) and its
amendments by Decree 367/2025 and Decree 309/2026 (from 5 August 2026). A regime fixes the
form set, the dossier-code rule, the default SLA policies and the statuses in use. Regimes
are data (``data/regimes/regimes.json``); a new one is a data change.

>>> import datetime as dt
>>> regime_for(dt.date(2026, 11, 26)).id
'ND118_309'
>>> regime_for(dt.date(2024, 5, 2)).code_rule
'receiving'
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from onestop_core._data import load_json
from onestop_core._time import VN_TZ, ensure_aware
from onestop_core.errors import InvalidDateError, OutOfRangeError, UnknownRegimeError

__all__ = ["LegalRegime", "regime", "regime_for", "regimes"]

CodeRule = Literal["receiving", "resolving"]


@attrs.frozen(kw_only=True)
class LegalRegime:
    """One legal regime: its validity and the rules it fixes.

    >>> regime("ND118_2025").form_set
    'TT03_2025'
    """

    id: str
    name_vi: str
    name_en: str
    valid_from: dt.date
    valid_to: dt.date | None
    form_set: str
    code_rule: CodeRule
    code_sequence: Literal["exactly_4", "at_least_4"]
    supplement_policy: str
    supplement_request_within_working_days: int | None
    close_incomplete_after_days: int | None
    online_acceptance_working_hours: int | None
    extension_max: int | None
    extension_notice_days: int
    boundary_free_clock_from_competent_agency: bool
    statuses: tuple[str, ...]
    legal_basis: tuple[str, ...]
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether the regime is in force on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _parse(entry: Mapping[str, Any]) -> LegalRegime:
    try:
        return LegalRegime(
            id=entry["id"],
            name_vi=entry["name_vi"],
            name_en=entry["name_en"],
            valid_from=dt.date.fromisoformat(entry["valid_from"]),
            valid_to=dt.date.fromisoformat(entry["valid_to"]) if entry["valid_to"] else None,
            form_set=entry["form_set"],
            code_rule=entry["code_rule"],
            code_sequence=entry["code_sequence"],
            supplement_policy=entry["supplement_policy"],
            supplement_request_within_working_days=entry["supplement_request_within_working_days"],
            close_incomplete_after_days=entry["close_incomplete_after_days"],
            online_acceptance_working_hours=entry["online_acceptance_working_hours"],
            extension_max=entry["extension_max"],
            extension_notice_days=entry["extension_notice_days"],
            boundary_free_clock_from_competent_agency=entry[
                "boundary_free_clock_from_competent_agency"
            ],
            statuses=tuple(entry["statuses"]),
            legal_basis=tuple(entry["legal_basis"]),
            note=entry.get("note", ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidDateError(
            f"regime data entry {entry.get('id')!r} is malformed: {exc}"
        ) from None


@functools.cache
def regimes() -> tuple[LegalRegime, ...]:
    """Every known regime, oldest first.

    >>> [r.id for r in regimes()][:2]
    ['ND61_2018', 'ND61_107']
    """
    data = load_json("regimes/regimes.json")
    return tuple(sorted((_parse(e) for e in data["regimes"]), key=lambda r: r.valid_from))


def regime(regime_id: str) -> LegalRegime:
    """The regime with identifier ``regime_id`` (e.g. ``"ND118_2025"``)."""
    for r in regimes():
        if r.id == regime_id:
            return r
    raise UnknownRegimeError(
        f"unknown legal regime {regime_id!r}; known: {', '.join(r.id for r in regimes())}"
    )


def regime_for(received: dt.date | dt.datetime) -> LegalRegime:
    """The regime in force on the (local) date a dossier was received.

    An instant must be timezone-aware; its date in Asia/Ho_Chi_Minh decides.
    """
    if isinstance(received, dt.datetime):
        day = ensure_aware(received, name="received").astimezone(VN_TZ).date()
    elif isinstance(received, dt.date):
        day = received
    else:
        raise InvalidDateError(f"received must be a date or an aware datetime, got {received!r}")
    for r in regimes():
        if r.covers(day):
            return r
    raise OutOfRangeError(
        f"no one-stop regime covers {day} (the first, Decree 61/2018, starts on 2018-06-21)"
    )
