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

	order, err := c.Orders.Create(ctx, &finos.OrderCreateParams{
		AccountID: "2d931510-d99f-494a-8c67-87feb05e1594",
		Symbol:    "GOOG",
		Quantity:  "0.2",
		Side:      finos.OrderSideBuy,
		Type:      finos.OrderTypeMarket,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *order)
}
