"""``python -m onestop_core``: the same as the ``onestop`` command."""

from onestop_core.cli import run

run()
