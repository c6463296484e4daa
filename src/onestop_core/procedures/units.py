"""Administrative units (đơn vị hành chính): provinces and communes, looked up by code.

From 1 July 2025 local government has two levels, province (cấp tỉnh) and commune (cấp xã), and
63 provinces became 34 (Nghị quyết 202/2025/QH15; ``law.md`` §1.3). The data holds the 34
provinces, the 63 former ones with their successor, and the 3,321 communes, with dated states
where a unit changed type (Đồng Nai became a centrally-run city on 2026-04-30, ten of its xã
became phường that day). Districts (huyện) exist only as a historical level; none are shipped.

**Codes are the identity; names are not.** Codes are the national ones (Quyết định 19/2025/QĐ-TTg,
the GSO/NSO list). A merged province kept one of its old codes, so a province code may name a
different unit before and after 2025-07-01 (``"15"`` was Yên Bái and is now Lào Cai):
:meth:`AdminUnits.province` reads the 2025 map, :meth:`AdminUnits.former_province` the map before
it, and :meth:`AdminUnits.as_of` chooses by date. :meth:`AdminUnits.find_by_name` is a
convenience for people, not a way to identify a unit.

The data derives from thanglequoc/vietnamese-provinces-database (MIT; the notice and provenance
are in ``onestop_core/data/admin_units/NOTICE.md``). It is read on first use, not at import.

>>> units = admin_units()
>>> len(units.provinces()), len(units.provinces(on=dt.date(2025, 6, 30))), len(units.communes())
(34, 63, 3321)
>>> units.successor_province("93").name
'Cần Thơ'
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import attrs

from onestop_core._data import load_json
from onestop_core.errors import AdminUnitError

__all__ = ["AdminUnits", "AdministrativeUnit", "UnitLevel", "UnitState", "admin_units"]

#: The day the 34-province, two-level map took effect (Nghị quyết 202/2025/QH15).
_NEW_MAP_FROM = dt.date(2025, 7, 1)


class UnitLevel(enum.Enum):
    """Level of an administrative unit (cấp đơn vị hành chính).

    >>> UnitLevel.COMMUNE.label_vi
    'xã'
    """

    #: cấp tỉnh — province or centrally-run city.
    PROVINCE = "province"
    #: cấp xã — xã, phường or đặc khu.
    COMMUNE = "commune"
    #: cấp huyện — abolished on 2025-07-01; kept for records made before then.
    DISTRICT = "district"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label (tỉnh / xã / huyện)."""
        return _LEVEL_LABELS_VI[self]


_LEVEL_LABELS_VI = {
    UnitLevel.PROVINCE: "tỉnh",
    UnitLevel.COMMUNE: "xã",
    UnitLevel.DISTRICT: "huyện",
}


@attrs.frozen(kw_only=True)
class UnitState:
    """One dated state of a unit: its name and type from ``valid_from`` to ``valid_to``.

    Both bounds are inclusive; ``None`` means open (unknown start, or still in force). ``basis``
    is the legal act behind the state, where the data names it.

    >>> s = admin_units().province("75").history[-1]
    >>> (s.valid_from, s.type, s.basis)
    (datetime.date(2026, 4, 30), 'thành phố trực thuộc trung ương', 'Nghị quyết 30/2026/QH16')
    """

    valid_from: dt.date | None
    valid_to: dt.date | None
    name: str
    full_name: str
    type: str
    basis: str = ""

    def covers(self, on: dt.date) -> bool:
        """True when the state is in force on ``on``."""
        return _within(on, self.valid_from, self.valid_to)


@attrs.frozen(kw_only=True)
class AdministrativeUnit:
    """An administrative unit (đơn vị hành chính): a province or a commune.

    ``type`` is the unit's kind in Vietnamese: ``"tỉnh"`` or ``"thành phố trực thuộc trung
    ương"`` for provinces, ``"xã"``, ``"phường"`` or ``"đặc khu"`` for communes. ``name``,
    ``full_name`` and ``type`` give the latest state; :meth:`as_of` gives the state on a date
    from ``history`` (empty when the unit never changed). ``province_code`` is set for communes.
    ``successors`` (for the 63 former provinces) and ``predecessors`` (for the 34) hold codes
    in the other map; communes have none, as the commune crosswalk is not shipped.

    >>> hue = admin_units().former_province("46")
    >>> hue.as_of(dt.date(2024, 6, 1)).full_name, hue.full_name
    ('Tỉnh Thừa Thiên Huế', 'Thành phố Huế')
    """

    code: str
    name: str
    full_name: str
    level: UnitLevel
    type: str
    province_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successors: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    history: tuple[UnitState, ...] = ()

    def is_valid_on(self, on: dt.date) -> bool:
        """True when the unit exists on ``on``.

        >>> admin_units().province("75").is_valid_on(dt.date(2025, 6, 30))
        False
        """
        return _within(on, self.valid_from, self.valid_to)

    def as_of(self, on: dt.date) -> AdministrativeUnit:
        """This unit with the name and type in force on ``on``.

        Raises :class:`~onestop_core.errors.AdminUnitError` when the unit does not exist then.

        >>> admin_units().commune("26368").as_of(dt.date(2026, 1, 1)).full_name
        'Xã Long Thành'
        """
        if not self.is_valid_on(on):
            raise AdminUnitError(
                f"{self.level.label_vi} {self.code!r} ({self.name}) does not exist on {on}: "
                f"it is valid from {self.valid_from or 'an unrecorded date'} "
                f"to {self.valid_to or 'now'}"
            )
        for state in self.history:
            if state.covers(on):
                return attrs.evolve(
                    self, name=state.name, full_name=state.full_name, type=state.type
                )
        return self


