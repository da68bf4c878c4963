import finos

client = finos.Client("sk_test_yourkey")

result = client.accounts.create(
    "f6e54303-10ce-42b5-a4b0-b28c19cf5025",
    ownership="individual",
    account_type="cash",
    martial_status="single",
    country_of_citizenship="USA",
    employment_status="Employed / Self-Employed",
    employment_position="Software Engineer",
    employer_name="Finos Inc",
    annual_income="$100,000 - $199,999",
    investment_objective="growth",
    investment_experience="limited",
    net_liquid_worth="$25,000 - $99,999",
    net_total_worth="$100,000 - $199,999",
    is_director=False,
    risk_tolerance="moderate",
)
print(result)
