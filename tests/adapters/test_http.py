"""HttpClient / AsyncHttpClient over httpx.MockTransport: retries, headers, errors, limits."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from onestop_core.adapters import (
    AdapterConfigError,
    AsyncHttpClient,
    AuthError,
    BusinessError,
    HttpClient,
    PayloadValidationError,
    RetryPolicy,
    Timeouts,
    TransientError,
)
from onestop_core.testing import SleepRecorder, fast_retry_policy

Handler = Callable[[httpx.Request], httpx.Response]
MakeHttp = Callable[..., HttpClient]
SRC = Path(__file__).resolve().parents[2] / "src" / "onestop_core"


def sequence(*responses: httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    """A handler answering with ``responses`` in turn (the last one repeats)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = responses[min(len(seen), len(responses)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler, seen


# -- retries -------------------------------------------------------------------------------


def test_503_twice_then_200_takes_three_attempts(
    mock_http: MakeHttp, recorded_sleep: SleepRecorder
) -> None:
    handler, seen = sequence(httpx.Response(503), httpx.Response(503), httpx.Response(200))
    response = mock_http(handler).post("/sync", json={"a": 1})
    assert response.status_code == 200
    assert response.attempts == 3
    assert len(seen) == 3
    # full jitter with random() = 0.5: 0.5 * min(30, 0.5 * 2**0), then 0.5 * 0.5 * 2**1
    assert recorded_sleep.calls == [0.25, 0.5]


def test_429_with_retry_after_seconds_is_honoured(
    mock_http: MakeHttp, recorded_sleep: SleepRecorder
) -> None:
    handler, seen = sequence(
        httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(200, json={})
    )
    assert mock_http(handler).get("/x").status_code == 200
    assert recorded_sleep.calls == [2.0]
    assert len(seen) == 2


def test_retry_after_as_an_http_date(recorded_sleep: SleepRecorder) -> None:
    handler, _ = sequence(
        httpx.Response(503, headers={"Retry-After": "Fri, 20 Nov 2026 03:00:07 GMT"}),
        httpx.Response(200),
    )
    clock = lambda: dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)  # noqa: E731
    with HttpClient.from_handler(
        handler, retry=fast_retry_policy(sleep=recorded_sleep), clock=clock
    ) as http:
        http.get("https://remote.test/x")
    assert recorded_sleep.calls == [7.0]


def test_a_long_retry_after_is_left_to_the_caller(recorded_sleep: SleepRecorder) -> None:
    handler, seen = sequence(httpx.Response(429, headers={"Retry-After": "3600"}))
    policy = fast_retry_policy(sleep=recorded_sleep)
    with HttpClient.from_handler(handler, retry=policy) as http, pytest.raises(TransientError) as e:
        http.get("https://remote.test/x")
    assert e.value.retry_after == 3600.0
    assert e.value.status_code == 429
    assert recorded_sleep.calls == []
    assert len(seen) == 1


def test_transient_errors_give_up_after_max_attempts(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(502))
    with pytest.raises(TransientError) as e:
        mock_http(handler).get("/x")
    assert len(seen) == 3
    assert e.value.attempts == 3


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, BusinessError),
        (409, BusinessError),
        (501, BusinessError),
        (400, PayloadValidationError),
        (422, PayloadValidationError),
        (413, PayloadValidationError),
    ],
)
def test_client_errors_are_not_retried(
    mock_http: MakeHttp, status: int, error: type[Exception]
) -> None:
    handler, seen = sequence(httpx.Response(status, text="lỗi"))
    with pytest.raises(error):
        mock_http(handler).post("/x", json={})
    assert len(seen) == 1


def test_business_error_carries_the_status_and_a_masked_body(mock_http: MakeHttp) -> None:
    handler, _ = sequence(httpx.Response(404, text="không có hồ sơ của 001204012345"))
    with pytest.raises(BusinessError) as e:
        mock_http(handler, system="dvcqg").get("/x")
    assert e.value.code == "404"
    assert e.value.system == "dvcqg"
    assert e.value.remote_message == "không có hồ sơ của *********345"


def test_accepted_statuses_are_returned(mock_http: MakeHttp) -> None:
    handler, _ = sequence(httpx.Response(404, json={"found": False}))
    assert mock_http(handler).get("/x", accept=[404]).json() == {"found": False}


