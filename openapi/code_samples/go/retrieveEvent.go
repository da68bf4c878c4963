package main

import (
	"fmt"
	"io"
	"net/http"
)

func main() {
	req, err := http.NewRequest("GET", "https://api.finos.com/v1/events/0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f", nil)
	if err != nil {
		panic(err)
	}
	req.SetBasicAuth("sk_test_yourkey", "")

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
