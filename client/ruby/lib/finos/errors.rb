# frozen_string_literal: true

module Finos
  # Every error the SDK raises. `type` is the API's error type (`not_found`, `invalid_request`, ...),
  # `field` the request field at fault when the API names one, `request_id` the X-Request-Id of
  # the answer. `http_status` is nil when no answer arrived.
  class FinosError < StandardError
    attr_reader :http_status, :type, :field, :request_id, :http_body, :http_headers

    def initialize(message = nil, http_status: nil, type: nil, field: nil, request_id: nil, http_body: nil, http_headers: nil)
      super(message)
      @http_status = http_status
      @type = type
      @field = field
      @request_id = request_id
      @http_body = http_body
      @http_headers = http_headers || {}
    end

    # `message` stays the API's own message (it names the field at fault); this adds the rest.
    def inspect
      details = { http_status: @http_status, type: @type, field: @field, request_id: @request_id }.compact
      "#<#{self.class.name}: #{message}#{details.map { |k, v| " #{k}=#{v.inspect}" }.join}>"
    end
  end

  # The server failed (5xx), or answered something that is not the API's JSON.
  class APIError < FinosError; end

  # No answer: the connection failed, dropped or timed out, after every retry.
  class APIConnectionError < FinosError; end

  # A missing or unknown key (401), or a key that may not do this (403).
  class AuthenticationError < FinosError; end

  # The request was refused as it stands (400, 402, 405, 409, 413, ...).
  class InvalidRequestError < FinosError; end

  # A field failed validation (422, or a 400 the API types `validation_error`).
  class ValidationError < InvalidRequestError; end

  # The object or route does not exist (404).
  class NotFoundError < InvalidRequestError; end

  # Too many requests (429), after the retries the SDK made.
  class RateLimitError < FinosError; end

  # A webhook delivery whose signature does not check out (Finos.construct_event).
  class SignatureVerificationError < FinosError; end

  ERROR_TYPES = {
    "api_connection" => APIConnectionError,
    "api_error" => APIError,
    "authentication_error" => AuthenticationError,
    "invalid_request" => InvalidRequestError,
    "validation_error" => ValidationError,
    "not_found" => NotFoundError,
    "rate_limit_exceeded" => RateLimitError,
  }.freeze

  # The error class for an answer: by the API's error type, or by status for a type this version
  # does not know (a newer server may add types; that never raises anything but a FinosError).
  def self.error_class_for(http_status, type)
    ERROR_TYPES.fetch(type) do
      case http_status
      when 401, 403 then AuthenticationError
      when 404 then NotFoundError
      when 422 then ValidationError
      when 429 then RateLimitError
      when 400..499 then InvalidRequestError
      else APIError
      end
    end
  end
end
