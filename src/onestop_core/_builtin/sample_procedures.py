"""Built-in plugin ``onestop_core.builtin.sample_procedures``: the bundled sample catalogue.

It registers the 22 procedures of :func:`onestop_core.procedures.sample.sample_catalogue`
(for tests, docs and demos). A deployment with its own catalogue blocks it by name.

>>> len(list(onestop_register_procedures()))
22
"""

from __future__ import annotations

from collections.abc import Iterator

from onestop_core._markers import hookimpl
from onestop_core.procedures.records import Procedure
from onestop_core.procedures.sample import sample_catalogue

__all__ = ["onestop_register_procedures"]


@hookimpl
def onestop_register_procedures() -> Iterator[Procedure]:
    """Every procedure of the sample catalogue, in catalogue order."""
    yield from sample_catalogue()
