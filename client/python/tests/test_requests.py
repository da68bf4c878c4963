import os
import unittest
import uuid
from decimal import Decimal
from unittest import mock

from _server import DROP, ScriptedServer, answer, client_for

import finos

USER = {"id": "u_1", "first_name": "Ada", "status": "approved"}


class RequestBasics(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        self.client = client_for(self.server)

    def test_sends_bearer_key_user_agent_and_no_idempotency_key_on_reads(self) -> None:
        self.server.script = [answer(200, USER)]
        self.client.users.fetch("u_1")
        req = self.server.requests[0]
        self.assertEqual(req.method, "GET")
        self.assertEqual(req.path, "/v1/users/u_1")
        self.assertEqual(req.header("Authorization"), "Bearer sk_test_unit")
        self.assertTrue(req.header("User-Agent").startswith("finos-python/%s" % finos.VERSION))
        self.assertIsNone(req.header("Idempotency-Key"))

    def test_keyword_arguments_form_the_body_and_unset_ones_are_left_out(self) -> None:
        self.server.script = [answer(201, USER)]
        self.client.users.create(first_name="Ada", last_name="Lovelace", email_address="ada@example.com",
                                 address_line_2=None)
        req = self.server.requests[0]
        self.assertEqual(req.method, "POST")
        self.assertEqual(req.header("Content-Type"), "application/json")
        self.assertEqual(req.json(), {"first_name": "Ada", "last_name": "Lovelace",
                                      "email_address": "ada@example.com", "address_line_2": None})

    def test_query_parameters_are_keywords_and_path_parameters_are_escaped(self) -> None:
        self.server.script = [answer(200, {"data": [], "pagination": {}})]
        self.client.accounts.transactions("a/1 2", type="trade", limit=5)
        self.assertEqual(self.server.requests[0].path, "/v1/accounts/a%2F1%202/transactions?type=trade&limit=5")

    def test_optional_path_segment_picks_the_second_operation(self) -> None:
        self.server.script = [answer(200, []), answer(200, [])]
        self.client.stocks.chart("AAPL")
        self.client.stocks.chart("AAPL", "1d")
        self.assertEqual([r.path for r in self.server.requests], ["/v1/stocks/AAPL/chart", "/v1/stocks/AAPL/chart/1d"])

    def test_every_write_gets_a_generated_idempotency_key(self) -> None:
        self.server.script = [answer(201, USER), answer(201, USER)]
        self.client.users.create(first_name="A", last_name="B", email_address="a@example.com")
        self.client.users.create(first_name="A", last_name="B", email_address="a@example.com")
        keys = [r.header("Idempotency-Key") for r in self.server.requests]
        self.assertTrue(all(keys))
        self.assertNotEqual(keys[0], keys[1])
        uuid.UUID(keys[0])

    def test_caller_idempotency_key_api_key_and_headers_are_used(self) -> None:
        self.server.script = [answer(200, {"id": "w", "object": "webhook", "deleted": True})]
        self.client.webhooks.delete("w", idempotency_key="mine-1", api_key="sk_other", headers={"X-Extra": "yes"})
        req = self.server.requests[0]
        self.assertEqual(req.method, "DELETE")
        self.assertEqual(req.header("Idempotency-Key"), "mine-1")
        self.assertEqual(req.header("Authorization"), "Bearer sk_other")
        self.assertEqual(req.header("X-Extra"), "yes")

    def test_missing_key_raises_before_any_request(self) -> None:
        client = client_for(self.server, api_key=None)
        with self.assertRaises(finos.AuthenticationError):
            client.users.fetch("u_1")
        self.assertEqual(self.server.requests, [])

    def test_public_operations_send_no_key(self) -> None:
        client = client_for(self.server, api_key=None)
        self.server.script = [answer(200, {"status": "ok"})]
        self.assertEqual(client.health.check().status, "ok")
        self.assertIsNone(self.server.requests[0].header("Authorization"))

    def test_binary_answer_is_bytes(self) -> None:
        self.server.script = [answer(200, b"%PDF-1.4 test", headers={"Content-Type": "application/pdf"})]
        pdf = self.client.statements.pdf("s_1", expires=123, signature="abc")
        self.assertEqual(pdf, b"%PDF-1.4 test")
        self.assertEqual(self.server.requests[0].path, "/v1/statements/s_1/pdf?expires=123&signature=abc")


class Retries(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        self.client = client_for(self.server)
        self.sleeps = []
        self.client._requestor._sleep = self.sleeps.append

    def create(self, **kwargs):
        return self.client.deposits.create(account_id="a", bank_account_id="b", amount=Decimal("10.00"), **kwargs)

    def test_5xx_is_retried_with_the_same_idempotency_key(self) -> None:
        self.server.script = [answer(500, {"error": {"type": "api_error", "message": "boom"}}), answer(503, {}),
                              answer(201, {"id": "d_1", "amount": "10.00"})]
        deposit = self.create()
        self.assertEqual(deposit.id, "d_1")
        keys = {r.header("Idempotency-Key") for r in self.server.requests}
        self.assertEqual(len(self.server.requests), 3)
        self.assertEqual(len(keys), 1)
        self.assertEqual(len(self.sleeps), 2)

    def test_a_dropped_connection_is_retried_with_the_same_key(self) -> None:
        self.server.script = [DROP, answer(201, {"id": "d_1", "amount": "10.00"})]
        self.assertEqual(self.create(idempotency_key="k-7").id, "d_1")
        self.assertEqual([r.header("Idempotency-Key") for r in self.server.requests], ["k-7", "k-7"])

    def test_retries_stop_after_two_and_raise_the_last_error(self) -> None:
        self.server.fallback = answer(502, {"error": {"type": "api_error", "message": "down", "request_id": "r9"}})
        with self.assertRaises(finos.APIError) as ctx:
            self.create()
        self.assertEqual(len(self.server.requests), 3)
        self.assertEqual(ctx.exception.http_status, 502)
        self.assertEqual(ctx.exception.request_id, "r9")

    def test_max_retries_is_configurable(self) -> None:
        client = client_for(self.server, max_retries=0)
        self.server.fallback = answer(500, {})
        with self.assertRaises(finos.APIError):
            client.users.fetch("u")
        self.assertEqual(len(self.server.requests), 1)

    def test_429_with_a_short_retry_after_is_retried_after_that_wait(self) -> None:
        self.server.script = [answer(429, {"error": {"type": "rate_limit_exceeded", "message": "slow"}}, {"Retry-After": "2"}),
                              answer(200, USER)]
        self.assertEqual(self.client.users.fetch("u_1").first_name, "Ada")
        self.assertEqual(len(self.server.requests), 2)
        self.assertGreaterEqual(self.sleeps[0], 2)

    def test_429_with_a_long_retry_after_is_raised(self) -> None:
        self.server.script = [answer(429, {"error": {"type": "rate_limit_exceeded", "message": "slow"}}, {"Retry-After": "600"})]
        with self.assertRaises(finos.RateLimitError) as ctx:
            self.client.users.fetch("u_1")
        self.assertEqual(ctx.exception.retry_after, 600)
        self.assertEqual(len(self.server.requests), 1)

    def test_a_5xx_asking_for_a_long_wait_is_raised_at_once(self) -> None:
        self.server.script = [answer(503, {"error": {"type": "api_error", "message": "maintenance"}}, {"Retry-After": "3600"})]
        with self.assertRaises(finos.APIError):
            self.client.users.fetch("u_1")
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(self.sleeps, [])

    def test_retry_after_as_an_http_date(self) -> None:
        self.server.script = [answer(429, {}, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), answer(200, USER)]
        self.client.users.fetch("u_1")
        self.assertEqual(len(self.server.requests), 2)

    def test_other_4xx_are_never_retried(self) -> None:
        for status, etype in ((400, "invalid_request"), (401, "authentication_error"), (404, "not_found"), (409, "invalid_request")):
            with self.subTest(status=status):
                self.server.requests.clear()
                self.server.script = [answer(status, {"error": {"type": etype, "message": "no"}}), answer(200, USER)]
                with self.assertRaises(finos.FinosError):
                    self.create()
                self.assertEqual(len(self.server.requests), 1)
                self.server.script = []

    def test_backoff_grows_and_is_jittered_below_its_cap(self) -> None:
        requestor = self.client._requestor
        requestor.initial_retry_delay, requestor.max_retry_delay = 1.0, 3.0
        for attempt, ceiling in ((0, 1.0), (1, 2.0), (2, 3.0), (5, 3.0)):
            delays = [requestor._backoff(attempt, None) for _ in range(50)]
            self.assertTrue(all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, delays))
            self.assertGreater(len(set(delays)), 1)


class Timeouts(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)

    def test_a_slow_answer_times_out_as_a_connection_error_and_is_retried(self) -> None:
        client = client_for(self.server, read_timeout=0.2, max_retries=1)
        self.server.fallback = answer(200, USER, delay=1.5)
        with self.assertRaises(finos.APIConnectionError) as ctx:
            client.users.fetch("u_1")
        self.assertIsNone(ctx.exception.http_status)
        self.assertEqual(ctx.exception.type, "api_connection")
        self.assertEqual(len(self.server.requests), 2)

    def test_per_call_timeout_overrides_the_client_default(self) -> None:
        client = client_for(self.server, max_retries=0)
        self.server.script = [answer(200, USER, delay=1.5)]
        with self.assertRaises(finos.APIConnectionError):
            client.users.fetch("u_1", timeout=0.2)

    def test_defaults_are_30_seconds_to_connect_and_80_to_read(self) -> None:
        client = finos.Client("sk_x")
        self.assertEqual((client._requestor.connect_timeout, client._requestor.read_timeout), (30.0, 80.0))
        self.assertEqual(client._requestor.max_retries, 2)

    def test_connection_refused_is_an_api_connection_error(self) -> None:
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        client = finos.Client("sk_x", base_url="http://127.0.0.1:%d" % port, max_retries=1,
                              initial_retry_delay=0.001, proxies={})
        with self.assertRaises(finos.APIConnectionError):
            client.users.fetch("u")


class Proxies(unittest.TestCase):
    def setUp(self) -> None:
        self.proxy = ScriptedServer()
        self.addCleanup(self.proxy.close)

    def test_the_proxy_environment_variables_are_honoured(self) -> None:
        self.proxy.script = [answer(200, USER)]
        env = {"HTTP_PROXY": self.proxy.url, "http_proxy": self.proxy.url, "NO_PROXY": "", "no_proxy": ""}
        with mock.patch.dict(os.environ, env):
            client = finos.Client("sk_x", base_url="http://api.finos.invalid")
        self.assertEqual(client.users.fetch("u_1").id, "u_1")
        req = self.proxy.requests[0]
        self.assertEqual(req.path, "http://api.finos.invalid/v1/users/u_1")
        self.assertEqual(req.header("Authorization"), "Bearer sk_x")

    def test_no_proxy_is_honoured(self) -> None:
        target = ScriptedServer()
        self.addCleanup(target.close)
        target.script = [answer(200, USER)]
        env = {"HTTP_PROXY": self.proxy.url, "http_proxy": self.proxy.url, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
        with mock.patch.dict(os.environ, env):
            client = finos.Client("sk_x", base_url=target.url)
            client.users.fetch("u_1")
        self.assertEqual(len(target.requests), 1)
        self.assertEqual(self.proxy.requests, [])


if __name__ == "__main__":
    unittest.main()
