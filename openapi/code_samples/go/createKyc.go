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
  "phone_number": "18042562188",
  "first_name": "John",
  "last_name": "Doe",
  "email_address": "johndoe@finos.com",
  "birth_date": "1985-01-23",
  "ssn_number": "123456789",
  "address_line_1": "123 Test St",
  "address_city": "Richmond",
  "address_state": "VA",
  "address_postal_code": "23220",
  "address_country_code": "US"
}`)
	req, err := http.NewRequest("POST", "https://api.finos.com/v1/kyc", body)
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
