package main

import (
	"context"
	"fmt"
	"log"
	"time"

	finos "github.com/finos/go"
)

func main() {
	ctx := context.Background()
	c := finos.NewClient("sk_test_yourkey", finos.WithBaseURL("http://127.0.0.1:8080"))

	sandboxClockAdvanceResponse, err := c.Sandbox.AdvanceClock(ctx, &finos.SandboxClockAdvanceParams{
		To: time.Date(2026, 12, 1, 21, 30, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *sandboxClockAdvanceResponse)
}
