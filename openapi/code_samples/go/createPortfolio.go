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
  "name": "growth-tilt",
  "allocations": [
    {
      "asset_class_id": "us-stocks",
      "weight": "45.5"
    },
    {
      "asset_class_id": "foreign-stocks",
      "weight": "24.5"
    },
    {
      "asset_class_id": "emerging-market",
      "weight": "10.0"
    },
    {
      "asset_class_id": "corporate-bonds",
      "weight": "20.0"
    }
  ]
}`)
	req, err := http.NewRequest("POST", "https://api.finos.com/v1/portfolios", body)
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
