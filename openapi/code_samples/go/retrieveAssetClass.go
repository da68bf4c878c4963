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

	assetClass, err := c.AssetClasses.Fetch(ctx, "us-stocks")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *assetClass)
}
