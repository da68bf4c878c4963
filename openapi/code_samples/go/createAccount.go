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
  "ownership": "individual",
  "account_type": "cash",
  "martial_status": "single",
  "country_of_citizenship": "USA",
  "employment_status": "Employed / Self-Employed",
  "employment_position": "Software Engineer",
  "employer_name": "Finos Inc",
  "annual_income": "$100,000 - $199,999",
  "investment_objective": "growth",
  "investment_experience": "limited",
  "net_liquid_worth": "$25,000 - $99,999",
  "net_total_worth": "$100,000 - $199,999",
  "is_director": false,
  "risk_tolerance": "moderate"
}`)
	req, err := http.NewRequest("POST", "https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025/accounts", body)
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
