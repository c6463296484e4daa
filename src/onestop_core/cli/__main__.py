"""``python -m onestop_core.cli``: the same as the ``onestop`` command."""

from onestop_core.cli import run

run()
