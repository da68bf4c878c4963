package main

import (
	"context"
	"fmt"
	"log"

	finos "github.com/finos/go"
)

func main() {
	ctx := context.Background()
	c := finos.NewClient("sk_test_yourkey", finos.WithBaseURL("http://127.0.0.1:8080"))

	withdrawal, err := c.Withdrawals.Fetch(ctx, "7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *withdrawal)
}
