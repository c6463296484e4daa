"""Build the Vietnamese civil-service days off from statute rules and announcements.

Private: :func:`onestop_core.calendars.vietnam` is the public entry point. The data file
``data/calendars/vn.json`` holds the statutory holidays by era (each with its legal basis)
and one entry per announcement (the Prime Minister's Tết window, the day adjacent to
National Day, swapped days and make-up Saturdays, each with its dispatch number).
Rules fill in what the statute fixes; announcements decide what the Prime Minister decides;
a rule-based fallback marked ``provisional`` covers years with no announcement yet.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from onestop_core.calendars import lunar
from onestop_core.calendars.records import DayOff, MakeUpDay
from onestop_core.errors import CalendarDataError

__all__ = ["NationalDayFallback", "RuleSet", "TetFallback", "build"]

_ONE = dt.timedelta(days=1)


class TetFallback(enum.Enum):
    """How to guess a Tết window that has not been announced yet (result is provisional).

    ``PRACTICE`` (default) starts from New Year's Eve + mùng 1–4 and moves a Saturday day to
    the previous free weekday and a Sunday day to the next one; this reproduces every window
    the Prime Minister chose from 2014 to 2026. ``STATUTE`` keeps Eve + mùng 1–4 and
    compensates weekend days forward (Labour Code 2019 Art. 111(3)) only.
    """

    PRACTICE = "practice"
    STATUTE = "statute"


class NationalDayFallback(enum.Enum):
    """How to guess the unannounced day adjacent to 2 September (from 2021; provisional).

    ``PRACTICE`` (default) picks the day that joins the break to a weekend, by the weekday
    of 2/9 (Mon→3/9, Tue→1/9, Wed→1/9, Thu→3/9, Fri→1/9, Sat→1/9, Sun→3/9), which matches
    every announcement 2021–2026. ``AFTER`` always takes 3/9.
    """

    PRACTICE = "practice"
    AFTER = "after"


# weekday of 2/9 -> offset in days of the adjacent day
_ADJACENT = {0: 1, 1: -1, 2: -1, 3: 1, 4: -1, 5: -1, 6: 1}
_LUNAR_MONTH_VI = {12: "tháng Chạp", 1: "tháng Giêng"}


@attrs.frozen
class RuleSet:
    """The parsed data file: statutory rules, announcements and the validity range."""

    valid_from: dt.date
    valid_to: dt.date
    weekend: frozenset[int]
    statutory: tuple[Mapping[str, Any], ...]
    announcements: tuple[Mapping[str, Any], ...]
    compensation_basis: str


def _date(value: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CalendarDataError(f"{where}: {value!r} is not an ISO date") from None


def parse_rules(data: Mapping[str, Any]) -> RuleSet:
    """Validate the calendar data file's shape (a bad file fails loudly, never half-loads)."""
    try:
        if data["schema_version"] != 1:
            raise CalendarDataError(f"unsupported schema_version {data['schema_version']!r}")
        for i, a in enumerate(data["announcements"]):
            where = f"announcement #{i} ({a.get('id', '?')})"
            for key in ("id", "title", "days_off", "make_up_days", "sources", "decides"):
                if key not in a:
                    raise CalendarDataError(f"{where} lacks {key!r}")
            for d in a["days_off"]:
                _date(d["date"], where)
                if d["kind"] not in ("holiday", "compensatory", "swapped"):
                    raise CalendarDataError(f"{where}: kind {d['kind']!r} is unknown")
            for m in a["make_up_days"]:
                _date(m["date"], where)
        return RuleSet(
            valid_from=_date(data["valid_from"], "valid_from"),
            valid_to=_date(data["valid_to"], "valid_to"),
            weekend=frozenset(int(x) for x in data["weekend"]),
            statutory=tuple(data["statutory"]),
            announcements=tuple(data["announcements"]),
            compensation_basis=str(data["compensation_basis"]),
        )
    except (KeyError, TypeError) as exc:
        raise CalendarDataError(f"calendar data is malformed: missing or bad {exc}") from None


def _in_force(rule: Mapping[str, Any], day: dt.date) -> bool:
    start = dt.date.fromisoformat(rule["from"])
    end = dt.date.fromisoformat(rule["to"]) if rule.get("to") else dt.date.max
    return start <= day <= end


def _source_of(announcement: Mapping[str, Any]) -> str:
    number = announcement.get("number") or "số hiệu chưa xác định"
    return f"{number}: {announcement['title']}"


