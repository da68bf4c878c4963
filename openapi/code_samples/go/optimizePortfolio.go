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

	optimizeResponse, err := c.Portfolios.Optimize(ctx, &finos.OptimizeParams{
		ExpectedReturns: []float64{0.07, 0.065, 0.035},
		Covariance: [][]float64{
			{0.0256, 0.02176, 0.00192},
			{0.02176, 0.0289, 0.00204},
			{0.00192, 0.00204, 0.0036},
		},
		MaxWeight:    finos.Float64(0.6),
		RiskFreeRate: finos.Float64(0.02),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *optimizeResponse)
}
