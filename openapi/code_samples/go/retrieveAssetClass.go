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

	assetClass, err := c.AssetClasses.Fetch(ctx, "us-stocks")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *assetClass)
}
