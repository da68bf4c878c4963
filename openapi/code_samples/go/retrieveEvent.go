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

	event, err := c.Events.Fetch(ctx, "0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *event)
}
