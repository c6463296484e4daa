"""VnpostConfig: validation, masking, environment."""

from __future__ import annotations

import pytest
from onestop_core.adapters import AdapterConfigError, generate_webhook_secret

from onestop_vnpost import VnpostConfig
from onestop_vnpost.config import UAT_BASE_URL

from .helpers import SECRET

BASE = {"username": "bcci-h56", "password": "P@ss-w0rd-123", "customer_code": "C000123"}


def test_repr_masks_the_password_and_secrets() -> None:
    config = VnpostConfig(base_url=UAT_BASE_URL, callback_secrets=[SECRET, SECRET], **BASE)
    text = repr(config)
    assert "P@ss-w0rd-123" not in text and SECRET not in text
    assert "password='***'" in text and "callback_secrets='<2 secrets>'" in text
    assert config.password == "P@ss-w0rd-123"


@pytest.mark.parametrize(
    "url",
    ["http://connect-my.vnpost.vn", "ftp://x.vn", "connect-my.vnpost.vn", "https://", ""],
)
def test_only_https_outside_loopback(url: str) -> None:
    with pytest.raises(AdapterConfigError):
        VnpostConfig(base_url=url, **BASE)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost", "http://[::1]:9"])
def test_plain_http_on_loopback_is_fine(url: str) -> None:
    assert VnpostConfig(base_url=url, **BASE).base_url == url


@pytest.mark.parametrize("secret", ["plain-secret", "whsec_!!!", "whsec_", ""])
def test_callback_secrets_are_standard_webhooks_secrets(secret: str) -> None:
    with pytest.raises(AdapterConfigError):
        VnpostConfig(base_url=UAT_BASE_URL, callback_secrets=[secret], **BASE)


def test_a_single_secret_string_is_accepted() -> None:
    secret = generate_webhook_secret()
    config = VnpostConfig(base_url=UAT_BASE_URL, callback_secrets=secret, **BASE)
    assert config.callback_secrets == (secret,)


@pytest.mark.parametrize(
    "change",
    [
        {"username": " "},
        {"password": ""},
        {"customer_code": ""},
        {"callback_tolerance": 0},
        {"callback_tolerance": 7200},
        {"max_response_bytes": 0},
        {"province_codes": {"Hà Nội": "10"}},
    ],
)
def test_invalid_settings(change: dict[str, object]) -> None:
    with pytest.raises(AdapterConfigError):
        VnpostConfig(base_url=UAT_BASE_URL, **{**BASE, **change})  # type: ignore[arg-type]


def test_province_codes() -> None:
    config = VnpostConfig(base_url=UAT_BASE_URL, province_codes={"01": "10"}, **BASE)
    assert config.carrier_province("01") == "10" and config.carrier_province("") == ""
    with pytest.raises(AdapterConfigError, match="'79'"):
        config.carrier_province("79")
    assert VnpostConfig(base_url=UAT_BASE_URL, **BASE).carrier_province("79") == "79"
    assert hash(config) == hash(config)  # frozen and hashable


def test_from_env() -> None:
    env = {
        "ONESTOP_VNPOST_BASE_URL": " https://connect-my.vnpost.vn ",
        "ONESTOP_VNPOST_USERNAME": "bcci-h56",
        "ONESTOP_VNPOST_PASSWORD": "P@ss-w0rd-123",
        "ONESTOP_VNPOST_CUSTOMER_CODE": "C000123",
        "ONESTOP_VNPOST_CALLBACK_SECRETS": f"{SECRET}, {SECRET}",
        "ONESTOP_VNPOST_DEFAULT_SERVICE_CODE": "ETN011",
    }
    config = VnpostConfig.from_env(env)
    assert config.base_url == "https://connect-my.vnpost.vn"
    assert config.callback_secrets == (SECRET, SECRET)
    assert config.default_service_code == "ETN011"
    with pytest.raises(AdapterConfigError) as missing:
        VnpostConfig.from_env({**env, "ONESTOP_VNPOST_PASSWORD": ""})
    assert "ONESTOP_VNPOST_PASSWORD" in str(missing.value)
    assert "P@ss" not in str(missing.value)


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "BASE_URL": UAT_BASE_URL,
        **{k.upper(): v for k, v in BASE.items()},
    }.items():
        monkeypatch.setenv("ONESTOP_VNPOST_" + name, value)
    assert VnpostConfig.from_env().customer_code == "C000123"
