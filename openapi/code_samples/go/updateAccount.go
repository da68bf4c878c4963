package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
)

func main() {
	body := strings.NewReader(`{
  "account_type": "investment",
  "annual_income": "$100,000 - $199,999",
  "investment_objective": "growth",
  "investment_experience": "limited",
  "net_liquid_worth": "$25,000 - $99,999",
  "net_total_worth": "$100,000 - $199,999",
  "is_director": false,
  "risk_tolerance": "moderate"
}`)
	req, err := http.NewRequest("PUT", "https://api.finos.com/v1/accounts/2d931510-d99f-494a-8c67-87feb05e1594", body)
	if err != nil {
		panic(err)
	}
	req.SetBasicAuth("sk_test_yourkey", "")
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		panic(err)
	}
	req.Header.Set("Idempotency-Key", hex.EncodeToString(key))
	req.Header.Set("Content-Type", "application/json")

	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status, string(out))
}
