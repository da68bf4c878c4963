"""The exceptions the SDK raises: one base class, one subclass per error type of the API."""
from typing import Any, Mapping, Optional


class FinosError(Exception):
    """Any failure of a Finos call.

    ``http_status`` is the HTTP status (``None`` when no answer arrived), ``type`` the API's error
    type (``not_found``, ``invalid_request`` ...), ``field`` the request field at fault when the API
    names one, and ``request_id`` the id to quote to support.
    """

    default_type = "api_error"

    def __init__(
        self,
        message: str,
        *,
        http_status: Optional[int] = None,
        type: Optional[str] = None,
        field: Optional[str] = None,
        request_id: Optional[str] = None,
        http_body: Optional[bytes] = None,
        headers: Optional[Mapping[str, str]] = None,
        json_body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.type = type or self.default_type
        self.field = field
        self.request_id = request_id
        self.http_body = http_body
        self.headers = dict(headers or {})
        self.json_body = json_body

    def __str__(self) -> str:
        parts = [self.message]
        if self.http_status is not None:
            parts.insert(0, "(%d %s)" % (self.http_status, self.type))
        if self.request_id:
            parts.append("[request id %s]" % self.request_id)
        return " ".join(parts)

    def __repr__(self) -> str:
        return "%s(message=%r, http_status=%r, type=%r, field=%r, request_id=%r)" % (
            type(self).__name__, self.message, self.http_status, self.type, self.field, self.request_id)


class APIConnectionError(FinosError):
    """Finos could not be reached, or the connection broke or timed out before an answer."""

    default_type = "api_connection"


class APIError(FinosError):
    """The API failed on its side (5xx) or answered something the SDK cannot read."""

    default_type = "api_error"


class AuthenticationError(FinosError):
    """The API key is missing or unknown (401), or may not do this (403)."""

    default_type = "authentication_error"


class PermissionDeniedError(AuthenticationError):
    """A valid key that may not do this (403); also an ``AuthenticationError``, as the API types it."""


class InvalidRequestError(FinosError):
    """The request cannot be done as sent (400, 402, 405, 409, 413)."""

    default_type = "invalid_request"


class ValidationError(InvalidRequestError):
    """A field failed validation; ``field`` names it when the API does."""

    default_type = "validation_error"


class NotFoundError(FinosError):
    """No such resource (404)."""

    default_type = "not_found"


class RateLimitError(FinosError):
    """Too many requests (429); ``retry_after`` is the wait the API asked for, in seconds."""

    default_type = "rate_limit_exceeded"

    def __init__(self, message: str, *, retry_after: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class SignatureVerificationError(FinosError):
    """A webhook body whose signature does not verify (raised by ``construct_event``)."""

    default_type = "signature_verification"


_BY_TYPE = {
    "api_connection": APIConnectionError,
    "api_error": APIError,
    "authentication_error": AuthenticationError,
    "invalid_request": InvalidRequestError,
    "validation_error": ValidationError,
    "not_found": NotFoundError,
    "rate_limit_exceeded": RateLimitError,
}


def _class_for_status(status: int) -> type:
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return APIError
    if 400 <= status < 500:
        return InvalidRequestError
    return APIError


def error_from_response(status: int, headers: Mapping[str, str], body: bytes, json_body: Any,
                        retry_after: Optional[float] = None) -> FinosError:
    """The exception for an error answer. The error type decides the class; an unknown or missing
    type falls back on the status, so a new error type of the API never breaks the SDK."""
    error = json_body.get("error") if isinstance(json_body, dict) else None
    error = error if isinstance(error, dict) else {}
    etype = error.get("type") if isinstance(error.get("type"), str) else None
    klass = _BY_TYPE.get(etype or "")
    if klass is None or klass is APIConnectionError:
        klass = _class_for_status(status)
    if klass is AuthenticationError and status == 403:
        klass = PermissionDeniedError
    message = error.get("message")
    if not isinstance(message, str):
        text = body.decode("utf-8", "replace").strip() if body else ""
        message = text[:200] if text else "HTTP %d" % status
    field = error.get("field") if isinstance(error.get("field"), str) else None
    request_id = error.get("request_id") if isinstance(error.get("request_id"), str) else None
    if request_id is None:
        request_id = _header(headers, "x-request-id")
    kwargs = dict(http_status=status, type=etype or klass.default_type, field=field, request_id=request_id,
                  http_body=body, headers=headers, json_body=json_body)
    if klass is RateLimitError:
        return RateLimitError(message, retry_after=retry_after, **kwargs)
    return klass(message, **kwargs)


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None
