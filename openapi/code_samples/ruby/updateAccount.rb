require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.accounts.update(
  '2d931510-d99f-494a-8c67-87feb05e1594',
  account_type: 'investment',
  annual_income: '$100,000 - $199,999',
  investment_objective: 'growth',
  investment_experience: 'limited',
  net_liquid_worth: '$25,000 - $99,999',
  net_total_worth: '$100,000 - $199,999',
  is_director: false,
  risk_tolerance: 'moderate',
)
p result
