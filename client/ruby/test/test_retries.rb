# frozen_string_literal: true

require_relative "test_helper"

class RetriesTest < FinosTest
  def test_a_5xx_is_retried_under_the_same_idempotency_key
    @server.answer(error(503, "api_error", "try again"), error(500, "api_error", "boom"), json(201, user("u1")))
    created = @client.users.create(first_name: "Ada")
    assert_equal "u1", created.id
    requests = @server.received
    assert_equal requests.last.headers["idempotency-key"], created.last_response.idempotency_key
    assert_equal 3, requests.size
    keys = requests.map { |r| r.headers["idempotency-key"] }
    assert_match(/\A\h{8}-\h{4}-4\h{3}-[89ab]\h{3}-\h{12}\z/, keys.first, "a v4 UUID")
    assert_equal [keys.first] * 3, keys
    assert_equal 2, @delays.size
    assert(@delays.all? { |d| d.positive? && d <= Finos::APIRequestor::MAX_DELAY })
  end

  def test_each_call_gets_its_own_key_and_a_callers_key_is_kept
    @server.answer(json(201, user("u1")), json(201, user("u2")), error(502, "api_error", "x"), json(201, user("u3")))
    @client.users.create(first_name: "A")
    @client.users.create(first_name: "B")
    @client.users.create({ first_name: "C" }, { idempotency_key: "mine" })
    keys = @server.received.map { |r| r.headers["idempotency-key"] }
    refute_equal keys[0], keys[1]
    assert_equal %w[mine mine], keys[2, 2]
  end

  def test_a_dropped_connection_is_retried_with_the_same_key
    @server.answer(:drop, json(201, user("u1")))
    assert_equal "u1", @client.users.create(first_name: "Ada").id
    first, second = @server.received
    assert_equal first.headers["idempotency-key"], second.headers["idempotency-key"]
    assert_equal first.body, second.body
  end

  def test_reads_are_retried_after_a_drop_too
    @server.answer(:drop, json(200, user("u1")))
    assert_equal "u1", @client.users.fetch("u1").id
    assert_equal 2, @server.received.size
  end

  def test_other_4xx_are_never_retried
    [400, 401, 403, 404, 409, 422].each do |status|
      @server.answer(error(status, "invalid_request", "no"))
      assert_raises(Finos::FinosError) { @client.users.create(first_name: "A") }
      assert_equal 1, @server.received.size, "status #{status} is not retried"
    end
    assert_empty @delays
  end

  def test_429_with_a_short_retry_after_waits_that_long
    @server.answer(error(429, "rate_limit_exceeded", "slow down", {}).then { |s, h, b| [s, h.merge("Retry-After" => "2"), b] },
                   json(200, user("u1")))
    assert_equal "u1", @client.users.fetch("u1").id
    assert_equal [2.0], @delays
  end

  def test_429_without_retry_after_backs_off
    @server.answer(error(429, "rate_limit_exceeded", "slow down"), json(200, user("u1")))
    assert_equal "u1", @client.users.fetch("u1").id
    assert_equal 1, @delays.size
    assert_operator @delays.first, :<=, Finos::APIRequestor::INITIAL_DELAY
  end

  def test_429_with_a_long_retry_after_is_not_retried
    @server.answer(error(429, "rate_limit_exceeded", "slow down").then { |s, h, b| [s, h.merge("Retry-After" => "3600"), b] })
    error = assert_raises(Finos::RateLimitError) { @client.users.fetch("u1") }
    assert_equal 429, error.http_status
    assert_equal 1, @server.received.size
  end

  def test_retries_give_up_after_the_limit
    @server.answer { error(503, "api_error", "down") }
    error = assert_raises(Finos::APIError) { @client.users.fetch("u1") }
    assert_equal 503, error.http_status
    assert_equal 3, @server.received.size, "1 attempt + 2 retries"
    assert_equal 2, @delays.size
    assert_operator @delays[1], :>=, Finos::APIRequestor::INITIAL_DELAY, "the second wait is from a doubled base"
  end

  def test_max_retries_zero_makes_one_attempt
    client = Finos::Client.new("sk_test_abc", base_url: @server.url, max_retries: 0)
    @server.answer(error(500, "api_error", "x"))
    assert_raises(Finos::APIError) { client.users.fetch("u1") }
    assert_equal 1, @server.received.size
  end

  def test_a_per_call_timeout_ends_a_hung_call_as_a_connection_error
    client = Finos::Client.new("sk_test_abc", base_url: @server.url, max_retries: 0)
    @server.answer do
      sleep 2
      json(200, user("late"))
    end
    error = assert_raises(Finos::APIConnectionError) { client.users.fetch("u1", timeout: 0.2) }
    assert_match(/ReadTimeout/, error.message)
  end

  def test_an_unreachable_server_is_a_connection_error_after_the_retries
    port = TCPServer.open("127.0.0.1", 0) { |s| s.addr[1] }
    client = Finos::Client.new("sk_test_abc", base_url: "http://127.0.0.1:#{port}")
    delays = []
    client.requestor.sleeper = ->(s) { delays << s }
    error = assert_raises(Finos::APIConnectionError) { client.users.create(first_name: "A") }
    assert_nil error.http_status
    assert_equal "api_connection", error.type
    assert_match(/3 attempts/, error.message)
    assert_equal 2, delays.size
  end
end
