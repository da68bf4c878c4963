import finos

client = finos.Client("sk_test_yourkey")

result = client.accounts.update(
    "2d931510-d99f-494a-8c67-87feb05e1594",
    account_type="investment",
    annual_income="$100,000 - $199,999",
    investment_objective="growth",
    investment_experience="limited",
    net_liquid_worth="$25,000 - $99,999",
    net_total_worth="$100,000 - $199,999",
    is_director=False,
    risk_tolerance="moderate",
)
print(result)
