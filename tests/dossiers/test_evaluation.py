"""law.md §10 E17 (Circular 01/2018 Art. 15 bands) and E18 (766 timeliness points)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from onestop_core.dossiers.evaluation import DossierEvaluation, agency_scores, rate
from onestop_core.errors import InvalidDurationError
from onestop_core.sla import Timeliness
from onestop_core.sla.statistics import timeliness_points


@pytest.mark.parametrize(
    ("scores", "total", "band"),
    [
        ((2, 1, 2, 2, 1, 2, 1, 2, 1), 14, "Tốt"),
        ((2, 2, 1, 2, 2, 2, 2, 1, 2), 16, "Xuất sắc"),
        ((2, 2, 2, 2, 1, 2, 2, 1, 1), 15, "Xuất sắc"),  # exactly 15: ≥ 15 (not > 15)
    ],
)
def test_e17_bands(scores: tuple[int, ...], total: int, band: str) -> None:
    e = DossierEvaluation(scores)
    assert e.total == total
    assert rate(e.total).name_vi == band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (18, "Xuất sắc"),
        (12, "Tốt"),
        (11.9, "Khá"),
        (9, "Khá"),
        (6, "Trung bình"),
        (5.9, "Yếu"),
        (0, "Yếu"),
    ],
)
def test_band_bounds(score: float, band: str) -> None:
    assert rate(score).name_vi == band


@pytest.mark.parametrize("bad", [(2,) * 8, (3,) * 9, (True,) * 9])
def test_bad_scores(bad: tuple[int, ...]) -> None:
    with pytest.raises(InvalidDurationError):
        DossierEvaluation(bad)


def test_agency_means_round_to_one_decimal() -> None:
    evals = [DossierEvaluation((2,) * 9), DossierEvaluation((1,) * 9), DossierEvaluation((1,) * 9)]
    means, total = agency_scores(evals)
    assert means[0] == Decimal("1.3")
    assert total == Decimal("11.7")
    assert rate(total).name_vi == "Khá"


def test_e18_timeliness_points() -> None:
    verdicts = [Timeliness.EARLY] * 50 + [Timeliness.ON_TIME] * 45 + [Timeliness.LATE] * 5
    assert timeliness_points(verdicts) == Decimal("19.00")
    assert timeliness_points([]) == Decimal("0.00")
    assert timeliness_points([], zero_denominator="nan").is_nan()