def test_auth_error_logs_in_again_once_then_retries(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(401), httpx.Response(200))
    logins: list[int] = []
    http = mock_http(handler, relogin=lambda: logins.append(1))
    assert http.get("/x").status_code == 200
    assert logins == [1]
    assert len(seen) == 2


def test_header_callables_send_a_refreshed_token_on_the_retry(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(401), httpx.Response(200))
    token = {"value": "old"}
    http = mock_http(handler, relogin=lambda: token.update(value="new"))
    assert http.get("/x", headers=lambda: {"token": token["value"]}).status_code == 200
    assert [r.headers["token"] for r in seen] == ["old", "new"]


def test_a_second_auth_error_is_final(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(403))
    logins: list[int] = []
    with pytest.raises(AuthError) as e:
        mock_http(handler, relogin=lambda: logins.append(1)).get("/x")
    assert logins == [1]
    assert len(seen) == 2
    assert e.value.status_code == 403


def test_auth_error_without_relogin_is_raised_at_once(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(401))
    with pytest.raises(AuthError):
        mock_http(handler).get("/x")
    assert len(seen) == 1


def test_retry_false_makes_one_attempt(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(503))
    with pytest.raises(TransientError):
        mock_http(handler).get("/x", retry=False)
    assert len(seen) == 1


# -- headers -------------------------------------------------------------------------------


def test_every_attempt_carries_the_same_keys(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(503), httpx.Response(200))
    mock_http(handler).post("/x", json={}, idempotency_key="k-1", correlation_id="c-1")
    assert [r.headers["Idempotency-Key"] for r in seen] == ["k-1", "k-1"]
    assert [r.headers["X-Correlation-ID"] for r in seen] == ["c-1", "c-1"]


def test_keys_are_generated_per_request(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(200))
    http = mock_http(handler, headers={"dstcode": "H56"})
    first, second = http.get("/a"), http.get("/b")
    keys = {r.headers["Idempotency-Key"] for r in seen}
    ids = {r.headers["X-Correlation-ID"] for r in seen}
    assert len(keys) == len(ids) == 2
    assert {first.idempotency_key, second.idempotency_key} == keys
    assert all(r.headers["dstcode"] == "H56" for r in seen)


def test_redirects_are_not_followed(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(302, headers={"Location": "https://evil.test/"}))
    assert mock_http(handler).get("/x").status_code == 302
    assert len(seen) == 1


# -- timeouts and transport errors ---------------------------------------------------------


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectTimeout("connect timeout"),
        httpx.ReadTimeout("read timeout"),
        httpx.PoolTimeout("pool timeout"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("peer closed"),
    ],
)
def test_timeouts_and_network_errors_are_transient(
    mock_http: MakeHttp, exc: httpx.HTTPError
) -> None:
    handler, seen = sequence(exc, httpx.Response(200))
    assert mock_http(handler).get("/x").attempts == 2
    assert len(seen) == 2


def test_a_timeout_that_persists_raises_transient_error(mock_http: MakeHttp) -> None:
    handler, _ = sequence(httpx.ReadTimeout("slow"))
    with pytest.raises(TransientError, match="ReadTimeout"):
        mock_http(handler).get("/x")


def test_explicit_timeouts_reach_the_request() -> None:
    handler, seen = sequence(httpx.Response(200))
    with HttpClient.from_handler(handler, timeout=Timeouts(connect=2, read=60)) as http:
        http.get("https://remote.test/x")
    assert seen[0].extensions["timeout"] == {"connect": 2, "read": 60, "write": 30.0, "pool": 5.0}


def test_an_injected_client_without_timeouts_is_refused() -> None:
    client = httpx.Client(
        timeout=None, transport=httpx.MockTransport(lambda r: httpx.Response(200))
    )
    with pytest.raises(AdapterConfigError, match="infinite timeout"):
        HttpClient(client)
    HttpClient(client, timeout=Timeouts()).close()
    client.close()


def test_an_injected_client_is_left_open() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    with HttpClient(client, base_url="ignored") as http:
        http.get("https://remote.test/x")
    assert not client.is_closed
    client.close()


def test_a_bad_scheme_is_a_configuration_error(mock_http: MakeHttp) -> None:
    client = HttpClient()
    with pytest.raises(AdapterConfigError):
        client.get("ftp://remote.test/x")
    client.close()


