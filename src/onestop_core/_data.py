"""Loading of the versioned data files shipped under ``onestop_core/data/``.

Each file is read once and cached; callers get plain JSON values and validate them.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from onestop_core.errors import CalendarDataError

__all__ = ["load_json"]


@functools.cache
def load_json(relative_path: str) -> Any:
    """Return the parsed JSON file ``onestop_core/data/<relative_path>`` (cached).

    >>> load_json("calendars/vn.json")["calendar_id"]
    'vn'
    """
    ref = resources.files("onestop_core").joinpath("data", *relative_path.split("/"))
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CalendarDataError(f"package data file {relative_path!r} is missing") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarDataError(
            f"package data file {relative_path!r} is not valid JSON: {exc}"
        ) from None
