# frozen_string_literal: true

# The live SDK scenario (test/sdk/scenario.md) on the Ruby SDK's public surface. It reads
# FINOS_API_KEY, FINOS_BASE_URL, FINOS_FLAKY_BASE_URL and FINOS_RUN_ID and prints one JSON
# line per step.
#
#   FINOS_API_KEY=sk_test_… FINOS_BASE_URL=http://127.0.0.1:8080 ruby -Ilib examples/live_scenario.rb
$LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
require "finos"
require "socket"

$stdout.sync = true
KEY = ENV.fetch("FINOS_API_KEY")
RUN = ENV.fetch("FINOS_RUN_ID", Process.pid.to_s)
client = Finos::Client.new(KEY, base_url: ENV.fetch("FINOS_BASE_URL"))

def step(name, fields = {})
  puts JSON.generate({ step: name }.merge(fields))
end

def identity(email)
  {
    first_name: "Ada", last_name: "Lovelace", email_address: email, phone_number: "18042562188",
    birth_date: "1985-01-23", ssn_number: "123456789", address_line_1: "123 Test St", address_city: "Richmond",
    address_state: "VA", address_postal_code: "23220", address_country_code: "US"
  }
end

# onboard
user = client.users.create(identity("ruby-#{RUN}-owner@example.com"))
user = client.users.fetch(user.id) unless user.status == "approved"
account = client.accounts.create(
  user.id,
  ownership: "individual", account_type: "investment", martial_status: "single", country_of_citizenship: "USA",
  employment_status: "Employed / Self-Employed", employment_position: "Engineer", employer_name: "Finos Inc",
  annual_income: "$100,000 - $199,999", investment_objective: "growth", investment_experience: "limited",
  net_liquid_worth: "$25,000 - $99,999", net_total_worth: "$100,000 - $199,999", is_director: false,
  risk_tolerance: "moderate",
)
bank = client.bank_accounts.create(user.id, bank_account_number: "4327843043", bank_routing_number: "121042882",
                                            bank_account_nickname: "Checking")
deposit = client.deposits.create(account_id: account.id, bank_account_id: bank.id, amount: "100.00")
step("onboard", user_id: user.id, user_status: user.status, account_id: account.id, deposit_id: deposit.id,
                deposit_status: deposit.status, deposit_amount: deposit.amount.to_s("F"),
                amount_class: deposit.amount.class.name)

# settle. 100.00 may not buy half a share at the sandbox's AAPL price: top the account up first
# (with a second deposit that settles together with the first) when it would not.
quantity = BigDecimal("0.5")
cost = client.stocks.quote("AAPL").latest_price * quantity
top_up = nil
if cost > BigDecimal("99")
  amount = (cost - BigDecimal("100") + BigDecimal("50")).ceil
  top_up = client.deposits.create(account_id: account.id, bank_account_id: bank.id, amount: BigDecimal(amount))
end
3.times do
  break if deposit.status == "complete" && (top_up.nil? || top_up.status == "complete")

  clock = client.market.clock
  client.sandbox.advance_clock(to: clock.next_open)
  deposit = client.deposits.fetch(deposit.id)
  top_up = client.deposits.fetch(top_up.id) if top_up
end
order = client.orders.create(account_id: account.id, symbol: "AAPL", quantity: quantity, side: "buy", type: "market")
order = client.orders.fetch(order.id)
position = client.accounts.positions(account.id).auto_paging_each.find { |p| p.symbol == "AAPL" }
step("settle", deposit_status: deposit.status, order_id: order.id, order_status: order.status,
               filled_quantity: order.filled_quantity.to_s("F"), quantity_class: order.filled_quantity.class.name,
               position_quantity: position&.quantity&.to_s("F"), top_up: top_up&.amount&.to_s("F"))

# paginate
existing = client.users.list(limit: 100).auto_paging_each.count
(existing...26).each { |i| client.users.create(identity("ruby-#{RUN}-page#{i}@example.com")) }
ids = client.users.list(limit: 7).auto_paging_each.map(&:id)
step("paginate", count: ids.size, unique: ids.uniq.size)

# not_found
begin
  client.users.fetch("00000000-0000-4000-8000-000000000000")
  step("not_found", error_class: nil)
rescue Finos::FinosError => e
  step("not_found", error_class: e.class.name, http_status: e.http_status, type: e.type, request_id: e.request_id)
end

# replay: the first write through the flaky address loses its answer; the SDK retries it.
flaky = Finos::Client.new(KEY, base_url: ENV.fetch("FINOS_FLAKY_BASE_URL"))
replayed = flaky.users.create(identity("replay-#{RUN}@example.com"))
step("replay", user_id: replayed.id, idempotency_key: replayed.last_response.idempotency_key,
               replayed: replayed.last_response.headers["idempotent-replayed"])

# webhook: a local receiver, a real delivery, verified with the SDK's helper.
receiver = TCPServer.new("127.0.0.1", 0)
deliveries = Queue.new
Thread.new do
  loop do
    socket = receiver.accept
    headers = {}
    socket.gets
    while (line = socket.gets) && line != "\r\n"
      name, value = line.split(":", 2)
      headers[name.strip.downcase] = value.strip
    end
    body = socket.read(headers["content-length"].to_i)
    socket.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
    socket.close
    deliveries << [headers, body]
  end
end
hook = client.webhooks.create(name: "ruby-#{RUN}", config: { url: "http://127.0.0.1:#{receiver.addr[1]}/hook" },
                              events: ["usertransition.*"])
client.users.create(identity("ruby-#{RUN}-hook@example.com"))
headers, body = Timeout.timeout(60) { deliveries.pop }
signature = headers["x-finos-signature"]
event = Finos.construct_event(body, signature, KEY)
step("webhook", webhook_id: hook.id, header: "X-Finos-Signature",
                verified: Finos.verify_webhook_signature(body, signature, KEY),
                legacy_verified: Finos.verify_webhook_signature(body, headers["x-request-signature"], KEY),
                tampered: Finos.verify_webhook_signature("#{body} ", signature, KEY),
                event_type: event.type, object_class: event.data.object.class.name)
step("done")
