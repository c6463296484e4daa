"""``VnpostConfig``: where MyVNPost is and how to log in (secrets masked in every ``repr``).

MyVNPost "Connect" (``integrations.md`` §4.4) has a UAT and a production base URL; a
customer logs in with a user name, a password and its customer code. Callbacks come from
our own relay, signed per Standard Webhooks with one of ``callback_secrets`` (several
during a rotation). Nothing here does I/O.

>>> config = VnpostConfig(base_url="https://connect-my.vnpost.vn", username="bcci-h56",
...     password="s3cret-pass", customer_code="C000123",
...     callback_secrets=["whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM="])
>>> config
VnpostConfig(base_url='https://connect-my.vnpost.vn', username='bcci-h56', password='***', \
customer_code='C000123', callback_secrets='<1 secret>', callback_tolerance=300.0, \
timeouts=Timeouts(connect=5.0, read=15.0, write=15.0, pool=5.0), \
max_response_bytes=1048576, default_service_code='', province_codes=None)
>>> config.password
's3cret-pass'
"""

from __future__ import annotations

import ipaddress
import os
import re
import types
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import urlsplit

import attrs
from onestop_core.adapters.callbacks import webhook_key
from onestop_core.adapters.responses import DEFAULT_MAX_RESPONSE_BYTES, Timeouts
from onestop_core.errors import AdapterConfigError

__all__ = ["ENV_PREFIX", "UAT_BASE_URL", "VnpostConfig"]

#: The MyVNPost UAT base URL reported by integrators (``integrations.md`` §4.4; check it).
UAT_BASE_URL: Final = "https://my-uat.vnpost.vn/MYVNP_API"
#: The prefix of the environment variables :meth:`VnpostConfig.from_env` reads.
ENV_PREFIX: Final = "ONESTOP_VNPOST_"
#: MyVNPost clients use 15 s read timeouts (``integrations.md`` §6.3).
DEFAULT_TIMEOUTS: Final = Timeouts(connect=5.0, read=15.0, write=15.0, pool=5.0)
_SECRET_PREFIX: Final = "whsec_"
_LOOPBACK_NAMES: Final = frozenset({"localhost"})


def _check_url(_inst: object, _attr: object, value: str) -> None:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise AdapterConfigError(f"base_url must be an http(s) URL, got {value!r}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise AdapterConfigError(
            f"base_url {value!r} is plain http: credentials and personal data need https "
            "(plain http is accepted on the loopback interface only, for simulators)"
        )


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise AdapterConfigError(f"VnpostConfig.{attribute.name} must be a non-empty string")


def _secrets(value: str | Iterable[str]) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else tuple(value)
    for secret in items:
        if not isinstance(secret, str) or not secret.startswith(_SECRET_PREFIX):
            raise AdapterConfigError(
                "a callback secret is 'whsec_' followed by base64 (Standard Webhooks); "
                "generate one with onestop_core.adapters.generate_webhook_secret()"
            )
        webhook_key(secret)  # raises AdapterConfigError on bad base64 or an empty key
    return items


def _secrets_repr(value: tuple[str, ...]) -> str:
    return repr(f"<{len(value)} secret{'' if len(value) == 1 else 's'}>")


