"""The error for command-line misuse that argparse cannot express (exit status 2)."""

__all__ = ["UsageError"]


class UsageError(Exception):
    """A misuse of the ``onestop`` command line, reported with exit status 2."""