class AdminUnits:
    """The registry of administrative units; get the shared one with :func:`admin_units`.

    Each part of the data is read and indexed the first time it is needed (provinces and
    communes separately), then kept. Every lookup is by code; an unknown code raises
    :class:`~onestop_core.errors.AdminUnitError` naming it.

    >>> units = admin_units()
    >>> units.province("38").full_name, units.commune("00004").full_name
    ('Tỉnh Thanh Hóa', 'Phường Ba Đình')
    """

    def province(self, code: str) -> AdministrativeUnit:
        """The province with this code in the 34-province map (from 2025-07-01), latest state.

        >>> admin_units().province("15").name
        'Lào Cai'
        """
        unit = self._provinces.get(code)
        if unit is None:
            hint = ""
            if code in self._former:
                hint = f"; before 2025-07-01 it was {self._former[code].name} (former_province)"
            raise AdminUnitError(
                f"no province with code {code!r} in the 34-province map from 2025-07-01 "
                f"(expected one of {', '.join(sorted(self._provinces))}){hint}"
            )
        return unit

    def former_province(self, code: str) -> AdministrativeUnit:
        """The province with this code in the 63-province map in force until 2025-06-30.

        >>> admin_units().former_province("15").name
        'Yên Bái'
        """
        unit = self._former.get(code)
        if unit is None:
            raise AdminUnitError(
                f"no province with code {code!r} in the 63-province map before 2025-07-01 "
                f"(expected one of {', '.join(sorted(self._former))})"
            )
        return unit

    def commune(self, code: str) -> AdministrativeUnit:
        """The commune-level unit (xã, phường, đặc khu) with this 5-digit code.

        >>> admin_units().commune("06970").full_name
        'Xã Ba Chẽ'
        """
        unit = self._communes.get(code)
        if unit is None:
            raise AdminUnitError(
                f"no commune with code {code!r} among the 3,321 communes from 2025-07-01 "
                "(expected a 5-digit national code such as '00004')"
            )
        return unit

    def provinces(self, on: dt.date | None = None) -> tuple[AdministrativeUnit, ...]:
        """The provinces in force on ``on`` in code order, each in its state on that day.

        From 2025-07-01 the 34; before, the 63 former ones (the data gives their state of
        2025-03-01 and Huế's change of 2025-01-01, but no start date for the 63-province map,
        so earlier dates are not checked). Without ``on``: the 34 in their latest state.

        >>> [p.type for p in admin_units().provinces(on=dt.date(2025, 7, 1))].count("tỉnh")
        28
        """
        if on is None:
            return tuple(self._provinces.values())
        source = self._provinces if on >= _NEW_MAP_FROM else self._former
        return tuple(unit.as_of(on) for unit in source.values())

    def communes(self, province_code: str | None = None) -> tuple[AdministrativeUnit, ...]:
        """All 3,321 communes in code order, or those of one province of the 2025 map.

        >>> len(admin_units().communes("38"))
        166
        """
        if province_code is None:
            return tuple(self._communes.values())
        self.province(province_code)
        return tuple(c for c in self._communes.values() if c.province_code == province_code)

    def successor_province(self, old_code: str) -> AdministrativeUnit:
        """The 2025 province that took over a former province (Nghị quyết 202/2025/QH15).

        >>> admin_units().successor_province("45").name
        'Quảng Trị'
        """
        return self.province(self.former_province(old_code).successors[0])

    def former_provinces(self, new_code: str) -> tuple[AdministrativeUnit, ...]:
        """The former provinces merged into a 2025 province, in code order.

        >>> [p.name for p in admin_units().former_provinces("44")]
        ['Quảng Bình', 'Quảng Trị']
        """
        return tuple(self._former[code] for code in self.province(new_code).predecessors)

    def as_of(self, code: str, on: dt.date) -> AdministrativeUnit:
        """The unit with this code in its state on ``on``.

        A 2-digit code is a province, read in the map in force on ``on``; a 5-digit code is a
        commune (communes are known from 2025-07-01 only).

        >>> units = admin_units()
        >>> [units.as_of("75", dt.date(2026, 4, d)).type for d in (29, 30)]
        ['tỉnh', 'thành phố trực thuộc trung ương']
        >>> units.as_of("15", dt.date(2025, 6, 30)).name
        'Yên Bái'
        """
        if len(code) == 5:
            return self.commune(code).as_of(on)
        if len(code) == 2:
            unit = self.province(code) if on >= _NEW_MAP_FROM else self.former_province(code)
            return unit.as_of(on)
        raise AdminUnitError(
            f"unit code {code!r} is neither a 2-digit province code nor a 5-digit commune code"
        )

    def find_by_name(self, name: str) -> tuple[AdministrativeUnit, ...]:
        """Every unit whose name or full name, in any recorded state, matches ``name``.

        Matching ignores case, diacritics (so tone-mark placement such as "Hoà"/"Hòa" does not
        matter), "đ"/"d" and punctuation. Names repeat across provinces and maps, so this is a
        convenience for people, **not an identity**: store and compare codes. Results come in
        the order 2025 provinces, former provinces, communes.

        >>> [(u.level.label_vi, u.code) for u in admin_units().find_by_name("thua thien hue")]
        [('tỉnh', '46')]
        >>> len(admin_units().find_by_name("Tân Phú")) > 1
        True
        """
        return self._name_index.get(_fold(name), ())

    # --- lazily built indexes -------------------------------------------------------------

    @functools.cached_property
    def _provinces(self) -> dict[str, AdministrativeUnit]:
        raw = load_json("admin_units/provinces_2025.json")["provinces"]
        units = (
            AdministrativeUnit(
                code=r["code"],
                name=r["name"],
                full_name=r["full_name"],
                level=UnitLevel.PROVINCE,
                type=r["type"],
                valid_from=_date(r["valid_from"]),
                valid_to=_date(r["valid_to"]),
                predecessors=tuple(sorted(f["code"] for f in r["former_provinces"])),
                history=_states(r),
            )
            for r in raw
        )
        return _by_code(units)

    @functools.cached_property
    def _former(self) -> dict[str, AdministrativeUnit]:
        raw = load_json("admin_units/provinces_pre2025.json")["provinces"]
        units = (
            AdministrativeUnit(
                code=r["code"],
                name=r["name"],
                full_name=r["full_name"],
                level=UnitLevel.PROVINCE,
                type=r["type"],
                valid_from=_date(r.get("valid_from")),
                valid_to=_date(r["valid_to"]),
                successors=(r["successor_code"],),
                history=_states(r),
            )
            for r in raw
        )
        return _by_code(units)

    @functools.cached_property
    def _communes(self) -> dict[str, AdministrativeUnit]:
        raw = load_json("admin_units/communes_2025.json")["communes"]
        return _by_code(
            AdministrativeUnit(
                code=r["code"],
                name=r["name"],
                full_name=_commune_full_name(r["type"], r["name"]),
                level=UnitLevel.COMMUNE,
                type=r["type"],
                province_code=r["province_code"],
                valid_from=_NEW_MAP_FROM,
                history=_states(r, commune=True),
            )
            for r in raw
        )

    @functools.cached_property
    def _name_index(self) -> dict[str, tuple[AdministrativeUnit, ...]]:
        index: dict[str, list[AdministrativeUnit]] = {}
        for source in (self._provinces, self._former, self._communes):
            for unit in source.values():
                names = {unit.name, unit.full_name}
                names.update(n for s in unit.history for n in (s.name, s.full_name))
                for key in {_fold(n) for n in names}:  # a set: each unit once per key
                    index.setdefault(key, []).append(unit)
        return {key: tuple(units) for key, units in index.items()}


