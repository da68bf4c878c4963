"""A page of a list, and iteration over every page."""
import urllib.parse
from typing import Any, Callable, Iterator, Mapping, Optional

from ._object import FinosObject


class ListObject(FinosObject):
    """One page: ``page.data`` holds its items and ``page.pagination`` the cursors.

    ``auto_paging_iter()`` yields every item of this page and of the pages after it, fetching
    each next page only when the previous one is used up.
    """

    @classmethod
    def wrap(cls, page: Any, fetch: Callable[[Mapping[str, Any]], "ListObject"]) -> "ListObject":
        out = cls(page if isinstance(page, dict) else {})
        out._fetch = fetch
        return out

    @property
    def has_more(self) -> bool:
        pagination = self.get("pagination")
        if not isinstance(pagination, dict):
            return False
        return bool(pagination.get("next_page") or pagination.get("next_uri"))

    def next_page(self) -> Optional["ListObject"]:
        """The page after this one, or None when this is the last."""
        cursor = self._next_cursor()
        if cursor is None:
            return None
        return self._fetch({"starting_after": cursor, "ending_before": None})

    def _next_cursor(self) -> Optional[str]:
        data = self.get("data")
        if not self.has_more or not isinstance(data, list) or not data:
            return None
        pagination = self["pagination"]
        for link in (pagination.get("next_page"), pagination.get("next_uri")):
            if isinstance(link, str):
                found = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query).get("starting_after")
                if found:
                    return found[0]
        last = data[-1]
        ident = last.get("id") if isinstance(last, dict) else None
        return ident if isinstance(ident, str) else None

    def auto_paging_iter(self) -> Iterator[Any]:
        page: Optional[ListObject] = self
        seen = set()
        while page is not None:
            data = page.get("data")
            for item in data if isinstance(data, list) else []:
                yield item
            cursor = page._next_cursor()
            # A cursor that comes back twice would loop for ever; the API never does that.
            if cursor is None or cursor in seen:
                return
            seen.add(cursor)
            page = page._fetch({"starting_after": cursor, "ending_before": None})
