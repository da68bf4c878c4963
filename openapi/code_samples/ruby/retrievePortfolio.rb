require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.portfolios.fetch('62936e70-1815-439b-bf89-8492855a7e6b')
p result
