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

	bankAccount, err := c.BankAccounts.Fetch(ctx, "bad85eb9-0713-4da7-8d36-07a8e4b00eab")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *bankAccount)
}
