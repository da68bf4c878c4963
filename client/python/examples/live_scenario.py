"""The live SDK scenario (test/sdk/scenario.md) against a real Finos server, through the public
surface of the SDK only. Reads FINOS_API_KEY, FINOS_BASE_URL, FINOS_FLAKY_BASE_URL and
FINOS_RUN_ID; prints one JSON line per step."""
import json
import os
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import finos

KEY = os.environ["FINOS_API_KEY"]
BASE = os.environ["FINOS_BASE_URL"]
FLAKY = os.environ["FINOS_FLAKY_BASE_URL"]
RUN = os.environ.get("FINOS_RUN_ID", str(int(time.time())))
# Enough for half a share of AAPL at its current price (100.00 is not: AAPL trades above 200).
DEPOSIT = Decimal("1000.00")


def emit(step, **fields):
    print(json.dumps(dict(step=step, **fields), default=str), flush=True)


def person(n, **extra):
    return dict(first_name="Py", last_name="Scenario%s" % n, email_address="py-%s-%s@example.com" % (RUN, n),
                birth_date="1985-01-23", **extra)


client = finos.Client(KEY, base_url=BASE)

# 1. onboard
user = client.users.create(
    **person("onboard", phone_number="18045551234", ssn_number="123456789", address_line_1="123 Test St",
             address_city="Richmond", address_state="VA", address_postal_code="23220", address_country_code="US"))
account = client.accounts.create(
    user.id, ownership="individual", account_type="investment", martial_status="single",
    country_of_citizenship="USA", employment_status="Employed / Self-Employed", employment_position="Engineer",
    employer_name="Finos Inc", annual_income="$100,000 - $199,999", investment_objective="growth",
    investment_experience="limited", net_liquid_worth="$25,000 - $99,999", net_total_worth="$100,000 - $199,999",
    is_director=False, risk_tolerance="moderate")
bank = client.bank_accounts.create(user.id, bank_account_number="4327843043", bank_routing_number="121042882",
                                   bank_account_nickname="checking")
deposit = client.deposits.create(account_id=account.id, bank_account_id=bank.id, amount=DEPOSIT)
emit("onboard", user_id=user.id, user_status=user.status, account_id=account.id, deposit_id=deposit.id,
     deposit_status=deposit.status, amount=str(deposit.amount))

# 2. settle, then a fractional market order
status = deposit.status
for _ in range(3):
    if status == "complete":
        break
    clock = client.market.clock()
    client.sandbox.advance_clock(to=clock.next_open)
    status = client.deposits.fetch(deposit.id).status
order = client.orders.create(account_id=account.id, symbol="AAPL", side="buy", type="market",
                             time_in_force="day", quantity=Decimal("0.5"))
order = client.orders.fetch(order.id)
positions = client.accounts.positions(account.id)
held = [p for p in positions.auto_paging_iter() if p.symbol == "AAPL"]
emit("settle", deposit_status=status, order_id=order.id, order_status=order.status,
     filled_quantity=str(order.filled_quantity), position_quantity=str(held[0].quantity) if held else None,
     decimal_types=all(isinstance(v, Decimal) for v in (order.filled_quantity, deposit.amount)))

# 3. paginate
existing = sum(1 for _ in client.users.list(limit=100).auto_paging_iter())
for n in range(existing, 26):
    client.users.create(**person("page%d" % n))
ids = [u.id for u in client.users.list(limit=7).auto_paging_iter()]
emit("paginate", count=len(ids), unique=len(set(ids)))

# 4. not_found
try:
    client.users.fetch("00000000-0000-7000-8000-000000000000")
    emit("not_found", error_class=None)
except finos.NotFoundError as err:
    emit("not_found", error_class=type(err).__name__, http_status=err.http_status, type=err.type,
         message=err.message, is_finos_error=isinstance(err, finos.FinosError))

# 5. replay: the flaky address drops the answer of this first write after the server made it
flaky = finos.Client(KEY, base_url=FLAKY)
replayed = flaky.users.create(**dict(person("replay"), email_address="replay-%s@example.com" % RUN))
emit("replay", user_id=replayed.id)

# 6. webhook
received = []
arrived = threading.Event()


class Receiver(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        received.append((dict(self.headers.items()), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        arrived.set()


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
hook = client.webhooks.create(name="python-scenario", config={"url": "http://127.0.0.1:%d/hook" % server.server_address[1]},
                              events=["usertransition.*"])
watched = client.users.create(**person("webhook"))
arrived.wait(30)
server.shutdown()
if not received:
    emit("webhook", verified=False, tampered=None, header=None, webhook_id=hook.id, user_id=watched.id)
else:
    headers, body = received[0]
    lower = {k.lower(): v for k, v in headers.items()}
    name = "X-Finos-Signature" if "x-finos-signature" in lower else "X-Request-Signature"
    signature = lower.get(name.lower())
    legacy = lower.get("x-request-signature")
    emit("webhook", verified=finos.verify_webhook_signature(body, signature, KEY),
         tampered=finos.verify_webhook_signature(body + b" ", signature, KEY), header=name,
         legacy_verified=finos.verify_webhook_signature(body, legacy, KEY) if legacy else None,
         webhook_id=hook.id, user_id=watched.id, event_id=finos.construct_event(body, signature, KEY).id,
         event_type=finos.construct_event(body, signature, KEY).type)

emit("done")
