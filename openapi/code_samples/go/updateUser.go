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
  "phone_number": "16742562188"
}`)
	req, err := http.NewRequest("PUT", "https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025", body)
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