def _tet_label(day: dt.date) -> tuple[str, str]:
    ld = lunar.from_solar(day)
    if ld.month == 1:
        return (
            f"Tết Nguyên đán (mùng {ld.day} tháng Giêng)",
            f"Lunar New Year (day {ld.day} of the 1st lunar month)",
        )
    return (
        f"Tết Nguyên đán ({ld.day} tháng Chạp)",
        f"Lunar New Year (day {ld.day} of the 12th lunar month)",
    )


class _Builder:
    def __init__(
        self, rules: RuleSet, tet_fallback: TetFallback, national_day_fallback: NationalDayFallback
    ) -> None:
        self.rules = rules
        self.tet_fallback = tet_fallback
        self.nd_fallback = national_day_fallback
        self.days: dict[dt.date, DayOff] = {}
        self.make_up: dict[dt.date, MakeUpDay] = {}
        self.decided: set[str] = set()
        # (occasion, year) whose compensatory days an announcement lists itself
        self.announced_compensation: set[tuple[str, int]] = set()
        # statutory holidays eligible for compensation, in date order
        self.compensable: list[DayOff] = []

    def weekend(self, day: dt.date) -> bool:
        return day.weekday() in self.rules.weekend

    def add(self, off: DayOff, *, compensable: bool) -> None:
        other = self.days.get(off.date)
        if other is not None:
            raise CalendarDataError(
                f"{off.date}: {off.name_vi!r} ({off.source}) collides with "
                f"{other.name_vi!r} ({other.source})"
            )
        self.days[off.date] = off
        if compensable and off.kind == "holiday":
            self.compensable.append(off)

    def load_announcements(self) -> None:
        for a in self.rules.announcements:
            source = _source_of(a)
            self.decided.update(a["decides"])
            for d in a["days_off"]:
                if d["kind"] == "compensatory":
                    self.announced_compensation.add((d.get("occasion", ""), int(d["date"][:4])))
                self.add(
                    DayOff(
                        date=_date(d["date"], a["id"]),
                        kind=d["kind"],
                        name_vi=d["name_vi"],
                        name_en=d.get("name_en") or d["name_vi"],
                        source=source,
                        occasion=d.get("occasion", ""),
                    ),
                    compensable=d.get("occasion") != "tet",
                )
            for m in a["make_up_days"]:
                day = _date(m["date"], a["id"])
                if not self.weekend(day):
                    raise CalendarDataError(f"make-up day {day} ({a['id']}) is not a weekend day")
                if day in self.make_up:
                    raise CalendarDataError(f"make-up day {day} appears twice")
                replaces = _date(m["replaces"], a["id"]) if m.get("replaces") else None
                self.make_up[day] = MakeUpDay(date=day, replaces=replaces, source=source)

    def statutory_year(self, year: int) -> None:
        for rule in self.rules.statutory:
            kind = rule["rule"]
            basis = rule["basis"]
            if kind == "fixed":
                day = dt.date(year, rule["month"], rule["day"])
                if _in_force(rule, day):
                    self.add(
                        DayOff(
                            date=day,
                            kind="holiday",
                            name_vi=rule["name_vi"],
                            name_en=rule["name_en"],
                            source=basis,
                            occasion=rule["id"],
                        ),
                        compensable=True,
                    )
            elif kind == "lunar":
                day = lunar.to_solar(year, rule["month"], rule["day"])
                if _in_force(rule, day):
                    self.add(
                        DayOff(
                            date=day,
                            kind="holiday",
                            name_vi=rule["name_vi"],
                            name_en=rule["name_en"],
                            source=basis,
                            occasion=rule["id"],
                        ),
                        compensable=True,
                    )
            elif kind == "tet_fixed":
                if _in_force(rule, lunar.tet(year)):
                    self.tet_fixed(year, rule)
            elif kind == "tet_window":
                if _in_force(rule, lunar.tet(year)) and f"tet:{year}" not in self.decided:
                    self.tet_window_fallback(year, rule)
            elif kind == "national_day_adjacent":
                day = dt.date(year, 9, 2)
                if _in_force(rule, day) and f"national_day_adjacent:{year}" not in self.decided:
                    self.national_day_fallback(year, rule)
            else:
                raise CalendarDataError(f"unknown statutory rule type {kind!r}")

    def tet_fixed(self, year: int, rule: Mapping[str, Any]) -> None:
        first = lunar.tet(year)
        for item in rule["lunar_days"]:
            day = first - _ONE if item == "eve" else first + (int(item) - 1) * _ONE
            vi, en = _tet_label(day)
            self.add(
                DayOff(
                    date=day,
                    kind="holiday",
                    name_vi=vi,
                    name_en=en,
                    source=rule["basis"],
                    occasion="tet",
                ),
                compensable=True,
            )

    def tet_window_fallback(self, year: int, rule: Mapping[str, Any]) -> None:
        first = lunar.tet(year)
        statutory = [first - _ONE] + [first + k * _ONE for k in range(int(rule["days"]) - 1)]
        source = f"{rule['basis']} — dự kiến theo quy tắc, chưa có thông báo (provisional)"
        for day in statutory:
            vi, en = _tet_label(day)
            self.add(
                DayOff(
                    date=day,
                    kind="holiday",
                    name_vi=vi,
                    name_en=en,
                    source=source,
                    provisional=True,
                    occasion="tet",
                ),
                compensable=self.tet_fallback is TetFallback.STATUTE,
            )
        if self.tet_fallback is TetFallback.STATUTE:
            return
        taken = set(statutory)
        for day in statutory:
            if not self.weekend(day):
                continue
            step = -_ONE if day.weekday() == 5 else _ONE
            sub = day + step
            while self.weekend(sub) or sub in taken or sub in self.days:
                sub += step
            taken.add(sub)
            self.add(
                DayOff(
                    date=sub,
                    kind="compensatory",
                    name_vi="Nghỉ bù Tết Âm lịch (Tết Nguyên đán)",
                    name_en="Compensatory day off for the Lunar New Year",
                    source=source,
                    provisional=True,
                    occasion="tet",
                ),
                compensable=False,
            )

    def national_day_fallback(self, year: int, rule: Mapping[str, Any]) -> None:
        national = dt.date(year, 9, 2)
        offset = (
            1 if self.nd_fallback is NationalDayFallback.AFTER else _ADJACENT[national.weekday()]
        )
        source = f"{rule['basis']} — dự kiến theo quy tắc, chưa có thông báo (provisional)"
        self.add(
            DayOff(
                date=national + offset * _ONE,
                kind="holiday",
                name_vi=rule["name_vi"],
                name_en=rule["name_en"],
                source=source,
                provisional=True,
                occasion=rule["id"],
            ),
            compensable=True,
        )

    def compensate(self) -> None:
        """A holiday on a weekly rest day moves to the next working day (LC 2019 Art. 111(3))."""
        for off in sorted(self.compensable, key=lambda o: o.date):
            if not self.weekend(off.date):
                continue
            if (off.occasion, off.date.year) in self.announced_compensation:
                continue  # the announcement fixed this compensatory day itself
            sub = off.date + _ONE
            while self.weekend(sub) or sub in self.days:
                sub += _ONE
            name_vi = off.name_vi if off.occasion != "tet" else "Tết Âm lịch (Tết Nguyên đán)"
            name_en = off.name_en if off.occasion != "tet" else "the Lunar New Year"
            self.days[sub] = DayOff(
                date=sub,
                kind="compensatory",
                name_vi=f"Nghỉ bù {name_vi}",
                name_en=f"Compensatory day off for {name_en}",
                source=self.rules.compensation_basis,
                provisional=off.provisional,
                occasion=off.occasion,
            )


def build(
    data: Mapping[str, Any],
    *,
    tet_fallback: TetFallback = TetFallback.PRACTICE,
    national_day_fallback: NationalDayFallback = NationalDayFallback.PRACTICE,
) -> tuple[RuleSet, dict[dt.date, DayOff], dict[dt.date, MakeUpDay], frozenset[str]]:
    """Return the rules, every day off and every make-up day over the data's range."""
    rules = parse_rules(data)
    b = _Builder(rules, tet_fallback, national_day_fallback)
    b.load_announcements()
    for year in range(rules.valid_from.year, rules.valid_to.year + 1):
        b.statutory_year(year)
    b.compensate()
    for day in b.make_up:
        if day in b.days:
            raise CalendarDataError(f"{day} is both a make-up working day and a day off")
    return rules, b.days, b.make_up, frozenset(b.decided)


def decided_occasions(year: int, decided: Iterable[str]) -> set[str]:
    """The occasions of ``year`` that an announcement decides (e.g. ``{"tet"}``)."""
    suffix = f":{year}"
    return {d.removesuffix(suffix) for d in decided if d.endswith(suffix)}
