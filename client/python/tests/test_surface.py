import inspect
import unittest
from decimal import Decimal

from _server import ScriptedServer, answer

import finos
from finos import _resources


class ModuleStyle(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        saved = (finos.api_key, finos.api_base)
        self.addCleanup(lambda: setattr(finos, "api_key", saved[0]) or setattr(finos, "api_base", saved[1]))

    def test_reference_style_uses_the_module_settings(self) -> None:
        finos.api_key = "sk_test_module"
        finos.api_base = self.server.url
        self.server.script = [answer(200, {"id": "a_1", "available_cash": "5.00"})]
        account = finos.Account.fetch("a_1")
        self.assertIsInstance(account.available_cash, Decimal)
        self.assertEqual(str(account.available_cash), "5.00")
        self.assertEqual(self.server.requests[0].path, "/v1/accounts/a_1")
        self.assertEqual(self.server.requests[0].header("Authorization"), "Bearer sk_test_module")

    def test_a_changed_key_applies_to_the_next_call(self) -> None:
        finos.api_base = self.server.url
        finos.api_key = "sk_one"
        finos.User.list()
        finos.api_key = "sk_two"
        finos.BankAccount.fetch("b")
        self.assertEqual([r.header("Authorization") for r in self.server.requests], ["Bearer sk_one", "Bearer sk_two"])

    def test_unknown_method_is_an_attribute_error(self) -> None:
        with self.assertRaises(AttributeError):
            finos.Account.explode


class Reachability(unittest.TestCase):
    def test_every_operation_of_the_contract_has_a_method(self) -> None:
        client = finos.Client("sk_x")
        self.assertGreater(len(_resources.OPERATIONS), 50)
        for resource, method, operation_id, http_method, path in _resources.OPERATIONS:
            with self.subTest(operation_id=operation_id):
                bound = getattr(getattr(client, resource), method)
                self.assertTrue(callable(bound))
                self.assertIn(path, inspect.getdoc(bound))
                self.assertTrue(callable(getattr(getattr(finos, _singular(resource)), method)))

    def test_no_field_shadows_a_per_call_option(self) -> None:
        for resource, klass in _resources.RESOURCES.items():
            for name, fn in inspect.getmembers(klass, inspect.isfunction):
                if name.startswith("_"):
                    continue
                params = inspect.signature(fn).parameters
                self.assertIn("api_key", params)
                self.assertIn("timeout", params)
                self.assertIn("headers", params)


def _singular(resource: str) -> str:
    for name in _resources.__all__:
        klass = getattr(_resources, name)
        if getattr(klass, "_resource", None) == resource and not name.endswith("Resource"):
            return name
    raise KeyError(resource)


if __name__ == "__main__":
    unittest.main()
