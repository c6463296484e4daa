"""The shipped calendar data file: shape, sources, and loud failure on bad data."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from onestop_core.calendars._vn_rules import build
from onestop_core.calendars.vietnam import calendar_data
from onestop_core.errors import CalendarDataError, OnestopError


def _data() -> dict[str, Any]:
    return copy.deepcopy(dict(calendar_data()))


def test_every_announcement_is_sourced() -> None:
    data = calendar_data()
    assert data["schema_version"] == 1
    assert data["data_version"]
    ids = [a["id"] for a in data["announcements"]]
    assert len(ids) == len(set(ids))
    for a in data["announcements"]:
        assert a["sources"], a["id"]
        assert a["title"], a["id"]
        assert a["number"] or a.get("note"), f"{a['id']}: no number and no note saying why"
        for d in a["days_off"]:
            assert d["name_vi"] and d.get("name_en"), (a["id"], d["date"])


def test_statutory_rules_cite_their_basis() -> None:
    for rule in calendar_data()["statutory"]:
        assert rule["basis"], rule["id"]
        dt.date.fromisoformat(rule["from"])


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("announcements"), "announcements"),
        (lambda d: d.update(schema_version=99), "schema_version"),
        (lambda d: d["announcements"][0]["days_off"][0].update(kind="party"), "kind"),
        (lambda d: d["announcements"][0]["days_off"][0].update(date="2013-02-30"), "ISO date"),
        (lambda d: d["announcements"][0].pop("sources"), "sources"),
        (
            lambda d: d["announcements"][0]["make_up_days"][0].update(date="2013-01-07"),
            "not a weekend day",
        ),
        (lambda d: d["announcements"].append(copy.deepcopy(d["announcements"][-1])), "collides"),
        (lambda d: d["statutory"][0].update(rule="moon_phase"), "unknown statutory rule"),
    ],
)
def test_bad_data_fails_loudly(mutate: Any, message: str) -> None:
    data = _data()
    mutate(data)
    with pytest.raises(CalendarDataError, match=message) as info:
        build(data)
    assert isinstance(info.value, OnestopError)
    assert isinstance(info.value, ValueError)


def test_announced_compensatory_day_replaces_the_rule() -> None:
    """An announcement that fixes a compensatory day itself is not compensated twice."""
    data = _data()
    data["announcements"].append(
        {
            "id": "test-2027-labour-day",
            "number": "TEST",
            "title": "test",
            "sources": ["test"],
            "decides": [],
            "make_up_days": [],
            "days_off": [
                {
                    "date": "2027-05-04",
                    "kind": "compensatory",
                    "occasion": "labour_day",
                    "name_vi": "Nghỉ bù (thử)",
                    "name_en": "Compensatory (test)",
                }
            ],
        }
    )
    _, days, _, _ = build(data)
    # 1/5/2027 is a Saturday: the rule alone gives Monday 3/5; the announcement says 4/5
    assert dt.date(2027, 5, 3) not in days
    assert days[dt.date(2027, 5, 4)].kind == "compensatory"
