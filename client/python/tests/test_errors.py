import unittest

from _server import ScriptedServer, answer, client_for

import finos


class ErrorMapping(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        self.client = client_for(self.server, max_retries=0)

    def raised(self, status, body, headers=None):
        self.server.script = [answer(status, body, headers)]
        with self.assertRaises(finos.FinosError) as ctx:
            self.client.users.fetch("u_1")
        return ctx.exception

    def test_each_error_type_has_its_class(self) -> None:
        cases = [
            (404, "not_found", finos.NotFoundError),
            (400, "invalid_request", finos.InvalidRequestError),
            (400, "validation_error", finos.ValidationError),
            (401, "authentication_error", finos.AuthenticationError),
            (403, "authentication_error", finos.PermissionDeniedError),
            (429, "rate_limit_exceeded", finos.RateLimitError),
            (500, "api_error", finos.APIError),
        ]
        for status, etype, klass in cases:
            with self.subTest(etype=etype, status=status):
                err = self.raised(status, {"error": {"type": etype, "message": "%s happened" % etype}})
                self.assertIs(type(err), klass)
                self.assertEqual(err.http_status, status)
                self.assertEqual(err.type, etype)
                self.assertEqual(err.message, "%s happened" % etype)

    def test_fields_of_the_error_body_and_the_request_id_header(self) -> None:
        err = self.raised(400, {"error": {"type": "validation_error", "message": "address_state is invalid",
                                          "field": "address_state"}}, {"X-Request-Id": "req_42"})
        self.assertIsInstance(err, finos.InvalidRequestError)
        self.assertEqual(err.field, "address_state")
        self.assertEqual(err.request_id, "req_42")
        self.assertIn("address_state is invalid", str(err))

    def test_no_field_means_none(self) -> None:
        err = self.raised(404, {"error": {"type": "not_found", "message": "No such user: u_1"}})
        self.assertIsInstance(err, finos.NotFoundError)
        self.assertIsNone(err.field)

    def test_request_id_in_the_body_wins(self) -> None:
        err = self.raised(500, {"error": {"type": "api_error", "message": "x", "request_id": "body_id"}}, {"X-Request-Id": "hdr"})
        self.assertEqual(err.request_id, "body_id")

    def test_an_unknown_error_type_falls_back_on_the_status_and_keeps_the_type(self) -> None:
        err = self.raised(409, {"error": {"type": "brand_new_type", "message": "conflict"}})
        self.assertIs(type(err), finos.InvalidRequestError)
        self.assertEqual(err.type, "brand_new_type")

    def test_a_body_that_is_not_json_still_gives_a_typed_error(self) -> None:
        err = self.raised(404, b"<html>gone</html>", {"Content-Type": "text/html"})
        self.assertIs(type(err), finos.NotFoundError)
        self.assertEqual(err.message, "<html>gone</html>")
        self.assertEqual(err.http_body, b"<html>gone</html>")

    def test_every_class_is_a_finos_error(self) -> None:
        for klass in (finos.NotFoundError, finos.AuthenticationError, finos.PermissionDeniedError, finos.InvalidRequestError,
                      finos.ValidationError, finos.RateLimitError, finos.APIConnectionError, finos.APIError):
            self.assertTrue(issubclass(klass, finos.FinosError))

    def test_a_2xx_that_is_not_json_is_an_api_error(self) -> None:
        self.server.script = [answer(200, b"not json", {"Content-Type": "text/plain"})]
        with self.assertRaises(finos.APIError):
            self.client.users.fetch("u_1")


if __name__ == "__main__":
    unittest.main()
