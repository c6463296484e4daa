"""Sphinx configuration for the onestop_core documentation.

Build locally (warnings are errors, nitpicky cross-references)::

    python -m sphinx -W --keep-going -n -b html docs docs/_build/html

The build needs no network: intersphinx is off unless ``ONESTOP_DOCS_INTERSPHINX=1`` is set
(for example on Read the Docs), in which case the Python standard library docs are linked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.util import logging
from sphinx.util.nodes import make_refnode

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Import the package from the working tree (src layout) even if it is not installed.
sys.path.insert(0, str(ROOT / "src"))

import attrs  # noqa: E402

from onestop_core import __version__  # noqa: E402
from onestop_core.calendars import DEFAULT_OFFICE_HOURS  # noqa: E402

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.domains.python import PythonDomain
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# -- Project -------------------------------------------------------------------------------
project = "onestop_core"
author = "onestop_core maintainers"
copyright = "onestop_core maintainers; Apache-2.0"
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
# ``members`` is deliberately not a default: Sphinx 9.0 lets a default ``members: True``
# override an explicit ``:members: a, b`` list, so every directive states it.
autodoc_default_options = {"member-order": "bysource"}
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
nitpick_ignore: list[tuple[str, str]] = [
    # numpy is imported only under TYPE_CHECKING in calendars/__init__.py and batch.py, so
    # these annotations stay unevaluated strings that no inventory can resolve.
    ("py:class", "npt.ArrayLike"),
    ("py:class", "np.ndarray"),
    ("py:class", "ndarray"),  # the same annotation as Sphinx renders it for batch.py
    # A private module (not documented) named in the lunar module's docstring.
    ("py:mod", "onestop_core.calendars._astronomy"),
    # Dossier is imported only under TYPE_CHECKING in dossiers/rules.py and forms/roles.py, so
    # the signatures of check_deadlines and form_set_for keep these unevaluated strings.
    ("py:class", "dt.date"),
    ("py:class", "dt.datetime"),
    ("py:class", "ev.DossierEvent"),
    # Standard-library names in the dossier and forms signatures and docstrings: unresolvable
    # offline (no Python inventory); harmless online, where intersphinx links them.
    ("py:class", "contextlib.AbstractContextManager"),
    ("py:class", "os.PathLike"),
    ("py:func", "html.escape"),
    ("py:class", "logging.LogRecord"),
    # pluggy has no inventory offline; PluginHost.manager exposes its PluginManager.
    ("py:class", "pluggy._manager.PluginManager"),
    # httpx and hypothesis have no inventory offline; type variables have no target.
    ("py:class", "httpx.Client"),
    ("py:class", "httpx.AsyncClient"),
    ("py:class", "httpx.BaseTransport"),
    ("py:class", "httpx.AsyncBaseTransport"),
    ("py:class", "httpx.Request"),
    ("py:class", "httpx.Response"),
    ("py:class", "hypothesis.strategies.SearchStrategy"),
    ("py:class", "onestop_core.adapters.retry.T"),
    ("py:class", "onestop_core.adapters.serialization.T"),
]
nitpick_ignore_regex: list[tuple[str, str]] = []
if not INTERSPHINX_ONLINE:
    # Offline there is no Python inventory: standard-library types in signatures
    # (datetime.date, collections.abc.Mapping, ...) cannot be linked. Online they are.
    nitpick_ignore_regex.append(
        (r"py:(class|obj|exc|data)", r"(datetime|collections\.abc|enum|fractions|sqlite3|logging|http\.server)\..+")
    )

# -- HTML ----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"onestop_core {release}"
html_static_path: list[str] = []


# -- short names in docstrings -------------------------------------------------------------
def _resolve_short_name(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve ``:class:`LunarDateError``` and the like to the one documented object.

    Some docstrings name an object of another module by its short name (e.g. ``lunar.py``
    names ``LunarDateError`` from :mod:`onestop_core.errors`; ``batch.py`` names
    ``WorkCalendar.add_working_days``). Python's domain only looks in the current module, so
    here we accept a short name when exactly one documented ``onestop_core`` object ends
    with it. Ambiguous or unknown names stay unresolved and still fail the nitpicky build.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip("~.")
    domain = cast("PythonDomain", env.get_domain("py"))
    roles_types = set(domain.objtypes_for_role(node["reftype"]) or ())
    matches = [
        (name, entry)
        for name, entry in domain.objects.items()
        if name.startswith("onestop_core.")
        and name.endswith("." + target)
        and not entry.aliased
        and entry.objtype in roles_types
    ]
    if len(matches) != 1:
        return None
    name, entry = matches[0]
    return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name)


# -- attrs defaults in class signatures ----------------------------------------------------
_ATTRS_DEFAULT = re.compile(r"attr_dict\['(\w+)'\]\.default")


def _default_repr(value: object) -> str:
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        factory = getattr(value, "factory", None)
        return f"{getattr(factory, '__name__', 'factory')}()"
    if value is DEFAULT_OFFICE_HOURS:
        return "DEFAULT_OFFICE_HOURS"
    if value in (dt.date.min, dt.date.max):
        return "datetime.date.min" if value == dt.date.min else "datetime.date.max"
    return repr(value)


def _attrs_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    """Show the real defaults of attrs classes.

    With ``autodoc_preserve_defaults`` the generated ``__init__`` of an attrs class shows its
    own source text (``attr_dict['weekend'].default``, ``NOTHING`` for factories); replace
    it with the field's default (``frozenset({5, 6})``, ``dict()``).
    """
    if what != "class" or not signature or not attrs.has(obj):  # type: ignore[arg-type]
        return None
    fields = attrs.fields_dict(obj)
    signature = _ATTRS_DEFAULT.sub(lambda m: _default_repr(fields[m.group(1)].default), signature)
    for field in fields.values():
        if field.init and isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            signature = signature.replace("= NOTHING", f"= {_default_repr(field.default)}", 1)
    return signature, return_annotation


# -- the static announcement table must match the data file ----------------------------------
def _check_announcement_table(app: Sphinx) -> None:
    """Fail the (-W) build when reference/calendar-data.md lags behind vn.json."""
    data = json.loads((ROOT / "src/onestop_core/data/calendars/vn.json").read_text("utf-8"))
    page = (DOCS / "reference/calendar-data.md").read_text("utf-8")
    problems = [
        f"announcement {a['id']!r} has no row"
        for a in data["announcements"]
        if f"| `{a['id']}` |" not in page
    ]
    if f"**{data['data_version']}**" not in page:
        problems.append(f"data_version {data['data_version']} is not the one described")
    if f"The {len(data['announcements'])} announcements" not in page:
        problems.append(f"the data file has {len(data['announcements'])} announcements")
    for problem in problems:
        logger.warning(
            "reference/calendar-data.md is out of date: %s (update the table "
            "from src/onestop_core/data/calendars/vn.json)",
            problem,
        )


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", _resolve_short_name)
    app.connect("autodoc-process-signature", _attrs_signature)
    app.connect("builder-inited", _check_announcement_table)
