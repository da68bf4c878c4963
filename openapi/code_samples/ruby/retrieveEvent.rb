require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.events.fetch('0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f')
p result
