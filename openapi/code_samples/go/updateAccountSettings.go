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

	accountSettings, err := c.Accounts.UpdateSettings(ctx, "2d931510-d99f-494a-8c67-87feb05e1594", &finos.AccountSettingsUpdateParams{
		Managed:        true,
		MinCashPercent: "1",
		MaxCashPercent: "5",
		PortfolioID:    finos.NullableOf("62936e70-1815-439b-bf89-8492855a7e6b"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *accountSettings)
}
