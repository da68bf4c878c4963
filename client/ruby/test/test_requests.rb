# frozen_string_literal: true

require_relative "test_helper"

class RequestsTest < FinosTest
  def test_sends_the_key_as_a_bearer_token_and_names_the_sdk
    @server.answer(json(200, user("u1")))
    @client.users.fetch("u1")
    request = @server.received.first
    assert_equal "GET", request.method
    assert_equal "/v1/users/u1", request.path
    assert_equal "Bearer sk_test_abc", request.headers["authorization"]
    assert_equal "finos-ruby/#{Finos::VERSION} ruby/#{RUBY_VERSION}", request.headers["user-agent"]
    assert_nil request.headers["idempotency-key"], "reads carry no idempotency key"
  end

  def test_defaults_are_two_retries_30_s_to_connect_and_80_s_to_read
    requestor = Finos::Client.new("sk_test_x").requestor
    assert_equal [2, 30, 80], [requestor.max_retries, requestor.open_timeout, requestor.read_timeout]
  end

  def test_keyword_parameters_become_the_json_body
    @server.answer(json(201, user("u2")))
    created = @client.users.create(first_name: "Ada", last_name: "Lovelace")
    request = @server.received.first
    assert_equal "POST", request.method
    assert_equal({ "first_name" => "Ada", "last_name" => "Lovelace" }, request.json)
    assert_equal "application/json", request.headers["content-type"]
    assert_instance_of Finos::User, created
    assert_equal "u2", created.id
    assert_equal "Ada", created[:first_name]
    assert_equal "Ada", created["first_name"]
  end

  def test_query_parameters_and_escaped_path_segments
    @server.answer(json(200, { "pagination" => { "next_uri" => nil }, "data" => [] }))
    @client.accounts.list("a/b c", limit: 3, order: :asc)
    request = @server.received.first
    assert_equal "/v1/users/a%2Fb%20c/accounts", request.path
    assert_equal({ "limit" => "3", "order" => "asc" }, request.query)
  end

  def test_a_missing_path_argument_is_refused_before_any_request
    error = assert_raises(ArgumentError) { @client.users.fetch("") }
    assert_match(/user_id/, error.message)
    assert_raises(ArgumentError) { @client.accounts.fetch(nil) }
    assert_empty @server.received
  end

  def test_per_call_options_as_a_trailing_hash_or_mixed_in
    @server.answer(json(201, user("u3")), json(201, user("u4")), json(200, user("u5")))
    @client.users.create({ first_name: "A" }, { api_key: "sk_test_other", idempotency_key: "key-1", headers: { "X-Trace" => "t1" } })
    @client.users.create(first_name: "B", idempotency_key: "key-2", timeout: 5)
    @client.users.fetch("u5", api_key: "sk_test_third")
    first, second, third = @server.received
    assert_equal "Bearer sk_test_other", first.headers["authorization"]
    assert_equal "key-1", first.headers["idempotency-key"]
    assert_equal "t1", first.headers["x-trace"]
    assert_equal({ "first_name" => "A" }, first.json)
    assert_equal "key-2", second.headers["idempotency-key"]
    assert_equal({ "first_name" => "B" }, second.json, "options never reach the body")
    assert_equal "Bearer sk_test_third", third.headers["authorization"]
  end

  def test_an_unknown_option_is_an_argument_error
    error = assert_raises(ArgumentError) { @client.users.fetch("u1", expand: true) }
    assert_match(/expand/, error.message)
  end

  def test_inspect_never_shows_the_key
    refute_match(/sk_test_abc/, @client.inspect)
    refute_match(/sk_test_abc/, @client.requestor.inspect)
  end

  def test_no_key_is_an_authentication_error_without_a_request
    client = Finos::Client.new(nil, base_url: @server.url)
    assert_raises(Finos::AuthenticationError) { client.users.fetch("u1") }
    assert_empty @server.received
  end

  def test_public_calls_need_no_key
    @server.answer(json(200, { "status" => "ok" }))
    health = Finos::Client.new(nil, base_url: @server.url).health.check
    assert_equal "ok", health.status
    assert_nil @server.received.first.headers["authorization"]
  end

  def test_public_calls_never_send_the_key
    @server.answer(json(200, { "status" => "ok" }))
    @client.health.check
    assert_nil @server.received.first.headers["authorization"]
  end

  def test_binary_results_are_bytes
    pdf = "%PDF-1.7\n\xE2\xE3".b
    @server.answer([200, { "Content-Type" => "application/pdf" }, pdf])
    body = @client.statements.pdf("s1", expires: 1, signature: "abc")
    assert_equal pdf, body
    assert_equal Encoding::BINARY, body.encoding
    assert_equal({ "expires" => "1", "signature" => "abc" }, @server.received.first.query)
  end

  def test_chart_with_and_without_a_range
    bar = { "date" => "2026-01-02", "open" => 1.5, "high" => 2, "low" => 1, "close" => 1.75, "volume" => 10,
            "unadjusted_close" => 1.75, "unadjusted_volume" => 10, "change" => 0.25, "change_percent" => 1,
            "vwap" => 1.6, "label" => "Jan 2", "change_over_time" => 0 }
    @server.answer(json(200, [bar]), json(200, [bar]))
    daily = @client.stocks.chart("AAPL")
    ranged = @client.stocks.chart("AAPL", "5d", timeout: 10)
    assert_equal ["/v1/stocks/AAPL/chart", "/v1/stocks/AAPL/chart/5d"], @server.received.map(&:path)
    assert_instance_of Finos::DailyBar, daily.first
    assert_instance_of Finos::DailyBar, ranged.first
    assert_equal BigDecimal("1.75"), ranged.first.close
  end

  def test_reference_style_uses_the_module_settings
    @server.answer(json(200, { "id" => "acc1", "available_cash" => "10.00" }))
    Finos.api_key = "sk_test_module"
    Finos.api_base = @server.url
    account = Finos::Account.fetch("acc1")
    request = @server.received.first
    assert_equal "/v1/accounts/acc1", request.path
    assert_equal "Bearer sk_test_module", request.headers["authorization"]
    assert_instance_of Finos::Account, account
    assert_equal BigDecimal("10"), account.available_cash
  ensure
    Finos.api_key = nil
    Finos.api_base = nil
  end

  def test_every_method_of_the_table_is_defined
    client = Finos::Client.new("sk_test_x", base_url: @server.url)
    Finos::METHODS.each do |entry|
      resource, method = entry.split(".")
      assert client.public_send(resource).respond_to?(method), "client.#{entry}"
    end
  end
end
