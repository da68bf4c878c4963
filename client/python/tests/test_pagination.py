import unittest
import urllib.parse

from _server import ScriptedServer, answer, client_for

import finos

USERS = [{"id": "u_%02d" % i, "first_name": "N%d" % i} for i in range(17)]


def paged(items):
    """Answers a list request the way the API pages: after `starting_after`, `limit` items."""
    def respond(req):
        url = urllib.parse.urlsplit(req.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        limit = int(q.get("limit", 25))
        start = 0
        if "starting_after" in q:
            start = [i["id"] for i in items].index(q["starting_after"]) + 1
        page = items[start:start + limit]
        more = start + limit < len(items)
        rest = {k: v for k, v in q.items() if k not in ("starting_after", "ending_before")}
        nxt = url.path + "?" + urllib.parse.urlencode(dict(rest, starting_after=page[-1]["id"])) if more and page else None
        return answer(200, {"pagination": {"limit": limit, "next_page": nxt, "next_uri": nxt and "http://elsewhere" + nxt},
                            "data": page})
    return respond


class Pagination(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        self.client = client_for(self.server)
        self.server.fallback = paged(USERS)

    def test_auto_paging_iter_walks_every_page_in_order(self) -> None:
        page = self.client.users.list(limit=7)
        self.assertIsInstance(page, finos.ListObject)
        self.assertEqual(len(page.data), 7)
        ids = [u.id for u in page.auto_paging_iter()]
        self.assertEqual(ids, [u["id"] for u in USERS])
        self.assertEqual([r.path for r in self.server.requests],
                         ["/v1/users?limit=7", "/v1/users?limit=7&starting_after=u_06", "/v1/users?limit=7&starting_after=u_13"])

    def test_pages_are_fetched_only_when_needed(self) -> None:
        it = self.client.users.list(limit=7).auto_paging_iter()
        first = [next(it) for _ in range(7)]
        self.assertEqual(len(first), 7)
        self.assertEqual(len(self.server.requests), 1)
        next(it)
        self.assertEqual(len(self.server.requests), 2)

    def test_filters_are_kept_and_the_requests_go_to_the_clients_base_url(self) -> None:
        self.server.fallback = paged([{"id": "t_%d" % i, "amount": "1.00"} for i in range(5)])
        items = list(self.client.accounts.transactions("a_1", type="deposit", limit=2).auto_paging_iter())
        self.assertEqual(len(items), 5)
        self.assertTrue(all("type=deposit" in r.path for r in self.server.requests))
        self.assertEqual(len(self.server.requests), 3)
        self.assertEqual(str(items[0].amount), "1.00")

    def test_next_page_and_has_more(self) -> None:
        page = self.client.users.list(limit=10)
        self.assertTrue(page.has_more)
        second = page.next_page()
        self.assertEqual(second.data[0].id, "u_10")
        self.assertFalse(second.has_more)
        self.assertIsNone(second.next_page())

    def test_an_empty_list_yields_nothing(self) -> None:
        self.server.fallback = paged([])
        self.assertEqual(list(self.client.users.list().auto_paging_iter()), [])
        self.assertEqual(len(self.server.requests), 1)


if __name__ == "__main__":
    unittest.main()
