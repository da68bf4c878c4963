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

	it := c.Deposits.List(ctx, nil)
	for it.Next() {
		fmt.Printf("%+v\n", *it.Current())
	}
	if err := it.Err(); err != nil {
		log.Fatal(err)
	}
}
