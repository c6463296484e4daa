"""``AdapterSpec``: how an adapter plugin registers itself (no I/O, no httpx here).

A plugin yields one :class:`AdapterSpec` per adapter from the ``onestop_register_adapters``
hook; the host collects them by ``name`` (``"dvcqg"``, ``"vnpost"`` …) and builds an adapter
with :meth:`AdapterSpec.create` only when asked.

>>> spec = AdapterSpec(name="demo", kind="postal", factory=lambda **kw: object(),
...                    description="A demo adapter")
>>> spec.kind
'postal'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

import attrs

from onestop_core.errors import OnestopError

__all__ = ["AdapterKind", "AdapterSpec"]

#: What an adapter talks to: the National Public Service Portal, a provincial TTHC system,
#: or a postal carrier (dịch vụ bưu chính công ích).
AdapterKind = Literal["national", "provincial", "postal"]
_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,63}")


class AdapterSpecError(OnestopError, ValueError):
    """An adapter registration record is malformed."""


def _check_name(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise AdapterSpecError(
            f"adapter name {value!r} must be lower-case letters, digits, '_', '-', '.' "
            "(starting with a letter, at most 64 characters)"
        )


def _capabilities(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _check_kind(_inst: object, _attr: object, value: str) -> None:
    if value not in ("national", "provincial", "postal"):
        raise AdapterSpecError(f"adapter kind {value!r} is not national, provincial or postal")


@attrs.frozen(kw_only=True)
class AdapterSpec:
    """A registered adapter (bộ kết nối): its name, kind and how to build it.

    ``factory`` receives keyword arguments (configuration, an injected HTTP client …) and
    returns the adapter object; ``capabilities`` names what it can do (e.g. ``"upsert"``,
    ``"progress"``, ``"tracking"``).
    """

    name: str = attrs.field(validator=_check_name)
    kind: AdapterKind = attrs.field(validator=_check_kind)
    factory: Callable[..., Any] = attrs.field(repr=False)
    description: str = ""
    version: str = ""
    capabilities: frozenset[str] = attrs.field(default=frozenset(), converter=_capabilities)

    def create(self, **config: Any) -> Any:
        """Build the adapter with ``config`` (keyword arguments for its factory)."""
        return self.factory(**config)
