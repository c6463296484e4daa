"""The toolkit's logger: ``onestop_core.adapters``, with personal data masked.

Every module of the toolkit logs through :data:`logger`; adapter plugins should log through
:func:`get_logger` so their records are masked too (a filter on a logger covers only the
records logged to that logger, so each one gets its own
:class:`~onestop_core.privacy.PersonalDataFilter`).

>>> log = get_logger("demo")
>>> log.name, any(isinstance(f, PersonalDataFilter) for f in log.filters)
('onestop_core.adapters.demo', True)
"""

from __future__ import annotations

import logging
from typing import Final

from onestop_core.privacy import PersonalDataFilter

__all__ = ["LOGGER_NAME", "get_logger", "install_personal_data_filter", "logger"]

#: The name of the toolkit's logger; adapters log to children of it.
LOGGER_NAME: Final = "onestop_core.adapters"


def install_personal_data_filter(target: logging.Logger | logging.Handler) -> PersonalDataFilter:
    """Add a :class:`PersonalDataFilter` to ``target`` unless it has one; return the filter.

    Attach one to your handlers to mask records from every logger they serve.

    >>> handler = logging.NullHandler()
    >>> install_personal_data_filter(handler) is install_personal_data_filter(handler)
    True
    """
    for existing in target.filters:
        if isinstance(existing, PersonalDataFilter):
            return existing
    installed = PersonalDataFilter()
    target.addFilter(installed)
    return installed


def get_logger(name: str | None = None) -> logging.Logger:
    """The toolkit logger, or its child ``onestop_core.adapters.<name>``, with masking on.

    >>> get_logger().name
    'onestop_core.adapters'
    """
    log = logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
    install_personal_data_filter(log)
    return log


#: The logger the toolkit itself uses.
logger: Final = get_logger()
