"""Version of the onestop_core distribution (``onestop-core``)."""

__version__ = "0.1.0.dev0"
