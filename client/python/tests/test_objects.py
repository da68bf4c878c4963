import datetime
import json
import unittest
from decimal import Decimal

from _server import ScriptedServer, answer, client_for

import finos
from finos import models

ACCOUNT = {
    "id": "a_1", "status": "brand_new_status", "available_cash": "100.10", "portfolio_market_value": "0.00",
    "settings": {"id": "a_1", "managed": False, "portfolio_id": None, "min_cash_percent": "1.0", "max_cash_percent": "5"},
    "field_from_the_future": {"nested": "kept"},
}


class Reading(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        self.client = client_for(self.server)

    def test_money_fields_are_decimal_and_objects_have_attribute_and_key_access(self) -> None:
        self.server.script = [answer(200, ACCOUNT)]
        account = self.client.accounts.fetch("a_1")
        self.assertEqual(account.available_cash, Decimal("100.10"))
        self.assertIsInstance(account["available_cash"], Decimal)
        self.assertEqual(str(account.available_cash), "100.10")
        self.assertEqual(account.settings.min_cash_percent, Decimal("1.0"))
        self.assertIsNone(account.settings.portfolio_id)
        self.assertIs(account.settings.managed, False)

    def test_unknown_fields_and_enum_values_are_kept(self) -> None:
        self.server.script = [answer(200, ACCOUNT)]
        account = self.client.accounts.fetch("a_1")
        self.assertEqual(account.status, "brand_new_status")
        self.assertEqual(account.field_from_the_future.nested, "kept")
        with self.assertRaises(AttributeError):
            account.no_such_field
        self.assertIsInstance(account, dict)

    def test_json_numbers_are_decimal_never_float(self) -> None:
        self.server.script = [answer(200, b'{"symbol":"AAPL","latest_price":187.1234567890123456789,"latest_volume":12}')]
        quote = self.client.stocks.quote("AAPL")
        self.assertEqual(quote.latest_price, Decimal("187.1234567890123456789"))
        self.assertIsInstance(quote.latest_volume, int)

    def test_nested_lists_of_positions_and_lots(self) -> None:
        self.server.script = [answer(200, {"data": [{"symbol": "AAPL", "quantity": "0.5", "market_value": "93.50",
                                                     "lots": [{"quantity": "0.5", "price": "187.00", "cost_basis": "93.50"}]}],
                                           "pagination": {"next_page": None, "next_uri": None}})]
        page = self.client.accounts.positions("a_1")
        position = page.data[0]
        self.assertEqual(position.quantity, Decimal("0.5"))
        self.assertEqual(position.lots[0].price, Decimal("187.00"))

    def test_answers_are_their_model_classes_down_to_nested_objects(self) -> None:
        self.server.script = [answer(200, dict(ACCOUNT, owner={"id": "u_1", "first_name": "Ada"}, joint_member=None)),
                              answer(200, {"data": [{"id": "u_1"}], "pagination": {"next_page": None}})]
        account = self.client.accounts.fetch("a_1")
        self.assertIs(type(account), models.Account)
        self.assertIs(type(account.owner), models.AccountOwner)
        self.assertIs(type(account.settings), finos.FinosObject)
        self.assertTrue(repr(account).startswith("<Account id=a_1>"))
        page = self.client.users.list()
        self.assertIsInstance(page, finos.ListObject)
        self.assertIs(type(page.data[0]), models.User)
        self.assertIs(type(page.pagination), models.Pagination)

    def test_events_are_read_by_their_type(self) -> None:
        self.server.script = [answer(200, {"data": [
            {"id": "e1", "type": "ordertransition.filled", "data": {"object": {"id": "o", "filled_quantity": "0.5"}}},
            {"id": "e2", "type": "usertransition.approved", "data": {"object": {"id": "u", "first_name": "Ada"}}},
            {"id": "e3", "type": "withdrawaltransition.pending", "data": {"object": {"id": "w", "amount": "5.10"}}},
        ], "pagination": {"next_page": None, "next_uri": None}})]
        events = self.client.events.list().data
        self.assertEqual([type(e) for e in events], [models.OrderEvent, models.UserEvent, models.WithdrawalEvent])
        self.assertIs(type(events[0].data.object), models.Order)
        self.assertEqual(events[0].data.object.filled_quantity, Decimal("0.5"))
        self.assertEqual(events[1].data.object.first_name, "Ada")
        self.assertEqual(events[2].data.object.amount, Decimal("5.10"))

    def test_a_decimal_field_that_does_not_parse_stays_a_string(self) -> None:
        self.server.script = [answer(200, {"id": "o", "filled_quantity": "lots", "notional": None, "quantity": "0.5"})]
        order = self.client.orders.fetch("o")
        self.assertEqual(order.filled_quantity, "lots")
        self.assertIsNone(order.notional)
        self.assertEqual(order.quantity, Decimal("0.5"))

    def test_objects_serialise_back_to_json(self) -> None:
        self.server.script = [answer(200, ACCOUNT)]
        account = self.client.accounts.fetch("a_1")
        self.assertIn('"available_cash": "100.10"', repr(account))
        self.assertEqual(account.to_dict()["settings"]["max_cash_percent"], Decimal("5"))


class Writing(unittest.TestCase):
    def setUp(self) -> None:
        self.server = ScriptedServer()
        self.addCleanup(self.server.close)
        self.client = client_for(self.server)

    def test_decimal_money_is_sent_as_an_exact_string(self) -> None:
        self.client.deposits.create(account_id="a", bank_account_id="b", amount=Decimal("100.10"))
        self.client.orders.create(account_id="a", symbol="AAPL", side="buy", type="market", quantity=Decimal("1E-1"))
        self.assertEqual(self.server.requests[0].json()["amount"], "100.10")
        self.assertEqual(json.loads(self.server.requests[1].body)["quantity"], "0.1")

    def test_a_float_for_money_is_refused_before_sending(self) -> None:
        with self.assertRaises(TypeError) as ctx:
            self.client.deposits.create(account_id="a", bank_account_id="b", amount=100.1)
        self.assertIn("amount", str(ctx.exception))
        self.assertEqual(self.server.requests, [])

    def test_decimal_for_a_json_number_field_is_sent_as_a_bare_number(self) -> None:
        self.client.sandbox.shock_market(symbol="VTI", change_percent=Decimal("-20.5"))
        self.client.portfolios.optimize(expected_returns=[Decimal("0.07"), Decimal("0.03")],
                                        covariance=[[Decimal("0.04"), 0], [0, Decimal("0.01")]])
        self.assertIn(b'"change_percent":-20.5', self.server.requests[0].body)
        body = self.server.requests[1].body
        self.assertIn(b'"expected_returns":[0.07,0.03]', body)
        self.assertIn(b'"covariance":[[0.04,0],[0,0.01]]', body)

    def test_dates_and_datetimes_are_iso_8601(self) -> None:
        when = datetime.datetime(2026, 11, 5, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))
        self.client.sandbox.advance_clock(to=when)
        self.assertEqual(self.server.requests[0].json(), {"to": "2026-11-05T19:30:00Z"})

    def test_a_result_can_be_sent_back(self) -> None:
        self.server.script = [answer(200, {"id": "s", "managed": True, "min_cash_percent": "1.5", "max_cash_percent": "5"})]
        settings = self.client.accounts.fetch("a")
        self.client.accounts.update_settings("a", min_cash_percent=settings.min_cash_percent, managed=settings.managed)
        self.assertEqual(self.server.requests[1].json(), {"min_cash_percent": "1.5", "managed": True})

    def test_unknown_keyword_is_a_type_error(self) -> None:
        with self.assertRaises(TypeError):
            self.client.users.create(first_name="A", last_name="B", email_address="e@x.com", frist_name="typo")

    def test_required_keywords_are_required(self) -> None:
        with self.assertRaises(TypeError):
            self.client.users.search()


if __name__ == "__main__":
    unittest.main()
