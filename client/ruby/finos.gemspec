# frozen_string_literal: true

require_relative "lib/finos/version"

Gem::Specification.new do |spec|
  spec.name = "finos"
  spec.version = Finos::VERSION
  spec.summary = "Ruby client for the Finos brokerage API"
  spec.description = "Accounts, KYC, ACH transfers, stock orders, portfolios, statements and webhooks " \
                     "of the Finos API, on Ruby's standard library alone."
  spec.authors = ["Finos"]
  spec.license = "MIT"
  spec.homepage = "https://api.finos.com"
  spec.required_ruby_version = ">= 3.1"
  spec.files = Dir["lib/**/*.rb"] + ["README.md"]
  spec.require_paths = ["lib"]
  # No runtime dependencies: net/http, json, bigdecimal, openssl and securerandom ship with Ruby.
end
