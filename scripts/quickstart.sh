# From an empty machine to a filled fractional order. Start the server first, in another terminal,
# with `npm start`, then paste these steps one by one into a shell in the repository.
FINOS=${FINOS_URL:-http://127.0.0.1:8080}
# A field of the JSON on standard input, e.g. `json id` or `json pagination.next_uri`.
json() { node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o[k],JSON.parse(s));if(v===undefined){console.error(s);process.exit(1)}console.log(v)})' "$1"; }
post() { curl -sS -u "$KEY:" -H 'Content-Type: application/json' -H "Idempotency-Key: $(node -p 'crypto.randomUUID()')" -X "${3:-POST}" "$FINOS$1" -d "$2"; }
get() { curl -sS -u "$KEY:" "$FINOS$1"; }

# 1. A key: a tenant of your own, with its own sandbox clock.
KEY=$(npm run -s finos -- keys create --name quickstart --json | json secret_key)

# 2. A user. With the SSN and a full address KYC runs at once; any SSN not ending in 0002, 0003
#    or 0004 is approved in the sandbox.
USER_ID=$(post /v1/users '{"first_name":"John","last_name":"Doe","email_address":"john@example.com","birth_date":"1985-01-23","phone_number":"18042562188","ssn_number":"123456789","address_line_1":"123 Test St","address_city":"Richmond","address_state":"VA","address_postal_code":"23220","address_country_code":"US"}' | json id)

# 3. A cash brokerage account for the user.
ACCOUNT_ID=$(post "/v1/users/$USER_ID/accounts" '{"ownership":"individual","account_type":"cash","martial_status":"single","country_of_citizenship":"USA","employment_status":"Employed / Self-Employed","employment_position":"Engineer","employer_name":"Acme"}' | json id)

# 4. The bank account the money comes from.
BANK_ID=$(post "/v1/users/$USER_ID/bank_accounts" '{"bank_account_number":"4327843043","bank_routing_number":"121042882","bank_account_nickname":"checking"}' | json id)

# 5. An ACH deposit: pending until it settles one business day later (T+1) at the 09:30 New York open.
DEPOSIT_ID=$(post /v1/deposits "{\"account_id\":\"$ACCOUNT_ID\",\"bank_account_id\":\"$BANK_ID\",\"amount\":\"1000.00\"}" | json id)
get "/v1/deposits/$DEPOSIT_ID" | json status

# 6. Time travel: move this tenant's clock to the market's next open until the deposit has settled.
for step in 1 2 3; do
  [ "$(get "/v1/deposits/$DEPOSIT_ID" | json status)" = complete ] && break
  post /v1/sandbox/clock/advance "{\"to\":\"$(get /v1/clock | json next_open)\"}" | json clock.timestamp
done
get "/v1/accounts/$ACCOUNT_ID" | json available_cash

# 7. Half a share of AAPL at the market: it fills at once, the market being open.
ORDER_ID=$(post /v1/orders "{\"account_id\":\"$ACCOUNT_ID\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"market\",\"quantity\":\"0.5\"}" | json id)
get "/v1/orders/$ORDER_ID" | json status

# 8. The position.
get "/v1/accounts/$ACCOUNT_ID/positions" | json data.0.quantity
