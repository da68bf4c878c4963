package main

import (
	"context"
	"fmt"
	"log"

	finos "github.com/finos/go"
)

func main() {
	ctx := context.Background()
	c := finos.NewClient("sk_test_yourkey")

	chart, err := c.Stocks.Chart(ctx, "AAPL", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *chart)
}
