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

	portfolio, err := c.Portfolios.Create(ctx, &finos.PortfolioCreateParams{
		Name: "growth-tilt",
		Allocations: []finos.Allocation{
			{
				AssetClassID: "us-stocks",
				Weight:       "45.5",
			},
			{
				AssetClassID: "foreign-stocks",
				Weight:       "24.5",
			},
			{
				AssetClassID: "emerging-market",
				Weight:       "10.0",
			},
			{
				AssetClassID: "corporate-bonds",
				Weight:       "20.0",
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *portfolio)
}
