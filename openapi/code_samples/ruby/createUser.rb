require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.users.create(
  phone_number: '18042562188',
  first_name: 'John',
  last_name: 'Doe',
  email_address: 'johndoe@finos.com',
  birth_date: '1985-01-23',
  ssn_number: '123456789',
  address_line_1: '123 Test St',
  address_city: 'Richmond',
  address_state: 'VA',
  address_postal_code: '23220',
  address_country_code: 'US',
)
p result
