"""HTTP for adapters: the only module of onestop_core that imports httpx.

:class:`HttpClient` and :class:`AsyncHttpClient` wrap an injected ``httpx.Client`` /
``httpx.AsyncClient`` (or build one with explicit timeouts and no redirects). Every request:

* carries an ``Idempotency-Key`` and an ``X-Correlation-ID`` header (given or generated; the
  same on every retry of that request);
* has a bounded response size (``max_response_bytes``, checked while streaming);
* maps failures to the typed errors: timeouts, connection errors, HTTP 408/425/429/5xx →
  :class:`~onestop_core.errors.TransientError` (with ``Retry-After``); 401/403 →
  :class:`~onestop_core.errors.AuthError`; 400/413/415/422 and oversized or undecodable
  bodies → :class:`~onestop_core.errors.PayloadValidationError`; other 4xx, 501 and 505 →
  :class:`~onestop_core.errors.BusinessError`;
* is retried by :func:`~onestop_core.adapters.retry.call_with_retry` with the client's
  :class:`~onestop_core.adapters.retry.RetryPolicy` (``retry=False`` for one attempt).

Answers come back as :class:`HttpResponse`, a plain value with no httpx in it.

>>> def handler(request: Request) -> Response:
...     return Response(200, json={"key": request.headers["Idempotency-Key"]})
>>> with HttpClient.from_handler(handler, base_url="https://dvc.test") as http:
...     http.post("/sync", json={}, idempotency_key="k-1").json()
{'key': 'k-1'}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from onestop_core.adapters.ids import new_correlation_id, new_idempotency_key
from onestop_core.adapters.responses import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUTS,
    HttpResponse,
    Timeouts,
    error_for_status,
)
from onestop_core.adapters.retry import (
    DEFAULT_RETRY_POLICY,
    RetryPolicy,
    acall_with_retry,
    call_with_retry,
)
from onestop_core.errors import (
    AdapterConfigError,
    AdapterError,
    PayloadValidationError,
    TransientError,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUTS",
    "AsyncHttpClient",
    "HttpClient",
    "HttpResponse",
    "Request",
    "Response",
    "Timeouts",
]

#: Extra request headers: a mapping, or a callable returning one on every attempt.
Headers = Mapping[str, str] | Callable[[], Mapping[str, str]] | None

#: httpx's request and response classes, for MockTransport handlers in tests.
Request = httpx.Request
Response = httpx.Response


def _httpx_timeout(t: Timeouts) -> httpx.Timeout:
    return httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool)


class _Core:
    """What the sync and async clients share: headers, size cap and error mapping."""

    def __init__(
        self,
        *,
        system: str,
        timeout: Timeouts | None,
        max_response_bytes: int,
        headers: Mapping[str, str] | None,
        retry: RetryPolicy | None,
        relogin: Callable[[], object] | None,
        clock: Callable[[], dt.datetime] | None,
    ) -> None:
        if max_response_bytes < 1:
            raise AdapterConfigError(f"max_response_bytes must be >= 1, got {max_response_bytes}")
        self.system = system
        self.max_response_bytes = max_response_bytes
        self.retry_policy = retry or DEFAULT_RETRY_POLICY
        self.relogin = relogin
        self._timeout = timeout
        self._headers = dict(headers or {})
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    @staticmethod
    def _check_injected(client: httpx.Client | httpx.AsyncClient, timeout: Timeouts | None) -> None:
        t = client.timeout
        if timeout is None and None in (t.connect, t.read, t.write, t.pool):
            raise AdapterConfigError(
                "the injected httpx client has an infinite timeout; give it explicit timeouts "
                "or pass timeout=Timeouts(...)"
            )

    def _timeout_arg(self) -> Any:
        return _httpx_timeout(self._timeout) if self._timeout else httpx.USE_CLIENT_DEFAULT

    def _request_headers(self, headers: Headers, key: str, correlation_id: str) -> dict[str, str]:
        extra = headers() if callable(headers) else headers
        out = {**self._headers, **(extra or {})}
        out["Idempotency-Key"] = key
        out["X-Correlation-ID"] = correlation_id
        return out

    def _declared_too_large(self, response: httpx.Response) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_response_bytes:
            raise self._too_large(str(response.request.url))

    def _too_large(self, url: str) -> PayloadValidationError:
        return PayloadValidationError(
            f"response from {url} exceeds {self.max_response_bytes} bytes",
            path="body",
            system=self.system,
        )

    def _add_chunk(self, chunks: list[bytes], chunk: bytes, size: int, url: str) -> int:
        size += len(chunk)
        if size > self.max_response_bytes:
            raise self._too_large(url)
        chunks.append(chunk)
        return size

    def _map_transport_error(self, exc: httpx.HTTPError, label: str) -> AdapterError:
        if isinstance(exc, httpx.TimeoutException):
            kind = type(exc).__name__
            return TransientError(f"{label}: {kind}", system=self.system, operation=label)
        if isinstance(exc, httpx.UnsupportedProtocol):
            return AdapterConfigError(f"{label}: {exc}", system=self.system, operation=label)
        if isinstance(exc, httpx.DecodingError):
            return PayloadValidationError(
                f"{label}: the response body cannot be decoded ({exc})",
                path="body",
                system=self.system,
                operation=label,
            )
        if isinstance(exc, httpx.LocalProtocolError):
            return PayloadValidationError(
                f"{label}: invalid request ({exc})", system=self.system, operation=label
            )
        if isinstance(exc, httpx.TransportError):
            return TransientError(
                f"{label}: {type(exc).__name__}: {exc}", system=self.system, operation=label
            )
        return AdapterError(f"{label}: {type(exc).__name__}: {exc}", system=self.system)

    def _result(
        self,
        response: httpx.Response,
        content: bytes,
        key: str,
        correlation_id: str,
        attempt: int,
        accept: Collection[int],
        label: str,
    ) -> HttpResponse:
        result = HttpResponse(
            status_code=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=content,
            url=str(response.request.url),
            idempotency_key=key,
            correlation_id=correlation_id,
            attempts=attempt,
        )
        if response.status_code < 400 or response.status_code in accept:
            return result
        error = error_for_status(
            result,
            reason=response.reason_phrase,
            label=label,
            system=self.system,
            now=self._clock(),
        )
        assert error is not None
        raise error


class HttpClient(_Core):
    """A synchronous HTTP client for adapters over an injected ``httpx.Client``.

    Without ``client`` one is built from ``base_url``, ``timeout`` (default
    :data:`DEFAULT_TIMEOUTS`), ``transport`` and ``headers``, and closed by :meth:`close`;
    an injected client is left open. ``relogin`` runs once on an AuthError before one more
    attempt. ``clock`` (aware UTC now) reads HTTP-date ``Retry-After`` values.

    >>> calls = []
    >>> def handler(request: Request) -> Response:
    ...     calls.append(request.headers["Idempotency-Key"])
    ...     return Response(503 if len(calls) == 1 else 200, json={"n": len(calls)})
    >>> from onestop_core.testing import fast_retry_policy
    >>> with HttpClient.from_handler(handler, retry=fast_retry_policy()) as http:
    ...     r = http.post("https://dvc.test/sync", json={}, idempotency_key="k-1")
    >>> r.json(), r.attempts, calls
    ({'n': 2}, 2, ['k-1', 'k-1'])
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        base_url: str = "",
        system: str = "",
        timeout: Timeouts | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        relogin: Callable[[], object] | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(
            system=system,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
            headers=headers,
            retry=retry,
            relogin=relogin,
            clock=clock,
        )
        self._owned = client is None
        if client is None:
            t = timeout or DEFAULT_TIMEOUTS
            client = httpx.Client(
                base_url=base_url,
                timeout=_httpx_timeout(t),
                transport=transport,
                follow_redirects=False,
            )
        else:
            self._check_injected(client, timeout)
        self._client = client

    @classmethod
    def from_handler(
        cls, handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any
    ) -> HttpClient:
        """A client whose requests go to ``handler`` through ``httpx.MockTransport`` (tests)."""
        return cls(transport=httpx.MockTransport(handler), **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        data: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Headers = None,
        idempotency_key: str | None = None,
        correlation_id: str | None = None,
        accept: Collection[int] = (),
        retry: bool | RetryPolicy = True,
    ) -> HttpResponse:
        """Send a request (retried unless ``retry=False``); ``accept`` lists error statuses
        to return instead of raising for. ``headers`` may be a callable, evaluated on every
        attempt, so a token refreshed by ``relogin`` is sent on the retry.
        """
        key = idempotency_key or new_idempotency_key()
        cid = correlation_id or new_correlation_id()
        label = f"{self.system + ' ' if self.system else ''}{method.upper()} {url}"
        send = {"json": json, "content": content, "data": data, "params": params}

        def attempt(n: int) -> HttpResponse:
            hdrs = self._request_headers(headers, key, cid)
            try:
                with self._client.stream(
                    method, url, headers=hdrs, timeout=self._timeout_arg(), **send
                ) as response:
                    self._declared_too_large(response)
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size = self._add_chunk(chunks, chunk, size, str(response.request.url))
            except httpx.HTTPError as exc:
                raise self._map_transport_error(exc, label) from None
            return self._result(response, b"".join(chunks), key, cid, n, accept, label)

        if retry is False:
            return attempt(1)
        policy = retry if isinstance(retry, RetryPolicy) else self.retry_policy
        return call_with_retry(attempt, policy=policy, relogin=self.relogin, name=label)

    def get(self, url: str, **kwargs: Any) -> HttpResponse:
        """``request("GET", url, ...)``."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> HttpResponse:
        """``request("POST", url, ...)``."""
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        """Close the underlying client if this object built it."""
        if self._owned:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHttpClient(_Core):
    """The asynchronous counterpart of :class:`HttpClient`, over an ``httpx.AsyncClient``.

    >>> import asyncio
    >>> async def main() -> int:
    ...     async with AsyncHttpClient.from_handler(lambda r: Response(204)) as http:
    ...         return (await http.get("https://dvc.test/ping")).status_code
    >>> asyncio.run(main())
    204
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        base_url: str = "",
        system: str = "",
        timeout: Timeouts | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        relogin: Callable[[], object] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(
            system=system,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
            headers=headers,
            retry=retry,
            relogin=relogin,
            clock=clock,
        )
        self._owned = client is None
        if client is None:
            t = timeout or DEFAULT_TIMEOUTS
            client = httpx.AsyncClient(
                base_url=base_url,
                timeout=_httpx_timeout(t),
                transport=transport,
                follow_redirects=False,
            )
        else:
            self._check_injected(client, timeout)
        self._client = client

    @classmethod
    def from_handler(
        cls,
        handler: Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]],
        **kwargs: Any,
    ) -> AsyncHttpClient:
        """A client whose requests go to ``handler`` (sync or async) via ``MockTransport``."""
        return cls(transport=httpx.MockTransport(handler), **kwargs)  # type: ignore[arg-type]

    async def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        data: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Headers = None,
        idempotency_key: str | None = None,
        correlation_id: str | None = None,
        accept: Collection[int] = (),
        retry: bool | RetryPolicy = True,
    ) -> HttpResponse:
        """Send a request; the same contract as :meth:`HttpClient.request`."""
        key = idempotency_key or new_idempotency_key()
        cid = correlation_id or new_correlation_id()
        label = f"{self.system + ' ' if self.system else ''}{method.upper()} {url}"
        send = {"json": json, "content": content, "data": data, "params": params}

        async def attempt(n: int) -> HttpResponse:
            hdrs = self._request_headers(headers, key, cid)
            try:
                async with self._client.stream(
                    method, url, headers=hdrs, timeout=self._timeout_arg(), **send
                ) as response:
                    self._declared_too_large(response)
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size = self._add_chunk(chunks, chunk, size, str(response.request.url))
            except httpx.HTTPError as exc:
                raise self._map_transport_error(exc, label) from None
            return self._result(response, b"".join(chunks), key, cid, n, accept, label)

        if retry is False:
            return await attempt(1)
        policy = retry if isinstance(retry, RetryPolicy) else self.retry_policy
        return await acall_with_retry(attempt, policy=policy, relogin=self.relogin, name=label)

    async def get(self, url: str, **kwargs: Any) -> HttpResponse:
        """``await request("GET", url, ...)``."""
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> HttpResponse:
        """``await request("POST", url, ...)``."""
        return await self.request("POST", url, **kwargs)

    async def aclose(self) -> None:
        """Close the underlying client if this object built it."""
        if self._owned:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
