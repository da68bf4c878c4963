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

	portfolio, err := c.Portfolios.Update(ctx, "62936e70-1815-439b-bf89-8492855a7e6b", &finos.PortfolioUpdateParams{
		Name: "conservative-custom",
		Allocations: []finos.Allocation{
			{
				AssetClassID: "us-stocks",
				Weight:       "80.0",
			},
			{
				AssetClassID: "emerging-market-bonds",
				Weight:       "20.0",
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *portfolio)
}
