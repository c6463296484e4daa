"""Adapters (bộ kết nối): canonical records, errors and the toolkit adapters are built with.

Only ``onestop_core.adapters._http`` imports httpx.
"""

from onestop_core.adapters.spec import AdapterKind, AdapterSpec

__all__ = ["AdapterKind", "AdapterSpec"]
