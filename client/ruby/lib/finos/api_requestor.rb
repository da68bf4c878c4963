# frozen_string_literal: true

module Finos
  # Sends one API call: builds the request, retries what is safe to retry, and turns the answer
  # into parsed JSON or a FinosError.
  #
  # Retries (2 by default) follow a connection error (refused, reset, dropped, timed out), a 5xx,
  # or a 429 whose Retry-After is at most MAX_RETRY_AFTER seconds; never another 4xx. The wait
  # doubles from INITIAL_DELAY up to MAX_DELAY and is jittered (a random 50–100 % of it), so
  # many clients failing together do not come back together. Every write carries an
  # Idempotency-Key, generated once per call and sent unchanged on each retry, so a write whose
  # answer was lost is replayed by the server, not done twice.
  class APIRequestor
    INITIAL_DELAY = 0.5
    MAX_DELAY = 8.0
    MAX_RETRY_AFTER = 20.0

    NETWORK_ERRORS = [
      SocketError, SystemCallError, IOError, EOFError, Timeout::Error,
      Net::OpenTimeout, Net::ReadTimeout, Net::WriteTimeout, Net::HTTPBadResponse, OpenSSL::SSL::SSLError
    ].freeze

    # The answer of a successful call, with the Idempotency-Key the request carried (nil for reads).
    Response = Struct.new(:status, :headers, :body, :idempotency_key, keyword_init: true) do
      def request_id = headers["x-request-id"]

      def json
        JSON.parse(body, decimal_class: BigDecimal)
      rescue JSON::ParserError
        raise APIError.new("The API answered #{status} with a body that is not JSON", http_status: status,
                                                                                     request_id: request_id, http_body: body)
      end
    end

    attr_reader :api_key, :base_url, :max_retries, :open_timeout, :read_timeout
    # How the requestor waits between attempts; tests replace it to record the delays.
    attr_accessor :sleeper

    def initialize(api_key:, base_url:, max_retries: 2, open_timeout: 30, read_timeout: 80, headers: {})
      @api_key = api_key
      @base_url = URI.parse(base_url.to_s.chomp("/"))
      unless @base_url.is_a?(URI::HTTP) && @base_url.host
        raise ArgumentError, "base_url must be an http(s) URL, got #{base_url.inspect}"
      end

      @max_retries = Integer(max_retries)
      @open_timeout = open_timeout
      @read_timeout = read_timeout
      @headers = headers.to_h { |k, v| [k.to_s, v.to_s] }
      @sleeper = ->(seconds) { sleep(seconds) }
    end

    # Performs the call; returns a Response for a 2xx, raises a FinosError otherwise.
    # `opts` holds the per-call options: api_key, idempotency_key, timeout, headers.
    def execute(method, path, query: nil, body: nil, body_kind: nil, opts: {}, idempotent: false, auth: true)
      opts = check_options(opts)
      key = opts.fetch(:api_key, @api_key)
      if auth && (key.nil? || key.to_s.empty?)
        raise AuthenticationError.new("No API key: pass one to Finos::Client.new, set Finos.api_key, or give api_key: for this call",
                                      type: "authentication_error")
      end

      uri = build_uri(path, query)
      payload = body.nil? ? nil : JSON.generate(Util.wire(body, body_kind))
      headers = build_headers(method, key, auth, payload, opts, idempotent)
      timeout = opts[:timeout]
      attempt = 0
      loop do
        begin
          response = perform(method, uri, headers, payload, timeout)
        rescue *NETWORK_ERRORS => e
          if attempt < @max_retries && !certificate_error?(e)
            attempt += 1
            @sleeper.call(backoff(attempt))
            next
          end
          raise APIConnectionError.new(connection_message(e, uri, attempt), type: "api_connection")
        end
        status = response.code.to_i
        response_headers = response.each_header.to_h
        if status.between?(200, 299)
          return Response.new(status: status, headers: response_headers, body: response.body.to_s,
                              idempotency_key: headers["Idempotency-Key"])
        end

        delay = retry_delay(status, response_headers, attempt + 1)
        if delay && attempt < @max_retries
          attempt += 1
          @sleeper.call(delay)
          next
        end
        raise error_for(status, response_headers, response.body.to_s)
      end
    end

    # Never shows the key.
    def inspect
      "#<#{self.class.name} #{@base_url} max_retries=#{@max_retries}>"
    end

    private

    def check_options(opts)
      opts = (opts || {}).to_h { |k, v| [k.to_sym, v] }
      unknown = opts.keys - OPTION_KEYS
      raise ArgumentError, "unknown request option(s) #{unknown.join(", ")}; the options are #{OPTION_KEYS.join(", ")}" if unknown.any?

      opts
    end

    def build_uri(path, query)
      uri = @base_url.dup
      uri.path = @base_url.path + path
      pairs = (query || {}).reject { |_, v| v.nil? }.flat_map do |k, v|
        Array(v).map { |item| [k.to_s, query_value(item)] }
      end
      uri.query = pairs.empty? ? nil : URI.encode_www_form(pairs)
      uri
    end

    def query_value(value)
      case value
      when BigDecimal then value.to_s("F")
      when Time then value.utc.iso8601
      else value.to_s
      end
    end

    def build_headers(method, key, auth, payload, opts, idempotent)
      headers = {
        "Accept" => "application/json",
        "User-Agent" => "finos-ruby/#{VERSION} ruby/#{RUBY_VERSION}",
      }
      # Public calls (the health check, a statement's signed link) go out without the key.
      headers["Authorization"] = "Bearer #{key}" if auth
      headers["Content-Type"] = "application/json" if payload
      if idempotent || method != :get
        headers["Idempotency-Key"] = (opts[:idempotency_key] || SecureRandom.uuid).to_s
      end
      headers.merge!(@headers)
      (opts[:headers] || {}).each { |k, v| headers[k.to_s] = v.to_s }
      headers
    end

    def perform(method, uri, headers, payload, timeout)
      http = Net::HTTP.new(uri.host, uri.port)
      http.use_ssl = uri.scheme == "https"
      http.open_timeout = timeout ? [timeout, @open_timeout].min : @open_timeout
      http.read_timeout = timeout || @read_timeout
      http.write_timeout = timeout || @read_timeout
      # The SDK retries itself, under one Idempotency-Key; Net::HTTP's own silent retry is off.
      http.max_retries = 0
      request = Net::HTTPGenericRequest.new(method.to_s.upcase, !payload.nil?, method != :head, uri.request_uri, headers)
      request.body = payload if payload
      http.start { |conn| conn.request(request) }
    end

    def backoff(attempt)
      base = [INITIAL_DELAY * (2**(attempt - 1)), MAX_DELAY].min
      base * (0.5 + (rand * 0.5))
    end

    # How long to wait before retrying an answer with this status, or nil not to retry it.
    def retry_delay(status, headers, attempt)
      if status == 429
        after = retry_after(headers["retry-after"])
        return backoff(attempt) if after.nil?

        after <= MAX_RETRY_AFTER ? after : nil
      elsif status >= 500
        backoff(attempt)
      end
    end

    # Retry-After as seconds (it may be a number or an HTTP date); nil when absent or unreadable.
    def retry_after(value)
      return nil if value.nil? || value.strip.empty?
      return [Float(value), 0.0].max if value.strip.match?(/\A\d+(\.\d+)?\z/)

      [Time.httpdate(value) - Time.now, 0.0].max
    rescue ArgumentError
      nil
    end

    def certificate_error?(error)
      error.is_a?(OpenSSL::SSL::SSLError) && error.message.include?("certificate")
    end

    def connection_message(error, uri, attempt)
      tries = attempt + 1
      "Could not reach the Finos API at #{uri.scheme}://#{uri.host}:#{uri.port} " \
        "(#{error.class}: #{error.message}) after #{tries} attempt#{"s" if tries > 1}"
    end

    def error_for(status, headers, body)
      parsed = begin
        JSON.parse(body)
      rescue JSON::ParserError
        nil
      end
      error = parsed.is_a?(Hash) && parsed["error"].is_a?(Hash) ? parsed["error"] : {}
      type = error["type"].is_a?(String) ? error["type"] : nil
      message = error["message"].is_a?(String) ? error["message"] : "The API answered #{status}: #{body.to_s[0, 200]}"
      Finos.error_class_for(status, type).new(
        message,
        http_status: status, type: type, field: error["field"], http_body: body, http_headers: headers,
        request_id: error["request_id"] || headers["x-request-id"],
      )
    end
  end
end
