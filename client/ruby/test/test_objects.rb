# frozen_string_literal: true

require_relative "test_helper"

class ObjectsTest < FinosTest
  ORDER = {
    "id" => "o1", "status" => "filled", "quantity" => "0.5", "notional" => nil, "filled_quantity" => "0.5",
    "filled_average_price" => "187.1234", "limit_price" => nil, "symbol" => "AAPL",
  }.freeze

  def test_money_and_quantities_are_big_decimals
    @server.answer(json(200, ORDER))
    order = @client.orders.fetch("o1")
    assert_instance_of Finos::Order, order
    assert_instance_of BigDecimal, order.quantity
    assert_equal BigDecimal("0.5"), order.filled_quantity
    assert_equal BigDecimal("187.1234"), order.filled_average_price
    assert_equal BigDecimal("93.5617"), order.filled_average_price * order.filled_quantity
    assert_nil order.notional
  end

  def test_nested_models_and_lists_convert_too
    position = {
      "asset_id" => "a1", "symbol" => "VTI", "quantity" => "1.2500", "market_value" => "300.10",
      "lots" => [{ "quantity" => "1.25", "price" => "240.08", "cost_basis" => "300.10" }],
    }
    @server.answer(json(200, { "pagination" => { "next_page" => nil }, "data" => [position] }))
    p = @client.accounts.positions("acc").first
    assert_instance_of Finos::Position, p
    assert_instance_of Finos::TaxLot, p.lots.first
    assert_equal BigDecimal("240.08"), p.lots.first.price
    assert_equal BigDecimal("300.1"), p.market_value
  end

  def test_json_numbers_never_become_floats
    @server.answer(json(200, { "symbol" => "AAPL", "latest_price" => 187.12, "latest_volume" => 100, "52week_high" => 199.62 }))
    quote = @client.stocks.quote("AAPL")
    assert_instance_of BigDecimal, quote.latest_price
    assert_equal BigDecimal("187.12"), quote.latest_price
    assert_instance_of Integer, quote.latest_volume
    assert_equal BigDecimal("199.62"), quote[:"52week_high"]
  end

  def test_unknown_fields_and_enum_values_never_raise
    @server.answer(json(200, user("u1", "status" => "brand_new_status", "loyalty_tier" => { "level" => 3 })))
    u = @client.users.fetch("u1")
    assert_equal "brand_new_status", u.status
    assert_equal 3, u.loyalty_tier.level
    assert_equal 3, u.dig(:loyalty_tier, :level)
    assert u.respond_to?(:loyalty_tier)
    assert_raises(NoMethodError) { u.not_a_field }
  end

  def test_a_decimal_field_that_is_not_a_decimal_stays_a_string
    @server.answer(json(200, { "id" => "d1", "amount" => "lots" }))
    assert_equal "lots", @client.deposits.fetch("d1").amount
  end

  def test_event_objects_follow_the_event_type
    event = { "id" => "e1", "type" => "deposittransition.complete", "created_at" => "2026-01-01T00:00:00Z",
              "data" => { "object" => { "id" => "d1", "amount" => "202.00" }, "previous_status" => "pending" } }
    unknown = event.merge("type" => "somethingnew.happened")
    @server.answer(json(200, event), json(200, unknown))
    e = @client.events.fetch("e1")
    assert_instance_of Finos::Event, e
    assert_instance_of Finos::Deposit, e.data.object
    assert_equal BigDecimal("202"), e.data.object.amount
    other = @client.events.fetch("e2")
    assert_equal "202.00", other.data.object.amount, "an unknown type keeps the object as sent"
  end

  def test_decimals_are_sent_as_strings_and_floats_refused
    @server.answer(json(201, { "id" => "d1", "amount" => "100.50" }), json(201, { "id" => "d2", "amount" => "7" }))
    @client.deposits.create(account_id: "acc", bank_account_id: "b", amount: BigDecimal("100.50"))
    @client.deposits.create(account_id: "acc", bank_account_id: "b", amount: 7)
    bodies = @server.received.map(&:json)
    assert_equal "100.5", bodies[0]["amount"]
    assert_equal "7", bodies[1]["amount"]
    error = assert_raises(ArgumentError) { @client.deposits.create(account_id: "acc", amount: 100.5) }
    assert_match(/amount/, error.message)
    assert_empty @server.received
  end

  def test_to_h_to_json_and_equality
    @server.answer(json(200, ORDER), json(200, ORDER))
    a = @client.orders.fetch("o1")
    b = @client.orders.fetch("o1")
    assert_equal a, b
    assert_equal BigDecimal("0.5"), a.to_h[:quantity]
    assert_equal "0.5", JSON.parse(a.to_json)["quantity"]
    assert_match(/Finos::Order/, a.inspect)
  end
end
