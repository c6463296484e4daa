"""HTTP simulators of the systems adapters talk to, for tests (standard library only).

Real servers on ``127.0.0.1`` and an ephemeral port, each in a background thread:

* :class:`DvcqgSimulator` — the National Public Service Portal sync interface
  (``/auth``, ``/integration``, ``/share``);
* :class:`VnpostSimulator` — MyVNPost "Connect" (``/customer-partner/...``) with a shipment
  scenario engine and Standard-Webhooks-signed tracking callbacks;
* :class:`CallbackReceiver` — a recording endpoint to point callbacks at.

All share :class:`SimulatorServer`: a request log, a deterministic clock, queued faults
(:class:`Fault`) and a test-only control plane under ``/__sim/`` (:class:`SimControl`).
pytest fixtures live in :mod:`onestop_core.testing.simulators.fixtures` (not imported here,
so importing this package does not import pytest).
"""

from onestop_core.testing.simulators.base import SimulatorServer
from onestop_core.testing.simulators.callbacks import (
    CallbackAttempt,
    CallbackEmitter,
    CallbackFault,
    sign_standard_webhook,
    webhook_key,
)
from onestop_core.testing.simulators.control import SimControl
from onestop_core.testing.simulators.dvcqg import DossierDeliveries, DossierRecord, DvcqgSimulator
from onestop_core.testing.simulators.faults import Fault, FaultSpecError
from onestop_core.testing.simulators.receiver import CallbackReceiver
from onestop_core.testing.simulators.s10 import (
    is_s10_shaped,
    is_valid_s10,
    make_s10,
    s10_check_digit,
)
from onestop_core.testing.simulators.vnpost import VnpostSimulator
from onestop_core.testing.simulators.vnpost_codes import SCENARIOS, STATUS_TEXT, Order
from onestop_core.testing.simulators.wire import (
    DEFAULT_START,
    LOCALHOST,
    LoggedRequest,
    Reply,
    SimRequest,
    SimResponse,
    SimulationError,
)

__all__ = [
    "DEFAULT_START",
    "LOCALHOST",
    "SCENARIOS",
    "STATUS_TEXT",
    "CallbackAttempt",
    "CallbackEmitter",
    "CallbackFault",
    "CallbackReceiver",
    "DossierDeliveries",
    "DossierRecord",
    "DvcqgSimulator",
    "Fault",
    "FaultSpecError",
    "LoggedRequest",
    "Order",
    "Reply",
    "SimControl",
    "SimRequest",
    "SimResponse",
    "SimulationError",
    "SimulatorServer",
    "VnpostSimulator",
    "is_s10_shaped",
    "is_valid_s10",
    "make_s10",
    "s10_check_digit",
    "sign_standard_webhook",
    "webhook_key",
]
