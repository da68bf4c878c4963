# frozen_string_literal: true

require_relative "test_helper"

class ErrorsTest < FinosTest
  def test_a_404_is_a_not_found_error_with_the_details
    @server.answer(error(404, "not_found", "user_id: no user nope", "field" => "user_id").then { |s, h, b| [s, h.merge("X-Request-Id" => "req_1"), b] })
    error = assert_raises(Finos::NotFoundError) { @client.users.fetch("nope") }
    assert_kind_of Finos::FinosError, error
    assert_equal 404, error.http_status
    assert_equal "not_found", error.type
    assert_equal "user_id", error.field
    assert_equal "req_1", error.request_id
    assert_match(/no user nope/, error.message)
  end

  def test_each_error_type_has_its_class
    {
      "authentication_error" => [401, Finos::AuthenticationError],
      "invalid_request" => [409, Finos::InvalidRequestError],
      "validation_error" => [400, Finos::ValidationError],
      "rate_limit_exceeded" => [429, Finos::RateLimitError],
    }.each do |type, (status, klass)|
      @server.answer(error(status, type, "m"))
      @client.requestor.instance_variable_set(:@max_retries, 0)
      raised = assert_raises(Finos::FinosError) { @client.users.fetch("u1") }
      assert_instance_of klass, raised, type
      assert_equal type, raised.type
      assert_nil raised.field, "no field when the API names none"
    end
  end

  def test_an_unknown_error_type_is_classed_by_status
    @server.answer(error(418, "teapot_error", "short and stout"))
    error = assert_raises(Finos::InvalidRequestError) { @client.users.fetch("u1") }
    assert_equal "teapot_error", error.type
    assert_equal 418, error.http_status
  end

  def test_a_body_that_is_not_json_is_still_an_api_error
    @client.requestor.instance_variable_set(:@max_retries, 0)
    @server.answer([502, { "Content-Type" => "text/html" }, "<html>bad gateway</html>"])
    error = assert_raises(Finos::APIError) { @client.users.fetch("u1") }
    assert_equal 502, error.http_status
    assert_nil error.type
    assert_match(/bad gateway/, error.message)
  end

  def test_a_success_that_is_not_json_is_an_api_error
    @server.answer([200, { "Content-Type" => "text/plain" }, "hello"])
    assert_raises(Finos::APIError) { @client.users.fetch("u1") }
  end

  def test_the_request_id_of_a_500_comes_from_the_body
    @client.requestor.instance_variable_set(:@max_retries, 0)
    @server.answer(error(500, "api_error", "oops", "request_id" => "req_body"))
    error = assert_raises(Finos::APIError) { @client.users.fetch("u1") }
    assert_equal "req_body", error.request_id
    assert_equal "oops", error.message
    assert_match(/http_status=500 type="api_error" request_id="req_body"/, error.inspect)
  end
end
