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

	it := c.BankAccounts.List(ctx, "f6e54303-10ce-42b5-a4b0-b28c19cf5025", nil)
	for it.Next() {
		fmt.Printf("%+v\n", *it.Current())
	}
	if err := it.Err(); err != nil {
		log.Fatal(err)
	}
}