# -- size cap and malformed bodies ---------------------------------------------------------


def test_a_declared_oversized_body_is_refused(mock_http: MakeHttp) -> None:
    handler, seen = sequence(httpx.Response(200, content=b"x" * 101))
    with pytest.raises(PayloadValidationError, match="exceeds 100 bytes"):
        mock_http(handler, max_response_bytes=100).get("/x")
    assert len(seen) == 1  # never retried


def test_a_streamed_oversized_body_is_refused(mock_http: MakeHttp) -> None:
    def chunks() -> object:
        yield from (b"x" * 60, b"y" * 60)

    handler, _ = sequence(httpx.Response(200, content=chunks()))  # type: ignore[arg-type]
    with pytest.raises(PayloadValidationError, match="exceeds 100 bytes"):
        mock_http(handler, max_response_bytes=100).get("/x")


def test_a_body_at_the_cap_is_fine(mock_http: MakeHttp) -> None:
    handler, _ = sequence(httpx.Response(200, content=b"x" * 100))
    assert len(mock_http(handler, max_response_bytes=100).get("/x").content) == 100


def test_malformed_json_is_a_validation_error(mock_http: MakeHttp) -> None:
    handler, _ = sequence(httpx.Response(200, content=b"<html>oops"))
    with pytest.raises(PayloadValidationError, match="not valid JSON"):
        mock_http(handler).get("/x").json()


def test_a_corrupt_compressed_body_is_a_validation_error(mock_http: MakeHttp) -> None:
    handler, _ = sequence(
        httpx.Response(
            200, stream=httpx.ByteStream(b"not gzip"), headers={"Content-Encoding": "gzip"}
        )
    )
    with pytest.raises(PayloadValidationError, match="cannot be decoded"):
        mock_http(handler).get("/x")


def test_error_messages_mask_personal_data_in_urls(mock_http: MakeHttp) -> None:
    handler, _ = sequence(httpx.Response(500))
    with pytest.raises(TransientError) as e:
        mock_http(handler).get("/lookup?phone=0912345678", retry=False)
    assert "0912345678" not in str(e.value)
    assert "*******678" in str(e.value)


# -- async ---------------------------------------------------------------------------------


def test_async_client_retries_and_honours_retry_after() -> None:
    sleep = SleepRecorder()
    calls: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "2"})
        return httpx.Response(200, json={"ok": True})

    async def main() -> dict[str, bool]:
        async with AsyncHttpClient.from_handler(
            handler, base_url="https://remote.test", retry=fast_retry_policy(sleep=sleep)
        ) as http:
            response = await http.post("/x", json={}, idempotency_key="k-9")
            return dict(response.json())

    assert asyncio.run(main()) == {"ok": True}
    assert sleep.calls == [2.0]
    assert [r.headers["Idempotency-Key"] for r in calls] == ["k-9", "k-9"]


def test_async_client_maps_errors_and_relogs_in() -> None:
    logins: list[int] = []

    async def relogin() -> None:
        logins.append(1)

    async def main() -> None:
        handler, _ = sequence(httpx.Response(401), httpx.Response(401))
        async with AsyncHttpClient.from_handler(
            handler, base_url="https://remote.test", relogin=relogin, retry=fast_retry_policy()
        ) as http:
            await http.get("/x")

    with pytest.raises(AuthError):
        asyncio.run(main())
    assert logins == [1]


def test_async_size_cap() -> None:
    async def main() -> None:
        handler, _ = sequence(httpx.Response(200, content=b"z" * 11))
        async with AsyncHttpClient.from_handler(handler, max_response_bytes=10) as http:
            await http.get("https://remote.test/x")

    with pytest.raises(PayloadValidationError):
        asyncio.run(main())


# -- the one httpx import ------------------------------------------------------------------


def test_only_the_http_module_imports_httpx() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if "simulators" in path.parts or path.name == "_http.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith(("import httpx", "from httpx")):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_importing_the_toolkit_and_cli_does_not_import_httpx() -> None:
    code = (
        "import sys, onestop_core.adapters, onestop_core.testing, onestop_core.cli.outbox_cmd; "
        "print('httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_retry_policy_rejects_nonsense() -> None:
    with pytest.raises(AdapterConfigError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(AdapterConfigError):
        RetryPolicy(cap=-1)
    with pytest.raises(AdapterConfigError):
        Timeouts(read=0)
