"""onestop_example: the smallest complete onestop_core plugin (everything in it is fictional).

* :mod:`onestop_example.plugin` — the plugin (entry point ``example``): the provincial
  calendar ``vn/example``, a make-up Saturday for it, and the procedure ``9.999999``;
* :mod:`onestop_example.postal` — a tiny postal adapter, the second part of the tutorial
  (not registered).

>>> from onestop_example import __version__
>>> __version__
'0.1.0.dev0'
"""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
