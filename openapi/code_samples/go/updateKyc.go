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
  "answers": [
    {
      "question_id": 1,
      "answer_id": 1
    },
    {
      "question_id": 2,
      "answer_id": 1
    },
    {
      "question_id": 3,
      "answer_id": 1
    },
    {
      "question_id": 4,
      "answer_id": 1
    },
    {
      "question_id": 5,
      "answer_id": 1
    }
  ]
}`)
	req, err := http.NewRequest("PATCH", "https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X", body)
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
