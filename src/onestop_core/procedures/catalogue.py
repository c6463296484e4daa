"""A catalogue of procedures (danh mục thủ tục hành chính): lookup, filters and search.

A :class:`Catalogue` is immutable: :meth:`Catalogue.with_procedures` returns a new one.
Look-ups take the national code (``1.001776``) or a localised one
(``1.001776.000.00.00.H56``, ``1.001776.H56``); search ignores case and Vietnamese
diacritics (``"dang ky khai sinh"`` finds "Đăng ký khai sinh").

>>> from onestop_core.procedures.records import Procedure
>>> cat = Catalogue([Procedure(code="1.001193", name_vi="Thủ tục đăng ký khai sinh")])
>>> cat.get("1.001193.000.00.00.H56").name_vi, [p.code for p in cat.search("khai sinh")]
('Thủ tục đăng ký khai sinh', ['1.001193'])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping

import attrs

from onestop_core.errors import ProcedureDataError, UnknownProcedureError
from onestop_core.procedures.enums import GovLevel
from onestop_core.procedures.records import Procedure, national_code_of

__all__ = ["Catalogue", "fold_vietnamese"]


def fold_vietnamese(text: str) -> str:
    """``text`` without case, diacritics or extra spaces, for accent-insensitive matching.

    Tones and vowel marks are removed through Unicode decomposition; ``đ`` becomes ``d``.

    >>> fold_vietnamese("  Đăng ký  KẾT HÔN ")
    'dang ky ket hon'
    """
    if not isinstance(text, str):
        raise ProcedureDataError(f"expected text to match, got {text!r}")
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _procedures(value: Iterable[Procedure]) -> tuple[Procedure, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ProcedureDataError(f"a catalogue is built from procedures, got {value!r}")
    return tuple(value)


def _index(procedures: tuple[Procedure, ...]) -> Mapping[str, Procedure]:
    index: dict[str, Procedure] = {}
    for p in procedures:
        if not isinstance(p, Procedure):
            raise ProcedureDataError(f"a catalogue holds procedures, got {p!r}")
        if p.code in index:
            raise ProcedureDataError(f"procedure code {p.code} appears twice in the catalogue")
        index[p.code] = p
    return index


@attrs.frozen
class Catalogue:
    """An immutable catalogue of procedures (danh mục TTHC), in the order given.

    A code may appear only once. Filters return tuples in catalogue order.

    >>> from onestop_core.procedures.records import Procedure
    >>> cat = Catalogue([Procedure(code="2.000884", name_vi="Chứng thực chữ ký")])
    >>> len(cat), "2.000884" in cat, "9.999999" in cat
    (1, True, False)
    """

    procedures: tuple[Procedure, ...] = attrs.field(default=(), converter=_procedures)
    _by_code: Mapping[str, Procedure] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_code", _index(self.procedures))

    def get(self, code: str) -> Procedure:
        """The procedure with the national code, or the national code of a localised one.

        >>> from onestop_core.procedures.records import Procedure
        >>> Catalogue([Procedure(code="1.013416")]).get("1.013416.H50").code
        '1.013416'
        """
        try:
            national = national_code_of(code)
        except ProcedureDataError as exc:
            raise UnknownProcedureError(str(exc)) from None
        try:
            return self._by_code[national]
        except KeyError:
            raise UnknownProcedureError(
                f"procedure {code!r} is not in the catalogue ({len(self)} procedures)"
            ) from None

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Procedure):
            return self._by_code.get(item.code) == item
        try:
            return isinstance(item, str) and national_code_of(item) in self._by_code
        except ProcedureDataError:
            return False

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self.procedures)

    def __len__(self) -> int:
        return len(self.procedures)

    def by_sector(self, name_or_code: str) -> tuple[Procedure, ...]:
        """Procedures of a sector (lĩnh vực), by its code or its name (accent-insensitive).

        >>> from onestop_core.procedures.records import Procedure, Sector
        >>> cat = Catalogue([Procedure(code="1.013978", sectors=[Sector("", "Đất đai")])])
        >>> [p.code for p in cat.by_sector("dat dai")]
        ['1.013978']
        """
        key = fold_vietnamese(name_or_code)
        return tuple(
            p
            for p in self.procedures
            if any(
                s.code == name_or_code.strip() or fold_vietnamese(s.name) == key for s in p.sectors
            )
        )

    def by_level(self, level: GovLevel) -> tuple[Procedure, ...]:
        """Procedures carried out at a level of government (cấp thực hiện).

        >>> from onestop_core.procedures.records import Procedure
        >>> cat = Catalogue([Procedure(code="1.013416", levels=[GovLevel.PROVINCE])])
        >>> len(cat.by_level(GovLevel.PROVINCE)), len(cat.by_level(GovLevel.COMMUNE))
        (1, 0)
        """
        if not isinstance(level, GovLevel):
            raise ProcedureDataError(f"level must be a GovLevel, got {level!r}")
        return tuple(p for p in self.procedures if level in p.levels)

    def by_agency(self, code_or_name: str) -> tuple[Procedure, ...]:
        """Procedures naming an agency (cơ quan) in any role: implementing, competent,
        delegated or coordinating. An agency matches by equal code or, since names are
        written in many ways, when its name contains ``code_or_name`` (accent-insensitive).

        >>> from onestop_core.procedures.records import AgencyRef, Procedure
        >>> p = Procedure(code="1.001193", implementing_agencies=[AgencyRef("", "UBND cấp xã")])
        >>> [p.code for p in Catalogue([p]).by_agency("ubnd cap xa")]
        ['1.001193']
        """
        key = fold_vietnamese(code_or_name)
        if not key:
            raise ProcedureDataError("by_agency needs an agency code or name, got a blank string")

        def matches(p: Procedure) -> bool:
            agencies = (
                *p.implementing_agencies,
                *p.competent_agencies,
                *p.delegated_agencies,
                *p.coordinating_agencies,
            )
            return any(
                a.code == code_or_name.strip() or key in fold_vietnamese(a.name) for a in agencies
            )

        return tuple(p for p in self.procedures if matches(p))

    def search(self, text: str) -> tuple[Procedure, ...]:
        """Procedures whose Vietnamese or English name or code contains ``text``.

        Matching ignores case, diacritics and repeated spaces, so ``"chung thuc"`` finds
        "Chứng thực". A blank ``text`` matches every procedure.

        >>> from onestop_core.procedures.records import Procedure
        >>> cat = Catalogue([Procedure(code="2.000884", name_vi="Chứng thực chữ ký")])
        >>> [p.code for p in cat.search("CHUNG THUC")]
        ['2.000884']
        """
        key = fold_vietnamese(text)
        return tuple(
            p
            for p in self.procedures
            if any(key in fold_vietnamese(t) for t in (p.name_vi, p.name_en, p.code, p.local_code))
        )

    def with_procedures(self, *procedures: Procedure, replace: bool = False) -> Catalogue:
        """A new catalogue with ``procedures`` added at the end.

        A code already in the catalogue is an error, unless ``replace`` is true: then the new
        record takes the place of the old one (e.g. a new version).

        >>> from onestop_core.procedures.records import Procedure
        >>> cat = Catalogue().with_procedures(Procedure(code="1.004873"))
        >>> len(cat), len(cat.with_procedures(Procedure(code="1.004873", version=2), replace=True))
        (1, 1)
        """
        if not replace:
            return Catalogue((*self.procedures, *procedures))
        new = {p.code: p for p in _index(tuple(procedures)).values()}
        kept = [new.pop(p.code, p) for p in self.procedures]
        return Catalogue((*kept, *new.values()))
