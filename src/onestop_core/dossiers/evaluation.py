"""Evaluating how a dossier was handled under Circular 01/2018/TT-VPCP (đánh giá giải quyết TTHC).

Nine indicators, each scored 0, 1 or 2 (Circular 01/2018 Art. 13; ``law.md`` §5.1), give a
total out of 18. An agency's score for an indicator is the mean over its dossiers, rounded
to one decimal (Art. 15(2)); the total rates the agency in five bands (Art. 15(3)(b)):
15 and above is Xuất sắc. The bands are data (``data/ratings/tt01_2018.json``) with explicit
open or closed bounds. This regime lapsed with Decree 61/2018 on 1 July 2025; later index sets
(Decision 766) belong to the scoring package.

>>> e = DossierEvaluation((2, 2, 1, 2, 2, 2, 2, 1, 2))
>>> e.total, rate(e.total).name_vi
(16, 'Xuất sắc')
>>> rate(15).name_vi   # exactly 15 is Xuất sắc (Art. 15(3)(b): "từ 15 điểm trở lên")
'Xuất sắc'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from onestop_core._data import load_json
from onestop_core.errors import InvalidDurationError

__all__ = ["Band", "DossierEvaluation", "agency_scores", "bands", "rate"]


@attrs.frozen(kw_only=True)
class Band:
    """A rating band (xếp loại) with explicit bounds."""

    id: str
    name_vi: str
    name_en: str
    min: Decimal | None
    min_inclusive: bool
    max: Decimal | None
    max_inclusive: bool

    def contains(self, score: Decimal) -> bool:
        """Whether ``score`` falls in this band."""
        if self.min is not None and (
            score < self.min or (score == self.min and not self.min_inclusive)
        ):
            return False
        return self.max is None or score < self.max or (score == self.max and self.max_inclusive)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@functools.cache
def bands() -> tuple[Band, ...]:
    """The Circular 01/2018 Art. 15(3)(b) bands, best first."""
    data = load_json("ratings/tt01_2018.json")
    return tuple(
        Band(
            id=b["id"],
            name_vi=b["name_vi"],
            name_en=b["name_en"],
            min=_dec(b["min"]),
            min_inclusive=b["min_inclusive"],
            max=_dec(b["max"]),
            max_inclusive=b["max_inclusive"],
        )
        for b in data["bands"]
    )


def _score(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise InvalidDurationError(f"a score must be a number, got {value!r}")
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise InvalidDurationError(f"a score must be a number, got {value!r}") from None


def rate(total: object) -> Band:
    """The band of an agency total out of 18.

    >>> rate(14).name_vi, rate(5.9).name_vi
    ('Tốt', 'Yếu')
    """
    score = _score(total)
    if not Decimal(0) <= score <= Decimal(18):
        raise InvalidDurationError(f"a Circular 01/2018 total lies in 0..18, got {total!r}")
    for band in bands():
        if band.contains(score):
            return band
    raise InvalidDurationError(f"no band contains {total!r}")  # pragma: no cover - data gap


def _scores(values: Sequence[int]) -> tuple[int, ...]:
    out = tuple(values)
    if len(out) != 9:
        raise InvalidDurationError(f"Circular 01/2018 has 9 indicators, got {len(out)} scores")
    for i, v in enumerate(out, start=1):
        if isinstance(v, bool) or v not in (0, 1, 2):
            raise InvalidDurationError(f"indicator {i} must score 0, 1 or 2, got {v!r}")
    return out


@attrs.frozen
class DossierEvaluation:
    """The nine indicator scores (0–2) of one dossier (Circular 01/2018 Art. 13).

    >>> DossierEvaluation((2, 1, 2, 2, 1, 2, 1, 2, 1)).total
    14
    """

    scores: tuple[int, ...] = attrs.field(converter=_scores)

    @property
    def total(self) -> int:
        """The sum of the nine scores (0–18)."""
        return sum(self.scores)


def agency_scores(evaluations: Iterable[DossierEvaluation]) -> tuple[tuple[Decimal, ...], Decimal]:
    """Per-indicator means rounded to 1 decimal, and their total (Art. 15(2)).

    >>> means, total = agency_scores([DossierEvaluation((2,) * 9), DossierEvaluation((1,) * 9)])
    >>> means[0], total
    (Decimal('1.5'), Decimal('13.5'))
    """
    evals = list(evaluations)
    if not evals:
        raise InvalidDurationError("an agency score needs at least one evaluated dossier")
    tenth = Decimal("0.1")
    means = tuple(
        (Decimal(sum(e.scores[i] for e in evals)) / len(evals)).quantize(tenth, ROUND_HALF_UP)
        for i in range(9)
    )
    return means, sum(means, Decimal(0))
