# frozen_string_literal: true

require "bigdecimal"
require "date"
require "json"
require "net/http"
require "openssl"
require "securerandom"
require "time"
require "uri"

require_relative "finos/version"
require_relative "finos/errors"
require_relative "finos/finos_object"
require_relative "finos/list_object"
require_relative "finos/api_requestor"
require_relative "finos/client"
require_relative "finos/webhook"
require_relative "finos/resources"

# The Finos API client. Two ways to call it:
#
#   client = Finos::Client.new("sk_test_…", base_url: "http://127.0.0.1:8080")
#   client.accounts.fetch(id)
#
# or, in the style of the API reference, one process-wide key:
#
#   Finos.api_key = "sk_test_…"
#   Finos.api_base = "http://127.0.0.1:8080"
#   Finos::Account.fetch(id)
module Finos
  @lock = Mutex.new

  class << self
    attr_accessor :api_key
    attr_writer :api_base, :max_network_retries

    def api_base
      @api_base || DEFAULT_API_BASE
    end

    def max_network_retries
      @max_network_retries || 2
    end

    # The client behind Finos::Account.fetch and the other module-level calls; rebuilt when
    # api_key, api_base or max_network_retries change.
    def client
      settings = [api_key, api_base, max_network_retries]
      @lock.synchronize do
        @client = nil unless @client_settings == settings
        @client_settings = settings
        @client ||= Client.new(api_key, base_url: api_base, max_retries: max_network_retries)
      end
    end
  end
end
