# frozen_string_literal: true

$LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
require "finos"
require "minitest/autorun"
require "socket"

# A tiny HTTP/1.1 server on 127.0.0.1 (the standard library has no server since WEBrick left it).
# Each test queues answers; the server records every request it reads. An answer is
# [status, headers, body], or :drop to close the connection after reading the request
# without answering (what a lost answer looks like to the client).
class StubServer
  Request = Struct.new(:method, :path, :query, :headers, :body, keyword_init: true) do
    def json = JSON.parse(body)
  end

  attr_reader :requests

  def initialize
    @server = TCPServer.new("127.0.0.1", 0)
    @requests = Queue.new
    @answers = Queue.new
    @handler = nil
    @thread = Thread.new { serve }
  end

  def url = "http://127.0.0.1:#{@server.addr[1]}"

  # Queues answers, used in order; `handler` (a block taking the Request) answers when the queue is empty.
  def answer(*answers, &handler)
    answers.each { |a| @answers << a }
    @handler = handler if handler
    self
  end

  def received
    list = []
    list << @requests.pop until @requests.empty?
    list
  end

  def close
    @thread.kill
    @server.close
  end

  def self.json(status, body, headers = {})
    [status, { "Content-Type" => "application/json" }.merge(headers), JSON.generate(body)]
  end

  private

  def serve
    loop do
      socket = @server.accept
      begin
        handle(socket)
      rescue StandardError
        nil
      ensure
        socket.close unless socket.closed?
      end
    end
  end

  def handle(socket)
    line = socket.gets or return
    method, target, = line.split(" ")
    headers = {}
    while (h = socket.gets) && h != "\r\n"
      name, value = h.split(":", 2)
      headers[name.strip.downcase] = value.strip
    end
    body = socket.read(headers["content-length"].to_i)
    path, query = target.split("?", 2)
    request = Request.new(method: method, path: path, query: URI.decode_www_form(query.to_s).to_h, headers: headers, body: body)
    @requests << request
    answer = @answers.empty? ? @handler&.call(request) : @answers.pop
    return if answer.nil? || answer == :drop

    status, answer_headers, answer_body = answer
    socket.write("HTTP/1.1 #{status} X\r\n")
    answer_headers.merge("Content-Length" => answer_body.bytesize.to_s, "Connection" => "close").each do |k, v|
      socket.write("#{k}: #{v}\r\n")
    end
    socket.write("\r\n#{answer_body}")
  end
end

class FinosTest < Minitest::Test
  def setup
    @server = StubServer.new
    @client = Finos::Client.new("sk_test_abc", base_url: @server.url)
    @delays = []
    @client.requestor.sleeper = ->(seconds) { @delays << seconds }
  end

  def teardown
    @server.close
  end

  def json(status, body, headers = {}) = StubServer.json(status, body, headers)

  def user(id, extra = {})
    { "id" => id, "first_name" => "Ada", "last_name" => "Lovelace", "status" => "approved" }.merge(extra)
  end

  def error(status, type, message, extra = {})
    json(status, { "error" => { "type" => type, "message" => message }.merge(extra) })
  end
end
