"""Answers as objects, and the exact-decimal rules for reading and writing JSON.

Money and quantities never become floats. Reading: every JSON number is parsed as ``Decimal``
(``parse_float=Decimal``), and every string field whose contract schema is one of the decimal
schemas (Money, PositiveMoney, Decimal, Quantity, PositiveQuantity, AccountCashPercent, TransferAmount) becomes a
``Decimal`` too. Which fields those are is generated from the contract into ``_resources.SHAPES``.
Writing: a ``Decimal`` goes out as a decimal string, or as a JSON number where the contract wants
a number; a ``float`` for a decimal-string field is refused.
"""
import datetime
import json
import math
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Iterator, Mapping, Optional, Tuple

DECIMAL = "decimal"
NUMBER = "number"


class FinosObject(dict):
    """A JSON object from the API: ``obj.first_name`` and ``obj["first_name"]`` both work.

    It is a ``dict``, so it prints, compares and serialises like one. Fields the SDK does not know
    are kept as they came; a missing attribute raises ``AttributeError``.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError("%s has no field %r" % (type(self).__name__, name)) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __delattr__(self, name: str) -> None:
        if name.startswith("_"):
            object.__delattr__(self, name)
            return
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> Any:
        return list(super().__dir__()) + [k for k in self.keys() if isinstance(k, str) and k.isidentifier()]

    def __repr__(self) -> str:
        ident = self.get("id")
        label = type(self).__name__ + (" id=%s" % ident if isinstance(ident, str) else "")
        return "<%s> %s" % (label, json.dumps(self, default=_json_default, indent=2, sort_keys=True))

    def to_dict(self) -> Dict[str, Any]:
        """A plain ``dict`` copy (nested objects too), with the same Decimal values."""
        return _plain(self)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def parse_json(raw: bytes) -> Any:
    """JSON with every number that has a fraction or exponent as ``Decimal``, never ``float``."""
    return json.loads(raw.decode("utf-8"), parse_float=Decimal)


def resolve(spec: Any, shapes: Mapping[str, Any]) -> Tuple[Optional[str], Any]:
    """The schema name a spec leads to (for its model class) and its shape: a dict of properties,
    DECIMAL, NUMBER or None."""
    name = None
    for _ in range(16):
        if not isinstance(spec, str) or spec in (DECIMAL, NUMBER):
            break
        name, spec = spec, shapes.get(spec)
    return name, spec


def shape_of(spec: Any, shapes: Mapping[str, Any]) -> Any:
    return resolve(spec, shapes)[1]


def convert(value: Any, spec: Any, shapes: Mapping[str, Any], models: Optional[Mapping[str, type]] = None) -> Any:
    """Reads a parsed answer by its schema: objects become their model class (a FinosObject), and
    the decimal-string fields ``spec`` marks become ``Decimal``.

    A value that does not parse stays as it came: an answer the SDK does not expect never raises.
    """
    if isinstance(value, list):
        return [convert(v, spec, shapes, models) for v in value]
    name, shape = resolve(spec, shapes)
    if isinstance(value, dict):
        if isinstance(shape, dict) and isinstance(shape.get("$type"), dict):
            # A shape chosen by the object's own `type` (an event by its event type).
            chosen = shape["$type"].get(value.get("type"))
            if chosen is not None:
                name, shape = resolve(chosen, shapes)
            else:
                shape = None
        klass = (models or {}).get(name or "", FinosObject)
        out = klass()
        for key, item in value.items():
            sub = shape.get(key) if isinstance(shape, dict) else None
            out[key] = convert(item, sub, shapes, models)
        return out
    if shape == DECIMAL and isinstance(value, str):
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            return value
        return number if number.is_finite() else value
    if shape == DECIMAL and isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError("%s is not a finite number" % value)
    return format(value, "f")


def _sub(spec: Any, key: str, shapes: Mapping[str, Any]) -> Any:
    shape = shape_of(spec, shapes)
    return shape.get(key) if isinstance(shape, dict) else None


def encode_json(value: Any, spec: Any, shapes: Mapping[str, Any], where: str = "body") -> str:
    """Serialises a request body. ``Decimal`` is written exactly: as a string for decimal-string
    fields and as a bare JSON number where the contract wants a number."""
    spec = shape_of(spec, shapes)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        text = _decimal_text(value)
        return text if spec == NUMBER else json.dumps(text)
    if isinstance(value, int):
        return json.dumps(value)
    if isinstance(value, float):
        if spec == DECIMAL:
            raise TypeError("%s: pass a Decimal or a string, not a float; a float cannot hold money or "
                            "quantities exactly" % where)
        if not math.isfinite(value):
            raise ValueError("%s: %r is not a finite number" % (where, value))
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, datetime.datetime):
        return json.dumps(format_datetime(value))
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            items.append(json.dumps(str(key)) + ":" + encode_json(item, _sub(spec, str(key), shapes), shapes,
                                                                  "%s.%s" % (where, key)))
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(encode_json(v, spec, shapes, "%s[%d]" % (where, i)) for i, v in enumerate(value)) + "]"
    raise TypeError("%s: cannot send a %s as JSON" % (where, type(value).__name__))


def format_datetime(value: datetime.datetime) -> str:
    """ISO-8601 in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.isoformat() + "Z"


def query_value(value: Any, name: str) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    raise TypeError("%s: cannot send a %s as a query parameter" % (name, type(value).__name__))


def iter_items(value: Optional[Mapping[str, Any]]) -> Iterator[Any]:
    return iter(value.items()) if value else iter(())
