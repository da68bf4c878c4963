"""The official Python library for the Finos API.

Client style::

    import finos
    client = finos.Client("sk_test_…", base_url="http://127.0.0.1:8080")
    account = client.accounts.fetch("…")

Module style, as the API reference writes it::

    finos.api_key = "sk_test_…"
    finos.api_base = "http://127.0.0.1:8080"
    account = finos.Account.fetch("…")
"""
from typing import Optional

from . import models
from ._base import NOT_GIVEN, NotGiven
from ._client import Client
from ._errors import (APIConnectionError, APIError, AuthenticationError, FinosError, InvalidRequestError,
                      NotFoundError, PermissionDeniedError, RateLimitError, SignatureVerificationError,
                      ValidationError)
from ._http import DEFAULT_BASE_URL, RequestOptions
from ._list import ListObject
from ._object import FinosObject
from ._resources import *  # noqa: F401,F403 (the resource classes: Users, … and Account, …)
from ._resources import __all__ as _resource_names
from ._version import VERSION
from ._webhooks import construct_event, verify_webhook_signature

__version__ = VERSION

# Module-level settings for the reference style (finos.Account.fetch); read at every call.
api_key: Optional[str] = None
api_base: str = DEFAULT_BASE_URL
max_network_retries: int = 2


_default = None  # (settings, client) of the last default_client() call


def default_client() -> Client:
    """A client made from ``finos.api_key``, ``finos.api_base`` and ``finos.max_network_retries``,
    reused while they stay the same."""
    global _default
    settings = (api_key, api_base, max_network_retries)
    if _default is None or _default[0] != settings:
        _default = (settings, Client(api_key, base_url=api_base, max_retries=max_network_retries))
    return _default[1]


__all__ = [
    "Client", "models", "FinosObject", "ListObject", "RequestOptions", "NOT_GIVEN", "NotGiven",
    "FinosError", "APIConnectionError", "APIError", "AuthenticationError", "PermissionDeniedError",
    "InvalidRequestError", "ValidationError", "NotFoundError", "RateLimitError",
    "SignatureVerificationError", "verify_webhook_signature", "construct_event", "default_client", "api_key", "api_base", "max_network_retries",
    "DEFAULT_BASE_URL", "VERSION",
] + list(_resource_names)
