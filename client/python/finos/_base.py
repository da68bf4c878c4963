"""What the generated resource classes build on: the call helpers and the module-level style."""
import urllib.parse
from typing import Any, Callable, List, Mapping, Optional, Tuple

from ._http import RequestOptions, Requestor, Timeout
from ._list import ListObject
from ._object import convert, encode_json, query_value


class NotGiven:
    """The default of every optional argument: the field is left out of the request. (``None``
    is sent as JSON ``null``, which clears a nullable field.)"""

    _instance = None

    def __new__(cls) -> "NotGiven":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def _options(api_key: Optional[str], idempotency_key: Optional[str], timeout: Optional[Timeout],
             headers: Optional[Mapping[str, str]]) -> RequestOptions:
    return RequestOptions(api_key=api_key, idempotency_key=idempotency_key, timeout=timeout, headers=headers)


class Resource:
    """One resource of the API (``client.users``, ``client.accounts`` ...)."""

    _shapes: Mapping[str, Any] = {}
    _models: Mapping[str, type] = {}

    def __init__(self, requestor: Requestor) -> None:
        self._requestor = requestor

    def _path(self, template: str, params: Mapping[str, Any]) -> str:
        out = template
        for name, value in params.items():
            if value is None or isinstance(value, NotGiven) or value == "":
                raise ValueError("%s is required" % name)
            out = out.replace("{%s}" % name, urllib.parse.quote(query_value(value, name), safe=""))
        return out

    @staticmethod
    def _query(params: Mapping[str, Any]) -> List[Tuple[str, str]]:
        out = []
        for name, value in params.items():
            if value is None or isinstance(value, NotGiven):
                continue
            if isinstance(value, (list, tuple)):
                out.extend((name, query_value(v, name)) for v in value)
            else:
                out.append((name, query_value(value, name)))
        return out

    def _call(self, method: str, template: str, *, path: Mapping[str, Any], query: Mapping[str, Any],
              body: Optional[Mapping[str, Any]], body_schema: Optional[str], result_schema: Optional[str],
              auth: bool, binary: bool, api_key: Optional[str], idempotency_key: Optional[str],
              timeout: Optional[Timeout], headers: Optional[Mapping[str, str]]) -> Any:
        data = None
        if body is not None:
            fields = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
            data = encode_json(fields, body_schema, self._shapes).encode("utf-8")
        options = _options(api_key, idempotency_key, timeout, headers)
        url_path = self._path(template, path)
        query_list = self._query(query)
        if binary:
            return self._requestor.request(method, url_path, query=query_list, body=data, auth=auth,
                                           options=options).body
        raw = self._requestor.request_json(method, url_path, query=query_list, body=data, auth=auth, options=options)
        return convert(raw, result_schema, self._shapes, self._models)

    def _list(self, template: str, *, path: Mapping[str, Any], query: Mapping[str, Any],
              result_schema: Optional[str], auth: bool, api_key: Optional[str], idempotency_key: Optional[str],
              timeout: Optional[Timeout], headers: Optional[Mapping[str, str]]) -> ListObject:
        def fetch(extra: Mapping[str, Any]) -> ListObject:
            merged = dict(query)
            merged.update(extra)
            page = self._call("get", template, path=path, query=merged, body=None, body_schema=None,
                              result_schema=result_schema, auth=auth, binary=False, api_key=api_key,
                              idempotency_key=idempotency_key, timeout=timeout, headers=headers)
            return ListObject.wrap(page, fetch)

        return fetch({})


class _GlobalResourceType(type):
    """``finos.Account.fetch(id)``: any method of the plural resource, on a client made from the
    module settings ``finos.api_key`` and ``finos.api_base`` at the time of the call."""

    _resource = ""

    def __getattr__(cls, name: str) -> Callable[..., Any]:
        if name.startswith("_") or not cls._resource:
            raise AttributeError(name)
        import finos  # the package itself, for its module-level settings

        return getattr(getattr(finos.default_client(), cls._resource), name)

    def __dir__(cls) -> Any:
        from . import _resources

        return sorted(set(type.__dir__(cls)) | {n for n in dir(_resources.RESOURCES[cls._resource]) if not n.startswith("_")})


class GlobalResource(metaclass=_GlobalResourceType):
    _resource = ""
