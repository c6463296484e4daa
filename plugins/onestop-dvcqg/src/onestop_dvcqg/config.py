"""The settings of one DVCQG connection (``integrations.md`` §1.2), frozen and validated.

The keys are those integrators configure per server: ``adapter_url``, ``auth_endpoint``,
``integration_endpoint``, ``share_endpoint``, ``username``, ``password``, ``dstcode`` and
``madonvi``; plus explicit timeouts and a few knobs for the portal's quirks. The password
never appears in ``repr``.

>>> cfg = DvcqgConfig(adapter_url="https://dvcqg.example.vn/adapter", username="tinh-h99",
...                   password="s3cret", dstcode="H99", madonvi="000.00.00.H99")
>>> "s3cret" in repr(cfg), cfg.url("auth")
(False, 'https://dvcqg.example.vn/adapter/auth')
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import attrs
from onestop_core.adapters import AdapterConfigError, ApplicantKind, Timeouts

__all__ = [
    "DEFAULT_APPLICANT_KIND_CODES",
    "DEFAULT_TIMEOUTS",
    "ENV_PREFIX",
    "DvcqgConfig",
    "Endpoint",
]

#: Which of the three configured endpoints a call goes to.
Endpoint = Literal["auth", "integration", "share"]

#: 5 s to connect, 60 s to read (what OpenCPS uses for DVCQG), 30 s to write.
DEFAULT_TIMEOUTS: Final = Timeouts(connect=5.0, read=60.0, write=30.0, pool=5.0)

#: ``LoaiDoiTuong`` as the newer provincial integrations number it (source B, §1.7):
#: 1 citizen, 2 business, 3 state agency, 4 organisation/other. A household business is
#: sent as a business ([G]: DVCQG has no class of its own for it).
DEFAULT_APPLICANT_KIND_CODES: Final[Mapping[ApplicantKind, str]] = types.MappingProxyType(
    {
        ApplicantKind.CITIZEN: "1",
        ApplicantKind.BUSINESS: "2",
        ApplicantKind.HOUSEHOLD_BUSINESS: "2",
        ApplicantKind.STATE_AGENCY: "3",
        ApplicantKind.ORGANISATION: "4",
    }
)

#: The prefix of the environment variables :meth:`DvcqgConfig.from_env` reads.
ENV_PREFIX: Final = "ONESTOP_DVCQG_"

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise AdapterConfigError(f"DvcqgConfig.{attribute.name} must be a non-empty string")


def _path(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.startswith("/"):
        raise AdapterConfigError(
            f"DvcqgConfig.{attribute.name} must be a path starting with '/', got {value!r}"
        )


def _codes(value: object) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    if not isinstance(value, frozenset | set | list | tuple):
        raise AdapterConfigError(f"expected a set of error codes, got {type(value).__name__}")
    return frozenset(str(v) for v in value)


def _kind_codes(value: object) -> Mapping[ApplicantKind, str]:
    if not isinstance(value, Mapping):
        raise AdapterConfigError("applicant_kind_codes must map ApplicantKind to a code")
    merged = {
        **DEFAULT_APPLICANT_KIND_CODES,
        **{ApplicantKind(k): str(v) for k, v in value.items()},
    }
    return types.MappingProxyType(merged)


@attrs.frozen(kw_only=True)
class DvcqgConfig:
    """How to reach and talk to one DVCQG adapter URL.

    Attributes:
        adapter_url: the portal's ``ADAPTER_URL`` (https; http only for loopback, or with
            ``allow_insecure_http`` inside a closed government network).
        auth_endpoint, integration_endpoint, share_endpoint: paths under ``adapter_url``.
        username, password: the integration account (the password is never in ``repr``).
        dstcode: the ``dstcode`` header every request carries.
        madonvi: the agency code (mã định danh) of the integrating unit: the ``madonvi`` of
            look-ups, catalogues and progress pushes.
        timeouts: explicit connect/read/write/pool timeouts (never infinite).
        max_response_bytes: the largest answer read (catalogues can be large: 8 MiB).
        ca_bundle: a CA bundle file to verify the portal with (None: the system's). There
            is deliberately no way to switch TLS verification off (pitfall §1.11).
        allow_insecure_http: permit ``http://`` to a non-loopback host.
        agency_from_payload: ``DongBoHoSoMC`` carries the dossier's competent agency
            (``DossierSyncPayload.agency_code``) as ``madonvi``; False: always ``madonvi``.
        lookup_endpoint: where ``TraCuuHoSo`` goes (OpenCPS sends it to ``integration``).
        updating_flag: ``isUpdating`` as the string ``"True"``/``"False"`` (OpenCPS) or a
            JSON boolean (another integration).
        skip_unchanged: an upsert whose item equals the portal's record sends nothing
            (how a redelivery after a lost answer stays a single write).
        progress_chunk_size: steps per ``CapNhatTienDoHoSoMC`` call (at most 10).
        session_expired_codes: ``error_code`` values meaning "log in again".
        already_exists_codes: ``error_code`` values meaning "already exists" (a create
            refused: update instead); the message "đã tồn tại" means the same.
        not_found_codes: ``error_code`` values meaning "no such dossier" (an update
            refused: create instead; a look-up answers None); "không tồn tại" too.
        applicant_kind_codes: ``LoaiDoiTuong`` per applicant kind (merged over the defaults).
        default_actor: ``NguoiXuLy`` of a step with neither an actor nor a department
            (steps the system itself took).
    """

    adapter_url: str = attrs.field(validator=_text)
    username: str = attrs.field(validator=_text)
    password: str = attrs.field(validator=_text, repr=False)
    dstcode: str = attrs.field(validator=_text)
    madonvi: str = attrs.field(validator=_text)
    auth_endpoint: str = attrs.field(default="/auth", validator=_path)
    integration_endpoint: str = attrs.field(default="/integration", validator=_path)
    share_endpoint: str = attrs.field(default="/share", validator=_path)
    timeouts: Timeouts = DEFAULT_TIMEOUTS
    max_response_bytes: int = 8 * 1024 * 1024
    ca_bundle: str | None = None
    allow_insecure_http: bool = False
    agency_from_payload: bool = True
    lookup_endpoint: Literal["integration", "share"] = "integration"
    updating_flag: Literal["string", "bool"] = "string"
    skip_unchanged: bool = True
    progress_chunk_size: int = 10
    session_expired_codes: frozenset[str] = attrs.field(
        default=frozenset({"-401", "401"}), converter=_codes
    )
    already_exists_codes: frozenset[str] = attrs.field(
        default=frozenset({"-3", "3"}), converter=_codes
    )
    not_found_codes: frozenset[str] = attrs.field(default=frozenset({"-4"}), converter=_codes)
    applicant_kind_codes: Mapping[ApplicantKind, str] = attrs.field(
        default=DEFAULT_APPLICANT_KIND_CODES, converter=_kind_codes, eq=False, hash=False
    )
    default_actor: str = "Hệ thống một cửa điện tử"

    def __attrs_post_init__(self) -> None:
        parts = urlsplit(self.adapter_url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise AdapterConfigError(
                f"DvcqgConfig.adapter_url must be an http(s) URL, got {self.adapter_url!r}"
            )
        if parts.username or parts.password or parts.query or parts.fragment:
            raise AdapterConfigError(
                "DvcqgConfig.adapter_url must not carry credentials, a query or a fragment"
            )
        insecure = parts.scheme == "http" and parts.hostname not in _LOOPBACK
        if insecure and not self.allow_insecure_http:
            raise AdapterConfigError(
                "DvcqgConfig.adapter_url uses plain http to a remote host: the password would "
                "travel in clear (set allow_insecure_http=True only inside a closed network)"
            )
        if not 1 <= self.progress_chunk_size <= 10:
            raise AdapterConfigError(
                f"progress_chunk_size must be 1..10, got {self.progress_chunk_size}"
            )
        if self.max_response_bytes < 1024:
            raise AdapterConfigError(
                f"max_response_bytes must be at least 1024, got {self.max_response_bytes}"
            )
        if self.lookup_endpoint not in ("integration", "share"):
            raise AdapterConfigError(f"lookup_endpoint {self.lookup_endpoint!r} is unknown")
        if self.updating_flag not in ("string", "bool"):
            raise AdapterConfigError(f"updating_flag {self.updating_flag!r} is unknown")

    def url(self, endpoint: Endpoint) -> str:
        """The absolute URL of ``endpoint`` (``"auth"``, ``"integration"`` or ``"share"``).

        >>> DvcqgConfig(adapter_url="https://dvc.test/", username="u", password="p",
        ...             dstcode="D", madonvi="M").url("share")
        'https://dvc.test/share'
        """
        path = {
            "auth": self.auth_endpoint,
            "integration": self.integration_endpoint,
            "share": self.share_endpoint,
        }[endpoint]
        return self.adapter_url.rstrip("/") + path

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, prefix: str = ENV_PREFIX, **overrides: Any
    ) -> DvcqgConfig:
        """A configuration from environment variables (``ONESTOP_DVCQG_ADAPTER_URL`` …).

        Required: ``ADAPTER_URL``, ``USERNAME``, ``PASSWORD``, ``DSTCODE``, ``MADONVI``;
        optional: ``AUTH_ENDPOINT``, ``INTEGRATION_ENDPOINT``, ``SHARE_ENDPOINT``,
        ``READ_TIMEOUT`` (seconds), ``CA_BUNDLE``. ``overrides`` win over the environment.

        >>> env = {"ONESTOP_DVCQG_ADAPTER_URL": "https://dvc.test", "ONESTOP_DVCQG_USERNAME": "u",
        ...        "ONESTOP_DVCQG_PASSWORD": "p", "ONESTOP_DVCQG_DSTCODE": "D",
        ...        "ONESTOP_DVCQG_MADONVI": "000.00.00.H99", "ONESTOP_DVCQG_READ_TIMEOUT": "90"}
        >>> DvcqgConfig.from_env(env).timeouts.read
        90.0
        >>> DvcqgConfig.from_env({})
        Traceback (most recent call last):
        ...
        onestop_core.errors.AdapterConfigError: missing environment variable(s): \
ONESTOP_DVCQG_ADAPTER_URL, ONESTOP_DVCQG_USERNAME, ONESTOP_DVCQG_PASSWORD, \
ONESTOP_DVCQG_DSTCODE, ONESTOP_DVCQG_MADONVI
        """
        env = os.environ if environ is None else environ
        fields: dict[str, Any] = {}
        required = ("adapter_url", "username", "password", "dstcode", "madonvi")
        optional = ("auth_endpoint", "integration_endpoint", "share_endpoint", "ca_bundle")
        for name in (*required, *optional):
            value = env.get(prefix + name.upper(), "").strip()
            if value:
                fields[name] = value
        read = env.get(prefix + "READ_TIMEOUT", "").strip()
        if read:
            try:
                seconds = float(read)
            except ValueError:
                raise AdapterConfigError(f"{prefix}READ_TIMEOUT is not a number") from None
            fields["timeouts"] = attrs.evolve(DEFAULT_TIMEOUTS, read=seconds)
        fields.update(overrides)
        missing = [prefix + n.upper() for n in required if n not in fields]
        if missing:
            raise AdapterConfigError(f"missing environment variable(s): {', '.join(missing)}")
        return cls(**fields)
