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

	statement, err := c.Statements.Fetch(ctx, "904837e3-3b76-47ec-b432-046db621571b")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *statement)
}