def _tolerance(_inst: object, _attr: object, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
        raise AdapterConfigError(f"callback_tolerance must be 0 < seconds <= 3600, got {value!r}")


def _positive(_inst: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AdapterConfigError(f"VnpostConfig.{attribute.name} must be an int >= 1")


def _province_codes(value: Mapping[str, str] | None) -> Mapping[str, str] | None:
    if value is None:
        return None
    codes = dict(value)
    for gso, carrier in codes.items():
        if not (isinstance(gso, str) and gso.isdigit() and isinstance(carrier, str) and carrier):
            raise AdapterConfigError(
                f"province_codes maps GSO codes to carrier codes, got {gso!r}: {carrier!r}"
            )
    return types.MappingProxyType(codes)


@attrs.frozen(kw_only=True)
class VnpostConfig:
    """How to reach MyVNPost "Connect" and check our relay's callbacks.

    Attributes:
        base_url: ``https://connect-my.vnpost.vn`` (production) or :data:`UAT_BASE_URL`;
            plain ``http`` only on the loopback interface (simulators).
        username: the API user (``GetAccessToken``).
        password: its password; masked in ``repr``.
        customer_code: the customer (contract) code, ``customerCode``.
        callback_secrets: the Standard Webhooks secrets (``whsec_…``) our relay signs
            callbacks with; the first signs, all verify (rotation). Masked in ``repr``.
        callback_tolerance: seconds a callback's ``webhook-timestamp`` may be off (300).
        timeouts: explicit connect/read/write/pool timeouts (15 s reads by default).
        max_response_bytes: larger answers are refused (1 MiB).
        default_service_code: the VNPost service (``serviceCode``) for shipments that name
            none; empty means every shipment must name its own.
        province_codes: GSO province code → the carrier's province code. MyVNPost uses
            postcode-style codes (``"10"`` for Hà Nội); without a mapping the GSO codes are
            sent unchanged, which only a relay that takes GSO codes understands.
    """

    base_url: str = attrs.field(validator=_check_url)
    username: str = attrs.field(validator=_non_empty)
    password: str = attrs.field(validator=_non_empty, repr=lambda _: "'***'")
    customer_code: str = attrs.field(validator=_non_empty)
    callback_secrets: tuple[str, ...] = attrs.field(
        default=(), converter=_secrets, repr=_secrets_repr
    )
    callback_tolerance: float = attrs.field(default=300.0, converter=float, validator=_tolerance)
    timeouts: Timeouts = DEFAULT_TIMEOUTS
    max_response_bytes: int = attrs.field(default=DEFAULT_MAX_RESPONSE_BYTES, validator=_positive)
    default_service_code: str = ""
    province_codes: Mapping[str, str] | None = attrs.field(
        default=None, converter=_province_codes, hash=False
    )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, prefix: str = ENV_PREFIX
    ) -> VnpostConfig:
        """Read ``<prefix>BASE_URL``, ``USERNAME``, ``PASSWORD``, ``CUSTOMER_CODE`` and the
        optional ``CALLBACK_SECRETS`` (separated by spaces or commas) and
        ``DEFAULT_SERVICE_CODE``.

        A missing variable raises :class:`~onestop_core.errors.AdapterConfigError` naming it
        (never its value).

        >>> VnpostConfig.from_env({"ONESTOP_VNPOST_BASE_URL": "https://connect-my.vnpost.vn"})
        Traceback (most recent call last):
        ...
        onestop_core.errors.AdapterConfigError: missing ONESTOP_VNPOST_USERNAME, \
ONESTOP_VNPOST_PASSWORD, ONESTOP_VNPOST_CUSTOMER_CODE
        """
        env = os.environ if environ is None else environ
        names = ("BASE_URL", "USERNAME", "PASSWORD", "CUSTOMER_CODE")
        missing = [prefix + n for n in names if not env.get(prefix + n, "").strip()]
        if missing:
            raise AdapterConfigError(f"missing {', '.join(missing)}")
        secrets = re.split(r"[\s,]+", env.get(prefix + "CALLBACK_SECRETS", "").strip())
        return cls(
            base_url=env[prefix + "BASE_URL"].strip(),
            username=env[prefix + "USERNAME"].strip(),
            password=env[prefix + "PASSWORD"],
            customer_code=env[prefix + "CUSTOMER_CODE"].strip(),
            callback_secrets=tuple(s for s in secrets if s),
            default_service_code=env.get(prefix + "DEFAULT_SERVICE_CODE", "").strip(),
        )

    def carrier_province(self, gso_code: str) -> str:
        """The carrier's code of a GSO province code (unchanged without a mapping).

        >>> VnpostConfig(base_url="https://x.vn", username="u", password="p",
        ...     customer_code="c", province_codes={"01": "10"}).carrier_province("01")
        '10'
        """
        if self.province_codes is None or not gso_code:
            return gso_code
        try:
            return self.province_codes[gso_code]
        except KeyError:
            raise AdapterConfigError(
                f"province_codes has no carrier code for GSO province {gso_code!r}"
            ) from None
