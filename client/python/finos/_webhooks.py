"""Checking that a webhook delivery came from Finos.

Finos signs every delivery twice: ``X-Finos-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
"<t>.<raw body>">`` (the timestamp bounds replays) and the legacy ``X-Request-Signature: <hex
HMAC-SHA1 of the raw body>``. The HMAC key is the secret API key without its ``sk_`` prefix.
"""
import hashlib
import hmac
import re
import time
from typing import Optional, Union

from ._errors import SignatureVerificationError
from ._object import FinosObject, convert, parse_json

DEFAULT_TOLERANCE = 300
_LEGACY = re.compile(r"^[0-9a-fA-F]{40}$")
_HEX = re.compile(r"^[0-9a-f]*$")
_T = re.compile(r"^[0-9]{1,12}$")


def signing_key(api_key: str) -> str:
    for prefix in ("sk_", "pk_"):
        if api_key.startswith(prefix):
            return api_key[len(prefix):]
    return api_key


def verify_webhook_signature(raw_body: Union[bytes, bytearray, str], header: Optional[str], key: str, *,
                             tolerance: float = DEFAULT_TOLERANCE, now: Optional[float] = None) -> bool:
    """True when ``header`` (the value of either signature header) signs ``raw_body`` under ``key``.

    ``raw_body`` must be the bytes as received, before any JSON parsing. A timestamped signature
    older or newer than ``tolerance`` seconds fails. Malformed input returns False; it never raises.
    """
    if not header or not key or not isinstance(header, str):
        return False
    body = raw_body.encode("utf-8") if isinstance(raw_body, str) else bytes(raw_body)
    secret = signing_key(key).encode("utf-8")
    value = header.strip()
    if _LEGACY.match(value):
        expected = hmac.new(secret, body, hashlib.sha1).hexdigest()
        return hmac.compare_digest(expected, value.lower())
    timestamp = None
    signatures = []
    for part in value.split(","):
        name, sep, item = part.partition("=")
        if not sep:
            continue
        name, item = name.strip(), item.strip()
        if name == "t":
            timestamp = item
        elif name == "v1":
            signatures.append(item.lower())
    if timestamp is None or not _T.match(timestamp) or not signatures:
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    ok = False
    for candidate in signatures:
        # Compare every candidate, so the time taken does not tell which one matched.
        if _HEX.match(candidate) and hmac.compare_digest(expected, candidate):
            ok = True
    return ok


def construct_event(raw_body: Union[bytes, bytearray, str], header: Optional[str], key: str, *,
                    tolerance: float = DEFAULT_TOLERANCE, now: Optional[float] = None) -> FinosObject:
    """Verifies a delivery like ``verify_webhook_signature`` and returns its event, read like an
    answer of ``client.events.fetch``: ``event.data.object`` typed by the event type, so its money
    and quantities are Decimal. Raises ``SignatureVerificationError`` when the signature fails."""
    if not verify_webhook_signature(raw_body, header, key, tolerance=tolerance, now=now):
        raise SignatureVerificationError("The webhook signature does not match its body under this key, "
                                         "or its timestamp is outside the tolerance")
    from ._resources import SHAPES
    from .models import MODELS

    body = raw_body.encode("utf-8") if isinstance(raw_body, str) else bytes(raw_body)
    try:
        return convert(parse_json(body), "Event", SHAPES, MODELS)
    except ValueError as err:
        raise SignatureVerificationError("The webhook body is not JSON") from err
