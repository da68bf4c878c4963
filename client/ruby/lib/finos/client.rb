# frozen_string_literal: true

module Finos
  DEFAULT_API_BASE = "https://api.finos.com"

  # A client for one API key: `Finos::Client.new("sk_test_…", base_url: "http://127.0.0.1:8080")`.
  # Its resources (`client.users`, `client.accounts`, …) are generated from the API contract.
  class Client
    attr_reader :requestor

    # max_retries: retries after the first attempt (2); open_timeout / read_timeout in seconds
    # (30 / 80); headers: sent with every call.
    def initialize(api_key = nil, base_url: DEFAULT_API_BASE, max_retries: 2, open_timeout: 30, read_timeout: 80, headers: {})
      @requestor = APIRequestor.new(api_key: api_key, base_url: base_url, max_retries: max_retries,
                                    open_timeout: open_timeout, read_timeout: read_timeout, headers: headers)
    end

    def inspect
      "#<#{self.class.name} #{@requestor.base_url}>"
    end
  end

  # The base of the generated resource classes (Finos::Resources::Users, …).
  class Service
    def initialize(client)
      @client = client
    end

    private

    def request(method, path, query: nil, body: nil, body_kind: nil, opts: {}, idempotent: false, auth: true,
                binary: false, paginated: false, kind: nil)
      response = @client.requestor.execute(method, path, query: query, body: body, body_kind: body_kind, opts: opts,
                                                         idempotent: idempotent, auth: auth)
      return response.body.b if binary

      json = response.json
      return with_response(FinosObject.convert(json, kind), response) unless paginated

      raise APIError.new("The API answered a list without data", http_status: response.status) unless json.is_a?(Hash)

      page = ListObject.new(
        data: FinosObject.convert(json["data"] || [], [:array, kind]),
        pagination: FinosObject.convert(json["pagination"], "Pagination"),
        params: query || {},
        fetch_page: ->(next_query) { request(method, path, query: next_query, opts: opts, auth: auth, paginated: true, kind: kind) },
      )
      with_response(page, response)
    end

    def with_response(result, response)
      result.instance_variable_set(:@last_response, response) if result.is_a?(FinosObject) || result.is_a?(ListObject)
      result
    end

    # Accepts per-call options either as the trailing hash or mixed into the parameters
    # (`create(first_name: "A", idempotency_key: "k")`); no API parameter has an option's name.
    def split_options(params, opts)
      raise ArgumentError, "parameters must be a Hash, got #{params.class}" unless params.nil? || params.is_a?(Hash)

      params = (params || {}).dup
      opts = (opts || {}).dup
      OPTION_KEYS.each do |key|
        [key, key.to_s].each { |k| opts[key] = params.delete(k) if params.key?(k) }
      end
      [params, opts]
    end

    # A path segment: required, and escaped so an id cannot change the path.
    def segment(value, name)
      text = value.to_s
      raise ArgumentError, "#{name} is required" if value.nil? || text.empty?

      text.b.gsub(/[^A-Za-z0-9\-._~]/n) { |c| format("%%%02X", c.ord) }
    end
  end
end