@functools.cache
def admin_units() -> AdminUnits:
    """The shared registry of administrative units (created once; data read on first use).

    >>> admin_units() is admin_units()
    True
    """
    return AdminUnits()


def _within(on: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _commune_full_name(unit_type: str, name: str) -> str:
    return f"{unit_type[:1].upper()}{unit_type[1:]} {name}"


def _states(raw: dict[str, Any], *, commune: bool = False) -> tuple[UnitState, ...]:
    """The dated states of a raw unit; a state without a name or full name keeps the unit's."""
    return tuple(
        UnitState(
            valid_from=_date(h.get("valid_from")),
            valid_to=_date(h.get("valid_to")),
            name=h.get("name", raw["name"]),
            full_name=(
                _commune_full_name(h["type"], raw["name"])
                if commune
                else h.get("full_name", raw["full_name"])
            ),
            type=h["type"],
            basis=h.get("basis", ""),
        )
        for h in raw.get("history", ())
    )


def _by_code(units: Iterable[AdministrativeUnit]) -> dict[str, AdministrativeUnit]:
    return {unit.code: unit for unit in sorted(units, key=lambda u: u.code)}


def _fold(text: str) -> str:
    """Case-, diacritic- and punctuation-free key: ``"Thừa Thiên-Huế"`` → ``"thua thien hue"``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())
