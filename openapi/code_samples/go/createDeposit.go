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

	deposit, err := c.Deposits.Create(ctx, &finos.DepositCreateParams{
		AccountID:     "2d931510-d99f-494a-8c67-87feb05e1594",
		BankAccountID: "bad85eb9-0713-4da7-8d36-07a8e4b00eab",
		Amount:        "202.00",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *deposit)
}
