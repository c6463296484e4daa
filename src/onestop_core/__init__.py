"""onestop_core: Vietnam's one-stop administrative procedures (cơ chế một cửa) as a library."""

from onestop_core.__about__ import __version__
from onestop_core._markers import hookimpl
from onestop_core.errors import OnestopError

__all__ = ["OnestopError", "__version__", "hookimpl"]
