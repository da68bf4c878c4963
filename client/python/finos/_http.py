"""The requestor: one HTTP call with authentication, retries, idempotency keys and timeouts.

Only the standard library: urllib's opener, so the usual proxy environment variables
(``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``) apply through its ``ProxyHandler``.
"""
import email.utils
import functools
import http.client
import platform
import random
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable, List, Mapping, Optional, Tuple, Union

from ._errors import APIConnectionError, APIError, AuthenticationError, FinosError, error_from_response
from ._object import parse_json
from ._version import VERSION

DEFAULT_BASE_URL = "https://api.finos.com"
DEFAULT_CONNECT_TIMEOUT = 30.0
DEFAULT_READ_TIMEOUT = 80.0
DEFAULT_MAX_RETRIES = 2
# A 429 or 5xx is retried only when any Retry-After it carries is this short (seconds).
MAX_RETRY_AFTER = 20.0
USER_AGENT = "finos-python/%s (python %s)" % (VERSION, platform.python_version())
WRITES = frozenset(("POST", "PUT", "PATCH", "DELETE"))

Timeout = Union[float, int, Tuple[float, float]]


class RequestOptions:
    """Per-call settings; every generated method takes them as the keywords ``api_key``,
    ``idempotency_key``, ``timeout`` and ``headers``."""

    __slots__ = ("api_key", "idempotency_key", "timeout", "headers")

    def __init__(self, api_key: Optional[str] = None, idempotency_key: Optional[str] = None,
                 timeout: Optional[Timeout] = None, headers: Optional[Mapping[str, str]] = None) -> None:
        self.api_key = api_key
        self.idempotency_key = idempotency_key
        self.timeout = timeout
        self.headers = dict(headers or {})


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> Optional[str]:
        name = name.lower()
        for key, value in self.headers.items():
            if key.lower() == name:
                return value
        return None


def _split_timeout(timeout: Optional[Timeout], connect: float, read: float) -> Tuple[float, float]:
    if timeout is None:
        return connect, read
    if isinstance(timeout, tuple):
        return float(timeout[0]), float(timeout[1])
    return float(timeout), float(timeout)


class _TimedHTTPConnection(http.client.HTTPConnection):
    """Connects within the connect timeout, then waits at most the read timeout per read."""

    def __init__(self, *args: Any, read_timeout: float = DEFAULT_READ_TIMEOUT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self._read_timeout)


class _TimedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, read_timeout: float = DEFAULT_READ_TIMEOUT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self._read_timeout)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req: urllib.request.Request) -> Any:
        read = getattr(req, "finos_read_timeout", self.read_timeout)
        return self.do_open(functools.partial(_TimedHTTPConnection, read_timeout=read), req)


_ssl_context: Optional[ssl.SSLContext] = None


