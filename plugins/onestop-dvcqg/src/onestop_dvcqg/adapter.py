"""``DvcqgAdapter``: the National Public Service Portal as a ``NationalPortalAdapter``.

Every call is ``POST {adapter_url}{endpoint}`` with the ``dstcode`` header and the JSON
envelope ``{"session", "madonvi", "service", ...}`` (``integrations.md`` §1.2). The session
comes from a login (``auth_endpoint``), is cached, and is replaced once when the portal says
it expired (an ``error_code`` such as ``-401``, or HTTP 401/403). Errors are typed:

* ``error_code`` ≠ 0 in an HTTP 200 answer → :class:`~onestop_core.errors.BusinessError`
  (never retried; ``code`` and ``remote_message`` carry the portal's words, masked);
* timeouts, dropped connections, HTTP 5xx, 408, 425 and 429 →
  :class:`~onestop_core.errors.TransientError`, retried by the toolkit's
  :class:`~onestop_core.adapters.RetryPolicy` (full jitter, ``Retry-After`` honoured);
* an answer that is not a JSON envelope, or larger than ``max_response_bytes`` →
  :class:`~onestop_core.errors.PayloadValidationError` (never retried: the portal broke
  its contract and a person should look; redelivering later is safe, see below).

Upserts are idempotent although the portal has no idempotency key (§6.2): every attempt
looks the dossier up (``TraCuuHoSo``), sends nothing when the portal already holds exactly
this item, and otherwise creates or updates (``DongBoHoSoMC`` with ``isUpdating``); a create
refused with "đã tồn tại" becomes an update, an update refused with "không tồn tại" a
create. So a retry or a redelivery after a lost answer never makes a second dossier and,
when the first write landed, sends nothing more.

>>> import httpx
>>> from onestop_dvcqg.config import DvcqgConfig
>>> from onestop_core.testing.simulators import DvcqgSimulator
>>> from onestop_core.testing.contracts import sample_payload
>>> with DvcqgSimulator() as sim:
...     config = DvcqgConfig(adapter_url=sim.url, username="sim-user", password="sim-pass",
...                          dstcode="SIM-DST", madonvi="000.00.00.H99")
...     with DvcqgAdapter(config) as portal:
...         receipt = portal.upsert_dossier(sample_payload(), idempotency_key="k-1")
...         again = portal.upsert_dossier(sample_payload(), idempotency_key="k-1")
...     print(receipt.ok, receipt.remote_id, again.message_raw, len(sim.dossiers))
True 000.00.06.H56-261120-0001 unchanged: the portal already holds this version 1
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import re
import ssl
import threading
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Final, Self, TypeVar

import httpx
from onestop_core.adapters import (
    AdapterConfigError,
    AuthError,
    BusinessError,
    DossierSyncPayload,
    HttpClient,
    PayloadValidationError,
    ProgressStep,
    PushReceipt,
    RetryPolicy,
    TransientError,
    call_with_retry,
    get_logger,
    new_correlation_id,
    new_idempotency_key,
)

from onestop_dvcqg import wire
from onestop_dvcqg.config import DvcqgConfig, Endpoint

__all__ = ["DEFAULT_RETRY_POLICY", "DossierNotOnPortalError", "DvcqgAdapter"]

T = TypeVar("T")

#: 4 attempts, 0.5 s doubling to 8 s (full jitter), ``Retry-After`` waited up to 30 s;
#: longer waits go back to the caller (the outbox reschedules the item).
DEFAULT_RETRY_POLICY: Final = RetryPolicy(max_attempts=4, base=0.5, cap=8.0, max_retry_after=30.0)

SYSTEM: Final = "dvcqg"
UNCHANGED: Final = "unchanged: the portal already holds this version"
_CATALOGUE = re.compile(r"Lay[A-Za-z0-9]+")
_MEMO_SIZE = 4096
log = get_logger(SYSTEM)


class DossierNotOnPortalError(TransientError):
    """Progress for a dossier the portal does not know (yet): its upsert is still pending.

    Transient: outbox items are not ordered per dossier, so the progress may be claimed
    before the dossier's own sync; the outbox retries it later (``retry_after``).

    >>> DossierNotOnPortalError("not there", retry_after=60.0).retry_after
    60.0
    """


class DvcqgAdapter:
    """A :class:`~onestop_core.adapters.NationalPortalAdapter` for DVCQG.

    ``config`` says where and who; ``http`` injects a ready
    :class:`~onestop_core.adapters.HttpClient`, or ``client`` an ``httpx.Client`` (with
    explicit timeouts); without either the adapter builds its own (closed by
    :meth:`close`). ``retry`` is the in-process retry policy
    (:data:`DEFAULT_RETRY_POLICY`); ``clock`` (aware now) reads HTTP-date ``Retry-After``.

    The adapter is thread-safe; one login is shared by all threads.
    """

    system = SYSTEM

    def __init__(
        self,
        config: DvcqgConfig,
        *,
        http: HttpClient | None = None,
        client: httpx.Client | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        if not isinstance(config, DvcqgConfig):
            raise AdapterConfigError(f"expected a DvcqgConfig, got {type(config).__name__}")
        if http is not None and client is not None:
            raise AdapterConfigError("give either http (an HttpClient) or client, not both")
        self.config = config
        self.retry = retry or DEFAULT_RETRY_POLICY
        self._owned: httpx.Client | None = None
        if http is None:
            if client is None:
                client = self._owned = self._build_client(config)
            http = HttpClient(
                client,
                system=SYSTEM,
                timeout=config.timeouts,
                max_response_bytes=config.max_response_bytes,
                retry=self.retry,
                clock=clock,
            )
        self.http = http
        self._headers = {"dstcode": config.dstcode, "Accept": "application/json"}
        self._lock = threading.RLock()
        self._session: str | None = None
        self._sent_chunks: collections.OrderedDict[str, None] = collections.OrderedDict()
        #: Logins so far (the first one included) and re-logins after an expired session.
        self.logins = 0
        self.relogins = 0

    @staticmethod
    def _build_client(config: DvcqgConfig) -> httpx.Client:
        t = config.timeouts
        verify: ssl.SSLContext | bool = True
        if config.ca_bundle:
            try:
                verify = ssl.create_default_context(cafile=config.ca_bundle)
            except (OSError, ssl.SSLError) as exc:
                raise AdapterConfigError(
                    f"DvcqgConfig.ca_bundle {config.ca_bundle!r} cannot be used: {exc}",
                    system=SYSTEM,
                ) from None
        return httpx.Client(
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool),
            follow_redirects=False,
            verify=verify,
        )

    def __repr__(self) -> str:
        c = self.config
        return f"DvcqgAdapter(adapter_url={c.adapter_url!r}, madonvi={c.madonvi!r})"

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the HTTP client the adapter built (an injected one is left open)."""
        if self._owned is not None:
            self._owned.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- session ---------------------------------------------------------------------------
    def login(self) -> None:
        """Log in (``auth_endpoint``) and cache the session.

        Raises :class:`~onestop_core.errors.AuthError` when the portal refuses the
        credentials or ``dstcode``; transport failures raise TransientError.
        """
        with self._lock:
            response = self.http.post(
                self.config.url("auth"),
                json={"username": self.config.username, "password": self.config.password},
                headers=self._headers,
                retry=False,
            )
            env = wire.parse_envelope(response.json())
            if not env.ok:
                raise AuthError(
                    f"DVCQG login refused (error_code {env.code}): {env.message}",
                    system=SYSTEM,
                    operation="login",
                )
            session = env.raw.get("session")
            if not isinstance(session, str) or not session.strip():
                raise PayloadValidationError(
                    "DVCQG login answered without a session", path="session", system=SYSTEM
                )
            self._session = session
            self.logins += 1
        log.info("logged in to DVCQG (login %d)", self.logins)

    def _current_session(self) -> str:
        with self._lock:
            if self._session is None:
                self.login()
            assert self._session is not None
            return self._session

    def _expire(self, session: str) -> None:
        with self._lock:
            if self._session == session:
                self._session = None

    def _relogged(self) -> None:
        """The retry loop's re-login hook: the next attempt logs in (and may be retried)."""
        with self._lock:
            self.relogins += 1
        log.warning("DVCQG session expired: logging in again")

    # -- one request -----------------------------------------------------------------------
    def _once(
        self,
        endpoint: Endpoint,
        service: str,
        fields: Mapping[str, Any],
        *,
        key: str,
        correlation_id: str,
        madonvi: str | None = None,
    ) -> wire.Envelope:
        """One request: the envelope on success, else AuthError / BusinessError / others."""
        session = self._current_session()
        body = {
            **fields,  # the envelope's own keys below always win
            "session": session,
            "madonvi": madonvi or self.config.madonvi,
            "service": service,
        }
        try:
            response = self.http.post(
                self.config.url(endpoint),
                json=body,
                headers=self._headers,
                idempotency_key=key,
                correlation_id=correlation_id,
                retry=False,
            )
        except AuthError:
            self._expire(session)
            raise
        env = wire.parse_envelope(response.json())
        if env.ok:
            return env
        if wire.is_session_expired(env.code, env.message, self.config.session_expired_codes):
            self._expire(session)
            raise AuthError(
                f"DVCQG {service}: session expired (error_code {env.code})",
                system=SYSTEM,
                operation=service,
            )
        raise BusinessError(
            f"DVCQG {service} refused (error_code {env.code}): {env.message}",
            code=env.code,
            remote_message=env.message,
            system=SYSTEM,
            operation=service,
        )

    def _retry(self, attempt: Callable[[int], T], name: str) -> tuple[T, int]:
        def counted(n: int) -> tuple[T, int]:
            return attempt(n), n

        return call_with_retry(counted, policy=self.retry, relogin=self._relogged, name=name)

    def _call(
        self,
        endpoint: Endpoint,
        service: str,
        fields: Mapping[str, Any],
        *,
        key: str | None = None,
        correlation_id: str | None = None,
        madonvi: str | None = None,
    ) -> tuple[wire.Envelope, int]:
        """One remote call, retried: the answer and the attempts it took."""
        request_key = key or new_idempotency_key()
        cid = correlation_id or new_correlation_id()

        def attempt(n: int) -> wire.Envelope:
            return self._once(
                endpoint, service, fields, key=request_key, correlation_id=cid, madonvi=madonvi
            )

        env, attempts = self._retry(attempt, f"dvcqg {service}")
        log.debug("dvcqg %s: error_code %s after %d attempt(s)", service, env.code, attempts)
        return env, attempts

    # -- look-ups --------------------------------------------------------------------------
    def _lookup_once(self, code: str, correlation_id: str) -> dict[str, Any] | None:
        try:
            env = self._once(
                self.config.lookup_endpoint,
                "TraCuuHoSo",
                {"mahoso": code},
                key=new_idempotency_key(),
                correlation_id=correlation_id,
            )
        except BusinessError as exc:
            if wire.is_not_found(exc.code, exc.remote_message, self.config.not_found_codes):
                return None
            raise
        records = env.records()
        return records[0] if records else None

    def lookup_dossier(self, code: str) -> dict[str, Any] | None:
        """The portal's record of dossier ``code`` (``TraCuuHoSo``), or None.

        An answer with an empty ``result``, or a "not found" refusal, gives None.
        """
        if not code:
            raise PayloadValidationError("a dossier code is required", path="code")
        cid = new_correlation_id()
        record, _attempts = self._retry(lambda n: self._lookup_once(code, cid), "dvcqg TraCuuHoSo")
        return record

    def fetch_catalogue(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """A shared catalogue from ``share_endpoint`` as raw records.

        ``name`` is a ``Lay…`` service: ``LayThuTuc`` (``maTTHC=``), ``LayDanhSachTTHC``,
        ``LayDanhMucCoQuan``, ``LayDanhMucLinhVuc``, the ``LayDanhMuc…`` code lists;
        ``params`` go into the envelope as they are.
        """
        if not isinstance(name, str) or not _CATALOGUE.fullmatch(name):
            raise AdapterConfigError(
                f"{name!r} is not a DVCQG catalogue service (LayThuTuc, LayDanhMucCoQuan …)",
                system=SYSTEM,
            )
        env, _attempts = self._call("share", name, params)
        return env.records()

    # -- writes ----------------------------------------------------------------------------
    def _receipt(self, key: str, code: str, env: wire.Envelope, attempts: int) -> PushReceipt:
        return PushReceipt(
            ok=True,
            system=SYSTEM,
            idempotency_key=key,
            remote_id=code,
            code_raw=env.code,
            message_raw=env.message,
            attempts=attempts,
        )

    def _updating(self, updating: bool) -> str | bool:
        if self.config.updating_flag == "bool":
            return updating
        return "True" if updating else "False"

    def upsert_dossier(self, payload: DossierSyncPayload, *, idempotency_key: str) -> PushReceipt:
        """Create or update the dossier on the portal; the same key twice leaves one dossier.

        Each attempt: ``TraCuuHoSo``; nothing more when the portal's record equals the item
        (``skip_unchanged``); else ``DongBoHoSoMC`` with ``isUpdating`` from the look-up,
        switching once between create and update on "đã tồn tại" / "không tồn tại". The
        receipt's ``attempts`` counts attempts of the whole upsert.
        """
        if not idempotency_key:
            raise PayloadValidationError("an idempotency key is required", path="idempotency_key")
        config = self.config
        item = wire.dossier_item(payload, applicant_kind_codes=config.applicant_kind_codes)
        madonvi = payload.agency_code if config.agency_from_payload else config.madonvi
        cid = new_correlation_id()

        def sync(updating: bool) -> wire.Envelope:
            fields = {"isUpdating": self._updating(updating), "data": [item]}
            return self._once(
                "integration",
                "DongBoHoSoMC",
                fields,
                key=idempotency_key,
                correlation_id=cid,
                madonvi=madonvi,
            )

        def attempt(n: int) -> wire.Envelope:
            remote = self._lookup_once(payload.code, cid)
            if remote is not None and config.skip_unchanged and wire.same_dossier(item, remote):
                return wire.Envelope(code="0", message=UNCHANGED)
            updating = remote is not None
            try:
                return sync(updating)
            except BusinessError as exc:
                if not updating and wire.is_already_exists(
                    exc.code, exc.remote_message, config.already_exists_codes
                ):
                    log.info("dvcqg %s exists already (created meanwhile): updating", payload.code)
                elif updating and wire.is_not_found(
                    exc.code, exc.remote_message, config.not_found_codes
                ):
                    log.info("dvcqg %s vanished from the portal: creating it", payload.code)
                else:
                    raise
            return sync(not updating)

        env, attempts = self._retry(attempt, "dvcqg DongBoHoSoMC")
        log.info(
            "dvcqg upsert %s: %s after %d attempt(s)",
            payload.code,
            "unchanged" if env.message == UNCHANGED else f"error_code {env.code}",
            attempts,
        )
        return self._receipt(idempotency_key, payload.code, env, attempts)

    def _chunk_memo(self, key: str, chunk: Sequence[Mapping[str, Any]]) -> str:
        text = json.dumps(list(chunk), sort_keys=True, ensure_ascii=False)
        return f"{key}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"

    def push_progress(
        self,
        code: str,
        steps: Sequence[ProgressStep],
        *,
        idempotency_key: str,
        agency_code: str | None = None,
    ) -> PushReceipt:
        """Append ``steps`` to dossier ``code`` (``CapNhatTienDoHoSoMC``, 10 steps a call).

        Chunk ``i`` carries the key ``<idempotency_key>:<i>``. A chunk the portal accepted
        is not sent again by this adapter instance when the same key is pushed again (a
        redelivery after a later chunk failed). The portal cannot deduplicate progress, so
        a chunk whose answer was lost may appear twice there: progress is at least once.
        A dossier the portal does not know raises :class:`DossierNotOnPortalError`
        (transient: its upsert may still be pending). ``agency_code`` is the ``madonvi``
        (default: the configured one).
        """
        if not idempotency_key:
            raise PayloadValidationError("an idempotency key is required", path="idempotency_key")
        if not code:
            raise PayloadValidationError("a dossier code is required", path="code")
        foreign = sorted({s.dossier_code for s in steps} - {code})
        if foreign:
            raise PayloadValidationError(
                f"steps of dossier(s) {foreign} pushed under {code!r}", path="steps"
            )
        items = [
            wire.step_item(s, code=code, default_actor=self.config.default_actor) for s in steps
        ]
        cid = new_correlation_id()
        env = wire.Envelope(code="0", message="nothing to send")
        most = 1
        for index, chunk in enumerate(wire.chunks(items, self.config.progress_chunk_size)):
            memo = self._chunk_memo(f"{idempotency_key}:{index}", chunk)
            with self._lock:
                if memo in self._sent_chunks:
                    continue
            try:
                env, attempts = self._call(
                    "integration",
                    "CapNhatTienDoHoSoMC",
                    {"data": list(chunk)},
                    key=f"{idempotency_key}:{index}",
                    correlation_id=cid,
                    madonvi=agency_code,
                )
            except BusinessError as exc:
                if wire.is_not_found(exc.code, exc.remote_message, self.config.not_found_codes):
                    raise DossierNotOnPortalError(
                        f"DVCQG does not know dossier {code!r} yet; progress is retried later",
                        retry_after=60.0,
                        system=SYSTEM,
                        operation="CapNhatTienDoHoSoMC",
                        attempts=exc.attempts,
                    ) from exc
                raise
            most = max(most, attempts)
            with self._lock:
                self._sent_chunks[memo] = None
                while len(self._sent_chunks) > _MEMO_SIZE:
                    self._sent_chunks.popitem(last=False)
        log.info("dvcqg progress %s: %d step(s), error_code %s", code, len(items), env.code)
        return self._receipt(idempotency_key, code, env, most)
