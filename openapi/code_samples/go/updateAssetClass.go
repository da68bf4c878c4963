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

	assetClass, err := c.AssetClasses.Update(ctx, "us-stocks", &finos.AssetClassUpdateParams{
		Primary:   "ITOT",
		Secondary: []string{"SCHB", "VTI"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *assetClass)
}
