"""Low-precision astronomy for the Vietnamese lunar calendar (private).

Two ingredients of Hồ Ngọc Đức's method for the âm lịch:

* the instant of the k-th new moon (*điểm Sóc*) after the one of 1900-01-01, from a truncated
  Meeus-style series (Astronomical Algorithms, ch. 49) with a polynomial ΔT correction;
* the sun's ecliptic longitude from a low-order series (Meeus, ch. 25), good to about 0.01°.

Both are accurate to well within the hour over 1900–2200, which is what a calendar whose
month starts are whole civil days needs. Instants are Julian Days (JD, UT); civil days are
Julian Day Numbers (JDN, the integer JD at noon of that day).
"""

from __future__ import annotations

import math

__all__ = [
    "JDN_TO_ORDINAL",
    "SYNODIC_MONTH",
    "major_term_index",
    "new_moon_day",
    "new_moon_jd",
    "sun_longitude",
]

#: ``date.toordinal()`` = JDN - JDN_TO_ORDINAL (2000-01-01 is JDN 2451545, ordinal 730120).
JDN_TO_ORDINAL = 1_721_425

_RAD = math.pi / 180.0
#: Mean synodic month, in days, at the reference epoch of the lunation count.
SYNODIC_MONTH = 29.530588853


def new_moon_jd(k: int) -> float:
    """The instant (JD, UT) of new moon number ``k``; k = 0 is the new moon of 1900-01-01.

    >>> round(new_moon_jd(0), 3)
    2415021.077
    """
    t = k / 1236.85  # Julian centuries since 1900.0
    t2 = t * t
    t3 = t2 * t
    mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    mean += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _RAD)
    # Mean anomalies of the sun (m) and the moon (mp), the moon's argument of latitude (f).
    m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * _RAD
    mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * _RAD
    f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * _RAD
    sin = math.sin
    correction = (
        (0.1734 - 0.000393 * t) * sin(m)
        + 0.0021 * sin(2 * m)
        - 0.4068 * sin(mp)
        + 0.0161 * sin(2 * mp)
        - 0.0004 * sin(3 * mp)
        + 0.0104 * sin(2 * f)
        - 0.0051 * sin(m + mp)
        - 0.0074 * sin(m - mp)
        + 0.0004 * sin(2 * f + m)
        - 0.0004 * sin(2 * f - m)
        - 0.0006 * sin(2 * f + mp)
        + 0.0010 * sin(2 * f - mp)
        + 0.0005 * sin(2 * mp + m)
    )
    # ΔT = TT - UT in days: a fit valid from 1800 on (t >= -1), the only era we use.
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return mean + correction - delta_t


def sun_longitude(jd: float) -> float:
    """The sun's ecliptic longitude in degrees, in [0, 360), at the instant ``jd`` (JD).

    >>> round(sun_longitude(2451545.0), 2)  # 2000-01-01 12:00
    280.38
    """
    t = (jd - 2451545.0) / 36525  # Julian centuries since J2000.0
    t2 = t * t
    m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * _RAD
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    center = (
        (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000290 * math.sin(3 * m)
    )
    return (mean_longitude + center) % 360.0


def new_moon_day(k: int, time_zone: float) -> int:
    """The civil day (JDN) at UTC+``time_zone`` containing new moon number ``k``.

    >>> new_moon_day(0, 7.0) - JDN_TO_ORDINAL  # 1900-01-01
    693596
    """
    return math.floor(new_moon_jd(k) + 0.5 + time_zone / 24)


def major_term_index(jdn: int, time_zone: float) -> int:
    """Which 30° sector (0..11) the sun is in at the local midnight that starts day ``jdn``.

    A major solar term (*trung khí*) begins at every multiple of 30°; sector 9 starts at the
    winter solstice (270°). A month contains no major term exactly when the index is the same
    at its first day and at the first day of the next month.

    >>> major_term_index(2451545, 7.0)  # 2000-01-01: between the solstice and Đại hàn
    9
    """
    return int(sun_longitude(jdn - 0.5 - time_zone / 24) // 30.0)
