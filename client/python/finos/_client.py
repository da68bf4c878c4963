"""The client: one API key and base URL, and every resource of the API as an attribute."""
from typing import Mapping, Optional

from ._http import (DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_READ_TIMEOUT,
                    Requestor)
from ._resources import ClientResources


class Client(ClientResources):
    """``finos.Client("sk_test_…", base_url="http://127.0.0.1:8080")``.

    ``max_retries`` (2) is how often a call is retried after a connection error, a 5xx, or a 429
    with a short Retry-After; ``connect_timeout`` (30 s) and ``read_timeout`` (80 s) bound each
    attempt. ``proxies`` (``{"https": "http://proxy:3128"}``) overrides the proxy environment
    variables, which are otherwise read when the client is made.
    """

    def __init__(self, api_key: Optional[str] = None, *, base_url: str = DEFAULT_BASE_URL,
                 max_retries: int = DEFAULT_MAX_RETRIES, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
                 read_timeout: float = DEFAULT_READ_TIMEOUT, proxies: Optional[Mapping[str, str]] = None,
                 initial_retry_delay: float = 0.5, max_retry_delay: float = 8.0) -> None:
        self._requestor = Requestor(api_key, base_url, max_retries=max_retries, connect_timeout=connect_timeout,
                                    read_timeout=read_timeout, proxies=proxies,
                                    initial_retry_delay=initial_retry_delay, max_retry_delay=max_retry_delay)
        self._attach(self._requestor)

    @property
    def api_key(self) -> Optional[str]:
        return self._requestor.api_key

    @property
    def base_url(self) -> str:
        return self._requestor.base_url

    def __repr__(self) -> str:
        return "finos.Client(base_url=%r)" % self.base_url
