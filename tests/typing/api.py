"""Type-checked (never executed) use of the public API: ``mypy --strict`` runs over it."""

from __future__ import annotations

import datetime as dt

from onestop_core import OnestopError
from onestop_core.calendars import (
    CalendarOverride,
    DayOff,
    LunarDate,
    MakeUpDay,
    OfficeHours,
    WorkCalendar,
    add_working_days,
    days_off,
    from_solar,
    is_working_day,
    make_up_days,
    next_working_day,
    to_solar,
    vietnam,
    with_overrides,
    working_days_between,
)
from onestop_core.calendars.lunar import leap_month, month_length, tet

cal: WorkCalendar = vietnam()
d: dt.date = cal.add_working_days(dt.date(2026, 1, 1), 5)
n: int = cal.working_days_between(dt.date(2026, 1, 1), d)
ok: bool = cal.is_working_day(d) and is_working_day(d)
d2: dt.date = add_working_days(d, -3) + (next_working_day(d) - d)
n2: int = working_days_between(d, d2)
offs: tuple[DayOff, ...] = days_off(2026)
mus: tuple[MakeUpDay, ...] = make_up_days(2026)
ld: LunarDate = from_solar(dt.date(2026, 2, 17))
solar: dt.date = to_solar(2026, 3, 10) if leap_month(2026) is None else tet(2026)
length: int = month_length(2025, 12)
local: WorkCalendar = with_overrides(
    CalendarOverride.day_off(dt.date(2026, 3, 10), source="QĐ 1/QĐ-UBND"),
    CalendarOverride.office_hours(
        OfficeHours.standard(["07:00-11:30", "13:30-17:00"]), source="QĐ 2/QĐ-UBND"
    ),
    id="vn/example",
)
t: dt.datetime = local.add_working_time(
    dt.datetime(2026, 3, 9, 8, tzinfo=dt.UTC), dt.timedelta(hours=4)
)
spent: dt.timedelta = local.working_time_between(t, local.next_open(t))
err: type[Exception] = OnestopError

# -- procedures, dossiers, SLA (type-checked only) -------------------------------------------
import onestop_core.dossiers.forms as forms  # noqa: E402
from onestop_core.dossiers import (  # noqa: E402
    Accepted,
    Applicant,
    Decided,
    Dossier,
    DossierCode,
    DossierHeader,
    DossierStatus,
    MemoryDossierStore,
)
from onestop_core.procedures import Catalogue, Channel, Procedure, sample_catalogue  # noqa: E402
from onestop_core.regimes import LegalRegime, regime_for  # noqa: E402
from onestop_core.sla import SlaState, Timeliness, due_at, evaluate  # noqa: E402

catalogue: Catalogue = sample_catalogue()
procedure: Procedure = catalogue.get("1.004873")
header = DossierHeader(
    procedure_code=procedure.code,
    procedure_name=procedure.name_vi,
    limit=procedure.processing_time(Channel.IN_PERSON),
    channel=Channel.IN_PERSON,
    applicant=Applicant(name="Nguyễn Văn An"),
    receiving_agency="000.00.06.H56",
    competent_agency="000.00.06.H56",
)
at = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
store = MemoryDossierStore()
dossier: Dossier = store.receive("hs-1", Accepted(at=at, header=header), agency_id="000.00.06.H56")
dossier = dossier.apply(Decided(at=at + dt.timedelta(days=1)))
status: DossierStatus | None = dossier.status
state: SlaState = dossier.sla(at + dt.timedelta(days=2))
verdict: Timeliness | None = state.timeliness
code: DossierCode = DossierCode.parse("000.00.06.H56-231027-0361")
regime: LegalRegime = regime_for(at)
due: dt.datetime = due_at(at, working_days=3)
state2: SlaState = evaluate(procedure.processing_time(), dossier.events, now=at)
page: str = forms.render_html(forms.render_data(dossier, forms.FormRole.RECEIPT, now=at))

# -- plugins and adapters --------------------------------------------------------------------
from onestop_core import hookimpl  # noqa: E402
from onestop_core.adapters import AdapterSpec, PushReceipt, RetryPolicy  # noqa: E402
from onestop_core.plugins import PluginHost, ValidationIssue, create_plugin_host  # noqa: E402


class _DemoPlugin:
    @hookimpl
    def onestop_register_adapters(self) -> list[AdapterSpec]:
        return [AdapterSpec(name="demo", kind="postal", factory=lambda **kw: object())]


host: PluginHost = create_plugin_host(entry_points=False)
host.register(_DemoPlugin(), name="demo")
adapters: dict[str, object] = dict(host.collect("adapters"))
issues: list[ValidationIssue] = list(host.validate_dossier(dossier=dossier, procedure=procedure))
receipt = PushReceipt(ok=True, system="demo", idempotency_key="k")
policy = RetryPolicy()
