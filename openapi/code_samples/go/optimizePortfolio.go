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
  "expected_returns": [
    0.07,
    0.065,
    0.035
  ],
  "covariance": [
    [
      0.0256,
      0.02176,
      0.00192
    ],
    [
      0.02176,
      0.0289,
      0.00204
    ],
    [
      0.00192,
      0.00204,
      0.0036
    ]
  ],
  "max_weight": 0.6,
  "risk_free_rate": 0.02
}`)
	req, err := http.NewRequest("POST", "https://api.finos.com/v1/portfolios/optimize", body)
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
