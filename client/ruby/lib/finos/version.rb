# frozen_string_literal: true

module Finos
  VERSION = "0.1.0"
end
