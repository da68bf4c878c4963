# frozen_string_literal: true

# Runs every test file: ruby test/run.rb (from client/ruby).
Dir[File.join(__dir__, "test_*.rb")].sort.each { |file| require file }
