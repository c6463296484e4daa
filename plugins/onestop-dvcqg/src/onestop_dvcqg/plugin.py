"""The pluggy plugin: registers the ``dvcqg`` adapter with the onestop_core plugin host.

Declared in the ``onestop_core`` entry-point group (``dvcqg = "onestop_dvcqg.plugin"``), so
an application finds it with ``create_plugin_host().collect("adapters")["dvcqg"]`` and builds
it with ``spec.create(config=DvcqgConfig(...))``, keyword fields, or nothing (then the
``ONESTOP_DVCQG_*`` environment variables are read). Importing this module is cheap: httpx
and the adapter are imported when the adapter is built.

>>> (spec,) = onestop_register_adapters()
>>> spec.name, spec.kind, sorted(spec.capabilities)
('dvcqg', 'national', ['catalogue', 'lookup', 'progress', 'upsert'])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
from onestop_core import hookimpl
from onestop_core.adapters import AdapterSpec

from onestop_dvcqg import __version__
from onestop_dvcqg.config import DvcqgConfig

if TYPE_CHECKING:
    from onestop_dvcqg.adapter import DvcqgAdapter

__all__ = ["create_adapter", "onestop_register_adapters"]


def create_adapter(config: DvcqgConfig | None = None, **kwargs: Any) -> DvcqgAdapter:
    """Build a :class:`~onestop_dvcqg.adapter.DvcqgAdapter` (the ``AdapterSpec`` factory).

    ``http``, ``client``, ``retry`` and ``clock`` go to the adapter; any other keyword is
    a :class:`~onestop_dvcqg.config.DvcqgConfig` field (over ``config`` if given). With
    neither a config nor fields, the configuration comes from the environment.

    >>> portal = create_adapter(adapter_url="https://dvc.test", username="u", password="p",
    ...                         dstcode="D", madonvi="000.00.00.H99")
    >>> portal.system, portal.config.adapter_url
    ('dvcqg', 'https://dvc.test')
    >>> portal.close()
    """
    from onestop_dvcqg.adapter import DvcqgAdapter

    wiring = {k: kwargs.pop(k) for k in ("http", "client", "retry", "clock") if k in kwargs}
    if config is None:
        config = DvcqgConfig(**kwargs) if kwargs else DvcqgConfig.from_env()
    elif kwargs:
        config = attrs.evolve(config, **kwargs)
    return DvcqgAdapter(config, **wiring)


#: What the adapter can do (``AdapterSpec.capabilities``).
CAPABILITIES: frozenset[str] = frozenset({"upsert", "progress", "lookup", "catalogue"})


@hookimpl
def onestop_register_adapters() -> Iterator[AdapterSpec]:
    """The ``dvcqg`` national adapter."""
    # The ignore works around onestop_core's AdapterSpec typing (converter=frozenset makes
    # mypy expect Iterable[_T_co]); drop it once core uses a typed converter.
    yield AdapterSpec(
        name="dvcqg",
        kind="national",
        factory=create_adapter,
        description="Cổng Dịch vụ công quốc gia (DVCQG): DongBoHoSoMC, CapNhatTienDoHoSoMC, "
        "TraCuuHoSo, Lay* catalogues",
        version=__version__,
        capabilities=CAPABILITIES,
    )
