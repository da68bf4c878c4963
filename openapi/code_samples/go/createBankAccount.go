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
  "bank_account_number": "4327843043",
  "bank_routing_number": "121042882",
  "bank_account_nickname": "Joe checking"
}`)
	req, err := http.NewRequest("POST", "https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025/bank_accounts", body)
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
