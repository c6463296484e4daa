"""Sphinx configuration for the onestop_core documentation.

Build locally (warnings are errors, nitpicky cross-references)::

    python -m sphinx -W --keep-going -n -b html docs docs/_build/html

The build needs no network: intersphinx is off unless ``ONESTOP_DOCS_INTERSPHINX=1`` is set
(for example on Read the Docs), in which case the Python standard library docs are linked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Import the package from the working tree (src layout) even if it is not installed.
sys.path.insert(0, str(ROOT / "src"))

from onestop_core import __version__  # noqa: E402

# -- Project -------------------------------------------------------------------------------
project = "onestop_core"
author = "onestop_core maintainers"
copyright = "onestop_core maintainers; Apache-2.0"  # noqa: A001 - Sphinx's name
release = __version__
version = ".".join(__version__.split(".")[:2])
language = "en"

# -- General -------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# -- MyST ----------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "smartquotes"]
myst_heading_anchors = 3

# -- autodoc / napoleon --------------------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "signature"
# Show defaults as written in the source (``TetFallback.PRACTICE``, ``DEFAULT_OFFICE_HOURS``)
# rather than their reprs.
autodoc_preserve_defaults = True
autodoc_class_signature = "mixed"
autoclass_content = "class"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- intersphinx (offline by default) ------------------------------------------------------
# CI has no internet beyond PyPI, so fetching objects.inv would fail the -W build. Opt in
# with ONESTOP_DOCS_INTERSPHINX=1 where the network is available.
INTERSPHINX_ONLINE = os.environ.get("ONESTOP_DOCS_INTERSPHINX") == "1"
intersphinx_mapping: dict[str, tuple[str, str | None]] = (
    {"python": ("https://docs.python.org/3", None)} if INTERSPHINX_ONLINE else {}
)
intersphinx_timeout = 10

# -- nitpicky ------------------------------------------------------------------------------
nitpicky = True
nitpick_ignore: list[tuple[str, str]] = []
nitpick_ignore_regex: list[tuple[str, str]] = []

# -- HTML ----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"onestop_core {release}"
html_static_path: list[str] = []