def _default_ssl_context() -> ssl.SSLContext:
    """One verifying context for every client: loading the CA store costs more than a request."""
    global _ssl_context
    if _ssl_context is None:
        _ssl_context = ssl.create_default_context()
    return _ssl_context


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__(context=_default_ssl_context())
        self.read_timeout = read_timeout

    def https_open(self, req: urllib.request.Request) -> Any:
        read = getattr(req, "finos_read_timeout", self.read_timeout)
        return self.do_open(functools.partial(_TimedHTTPSConnection, read_timeout=read), req,
                            context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The API never redirects; a 3xx is handed back as it is instead of being replayed as a GET."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Requestor:
    def __init__(self, api_key: Optional[str], base_url: str = DEFAULT_BASE_URL, *,
                 max_retries: int = DEFAULT_MAX_RETRIES,
                 connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
                 read_timeout: float = DEFAULT_READ_TIMEOUT,
                 initial_retry_delay: float = 0.5,
                 max_retry_delay: float = 8.0,
                 proxies: Optional[Mapping[str, str]] = None) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.max_retries = max(0, int(max_retries))
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        # None reads the proxy environment variables now, as urllib does.
        proxy_handler = urllib.request.ProxyHandler(dict(proxies) if proxies is not None else None)
        self._opener = urllib.request.build_opener(
            proxy_handler, _HTTPHandler(read_timeout), _HTTPSHandler(read_timeout), _NoRedirect())
        self._sleep: Callable[[float], None] = time.sleep

    # ---------------------------------------------------------------- one call, with retries

    def request(self, method: str, path: str, *, query: Optional[List[Tuple[str, str]]] = None,
                body: Optional[bytes] = None, auth: bool = True,
                options: Optional[RequestOptions] = None) -> Response:
        method = method.upper()
        options = options or RequestOptions()
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        key = options.api_key or self.api_key
        if auth:
            if not key:
                raise AuthenticationError(
                    "No API key: pass one to finos.Client(key), set finos.api_key, or pass api_key= to the call",
                    type="authentication_error")
            headers["Authorization"] = "Bearer " + key
        if body is not None:
            headers["Content-Type"] = "application/json"
        if method in WRITES:
            # One key for the call, kept across every retry, so a replay never makes a second resource.
            headers["Idempotency-Key"] = options.idempotency_key or str(uuid.uuid4())
        headers.update(options.headers)
        connect, read = _split_timeout(options.timeout, self.connect_timeout, self.read_timeout)

        attempt = 0
        while True:
            try:
                response = self._send(method, url, headers, body, connect, read)
            except APIConnectionError:
                if attempt >= self.max_retries:
                    raise
                self._sleep(self._backoff(attempt, None))
                attempt += 1
                continue
            if 200 <= response.status < 300:
                return response
            retry_after = _retry_after(response.header("Retry-After"))
            if attempt < self.max_retries and _should_retry(response.status, retry_after):
                self._sleep(self._backoff(attempt, retry_after))
                attempt += 1
                continue
            raise self._error(response, retry_after)

    def _send(self, method: str, url: str, headers: Mapping[str, str], body: Optional[bytes],
              connect: float, read: float) -> Response:
        req = urllib.request.Request(url, data=body, headers=dict(headers), method=method)
        req.finos_read_timeout = read  # type: ignore[attr-defined]
        try:
            with self._opener.open(req, timeout=connect) as res:
                return Response(res.status, dict(res.headers.items()), res.read())
        except urllib.error.HTTPError as err:
            try:
                data = err.read()
            except (OSError, http.client.HTTPException):
                data = b""
            finally:
                err.close()
            return Response(err.code, dict(err.headers.items()) if err.headers else {}, data)
        except urllib.error.URLError as err:
            raise APIConnectionError("Could not reach Finos at %s: %s" % (self.base_url, err.reason)) from err
        except (socket.timeout, TimeoutError) as err:
            raise APIConnectionError("Finos did not answer within %s s" % read) from err
        except (OSError, http.client.HTTPException) as err:
            raise APIConnectionError("The connection to Finos broke: %s" % (err or type(err).__name__)) from err

    def _backoff(self, attempt: int, retry_after: Optional[float]) -> float:
        """Exponential backoff with jitter: between half and all of initial × 2^attempt, capped; never
        shorter than a Retry-After the API asked for."""
        ceiling = min(self.max_retry_delay, self.initial_retry_delay * (2 ** attempt))
        delay = ceiling * (0.5 + random.random() / 2)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    @staticmethod
    def _error(response: Response, retry_after: Optional[float]) -> FinosError:
        try:
            json_body = parse_json(response.body) if response.body else None
        except ValueError:
            json_body = None
        return error_from_response(response.status, response.headers, response.body, json_body, retry_after)

    # ---------------------------------------------------------------- answers

    def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        if not response.body:
            return None
        try:
            return parse_json(response.body)
        except ValueError as err:
            raise APIError("Finos answered %d with a body that is not JSON" % response.status,
                           http_status=response.status, request_id=response.header("X-Request-Id"),
                           http_body=response.body, headers=response.headers) from err


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _should_retry(status: int, retry_after: Optional[float]) -> bool:
    """5xx and 429 are retried, unless the API asks for a wait longer than MAX_RETRY_AFTER: the
    caller learns of it at once (``RateLimitError.retry_after``) instead of a call that hangs."""
    if retry_after is not None and retry_after > MAX_RETRY_AFTER:
        return False
    return status == 429 or status >= 500
