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
  "name": "conservative-custom",
  "allocations": [
    {
      "asset_class_id": "us-stocks",
      "weight": "80.0"
    },
    {
      "asset_class_id": "emerging-market-bonds",
      "weight": "20.0"
    }
  ]
}`)
	req, err := http.NewRequest("PUT", "https://api.finos.com/v1/portfolios/62936e70-1815-439b-bf89-8492855a7e6b", body)
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
